// The one table of representations. Negotiation, the SPARQL endpoint, the API, the dumps, the
// static export, gzip and the nginx sample all read it: a new format is one row here.
export type Format =
  | 'turtle' | 'jsonld' | 'ntriples' | 'nquads' | 'rdfxml' | 'html'
  | 'srj' | 'srx' | 'csv' | 'tsv' | 'json' | 'xml' | 'text' | 'js' | 'css' | 'activity';

/** What a representation can carry. */
export type Carries = 'graph' | 'dataset' | 'results' | 'boolean' | 'page' | 'data';

export interface MediaType {
  format: Format;
  type: string;
  extension: string;
  label: string;
  /** Values of `?format=` that name it (besides its type and extension), as SPARQL clients send them. */
  aliases: readonly string[];
  /** Text that needs `; charset=utf-8` on its Content-Type. */
  charset: boolean;
  /** Worth gzipping. */
  compressible: boolean;
  carries: readonly Carries[];
  /** Its name in the W3C format registry (http://www.w3.org/ns/formats/), for service descriptions. */
  w3c?: string;
}

const row = (format: Format, type: string, extension: string, label: string, aliases: string[], charset: boolean, carries: Carries[], w3c?: string): MediaType =>
  ({ format, type, extension, label, aliases, charset, compressible: true, carries, ...(w3c ? { w3c } : {}) });

export const MEDIA_TYPES: readonly MediaType[] = [
  row('turtle', 'text/turtle', 'ttl', 'Turtle', ['turtle', 'n3', 'text/n3', 'application/x-turtle'], true, ['graph'], 'Turtle'),
  row('jsonld', 'application/ld+json', 'jsonld', 'JSON-LD', ['json-ld', 'json'], false, ['graph', 'dataset'], 'JSON-LD'),
  row('ntriples', 'application/n-triples', 'nt', 'N-Triples', ['ntriples', 'n-triples', 'text/plain'], true, ['graph'], 'N-Triples'),
  row('rdfxml', 'application/rdf+xml', 'rdf', 'RDF/XML', ['rdfxml', 'rdf+xml', 'rdf/xml', 'xml', 'owl'], false, ['graph'], 'RDF_XML'),
  row('html', 'text/html', 'html', 'HTML', [], true, ['page']),
  row('nquads', 'application/n-quads', 'nq', 'N-Quads', ['nquads', 'n-quads'], true, ['graph', 'dataset'], 'N-Quads'),
  row('srj', 'application/sparql-results+json', 'srj', 'SPARQL JSON', ['json', 'sparql-results+json'], false, ['results', 'boolean'], 'SPARQL_Results_JSON'),
  row('srx', 'application/sparql-results+xml', 'srx', 'SPARQL XML', ['xml', 'sparql-results+xml'], false, ['results', 'boolean'], 'SPARQL_Results_XML'),
  row('csv', 'text/csv', 'csv', 'CSV', [], true, ['results', 'boolean'], 'SPARQL_Results_CSV'),
  row('tsv', 'text/tab-separated-values', 'tsv', 'TSV', [], true, ['results', 'boolean'], 'SPARQL_Results_TSV'),
  row('json', 'application/json', 'json', 'JSON', [], false, ['results', 'boolean', 'data']),
  row('xml', 'application/xml', 'xml', 'XML', [], true, ['page']),
  row('text', 'text/plain', 'txt', 'text', [], true, ['page']),
  row('js', 'text/javascript', 'js', 'JavaScript', [], true, ['page']),
  row('css', 'text/css', 'css', 'CSS', [], true, ['page']),
  row('activity', 'application/activity+json', 'as.json', 'Activity Streams', ['as', 'activitystreams'], false, ['data']),
];

export const byFormat = (format: Format): MediaType => MEDIA_TYPES.find((m) => m.format === format)!;
export const byExtension = (ext: string): MediaType | undefined => MEDIA_TYPES.find((m) => m.extension === ext);
export const byType = (type: string): MediaType | undefined => MEDIA_TYPES.find((m) => m.type === type);
export const formats = (...list: Format[]): readonly MediaType[] => list.map(byFormat);

/** The Content-Type header for a media type: with the charset where it is text. */
export function contentType(type: string): string {
  return byType(type)?.charset ? `${type}; charset=utf-8` : type;
}

/** Whether a response of this Content-Type is worth gzipping. */
export function compressible(contentTypeHeader: string): boolean {
  return byType(contentTypeHeader.split(';')[0]!.trim().toLowerCase())?.compressible ?? false;
}

/** Formats a description is offered in; on a tie (e.g. any type accepted) the first, Turtle, wins. */
export const DESCRIPTION_FORMATS: readonly Format[] = ['turtle', 'html', 'jsonld', 'ntriples', 'rdfxml'];
/** RDF documents without a page for people (VoID, the shapes). */
export const RDF_FORMATS: readonly Format[] = ['turtle', 'jsonld', 'ntriples', 'rdfxml'];
/** What SPARQL answers: results of SELECT (and ASK), graphs of CONSTRUCT and DESCRIBE. */
export const RESULT_FORMATS: readonly Format[] = ['srj', 'srx', 'csv', 'tsv', 'json'];
export const GRAPH_FORMATS: readonly Format[] = ['turtle', 'ntriples', 'rdfxml', 'jsonld', 'nquads'];
/** The whole dataset as files. */
export const DUMP_FORMATS = ['turtle', 'ntriples', 'nquads', 'jsonld'] as const satisfies readonly Format[];
export type DumpFormat = (typeof DUMP_FORMATS)[number];

/**
 * The format a `?format=` value names among those offered: by alias, extension or media type,
 * case-insensitive. The first offered format that answers to the name wins, so `json` is
 * SPARQL JSON where results are offered and JSON-LD where graphs are.
 */
export function fromFormatParam(value: string, offered: readonly Format[]): Format | undefined {
  // A media type sent unencoded arrives with its '+' read as a space; parameters do not matter.
  const name = value.split(';')[0]!.trim().toLowerCase().replace(/ /g, '+');
  const m = offered.map(byFormat).find((t) => t.type === name || t.extension === name || t.format === name || t.aliases.includes(name));
  return m?.format;
}
