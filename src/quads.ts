// The read interface every stage uses on a quad store: N3.Store and CompactStore both provide it;
// and quads as N-Triples or N-Quads lines, which every stage writes (the store's journal and
// pushes as well as the published representations).
import { createHash } from 'node:crypto';
import N3 from 'n3';
import type { Quad, Term } from '@rdfjs/types';

export type Pattern = Term | null | undefined;

export interface QuadSource {
  readonly size: number;
  getQuads(subject?: Pattern, predicate?: Pattern, object?: Pattern, graph?: Pattern): Quad[];
  countQuads(subject?: Pattern, predicate?: Pattern, object?: Pattern, graph?: Pattern): number;
  getSubjects(predicate?: Pattern, object?: Pattern, graph?: Pattern): Term[];
  getPredicates(subject?: Pattern, object?: Pattern, graph?: Pattern): Term[];
  getObjects(subject?: Pattern, predicate?: Pattern, graph?: Pattern): Term[];
  getGraphs(subject?: Pattern, predicate?: Pattern, object?: Pattern): Term[];
  [Symbol.iterator](): Iterator<Quad>;
}

/** A dataset's quads with their graphs, or each triple once: from a store, or read from another. */
export type QuadStream = (withGraphs: boolean) => Iterable<Quad> | AsyncIterable<Quad>;

/** A short hash naming a statement (its graph aside): to pass each one on once when a store repeats it. */
export function statementKey(q: Quad): string {
  return createHash('sha1').update(`${N3.termToId(q.subject as N3.Term)} ${N3.termToId(q.predicate as N3.Term)} ${N3.termToId(q.object as N3.Term)}`).digest('base64').slice(0, 12);
}

/** N-Triples, one sorted line a statement: the same quads give the same bytes. */
export function toNTriples(quads: Iterable<Quad>): string {
  return lines(quads, false);
}

/** N-Quads, one sorted line a statement. */
export function toNQuads(quads: Iterable<Quad>): string {
  return lines(quads, true);
}

function lines(quads: Iterable<Quad>, withGraph: boolean): string {
  const writer = new N3.Writer({ format: withGraph ? 'N-Quads' : 'N-Triples' });
  const out: string[] = [];
  for (const q of quads) {
    out.push(writer.quadToString(q.subject as N3.Quad_Subject, q.predicate as N3.Quad_Predicate, q.object as N3.Quad_Object, withGraph ? (q.graph as N3.Quad_Graph) : undefined));
  }
  return out.sort().join('');
}
