// What is added to a frozen CompactStore (writes, the catalogue's derived dates): quads indexed
// by each of their terms, so that a pattern costs the quads of its most selective term. (N3.Store
// keeps an index per graph and visits every graph for a pattern without one: with a graph per
// steward's report, each lookup grew with the number of reports.)
import N3 from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import type { Pattern } from '../quads.js';

const id = (t: Term) => N3.termToId(t as N3.Term);
const keyOf = (q: Quad) => `${id(q.subject)} ${id(q.predicate)} ${id(q.object)} ${id(q.graph)}`;

export class Overlay {
  private readonly quads = new Map<string, Quad>();
  /** Quad keys by the id of a term in each position. */
  private readonly by = [new Map<string, Set<string>>(), new Map<string, Set<string>>(), new Map<string, Set<string>>(), new Map<string, Set<string>>()];

  get size(): number {
    return this.quads.size;
  }

  has(q: Quad): boolean {
    return this.quads.has(keyOf(q));
  }

  add(q: Quad): void {
    const key = keyOf(q);
    if (this.quads.has(key)) return;
    this.quads.set(key, N3.DataFactory.quad(q.subject as N3.Quad_Subject, q.predicate as N3.Quad_Predicate, q.object as N3.Quad_Object, q.graph as N3.Quad_Graph));
    [q.subject, q.predicate, q.object, q.graph].forEach((t, i) => {
      const k = id(t);
      let set = this.by[i]!.get(k);
      if (!set) this.by[i]!.set(k, (set = new Set()));
      set.add(key);
    });
  }

  delete(q: Quad): void {
    const key = keyOf(q);
    if (!this.quads.delete(key)) return;
    [q.subject, q.predicate, q.object, q.graph].forEach((t, i) => {
      const k = id(t);
      const set = this.by[i]!.get(k);
      set?.delete(key);
      if (set && !set.size) this.by[i]!.delete(k);
    });
  }

  match(s?: Pattern, p?: Pattern, o?: Pattern, g?: Pattern): Quad[] {
    if (!this.quads.size) return [];
    const pattern = [s, p, o, g];
    // The bound term with the fewest quads.
    let best: Set<string> | undefined;
    for (let i = 0; i < 4; i++) {
      const t = pattern[i];
      if (!t) continue;
      const set = this.by[i]!.get(id(t));
      if (!set) return [];
      if (!best || set.size < best.size) best = set;
    }
    const out: Quad[] = [];
    const candidates = best ? [...best].map((k) => this.quads.get(k)!) : this.quads.values();
    for (const q of candidates) {
      if ((!s || s.equals(q.subject)) && (!p || p.equals(q.predicate)) && (!o || o.equals(q.object)) && (!g || g.equals(q.graph))) out.push(q);
    }
    return out;
  }
}
