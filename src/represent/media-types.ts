// The one table of representations: media type, file extension, and whether it is RDF.
export type Format = 'turtle' | 'jsonld' | 'ntriples' | 'nquads' | 'rdfxml' | 'html';

export interface MediaType {
  format: Format;
  type: string;
  extension: string;
  label: string;
}

export const MEDIA_TYPES: readonly MediaType[] = [
  { format: 'turtle', type: 'text/turtle', extension: 'ttl', label: 'Turtle' },
  { format: 'jsonld', type: 'application/ld+json', extension: 'jsonld', label: 'JSON-LD' },
  { format: 'ntriples', type: 'application/n-triples', extension: 'nt', label: 'N-Triples' },
  { format: 'rdfxml', type: 'application/rdf+xml', extension: 'rdf', label: 'RDF/XML' },
  { format: 'html', type: 'text/html', extension: 'html', label: 'HTML' },
  { format: 'nquads', type: 'application/n-quads', extension: 'nq', label: 'N-Quads' },
];

export const byFormat = (format: Format) => MEDIA_TYPES.find((m) => m.format === format)!;
export const byExtension = (ext: string) => MEDIA_TYPES.find((m) => m.extension === ext);
export const byType = (type: string) => MEDIA_TYPES.find((m) => m.type === type);

/** Formats a description is offered in; on a tie (e.g. any type accepted) the first, Turtle, wins. */
export const DESCRIPTION_FORMATS: readonly Format[] = ['turtle', 'html', 'jsonld', 'ntriples', 'rdfxml'];
