// Writes to named graphs (the Graph Store Protocol's PUT, POST, DELETE), as journal records: what
// a record says, how it changes a store, and the store as it would be after a change (what a
// write is validated against before anything is stored).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { parseJournal } from './journal.js';
import N3 from 'n3';
import type { DatasetCore, Quad, Term } from '@rdfjs/types';
import type { Pattern, QuadSource } from '../quads.js';
import { unionView } from './union.js';
import type { CompactStore } from './compact.js';

const { namedNode } = N3.DataFactory;

export type WriteOp = 'put' | 'post' | 'delete';

/** One accepted write, as the journal keeps it. */
export interface WriteRecord {
  seq: number;
  /** When it was accepted (ISO 8601). */
  at: string;
  /** The name of the token that wrote it (never the token). */
  by: string;
  graph: string;
  op: WriteOp;
  /** The graph's ETag before (null: it did not exist) and after (null: deleted). */
  previous: string | null;
  etag: string | null;
  /** Statements the graph gained and lost. */
  added: number;
  removed: number;
  /** For put, the graph's new content; for post, what was merged; N-Quads in the graph, blank nodes labelled for this write. */
  nquads: string;
  /** The described resources the write created, changed and removed: what the change feed says ({base}changes). */
  resources?: ChangedResources;
}

export interface ChangedResources {
  created: string[];
  updated: string[];
  deleted: string[];
}

/**
 * Which named resources a change created, updated or deleted: those whose statements (or whose
 * blank nodes' statements) it touched, by whether they are described before and after.
 */
export function changedResources(touched: readonly Quad[], before: QuadSource, after: QuadSource): ChangedResources {
  const owners = new Set<string>();
  const owner = (t: Term, seen = new Set<string>()): void => {
    if (t.termType === 'NamedNode') return void owners.add(t.value);
    if (t.termType !== 'BlankNode' || seen.has(t.value)) return;
    seen.add(t.value);
    for (const source of [before, after]) for (const q of source.getQuads(null, null, t, null)) owner(q.subject, seen);
  };
  for (const q of touched) owner(q.subject);
  const out: ChangedResources = { created: [], updated: [], deleted: [] };
  for (const iri of [...owners].sort()) {
    const was = before.countQuads(namedNode(iri), null, null, null) > 0;
    const is = after.countQuads(namedNode(iri), null, null, null) > 0;
    // Blank nodes written again under new labels are no change: the resource's statements, its
    // blank nodes' in turn, compared whatever their labels.
    if (was && is && signature(before, namedNode(iri)) === signature(after, namedNode(iri))) continue;
    (was && is ? out.updated : is ? out.created : out.deleted).push(iri);
  }
  return out;
}

/** A resource's statements as text, its blank nodes by their own statements (a tree; a cycle is cut). */
function signature(source: QuadSource, subject: Term, seen = new Set<string>()): string {
  if (seen.has(subject.value)) return '_:cycle';
  seen.add(subject.value);
  return source.getQuads(subject, null, null, null)
    .map((q) => `${q.predicate.value} ${q.object.termType === 'BlankNode' ? `[${signature(source, q.object, seen)}]` : N3.termToId(q.object as N3.Term)}`)
    .sort().join('\n');
}

/** Parses a record's N-Quads keeping their blank node labels (unique to the write that made them). */
export function recordQuads(record: Pick<WriteRecord, 'nquads'>): Quad[] {
  return new N3.Parser({ format: 'N-Quads', blankNodePrefix: '' }).parse(record.nquads) as Quad[];
}

/** A graph's ETag after a write: the write's own, so that it is the same after a restart. */
export function writeEtag(seq: number, nquads: string): string {
  return `"w${seq}-${createHash('sha256').update(nquads).digest('base64url').slice(0, 16)}"`;
}

/** Applies a record to the store (a replay, or a write just accepted). */
export function applyRecord(store: CompactStore, record: WriteRecord, quads = recordQuads(record)): void {
  const graph = namedNode(record.graph);
  if (record.op !== 'post') store.deleteGraph(graph);
  for (const q of quads) store.addQuad(q.subject, q.predicate, q.object, graph);
}

/** Subjects of a set of quads whose statements changed, and the terms they link to. */
export function touchedTerms(quads: Iterable<Quad>): Map<string, Term> {
  const out = new Map<string, Term>();
  for (const q of quads) {
    out.set(N3.termToId(q.subject as N3.Term), q.subject);
    if (q.object.termType !== 'Literal') out.set(N3.termToId(q.object as N3.Term), q.object);
  }
  return out;
}

/**
 * The store as it would be with one graph's content replaced: what a write is validated
 * against, without touching what is published. Reads the store and the new content; copies
 * neither.
 */
export class PatchedSource implements QuadSource {
  private readonly content: N3.Store;

  constructor(
    private readonly store: CompactStore,
    private readonly graph: Term,
    quads: Iterable<Quad>,
  ) {
    this.content = new N3.Store();
    for (const q of quads) this.content.addQuad(q.subject as N3.Quad_Subject, q.predicate as N3.Quad_Predicate, q.object as N3.Quad_Object, graph as N3.Quad_Graph);
  }

  private counted: number | undefined;

  /** Counted once: validators ask often (the store does not change while a write is checked, under the write lock). */
  get size(): number {
    return (this.counted ??= this.store.size - this.store.countQuads(null, null, null, this.graph) + this.content.size);
  }

  getQuads(s?: Pattern, p?: Pattern, o?: Pattern, g?: Pattern): Quad[] {
    const own = () => this.content.getQuads((s ?? null) as N3.Term | null, (p ?? null) as N3.Term | null, (o ?? null) as N3.Term | null, null);
    if (g) return g.equals(this.graph) ? own() : this.store.getQuads(s, p, o, g);
    return [...this.store.getQuads(s, p, o, null).filter((q) => !q.graph.equals(this.graph)), ...own()];
  }

  countQuads(s?: Pattern, p?: Pattern, o?: Pattern, g?: Pattern): number {
    return this.getQuads(s, p, o, g).length;
  }

  private distinct(position: 'subject' | 'predicate' | 'object' | 'graph', pattern: Pattern[]): Term[] {
    const seen = new Map<string, Term>();
    for (const q of this.getQuads(...pattern)) seen.set(N3.termToId(q[position] as N3.Term), q[position]);
    return [...seen.values()];
  }

  getSubjects(p?: Pattern, o?: Pattern, g?: Pattern): Term[] {
    return this.distinct('subject', [null, p, o, g]);
  }
  getPredicates(s?: Pattern, o?: Pattern, g?: Pattern): Term[] {
    return this.distinct('predicate', [s, null, o, g]);
  }
  getObjects(s?: Pattern, p?: Pattern, g?: Pattern): Term[] {
    return this.distinct('object', [s, p, null, g]);
  }
  getGraphs(s?: Pattern, p?: Pattern, o?: Pattern): Term[] {
    return this.distinct('graph', [s, p, o, null]);
  }

  *[Symbol.iterator](): Iterator<Quad> {
    for (const q of this.store) if (!q.graph.equals(this.graph)) yield q;
    yield* this.content.getQuads(null, null, null, null);
  }

  /** Each triple once, whatever graphs state it: what SHACL validates. */
  *triples(s?: Pattern, p?: Pattern, o?: Pattern): Generator<Quad> {
    yield* this.store.triples(s, p, o, this.graph);
    for (const q of this.content.getQuads((s ?? null) as N3.Term | null, (p ?? null) as N3.Term | null, (o ?? null) as N3.Term | null, null)) {
      if (!this.store.triples(q.subject, q.predicate, q.object, this.graph).next().done) continue;
      yield N3.DataFactory.quad(q.subject, q.predicate, q.object);
    }
  }

  union(): DatasetCore {
    return unionView((s, p, o) => [...this.triples(s, p, o)], () => this.size);
  }
}


/** Where accepted writes are kept, in order (store/journal.ts). */
export const journalFile = (config: Pick<Config, 'importDir'>) => join(config.importDir, 'writes.journal');

/** The journal's whole records, from the start, and how many bytes they take. */
export async function readWrites(config: Pick<Config, 'importDir'>, from = 0): Promise<{ records: WriteRecord[]; bytes: number }> {
  const bytes = await readFile(journalFile(config)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return Buffer.alloc(0);
    throw error;
  });
  const read = parseJournal<WriteRecord>(bytes.subarray(from));
  return { records: read.records, bytes: bytes.length - read.dropped };
}
