// The read interface every stage uses on a quad store: N3.Store and CompactStore both provide it.
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
