// Each shape rejects a small bad fixture with the right focus node, path and constraint.
import { join } from 'node:path';
import N3 from 'n3';
import { describe, expect, it } from 'vitest';
import type { LoadedFile } from '../src/load/files.js';
import { parseFile } from '../src/load/parse.js';
import { openProject } from '../src/pipeline.js';
import { CompactStore } from '../src/store/compact.js';
import { locate, storeValidator, withConsistency } from '../src/validate/run.js';
import type { ValidationReport } from '../src/validate/shacl.js';
import { BASE, bundledConfig } from './helpers.js';

const S = 'http://schema.org/';
const DCT = 'http://purl.org/dc/terms/';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const SDGO = 'http://metadata.un.org/sdg/ontology#';
const SDG = 'http://metadata.un.org/sdg/';
const ACT = `${BASE}id/activity/2022-03-01-parbaude`;

// [fixture, focus (resource), path or null for the node itself, constraint, severity]
const cases: [string, string, string | null, string, 'Violation' | 'Warning'][] = [
  ['activity-no-start-date', ACT, `<${S}startDate>`, 'MinCount', 'Violation'],
  ['activity-date-not-typed', ACT, `<${S}startDate>`, 'Datatype', 'Violation'],
  ['activity-impossible-date', ACT, `<${S}startDate>`, 'Datatype', 'Violation'],
  ['activity-ends-before-start', ACT, `<${S}startDate>`, 'LessThanOrEquals', 'Violation'],
  ['activity-slug-without-date', `${BASE}id/activity/parbaude`, null, 'Pattern', 'Violation'],
  ['activity-unknown-goal', ACT, `<${DCT}subject>`, 'Or', 'Violation'],
  ['activity-unknown-goal', ACT, `<${DCT}subject>`, 'Pattern', 'Violation'],
  ['activity-no-english-title', ACT, `<${S}name>`, 'QualifiedMinCount', 'Warning'],
  ['activity-two-latvian-titles', ACT, `<${S}name>`, 'UniqueLang', 'Violation'],
  ['activity-misspelt-property', ACT, `<${S}startdate>`, 'Closed', 'Violation'],
  ['activity-unknown-kind', ACT, `<${DCT}type>`, 'In', 'Violation'],
  ['activity-no-organizer', ACT, `<${S}organizer>`, 'MinCount', 'Violation'],
  ['activity-no-source', ACT, '<http://www.w3.org/ns/prov#wasDerivedFrom>', 'MinCount', 'Violation'],
  ['activity-audience-without-type', ACT, `<${S}audienceType>`, 'MinCount', 'Violation'],
  ['municipality-short-atvk', `${BASE}id/municipality/lv-0099000`, `<${SKOS}notation>`, 'Or', 'Violation'],
  ['municipality-latvian-without-code', `${BASE}id/municipality/lv-0099000`, null, 'Or', 'Violation'],
  ['municipality-in-a-town', `${BASE}id/municipality/lv-0099000`, `<${S}containedInPlace>`, 'Class', 'Violation'],
  ['goal-padded-iri', `${SDG}05`, null, 'Pattern', 'Violation'],
  ['target-without-goal', `${SDG}18.1`, `<${SDGO}isTargetOf>`, 'MinCount', 'Violation'],
  ['goal-target-links-disagree', `${SDG}4`, `^<${SDGO}isTargetOf>`, 'Equals', 'Violation'],
  ['goal-target-links-disagree', `${SDG}5.1`, `<${SDGO}isTargetOf>`, 'MaxCount', 'Violation'],
  ['indicator-without-target', `${SDG}C130101`, `<${SDGO}isIndicatorOf>`, 'MinCount', 'Violation'],
  ['organization-no-latvian-name', `${BASE}id/organization/test`, `<${S}name>`, 'QualifiedMinCount', 'Violation'],
  ['organization-sector-not-iati', `${BASE}id/organization/test`, '<http://www.w3.org/ns/org#classification>', 'Node', 'Violation'],
  ['organization-two-sectors', `${BASE}id/organization/test`, '<http://www.w3.org/ns/org#classification>', 'MaxCount', 'Violation'],
  ['document-date-in-words', `${BASE}id/document/2022-02-test`, `<${S}dateCreated>`, 'Or', 'Violation'],
  ['recommendation-not-in-a-document', `${BASE}id/recommendation/test`, `<${S}isPartOf>`, 'MinCount', 'Violation'],
  ['figure-without-value', `${BASE}id/recommendation/test`, `<${S}value>`, 'MinCount', 'Violation'],
  ['annotation-without-quote', `${BASE}id/annotation/test`, '<http://www.w3.org/ns/oa#hasTarget>', 'QualifiedMinCount', 'Violation'],
  ['ontology-term-without-latvian', `${BASE}def/testProperty`, '<http://www.w3.org/2000/01/rdf-schema#label>', 'MinCount', 'Violation'],
  ['place-same-as-not-wikidata', `${BASE}id/place/test`, '<http://www.w3.org/2002/07/owl#sameAs>', 'Pattern', 'Violation'],
  ['campaign-without-latvian-name', `${BASE}id/event/test`, `<${S}name>`, 'QualifiedMinCount', 'Violation'],
  ['concept-without-scheme', `${BASE}def/activity-kind-test`, `<${SKOS}inScheme>`, 'MinCount', 'Violation'],
  ['town-outside-any-municipality', `${BASE}id/place/test`, null, 'Or', 'Violation'],
  ['source-dataset-without-name', `${BASE}id/document/test-dataset`, `<${S}name>`, 'MinCount', 'Violation'],
  ['work-without-latvian-title', `${BASE}id/work/test`, `<${S}name>`, 'QualifiedMinCount', 'Violation'],
  ['ontology-without-licence', `${BASE}def/other`, `<${DCT}license>`, 'MinCount', 'Violation'],
  ['webinar-held-offline', ACT, null, 'Or', 'Violation'],
  ['webinar-typed-publication', ACT, null, 'Or', 'Violation'],
  ['release-typed-education', ACT, null, 'Or', 'Violation'],
  ['municipality-slug-without-country', `${BASE}id/municipality/kuldiga`, null, 'Pattern', 'Violation'],
  ['municipality-code-mismatch', `${BASE}id/municipality/lv-0099000`, `<${SKOS}notation>`, 'SlugMatchesCode', 'Violation'],
  ['municipality-duplicate-code', `${BASE}id/municipality/lv-0033000-bis`, `<${SKOS}notation>`, 'UniqueCode', 'Violation'],
  ['municipality-duplicate-code', `${BASE}id/municipality/lv-0033000`, `<${SKOS}notation>`, 'UniqueCode', 'Violation'],
  ['place-slug-with-capitals', `${BASE}id/place/Rīga_X`, null, 'Pattern', 'Violation'],
  ['organization-elsewhere', `${BASE}id/org/test`, null, 'Pattern', 'Violation'],
  ['work-outside-the-base', 'https://other.example/rfsc', null, 'Pattern', 'Violation'],
  ['campaign-bad-slug', `${BASE}id/event/Test_Days`, null, 'Pattern', 'Violation'],
  ['annotation-bad-slug', `${BASE}id/annotation/Test`, null, 'Pattern', 'Violation'],
  ['video-without-source', `${BASE}id/video/test`, null, 'Or', 'Violation'],
  ['letter-without-sender', `${BASE}id/document/2022-02-test-letter`, `<${S}sender>`, 'MinCount', 'Violation'],
  ['country-without-latvian-name', 'http://publications.europa.eu/resource/authority/country/EST', `<${S}name>`, 'QualifiedMinCount', 'Violation'],
];

const fixtures = [...new Set(cases.map(([f]) => f))];
// The bundled project is loaded and its validator built once; each fixture is then validated
// together with it, as `validate` would with the fixture added to data/.
const base = await openProject(bundledConfig());
const ontology = N3.DataFactory.namedNode(`${BASE}graph/ontology`);
const read = (fixture: string) => parseFile(join(import.meta.dirname, 'fixtures', 'invalid', `${fixture}.ttl`), BASE);

/** The fixture's quads in a graph of their own, on top of `with` (quads of the bundled project). */
function storeOf(quads: Iterable<N3.Quad>, fixture: string, extra: readonly N3.Quad[]) {
  const store = new CompactStore();
  for (const q of quads) store.addQuad(q.subject, q.predicate, q.object, q.graph);
  for (const q of extra) store.addQuad(q.subject, q.predicate, q.object, N3.DataFactory.namedNode(`${BASE}graph/zz-${fixture}`));
  return store.freeze();
}

const validate = storeValidator(base.shapes, base.store, 'shacl-engine');
const projects = new Map(await Promise.all(fixtures.map(async (fixture) => {
  const { quads, prefixes } = await read(fixture);
  const store = storeOf(base.store, fixture, quads as N3.Quad[]);
  const loaded: LoadedFile = { file: join(import.meta.dirname, 'fixtures', 'invalid', `${fixture}.ttl`), role: 'data', graph: `${BASE}graph/zz-${fixture}`, hash: '', triples: quads.length, quads: [], prefixes };
  const report = withConsistency(await validate(store), store, BASE);
  return [fixture, locate(report, store, [...base.files, loaded], base.config)] as const;
})));

/**
 * The two engines, each given the same fixture with the ontology and the descriptions of the
 * bundled resources it names (not the rest, so the report also holds what the missing data
 * causes): both reports, in a form that compares.
 */
async function engineReports(fixture: string) {
  const { quads } = await read(fixture);
  const named = new Set(quads.flatMap((q) => [q.subject, q.object]).filter((t) => t.termType === 'NamedNode').map((t) => t.value));
  const support = [...base.store.getQuads(null, null, null, ontology), ...[...named].flatMap((iri) => base.store.getQuads(N3.DataFactory.namedNode(iri), null, null, null))];
  const store = storeOf(support, fixture, quads as N3.Quad[]);
  const summary = (report: ValidationReport) =>
    report.results.map((r) => `${r.severity} ${r.focusNode.termType === 'BlankNode' ? '_' : r.focusNode.value} ${r.path} ${r.constraint} ${r.value?.termType === 'BlankNode' ? '_' : r.value?.value}`).sort();
  return [summary(await engines['shacl-engine'](store)), summary(await engines['rdf-validate-shacl'](store))];
}
const engines = {
  'shacl-engine': storeValidator(base.shapes, base.store, 'shacl-engine'),
  'rdf-validate-shacl': storeValidator(base.shapes, base.store, 'rdf-validate-shacl'),
};

describe('each shape rejects its bad fixture', () => {
  it.each(cases)('%s: <%s> %s %s (%s)', (fixture, focus, path, constraint, severity) => {
    const report = projects.get(fixture)!;
    const match = report.results.filter(
      (r) =>
        r.resource.value === focus &&
        (r.path ?? null) === path &&
        (r.constraint === `${constraint}ConstraintComponent` || r.constraint === constraint) &&
        r.severity === severity,
    );
    expect(match, JSON.stringify(report.results.map((r) => [r.resource.value, r.path, r.constraint]))).not.toEqual([]);
    expect(match[0]!.message).not.toMatch(/ConstraintComponent$/); // a human message, not a bare id
    expect(match[0]!.message).not.toContain('{base}');
    expect(report.conforms).toBe(severity === 'Warning');
  });

  it.each(fixtures)('%s: violations concern only the fixture’s resources', (fixture) => {
    const allowed = new Set(cases.filter(([f]) => f === fixture).map(([, focus]) => focus));
    const stray = projects.get(fixture)!.results.filter((r) => r.severity === 'Violation' && !allowed.has(r.resource.value));
    expect(stray).toEqual([]);
  });

  // The two candidate engines must agree, or the choice between them would change what is published.
  it.each(fixtures)('%s: rdf-validate-shacl gives the same report as shacl-engine', async (fixture) => {
    const [ours, other] = await engineReports(fixture);
    expect(ours!.length).toBeGreaterThan(0);
    expect(other).toEqual(ours);
  });

  it('covers every named shape with at least one fixture', () => {
    const named = base.shapes
      .getSubjects('http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'http://www.w3.org/ns/shacl#NodeShape', null)
      .filter((t) => t.termType === 'NamedNode')
      .map((t) => t.value);
    const covered = new Set([...projects.values()].flatMap((p) => p.results.map((r) => r.shape?.value)));
    // QuoteOnSource has no target of its own: it is the qualified shape of an annotation's target.
    expect(named.filter((n) => !covered.has(n) && !n.endsWith('/QuoteOnSource')).sort()).toEqual([]);
    expect(covered.has(undefined)).toBe(true); // the code-level consistency checks are exercised too
  });

  it('locates the resource in the fixture file, with its line', () => {
    const result = projects.get('activity-no-start-date')!.results[0]!;
    expect(result.file).toBe('tests/fixtures/invalid/activity-no-start-date.ttl');
    expect(result.line).toBe(21);
  });
});
