// The union of a store's graphs as one read-only default graph (what SHACL validates), as a
// DatasetCore over a function that lists the triples matching a pattern: nothing is copied.
import N3 from 'n3';
import type { DatasetCore, Quad } from '@rdfjs/types';
import type { Pattern } from '../quads.js';

const { namedNode } = N3.DataFactory;

/**
 * A read-only DatasetCore over a function that lists the triples matching a pattern. The whole
 * view's `size` is `statements()`, the statements of all graphs (a triple stated in two counts
 * twice): exact would mean listing a million triples to answer a validator's "is it empty?".
 */
export function unionView(match: (s: Pattern, p: Pattern, o: Pattern) => Quad[], statements: () => number): DatasetCore {
  const nothing = namedNode('urn:sdg-lod:matches-nothing');
  const view = (pattern: Pattern[]): DatasetCore => {
    let cached: Quad[] | undefined;
    const all = () => (cached ??= pattern[0] === nothing ? [] : match(pattern[0], pattern[1], pattern[2]));
    return {
      get size() {
        return !pattern[0] && !pattern[1] && !pattern[2] ? statements() : all().length;
      },
      match: (s, p, o, g) => {
        if (g && g.termType !== 'DefaultGraph') return view([nothing]);
        const narrowed = [s ?? pattern[0], p ?? pattern[1], o ?? pattern[2]];
        for (let i = 0; i < 3; i++) if (pattern[i] && narrowed[i] && !pattern[i]!.equals(narrowed[i]!)) return view([nothing]);
        return view(narrowed);
      },
      has: (q) =>
        (!q.graph || q.graph.termType === 'DefaultGraph') &&
        [q.subject, q.predicate, q.object].every((t, i) => !pattern[i] || pattern[i]!.equals(t)) &&
        match(q.subject, q.predicate, q.object).length > 0,
      add: () => {
        throw new Error('the view is read-only');
      },
      delete: () => {
        throw new Error('the view is read-only');
      },
      [Symbol.iterator]: () => all()[Symbol.iterator](),
    };
  };
  return view([null, null, null]);
}
