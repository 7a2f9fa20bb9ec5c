// CompactStore answers every pattern as N3.Store does on the same quads: each of the 16 ways of
// binding subject, predicate, object and graph, over a sample of the bundled data's own
// statements, plus statements added after freezing and terms the store has never seen.
import N3 from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../src/load/files.js';
import { CompactStore } from '../src/store/compact.js';
import { bundledConfig } from './helpers.js';

const { namedNode, literal, quad } = N3.DataFactory;
const compact = new CompactStore();
const reference = new N3.Store();
let sample: Quad[] = [];

beforeAll(async () => {
  const both = { addQuad: (s: Term, p: Term, o: Term, g: Term) => { compact.addQuad(s, p, o, g); reference.addQuad(s as N3.Quad_Subject, p as N3.Quad_Predicate, o as N3.Quad_Object, g as N3.Quad_Graph); } };
  await loadFiles(bundledConfig(), both);
  // The same statement in a second graph, and a duplicate in its own graph.
  const first = reference.getQuads(null, null, null, null)[0]!;
  for (const g of [namedNode('http://example.org/other'), first.graph]) both.addQuad(first.subject, first.predicate, first.object, g);
  compact.freeze();
  // Added after freezing: goes to the overlay.
  const late = quad(namedNode('http://example.org/late'), namedNode('http://schema.org/name'), literal('late', 'en'), namedNode('http://example.org/other'));
  compact.addQuad(late.subject, late.predicate, late.object, late.graph);
  reference.addQuad(late);
  const all = reference.getQuads(null, null, null, null);
  sample = [late, first, ...all.filter((_, i) => i % Math.ceil(all.length / 60) === 0)];
});

const key = (q: Quad) => [q.subject, q.predicate, q.object, q.graph].map((t) => N3.termToId(t as N3.Term)).join(' ');
const keys = (qs: Iterable<Quad>) => [...qs].map(key).sort();
const ids = (ts: Term[]) => ts.map((t) => N3.termToId(t as N3.Term)).sort();

/** Each binding of the four positions: which are given, which are free. */
const MASKS = Array.from({ length: 16 }, (_, m) => [m & 8, m & 4, m & 2, m & 1].map(Boolean) as [boolean, boolean, boolean, boolean]);
const name = (m: boolean[]) => m.map((b, i) => (b ? 'SPOG'[i] : '?')).join('');

describe.each(MASKS.map((m) => [name(m), m] as const))('pattern %s', (_name, mask) => {
  const pattern = (q: Quad) => [q.subject, q.predicate, q.object, q.graph].map((t, i) => (mask[i] ? t : null)) as [Term | null, Term | null, Term | null, Term | null];
  /** The sample's distinct patterns under this mask. */
  const patterns = () => [...new Map(sample.map((q) => [pattern(q).map((t) => (t ? N3.termToId(t as N3.Term) : '?')).join(' '), q])).values()];

  it('matches the same quads, and counts them', () => {
    for (const q of patterns()) {
      const p = pattern(q);
      expect(keys(compact.getQuads(...p))).toEqual(keys(reference.getQuads(...(p as Parameters<N3.Store['getQuads']>))));
      expect(compact.countQuads(...p)).toBe(reference.countQuads(...(p as Parameters<N3.Store['countQuads']>)));
    }
  });

  it('lists the same distinct terms in each free position', () => {
    for (const q of patterns()) {
      const [s, p, o, g] = pattern(q) as [N3.Term | null, N3.Term | null, N3.Term | null, N3.Term | null];
      if (!mask[0]) expect(ids(compact.getSubjects(p, o, g))).toEqual(ids(reference.getSubjects(p, o, g)));
      if (!mask[1]) expect(ids(compact.getPredicates(s, o, g))).toEqual(ids(reference.getPredicates(s, o, g)));
      if (!mask[2]) expect(ids(compact.getObjects(s, p, g))).toEqual(ids(reference.getObjects(s, p, g)));
      if (!mask[3]) expect(ids(compact.getGraphs(s, p, o))).toEqual(ids(reference.getGraphs(s, p, o)));
    }
  });
});

describe('beyond patterns', () => {
  it('holds as many quads, and each once', () => {
    expect(compact.size).toBe(reference.size);
    expect(keys(compact)).toEqual(keys(reference.getQuads(null, null, null, null)));
  });

  it('matches nothing for a term it has never seen', () => {
    const unseen = namedNode('http://example.org/never');
    expect(compact.getQuads(unseen, null, null, null)).toEqual([]);
    expect(compact.countQuads(null, unseen, null, null)).toBe(0);
  });

  it('gives each triple once across graphs, leaving out a graph when asked', () => {
    const triple = (q: Quad) => `${N3.termToId(q.subject as N3.Term)} ${q.predicate.value} ${N3.termToId(q.object as N3.Term)}`;
    const distinct = new Set(reference.getQuads(null, null, null, null).map(triple));
    expect([...compact.triples()].map(triple).sort()).toEqual([...distinct].sort());
    const other = namedNode('http://example.org/other');
    const outside = new Set(reference.getQuads(null, null, null, null).filter((q) => !q.graph.equals(other)).map(triple));
    expect([...compact.triples(null, null, null, other)].map(triple).sort()).toEqual([...outside].sort());
  });
});
