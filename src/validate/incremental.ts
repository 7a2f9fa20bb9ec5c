// Validation in proportion to a change: only the nodes whose results a change can alter are
// validated again, against the data as it would be after the change, and their results replace
// theirs in the last full report. tests/incremental.test.ts checks the outcome equals a full
// validation's after random edits.
import N3 from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import type { QuadSource } from '../quads.js';
import { ns } from '../vocab.js';
import { consistencyResults } from './consistency.js';
import { literalResults } from './literals.js';
import { subclassesOf, type UnionSource } from './run.js';
import { compareResults, type createValidator, type Focus, type ValidationReport, type ValidationResult } from './shacl.js';

const { namedNode } = N3.DataFactory;
const key = (t: Term) => N3.termToId(t as N3.Term);
const RDF_TYPE = namedNode(ns.rdf + 'type');
const sh = (local: string) => namedNode(ns.sh + local);
/** Results of checks over the whole data (consistency.ts): computed again in full each time. */
const GLOBAL: readonly string[] = ['SlugMatchesCode', 'UniqueCode'];

/**
 * Nodes whose results may differ after a change: the subjects and objects of the statements it
 * touches, and the nodes that link to a touched subject (shapes read a value's types and
 * properties one step away: sh:class, sh:node, qualified value shapes). Before and after both,
 * so that a link the change removes still counts.
 */
export function affectedNodes(touched: Iterable<Quad>, before: QuadSource, after: QuadSource): Map<string, Term> {
  const out = new Map<string, Term>();
  const subjects = new Map<string, Term>();
  for (const q of touched) {
    out.set(key(q.subject), q.subject);
    subjects.set(key(q.subject), q.subject);
    if (q.object.termType !== 'Literal') out.set(key(q.object), q.object);
  }
  for (const s of subjects.values()) {
    for (const source of [before, after]) for (const q of source.getQuads(null, null, s, null)) out.set(key(q.subject), q.subject);
  }
  return out;
}

/** Which of some nodes each shape targets in the data: what a full validation would have chosen. */
export function targetsOf(shapes: N3.Store): (nodes: Iterable<Term>, data: QuadSource) => Focus[] {
  const subclasses = (c: Term) => subclassesOf(shapes as unknown as QuadSource, c).map(key);
  const rules = shapes.getSubjects(null, null, null).flatMap((shape) => {
    const objects = (p: string) => shapes.getObjects(shape, sh(p), null);
    const classes = new Set(objects('targetClass').flatMap((c) => [...subclasses(c)]));
    // An implicit class target: a shape that is also a class.
    if (shapes.countQuads(shape, RDF_TYPE, namedNode(ns.rdfs + 'Class'), null)) for (const c of subclasses(shape)) classes.add(c);
    const rule = { shape, classes, subjectsOf: objects('targetSubjectsOf'), objectsOf: objects('targetObjectsOf'), nodes: new Set(objects('targetNode').map(key)) };
    return classes.size || rule.subjectsOf.length || rule.objectsOf.length || rule.nodes.size ? [rule] : [];
  });
  return (nodes, data) => {
    const list = [...nodes];
    return rules.map(({ shape, classes, subjectsOf, objectsOf, nodes: named }) => ({
      shape,
      nodes: list.filter((x) =>
        named.has(key(x)) ||
        (x.termType !== 'Literal' && data.getObjects(x, RDF_TYPE, null).some((t) => classes.has(key(t)))) ||
        subjectsOf.some((p) => data.countQuads(x, p, null, null) > 0) ||
        objectsOf.some((p) => data.countQuads(null, p, x, null) > 0)),
    })).filter((f) => f.nodes.length);
  };
}

export interface ChangeCheck {
  /** The full report after the change: the previous one with the affected nodes' results replaced. */
  report: ValidationReport;
  /** What the change itself brings: the affected nodes' results (what a 422 shows). */
  results: ValidationResult[];
}

export interface ChangeInput {
  validate: ReturnType<typeof createValidator>;
  targets: ReturnType<typeof targetsOf>;
  before: QuadSource;
  after: UnionSource;
  /** Statements the change removes or adds (more is harmless: more is validated). */
  touched: Iterable<Quad>;
  previous: ValidationReport;
  base: string;
  /** Nodes to validate again besides (a reload: the owners of results it could not carry over), with their blank nodes. */
  also?: Iterable<Term>;
}

export async function checkChange({ validate, targets, before, after, touched, previous, base, also = [] }: ChangeInput): Promise<ChangeCheck> {
  const affected = affectedNodes(touched, before, after);
  const todo = [...also];
  const seen = new Set<string>();
  while (todo.length) {
    const node = todo.pop()!;
    if (seen.has(key(node))) continue;
    seen.add(key(node));
    affected.set(key(node), node);
    for (const o of after.getObjects(node, null, null)) if (o.termType === 'BlankNode') todo.push(o);
  }
  const consistency = consistencyResults(after, base);
  if (!validate.focused) {
    // An engine that validates everything: the full report, and of it what concerns the change.
    const full = await validate(after.union());
    const all = [...full.results, ...literalResults(after), ...consistency];
    return { report: { conforms: !all.some((r) => r.severity === 'Violation'), results: all }, results: all.filter((r) => affected.has(key(r.focusNode))) };
  }
  const shacl = await validate(after.union(), targets(affected.values(), after));
  const around = new N3.Store();
  for (const node of affected.values()) for (const q of after.getQuads(node, null, null, null)) around.addQuad(q as N3.Quad);
  const own = [...shacl.results, ...literalResults(around as unknown as QuadSource)];
  const kept = previous.results.filter((r) => !affected.has(key(r.focusNode)) && !GLOBAL.includes(r.constraint));
  const results = [...kept, ...own, ...consistency].sort(compareResults);
  return {
    report: { conforms: !results.some((r) => r.severity === 'Violation'), results },
    results: [...own, ...consistency.filter((r) => affected.has(key(r.focusNode)))].sort(compareResults),
  };
}
