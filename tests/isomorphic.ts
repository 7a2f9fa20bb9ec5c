// Graph isomorphism for tests: blank nodes are matched by a canonical signature, then by search.
import type { Quad, Term } from '@rdfjs/types';
import N3 from 'n3';
import { canonicalBlankNodes } from '../src/represent/rdf.js';

export function isomorphic(a: Quad[], b: Quad[]): boolean {
  if (a.length !== b.length) return false;
  // Blank nodes named from what they say and what is around them: most graphs match at once, and
  // the search below is left for nodes that no neighbourhood tells apart.
  const named = (qs: Quad[]) => new Set(canonicalBlankNodes(qs).map((q) => [q.subject, q.predicate, q.object, q.graph].map((t) => N3.termToId(t as N3.Term)).join(' ')));
  const ca = named(a);
  const cb = named(b);
  if (ca.size === cb.size && [...ca].every((k) => cb.has(k))) return true;
  const ground = (qs: Quad[]) => new Set(qs.filter((q) => !hasBlank(q)).map((q) => key(q)));
  const ga = ground(a);
  const gb = ground(b);
  if (ga.size !== gb.size || [...ga].some((k) => !gb.has(k))) return false;
  const ba = a.filter(hasBlank);
  const bb = b.filter(hasBlank);
  const blanks = (qs: Quad[]) => [...new Set(qs.flatMap((q) => [q.subject, q.object, q.graph]).filter((t) => t.termType === 'BlankNode').map((t) => t.value))];
  const na = blanks(ba);
  const nb = blanks(bb);
  if (na.length !== nb.length) return false;
  const target = new Set(bb.map((q) => key(q, undefined, new Map(nb.map((n) => [n, n])))));
  const sig = (qs: Quad[], n: string) => qs.filter((q) => [q.subject, q.object].some((t) => t.termType === 'BlankNode' && t.value === n)).map((q) => key(q, n)).sort().join('|');
  const sa = new Map(na.map((n) => [n, sig(ba, n)]));
  const sb = new Map(nb.map((n) => [n, sig(bb, n)]));
  const map = new Map<string, string>();
  const used = new Set<string>();
  const search = (i: number): boolean => {
    if (i === na.length) return ba.every((q) => target.has(key(q, undefined, map)));
    const n = na[i]!;
    for (const m of nb) {
      if (used.has(m) || sa.get(n) !== sb.get(m)) continue;
      map.set(n, m);
      used.add(m);
      if (search(i + 1)) return true;
      used.delete(m);
      map.delete(n);
    }
    return false;
  };
  return search(0);
}

function hasBlank(q: Quad) {
  return q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode' || q.graph.termType === 'BlankNode';
}

function key(q: Quad, self?: string, map?: Map<string, string>) {
  const t = (x: Term) =>
    x.termType === 'BlankNode'
      ? map ? `_:${map.get(x.value)}` : x.value === self ? '_:self' : '_:'
      : x.termType === 'Literal' ? `"${x.value}"@${x.language}^^${x.datatype.value}` : `<${x.value}>`;
  return `${t(q.subject)} ${t(q.predicate)} ${t(q.object)} ${q.graph.termType === 'DefaultGraph' ? '' : t(q.graph)}`;
}
