// The published store: a read-mostly quad store in typed arrays. Terms are numbered once;
// quads are four numbers; three sorted permutations (SPOG, POSG, OSPG) answer any pattern by
// binary search. At 1.3 M triples it holds the data in about a fifth of N3.Store's memory, which
// keeps an index of nested objects per graph. Loaded by addQuad, then freeze(); what is added
// after freezing (the catalogue's derived statements) goes to a small N3.Store beside it.
import N3 from 'n3';
import type { DatasetCore, Quad, Term } from '@rdfjs/types';
import type { Pattern, QuadSource } from '../quads.js';
import { unionView } from './union.js';
import { Overlay } from './overlay.js';

export type { QuadSource } from '../quads.js';
type Order = readonly [number, number, number, number];

const SPOG: Order = [0, 1, 2, 3];
const POSG: Order = [1, 2, 0, 3];
const OSPG: Order = [2, 0, 1, 3];

export class CompactStore implements QuadSource {
  private readonly ids = new Map<string, number>();
  private readonly keys: string[] = [];
  private quads = new Uint32Array(4 * 1024);
  private count = 0;
  private frozen = false;
  private indexes: { order: Order; perm: Uint32Array }[] = [];
  private readonly overlay = new Overlay();
  /** Frozen quads deleted since (a graph replaced by a write): flagged, never moved. */
  private removed: Uint8Array | undefined;
  private removedCount = 0;
  /** Quad numbers by graph id, built on the first deletion. */
  private byGraph: Map<number, number[]> | undefined;

  get size(): number {
    return this.count - this.removedCount + this.overlay.size;
  }

  /** Deletes one quad, wherever it is kept. */
  deleteQuad(q: Quad): void {
    if (!this.frozen) this.freeze();
    if (this.overlay.has(q)) return void this.overlay.delete(q);
    for (const i of this.matches([q.subject, q.predicate, q.object, q.graph])) {
      this.removed ??= new Uint8Array(this.count);
      this.removed[i] = 1;
      this.removedCount++;
    }
  }

  /** Deletes every quad of the graph; returns how many there were. */
  deleteGraph(graph: Term): number {
    if (!this.frozen) this.freeze();
    const added = this.overlay.match(null, null, null, graph);
    for (const q of added) this.overlay.delete(q);
    let n = added.length;
    const id = this.ids.get(N3.termToId(graph as N3.Term));
    if (id === undefined) return n;
    const byGraph = this.graphIndex();
    this.removed ??= new Uint8Array(this.count);
    for (const i of byGraph.get(id) ?? []) {
      if (this.removed[i]) continue;
      this.removed[i] = 1;
      this.removedCount++;
      n++;
    }
    byGraph.delete(id);
    return n;
  }

  /** Quad numbers by graph: no index leads with the graph, so a graph alone is looked up here. */
  private graphIndex(): Map<number, number[]> {
    if (!this.byGraph) {
      this.byGraph = new Map();
      for (let i = 0; i < this.count; i++) {
        const g = this.quads[4 * i + 3]!;
        const list = this.byGraph.get(g);
        if (list) list.push(i);
        else this.byGraph.set(g, [i]);
      }
    }
    return this.byGraph;
  }

  private idOf(term: Term): number {
    const key = N3.termToId(term as N3.Term);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.keys.push(key);
      this.ids.set(key, id);
    }
    return id;
  }

  private term(id: number): Term {
    return N3.termFromId(this.keys[id]!) as Term;
  }

  addQuad(subject: Term, predicate: Term, object: Term, graph: Term = N3.DataFactory.defaultGraph()): void {
    if (this.frozen) {
      if (!this.countQuads(subject, predicate, object, graph)) this.overlay.add(N3.DataFactory.quad(subject as N3.Quad_Subject, predicate as N3.Quad_Predicate, object as N3.Quad_Object, graph as N3.Quad_Graph));
      return;
    }
    if (4 * (this.count + 1) > this.quads.length) {
      const grown = new Uint32Array(this.quads.length * 2);
      grown.set(this.quads);
      this.quads = grown;
    }
    const at = 4 * this.count++;
    this.quads[at] = this.idOf(subject);
    this.quads[at + 1] = this.idOf(predicate);
    this.quads[at + 2] = this.idOf(object);
    this.quads[at + 3] = this.idOf(graph);
  }

  addQuads(quads: Iterable<Quad>): void {
    for (const q of quads) this.addQuad(q.subject, q.predicate, q.object, q.graph);
  }

  /** Sorts the indexes and drops duplicates; later additions go to the overlay. */
  freeze(): this {
    if (this.frozen) return this;
    let q = this.quads;
    const by = (order: Order) => (a: number, b: number) => {
      for (const k of order) {
        const d = q[4 * a + k]! - q[4 * b + k]!;
        if (d) return d;
      }
      return 0;
    };
    const spog = Uint32Array.from({ length: this.count }, (_, i) => i).sort(by(SPOG));
    // Duplicates (the same statement twice in one graph) are adjacent in SPOG order.
    let kept = 0;
    for (let i = 0; i < spog.length; i++) if (i === 0 || by(SPOG)(spog[i - 1]!, spog[i]!) !== 0) spog[kept++] = spog[i]!;
    const unique = spog.slice(0, kept);
    const compacted = new Uint32Array(4 * kept);
    for (let i = 0; i < kept; i++) compacted.set(q.subarray(4 * unique[i]!, 4 * unique[i]! + 4), 4 * i);
    this.quads = q = compacted;
    this.count = kept;
    const identity = Uint32Array.from({ length: kept }, (_, i) => i);
    this.indexes = [
      { order: SPOG, perm: identity },
      { order: POSG, perm: identity.slice().sort(by(POSG)) },
      { order: OSPG, perm: identity.slice().sort(by(OSPG)) },
    ];
    this.frozen = true;
    return this;
  }

  /** Quad numbers matching the pattern (ids; undefined = any); empty if a term is unknown. */
  private *matches(pattern: Pattern[]): Generator<number> {
    if (!this.frozen) this.freeze();
    const ids: (number | undefined)[] = [];
    for (const t of pattern) {
      if (t === null || t === undefined) ids.push(undefined);
      else {
        const id = this.ids.get(N3.termToId(t as N3.Term));
        if (id === undefined) return;
        ids.push(id);
      }
    }
    // A graph alone: its own list, not a scan of every quad.
    if (ids[0] === undefined && ids[1] === undefined && ids[2] === undefined && ids[3] !== undefined) {
      for (const i of this.graphIndex().get(ids[3]) ?? []) if (!this.removed?.[i]) yield i;
      return;
    }
    // The index whose leading positions are bound furthest.
    let best = this.indexes[0]!;
    let depth = -1;
    for (const index of this.indexes) {
      let d = 0;
      while (d < 3 && ids[index.order[d]!] !== undefined) d++;
      if (d > depth) {
        depth = d;
        best = index;
      }
    }
    const { order, perm } = best;
    const q = this.quads;
    const compare = (i: number) => {
      for (let d = 0; d < depth; d++) {
        const diff = q[4 * i + order[d]!]! - ids[order[d]!]!;
        if (diff) return diff;
      }
      return 0;
    };
    let lo = 0;
    let hi = perm.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(perm[mid]!) < 0) lo = mid + 1;
      else hi = mid;
    }
    for (let at = lo; at < perm.length; at++) {
      const i = perm[at]!;
      if (compare(i) !== 0) break;
      if (this.removed?.[i]) continue;
      if ((ids[0] === undefined || q[4 * i] === ids[0]) && (ids[1] === undefined || q[4 * i + 1] === ids[1]) &&
        (ids[2] === undefined || q[4 * i + 2] === ids[2]) && (ids[3] === undefined || q[4 * i + 3] === ids[3])) yield i;
    }
  }

  private quadAt(i: number): N3.Quad {
    const q = this.quads;
    return N3.DataFactory.quad(
      this.term(q[4 * i]!) as N3.Quad_Subject, this.term(q[4 * i + 1]!) as N3.Quad_Predicate,
      this.term(q[4 * i + 2]!) as N3.Quad_Object, this.term(q[4 * i + 3]!) as N3.Quad_Graph,
    );
  }

  getQuads(subject?: Pattern, predicate?: Pattern, object?: Pattern, graph?: Pattern): N3.Quad[] {
    const out: N3.Quad[] = [];
    for (const i of this.matches([subject, predicate, object, graph])) out.push(this.quadAt(i));
    if (this.overlay.size) out.push(...(this.overlay.match(subject, predicate, object, graph) as N3.Quad[]));
    return out;
  }

  countQuads(subject?: Pattern, predicate?: Pattern, object?: Pattern, graph?: Pattern): number {
    let n = 0;
    for (const _ of this.matches([subject, predicate, object, graph])) n++;
    return n + (this.overlay.size ? this.overlay.match(subject, predicate, object, graph).length : 0);
  }

  private distinct(position: number, pattern: Pattern[]): Term[] {
    const seen = new Set<number>();
    for (const i of this.matches(pattern)) seen.add(this.quads[4 * i + position]!);
    const out = [...seen].map((id) => this.term(id));
    if (this.overlay.size) {
      const keys = new Set(out.map((t) => N3.termToId(t as N3.Term)));
      for (const q of this.overlay.match(pattern[0], pattern[1], pattern[2], pattern[3]) as N3.Quad[]) {
        const t = [q.subject, q.predicate, q.object, q.graph][position]!;
        if (!keys.has(N3.termToId(t))) {
          keys.add(N3.termToId(t));
          out.push(t);
        }
      }
    }
    return out;
  }

  getSubjects(predicate?: Pattern, object?: Pattern, graph?: Pattern): Term[] {
    return this.distinct(0, [null, predicate, object, graph]);
  }
  getPredicates(subject?: Pattern, object?: Pattern, graph?: Pattern): Term[] {
    return this.distinct(1, [subject, null, object, graph]);
  }
  getObjects(subject?: Pattern, predicate?: Pattern, graph?: Pattern): Term[] {
    return this.distinct(2, [subject, predicate, null, graph]);
  }
  getGraphs(subject?: Pattern, predicate?: Pattern, object?: Pattern): Term[] {
    return this.distinct(3, [subject, predicate, object, null]);
  }

  /**
   * The union of all graphs as one default graph, read-only: what SHACL validates. A triple
   * stated in several graphs appears once (its quads are adjacent in every index).
   */
  union(): DatasetCore {
    return unionView((s, p, o) => [...this.triples(s, p, o)], () => this.size);
  }

  /**
   * Statements matching a pattern as triples (default graph), each once however many graphs
   * state it, in index order; statements only in `except` are left out.
   */
  *triples(subject?: Pattern, predicate?: Pattern, object?: Pattern, except?: Term): Generator<N3.Quad> {
    const q = this.quads;
    const skip = except ? this.ids.get(N3.termToId(except as N3.Term)) : undefined;
    let last = -1;
    // A statement's quads are adjacent in every index (the graph is the last key).
    for (const i of this.matches([subject, predicate, object, null])) {
      if (q[4 * i + 3] === skip) continue;
      if (last >= 0 && q[4 * i] === q[4 * last] && q[4 * i + 1] === q[4 * last + 1] && q[4 * i + 2] === q[4 * last + 2]) continue;
      last = i;
      yield N3.DataFactory.quad(this.term(q[4 * i]!) as N3.Quad_Subject, this.term(q[4 * i + 1]!) as N3.Quad_Predicate, this.term(q[4 * i + 2]!) as N3.Quad_Object);
    }
    if (!this.overlay.size) return;
    const seen = new Set<string>();
    for (const t of this.overlay.match(subject, predicate, object, null) as N3.Quad[]) {
      if (except && t.graph.equals(except)) continue;
      const key = `${N3.termToId(t.subject)} ${t.predicate.value} ${N3.termToId(t.object)}`;
      if (seen.has(key) || this.frozenStates(t, skip)) continue;
      seen.add(key);
      yield N3.DataFactory.quad(t.subject, t.predicate, t.object);
    }
  }

  /** Whether the frozen part states the triple in a graph other than `skip`. */
  private frozenStates(t: Quad, skip: number | undefined): boolean {
    for (const i of this.matches([t.subject, t.predicate, t.object, null])) if (this.quads[4 * i + 3] !== skip) return true;
    return false;
  }

  *[Symbol.iterator](): Generator<N3.Quad> {
    for (const i of this.matches([null, null, null, null])) yield this.quadAt(i);
    yield* this.overlay.match() as N3.Quad[];
  }
}
