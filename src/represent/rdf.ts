// Quads → Turtle, N-Triples, N-Quads, RDF/XML, JSON-LD. Each serialiser is deterministic
// for a given set of quads, so representations can be cached and given stable ETags.
import { createHash } from 'node:crypto';
import N3 from 'n3';
import { writeRdfXml } from './rdfxml.js';
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

/** RDF/XML of the statements, in a fixed order: the same statements give the same bytes. */
export function toRdfXml(quads: Iterable<Quad>): string {
  const canonical = canonicalBlankNodes([...quads]);
  const writer = new N3.Writer({ format: 'N-Triples' });
  const line = (q: Quad) => writer.quadToString(q.subject as N3.Quad_Subject, q.predicate as N3.Quad_Predicate, q.object as N3.Quad_Object);
  return writeRdfXml(canonical.map((q) => [line(q), q] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, q]) => q));
}

/** Compacted JSON-LD with our published context, referenced by IRI (or embedded for HTML). */
export async function toJsonLd(quads: Iterable<Quad>, options: RdfOptions, embedContext = false): Promise<string> {
  const { default: jsonld } = await import('jsonld');
  const expanded = await jsonld.fromRDF(toNQuads(canonicalBlankNodes([...quads])) as unknown as object, { format: 'application/n-quads' });
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

/**
 * Blank nodes named after what they say and where they sit (three rounds of hashing their
 * statements, the neighbours' names in them), not after the labels they came with: the same
 * statements give the same bytes from any store, whose labels are its own. Nodes the rounds
 * cannot tell apart keep the order of their old labels.
 */
export function canonicalBlankNodes(quads: Quad[]): Quad[] {
  const blanks = new Set<string>();
  for (const q of quads) for (const t of [q.subject, q.object]) if (t.termType === 'BlankNode') blanks.add(t.value);
  if (!blanks.size) return quads;
  let names = new Map([...blanks].map((b) => [b, '']));
  const term = (t: Quad['subject'] | Quad['object']) => (t.termType === 'BlankNode' ? `_${names.get(t.value)}` : t.termType === 'Literal' ? `"${t.value}"@${t.language}^${t.datatype.value}` : t.value);
  for (let round = 0; round < 3; round++) {
    const lines = new Map([...blanks].map((b) => [b, [] as string[]]));
    for (const q of quads) {
      if (q.subject.termType === 'BlankNode') lines.get(q.subject.value)!.push(`> ${q.predicate.value} ${term(q.object)}`);
      if (q.object.termType === 'BlankNode') lines.get(q.object.value)!.push(`< ${term(q.subject)} ${q.predicate.value}`);
    }
    names = new Map([...lines].map(([b, l]) => [b, createHash('sha256').update(l.sort().join('\n')).digest('base64url').slice(0, 16)]));
  }
  const taken = new Map<string, number>();
  const label = new Map([...blanks].sort().map((b) => {
    const n = taken.get(names.get(b)!) ?? 0;
    taken.set(names.get(b)!, n + 1);
    return [b, N3.DataFactory.blankNode(`c${names.get(b)!.replace(/[-_]/g, '')}${n ? `x${n}` : ''}`)];
  }));
  const relabel = <T extends Quad['subject'] | Quad['object']>(t: T) => (t.termType === 'BlankNode' ? label.get(t.value)! : t) as T;
  return quads.map((q) => N3.DataFactory.quad(relabel(q.subject), q.predicate, relabel(q.object), q.graph));
}

/** Quads in an RDF format, with the site's prefixes and JSON-LD context. */
export async function serialise(input: Quad[], format: Format, options: RdfOptions): Promise<string> {
  const quads = canonicalBlankNodes(input);
  switch (format) {
    case 'turtle': return toTurtle(quads, options);
    case 'ntriples': return toNTriples(quads);
    case 'nquads': return toNQuads(quads);
    case 'rdfxml': return toRdfXml(input);
    case 'jsonld': return toJsonLd(input, options);
    default: throw new Error(`${format} is not an RDF format`);
  }
}
