// A reload validates what its files' edits changed, not everything: the blocks of each changed
// Turtle file (load/blocks.ts) name the resources edited; their statements before and after are
// the change, checked as a write's is (validate/incremental.ts). The last report's results are
// carried over, their blank nodes renamed by the path from their resource (a file's blank nodes
// are numbered in order, so an edit renumbers those after it). Undefined when the edit is of a
// kind this cannot follow (a new or lost file, a changed header, a file that is not Turtle): then
// everything is validated.
import N3 from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import type { LoadedFile } from '../load/files.js';
import { UNKNOWN } from '../load/blocks.js';
import type { QuadSource } from '../quads.js';
import { checkChange, type targetsOf } from '../validate/incremental.js';
import type { createValidator, ValidationReport, ValidationResult } from '../validate/shacl.js';
import type { UnionSource } from '../validate/run.js';

const { namedNode } = N3.DataFactory;

export interface Version {
  store: QuadSource;
  files: readonly LoadedFile[];
  /** What the version derived from its files (the catalogue's dates): part of the change too. */
  derived: readonly Quad[];
}

/** The resources a reload's edits changed, by graph; undefined when that cannot be told. */
export function editedResources(before: readonly LoadedFile[], after: readonly LoadedFile[], base: string): Map<string, string[]> | undefined {
  const key = (f: LoadedFile) => `${f.role} ${f.graph} ${f.file}`;
  if (before.length !== after.length || before.some((f, i) => key(f) !== key(after[i]!))) return undefined;
  const out = new Map<string, string[]>();
  for (const [i, next] of after.entries()) {
    const last = before[i]!;
    if (last.hash === next.hash) continue;
    if (next.role !== 'data' || !last.blocks || !next.blocks) return undefined;
    const changed = changedBlocksOf(last.blocks, next.blocks);
    if (!changed) return undefined;
    const iris: string[] = [];
    for (const token of changed) {
      if (token === UNKNOWN) return undefined;
      const iri = resolve(token, next.prefixes, base);
      if (!iri) return undefined;
      iris.push(iri);
    }
    out.set(next.graph, [...(out.get(next.graph) ?? []), ...iris]);
  }
  return out;
}

function changedBlocksOf(a: Map<string, string>, b: Map<string, string>): string[] | undefined {
  const out = new Set<string>();
  for (const [hash, subject] of a) if (!b.has(hash)) out.add(subject);
  for (const [hash, subject] of b) if (!a.has(hash)) out.add(subject);
  return out.has('@prefix') ? undefined : [...out];
}

function resolve(token: string, prefixes: Record<string, string>, base: string): string | undefined {
  if (token.startsWith('<') && token.endsWith('>')) return new URL(token.slice(1, -1), base).href;
  const m = /^([A-Za-z][\w.-]*)?:([^\s]*)$/.exec(token);
  const namespace = m ? prefixes[m[1] ?? ''] : undefined;
  return namespace === undefined ? undefined : namespace + m![2];
}

/** A resource's statements in a graph, with those of the blank nodes it holds. */
function statements(store: QuadSource, subject: Term, graph: Term): Quad[] {
  const out: Quad[] = [];
  const todo = [subject];
  const seen = new Set<string>();
  while (todo.length) {
    const s = todo.pop()!;
    if (seen.has(s.value)) continue;
    seen.add(s.value);
    for (const q of store.getQuads(s, null, null, graph)) {
      out.push(q);
      if (q.object.termType === 'BlankNode') todo.push(q.object);
    }
  }
  return out;
}

/** The same blank node in the next version: found by the path from its named ancestor. */
function renamer(before: QuadSource, after: QuadSource) {
  const memo = new Map<string, Term | undefined>();
  const find = (b: Term): Term | undefined => {
    if (b.termType !== 'BlankNode') return b;
    if (memo.has(b.value)) return memo.get(b.value);
    memo.set(b.value, undefined); // a cycle finds nothing
    const parents = before.getQuads(null, null, b, null);
    let found: Term | undefined;
    if (parents.length === 1) {
      const { subject, predicate, graph } = parents[0]!;
      const owner = find(subject);
      const candidates = owner ? after.getObjects(owner, predicate, graph).filter((o) => o.termType === 'BlankNode') : [];
      if (candidates.length === 1) found = candidates[0];
    }
    memo.set(b.value, found);
    return found;
  };
  return find;
}

export interface RevalidateInput {
  before: Version & { report: ValidationReport };
  after: Version & { store: UnionSource };
  validate: ReturnType<typeof createValidator>;
  targets: ReturnType<typeof targetsOf>;
  base: string;
}

/** The report of the next version from the last one and what changed; undefined if that cannot be told. */
export async function revalidate({ before, after, validate, targets, base }: RevalidateInput): Promise<ValidationReport | undefined> {
  const edited = editedResources(before.files, after.files, base);
  if (!edited || !validate.focused) return undefined;
  const touched: Quad[] = [...before.derived, ...after.derived];
  for (const [graph, subjects] of edited) {
    for (const s of subjects) touched.push(...statements(before.store, namedNode(s), namedNode(graph)), ...statements(after.store, namedNode(s), namedNode(graph)));
  }
  // Results about blank nodes follow them to their new names; those that cannot be followed are
  // dropped, and their resources validated again.
  const rename = renamer(before.store, after.store);
  const also: Term[] = [];
  const carried: ValidationResult[] = [];
  for (const r of before.report.results) {
    const focus = rename(r.focusNode);
    const value = r.value && (r.value.termType === 'BlankNode' ? rename(r.value) : r.value);
    if (focus && (!r.value || value)) carried.push({ ...r, focusNode: focus, value });
    else also.push((r as { resource?: Term }).resource ?? r.focusNode);
  }
  const { report } = await checkChange({ validate, targets, before: before.store, after: after.store, touched, previous: { conforms: before.report.conforms, results: carried }, base, also });
  return report;
}
