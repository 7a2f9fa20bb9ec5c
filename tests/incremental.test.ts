// Validation in proportion to a change must say exactly what a full validation says: random
// edits (valid and invalid) to the bundled graphs, checked incrementally and in full.
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { beforeAll, expect, it } from 'vitest';
import { openProject, type Project } from '../src/pipeline.js';
import { PatchedSource } from '../src/store/writes.js';
import { checkChange, targetsOf } from '../src/validate/incremental.js';
import { shapesWithAxioms, storeValidator, withConsistency } from '../src/validate/run.js';
import { createValidator, type ValidationReport } from '../src/validate/shacl.js';
import { ns } from '../src/vocab.js';
import { BASE, bundledConfig } from './helpers.js';

const { namedNode, literal, quad } = N3.DataFactory;
let project: Project;
let full: ReturnType<typeof storeValidator>;
let focused: ReturnType<typeof createValidator>;
let targets: ReturnType<typeof targetsOf>;

beforeAll(async () => {
  project = await openProject(bundledConfig());
  full = storeValidator(project.shapes, project.store, 'shacl-engine');
  const shapes = shapesWithAxioms(project.shapes, project.store);
  focused = createValidator(shapes, 'shacl-engine');
  targets = targetsOf(shapes);
});

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s ^ (s >>> 15), 2246822507) + 0x6d2b79f5) >>> 0;
    return s % n;
  };
}

type Edit = (quads: Quad[], pick: (n: number) => number) => Quad[];
const date = (v: string) => literal(v, namedNode(ns.xsd + 'date'));
const subjects = (quads: Quad[]) => [...new Map(quads.map((q) => [q.subject.value, q.subject])).values()];
const EDITS: Record<string, Edit> = {
  'drop a statement': (q, pick) => q.filter((_, i) => i !== pick(q.length)),
  'drop a whole resource (what links to it dangles)': (q, pick) => {
    const s = subjects(q)[pick(subjects(q).length)]!;
    return q.filter((x) => !x.subject.equals(s));
  },
  'make a date impossible': (q, pick) => {
    const dates = q.filter((x) => x.object.termType === 'Literal' && (x.object as N3.Literal).datatype.value === ns.xsd + 'date');
    const d = dates[pick(dates.length)];
    return d ? q.map((x) => (x === d ? quad(x.subject, x.predicate, date('2021-02-30'), x.graph) : x)) : q;
  },
  'move a date': (q, pick) => q.map((x) => (x.predicate.value === ns.schema + 'startDate' && pick(3) === 0 ? quad(x.subject, x.predicate, date(`20${10 + pick(15)}-0${1 + pick(9)}-1${pick(9)}`), x.graph) : x)),
  'add a goal, real or not': (q, pick) => {
    const a = q.find((x) => x.object.value === `${BASE}def/Activity`);
    return a ? [...q, quad(a.subject, namedNode(ns.dct + 'subject'), namedNode(`${ns.sdg}${1 + pick(19)}`), a.graph)] : q;
  },
  'link to a place nobody described': (q) => {
    const a = q.find((x) => x.object.value === `${BASE}def/Activity`);
    return a ? [...q, quad(a.subject, namedNode(ns.schema + 'location'), namedNode(`${BASE}id/place/nekur`), a.graph)] : q;
  },
  'drop a type': (q, pick) => {
    const types = q.filter((x) => x.predicate.value === ns.rdf + 'type');
    const t = types[pick(types.length)];
    return q.filter((x) => x !== t);
  },
  'give two municipalities one code': (q) => {
    const codes = q.filter((x) => x.predicate.value === ns.skos + 'notation');
    return codes.length > 1 ? q.map((x) => (x === codes[1] ? quad(x.subject, x.predicate, codes[0]!.object, x.graph) : x)) : q;
  },
};

const qkey = (q: Quad) => [q.subject, q.predicate, q.object].map((t) => N3.termToId(t as N3.Term)).join(' ');
const canonical = (report: ValidationReport) =>
  report.results.map((r) => [r.severity, N3.termToId(r.focusNode as N3.Term), r.path, r.value && N3.termToId(r.value as N3.Term), r.constraint, r.shape?.value, r.message].join(' | ')).sort();

it('reports after random edits exactly what a full validation reports', async () => {
  const names = Object.keys(EDITS);
  const graphs = ['letter', 'municipalities', 'annotations'].map((g) => namedNode(`${BASE}graph/${g}`));
  let invalid = 0;
  for (let seed = 1; seed <= 16; seed++) {
    const pick = random(seed);
    const graph = graphs[pick(graphs.length)]!;
    const before = project.store.getQuads(null, null, null, graph);
    let content: Quad[] = before;
    const applied: string[] = [];
    for (let k = 0; k <= pick(3); k++) {
      const name = names[pick(names.length)]!;
      applied.push(name);
      content = EDITS[name]!(content, pick);
    }
    const after = new PatchedSource(project.store, graph, content);
    const keys = new Set(content.map((q) => qkey(q)));
    const was = new Set(before.map((q) => qkey(q)));
    const touched = [...before.filter((q) => !keys.has(qkey(q))), ...content.filter((q) => !was.has(qkey(q)))];
    const incremental = await checkChange({ validate: focused, targets, before: project.store, after, touched, previous: project.report, base: BASE });
    const expected = withConsistency(await full(after), after, BASE);
    expect(canonical(incremental.report), `seed ${seed}: ${applied.join(', ')} in ${graph.value}`).toEqual(canonical(expected));
    expect(incremental.report.conforms).toBe(expected.conforms);
    if (!expected.conforms) invalid++;
  }
  // The edits reach both outcomes.
  expect(invalid).toBeGreaterThan(3);
  expect(invalid).toBeLessThan(16);
});
