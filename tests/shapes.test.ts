// Each shape rejects a small bad fixture with the right focus node, path and constraint.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ShaclEngine } from '../src/config.js';
import { BASE, openWith } from './helpers.js';

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
  ['activity-ends-before-start', ACT, `<${S}startDate>`, 'LessThanOrEquals', 'Violation'],
  ['activity-slug-without-date', `${BASE}id/activity/parbaude`, null, 'Pattern', 'Violation'],
  ['activity-unknown-goal', ACT, `<${DCT}subject>`, 'Class', 'Violation'],
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
const open = (engine: ShaclEngine) =>
  Promise.all(
    fixtures.map(async (f) => {
      const text = await readFile(join(import.meta.dirname, 'fixtures', 'invalid', `${f}.ttl`), 'utf8');
      return [f, await openWith({ [`zz-${f}.ttl`]: text }, [], { engine })] as const;
    }),
  );
const projects = new Map(await open('shacl-engine'));
const other = new Map(await open('rdf-validate-shacl'));

describe('each shape rejects its bad fixture', () => {
  it.each(cases)('%s: <%s> %s %s (%s)', (fixture, focus, path, constraint, severity) => {
    const { report, syntaxErrors } = projects.get(fixture)!;
    expect(syntaxErrors).toEqual([]);
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
    const stray = projects.get(fixture)!.report.results.filter((r) => r.severity === 'Violation' && !allowed.has(r.resource.value));
    expect(stray).toEqual([]);
  });

  // The two candidate engines must agree, or the choice between them would change what is published.
  it.each(fixtures)('%s: rdf-validate-shacl gives the same report', (fixture) => {
    const summary = (p: typeof projects) =>
      p.get(fixture)!.report.results.map((r) => `${r.severity} ${r.resource.value} ${r.path} ${r.constraint} ${r.value?.termType === 'BlankNode' ? '_' : r.value?.value}`).sort();
    expect(summary(other)).toEqual(summary(projects));
  });

  it('covers every named shape with at least one fixture', () => {
    const any = projects.values().next().value!;
    const named = any.shapes
      .getSubjects('http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'http://www.w3.org/ns/shacl#NodeShape', null)
      .filter((t) => t.termType === 'NamedNode')
      .map((t) => t.value);
    const covered = new Set([...projects.values()].flatMap((p) => p.report.results.map((r) => r.shape?.value)));
    // QuoteOnSource has no target of its own: it is the qualified shape of an annotation's target.
    expect(named.filter((n) => !covered.has(n) && !n.endsWith('/QuoteOnSource')).sort()).toEqual([]);
    expect(covered.has(undefined)).toBe(true); // the code-level consistency checks are exercised too
  });

  it('locates the resource in the fixture file, with its line', () => {
    const result = projects.get('activity-no-start-date')!.report.results[0]!;
    expect(result.file).toBe('data/zz-activity-no-start-date.ttl');
    expect(result.line).toBe(21);
  });
});
