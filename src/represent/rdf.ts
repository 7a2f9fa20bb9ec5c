// Quads → Turtle, N-Triples, N-Quads, RDF/XML, JSON-LD. Each serialiser is deterministic
// for a given set of quads, so representations can be cached and given stable ETags.
import N3 from 'n3';
import { oxigraph } from '../lazy.js';
import type { Quad } from '@rdfjs/types';
import type { Format } from './media-types.js';
import { toNQuads, toNTriples } from '../quads.js';
import { writeTurtle } from './turtle.js';

export interface RdfOptions {
  prefixes: Record<string, string>;
  /** The published context document, and the IRI it is published at. */
  context: { '@context': Record<string, unknown> };
  contextIri: string;
}

export { toNQuads, toNTriples } from '../quads.js';

/** Blank nodes go through oxigraph as these IRIs: it would give them random labels, and so other bytes each time. */
const SKOLEM = 'urn:x-sdg-lod:blank:';

export function toRdfXml(quads: Iterable<Quad>): string {
  const named = (t: Quad['subject'] | Quad['object']) => (t.termType === 'BlankNode' ? N3.DataFactory.namedNode(SKOLEM + t.value) : t);
  const skolemised = [...quads].map((q) => N3.DataFactory.quad(named(q.subject) as N3.Quad_Subject, q.predicate as N3.Quad_Predicate, named(q.object) as N3.Quad_Object));
  const store = new (oxigraph().Store)();
  store.load(toNTriples(skolemised), { format: 'application/n-triples' });
  const xml = store.dump({ format: 'application/rdf+xml', from_graph_name: oxigraph().defaultGraph() });
  // Back to blank nodes, numbered in the order they appear.
  const ids = new Map<string, string>();
  return xml.replace(/rdf:(about|resource)="urn:x-sdg-lod:blank:([^"]*)"/g, (_, _kind: string, label: string) => {
    if (!ids.has(label)) ids.set(label, `b${ids.size}`);
    return `rdf:nodeID="${ids.get(label)}"`;
  });
}

/** Compacted JSON-LD with our published context, referenced by IRI (or embedded for HTML). */
export async function toJsonLd(quads: Iterable<Quad>, options: RdfOptions, embedContext = false): Promise<string> {
  const { default: jsonld } = await import('jsonld');
  const expanded = await jsonld.fromRDF(toNQuads(quads) as unknown as object, { format: 'application/n-quads' });
  const documentLoader = async (url: string) => {
    if (url === options.contextIri) return { contextUrl: undefined, documentUrl: url, document: options.context };
    throw new Error(`no remote contexts: ${url}`);
  };
  const context = (embedContext ? options.context['@context'] : options.contextIri) as never;
  const compacted = await jsonld.compact(expanded, context, { documentLoader: documentLoader as never });
  return JSON.stringify(compacted, null, 2) + '\n';
}

export function toTurtle(quads: Iterable<Quad>, options: Pick<RdfOptions, 'prefixes'>): string {
  return writeTurtle(quads, { prefixes: options.prefixes });
}

/** Quads in an RDF format, with the site's prefixes and JSON-LD context. */
export async function serialise(quads: Quad[], format: Format, options: RdfOptions): Promise<string> {
  switch (format) {
    case 'turtle': return toTurtle(quads, options);
    case 'ntriples': return toNTriples(quads);
    case 'nquads': return toNQuads(quads);
    case 'rdfxml': return toRdfXml(quads);
    case 'jsonld': return toJsonLd(quads, options);
    default: throw new Error(`${format} is not an RDF format`);
  }
}
