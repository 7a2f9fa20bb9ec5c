// Search engines: the schema.org description embedded in every page of the bundled data, served
// by the real app over HTTP, read with the real JSON-LD library and checked against schema.org's
// own vocabulary definitions (tests/schema-org.ts; the rules in docs/data-model.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/app.js';
import { openProject } from '../src/pipeline.js';
import { BASE, bundledConfig, serve } from './helpers.js';
import { checkDocument, flattened, loadVocabulary, SchemaChecker, schemaName, type Finding } from './schema-org.js';

const vocab = loadVocabulary();
const checker = new SchemaChecker(vocab);

let origin: string;
let close: () => Promise<void>;
/** Each page's path (from the sitemap) and the JSON-LD it embeds, if any. */
const pages = new Map<string, object | undefined>();

beforeAll(async () => {
  ({ origin, close } = await serve(createApp(await openProject(bundledConfig()))));
  const sitemap = await (await fetch(`${origin}/sitemap.xml`)).text();
  const paths = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!.replace(BASE, '/'));
  for (const path of paths) {
    const res = await fetch(`${origin}${path}`, { headers: { accept: 'text/html' } });
    expect(res.status, path).toBe(200);
    const embedded = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(await res.text())?.[1];
    pages.set(path, embedded ? (JSON.parse(embedded) as object) : undefined);
  }
});
afterAll(() => close());

const kindOf = (path: string) => /^\/doc\/([^/]+)\//.exec(path)?.[1] ?? path;

it('is checked against a pinned schema.org release, from its official file', () => {
  expect(vocab.source).toMatchObject({ repository: 'schemaorg/schemaorg', path: `data/releases/${vocab.source.release}/schemaorg-current-https.jsonld` });
  expect(vocab.source.sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(vocab.all.classes.length + vocab.all.properties.length).toBeGreaterThan(2000);
});

it('finds the embedded JSON-LD on every page about a resource, of every kind', () => {
  const kinds = new Set([...pages].filter(([, doc]) => doc).map(([path]) => kindOf(path)));
  for (const kind of ['activity', 'organization', 'place', 'municipality', 'document', 'video', 'recommendation']) expect(kinds, kind).toContain(kind);
  for (const [path, doc] of pages) if (path.startsWith('/doc/')) expect(doc, path).toBeDefined();
});

it("every page's embedded JSON-LD passes schema.org's structure", async () => {
  const findings: (Finding & { page: string })[] = [];
  for (const [page, doc] of pages) if (doc) for (const f of await checkDocument(doc, checker)) findings.push({ page, ...f });
  expect(findings).toEqual([]);
});

it('describes every activity as an Event with name, startDate, location or eventAttendanceMode, organizer', async () => {
  const activities = [...pages].filter(([path]) => kindOf(path) === 'activity');
  expect(activities.length).toBeGreaterThanOrEqual(8);
  for (const [path, doc] of activities) {
    const nodes = await flattened(doc!);
    const self = nodes.find((n) => n['@id'] === `${BASE}id/${path.slice('/doc/'.length, -'.html'.length)}`);
    const types = (self?.['@type'] ?? []).map(schemaName).filter((t): t is string => !!t);
    expect(types.some((t) => checker.ancestors(t).has('Event')), path).toBe(true);
  }
});

describe('the checker catches what schema.org does not allow', () => {
  // A valid event, then one change each: the finding expected of it.
  const event = (extra: Record<string, unknown> = {}, drop: string[] = []) => {
    const node: Record<string, unknown> = {
      '@context': { '@vocab': 'http://schema.org/', xsd: 'http://www.w3.org/2001/XMLSchema#' },
      '@id': 'http://example.org/e', '@type': 'EducationEvent',
      name: { '@value': 'Seminārs', '@language': 'lv' },
      startDate: { '@value': '2021-05-12', '@type': 'xsd:date' },
      eventAttendanceMode: { '@id': 'http://schema.org/OnlineEventAttendanceMode' },
      organizer: { '@id': 'http://example.org/lps', '@type': 'Organization', name: 'LPS' },
      location: { '@id': 'http://example.org/riga', '@type': 'Place', name: 'Rīga', containedInPlace: { '@id': 'http://example.org/m', '@type': 'AdministrativeArea', name: 'Rīga' } },
      'http://purl.org/dc/terms/subject': { '@id': 'http://metadata.un.org/sdg/13' },
      ...extra,
    };
    for (const d of drop) delete node[d];
    return node;
  };

  it('passes the valid event (terms of other vocabularies ignored; a plain ISO date, an https IRI)', async () => {
    expect(await checkDocument(event(), checker)).toEqual([]);
    expect(await checkDocument(event({ startDate: '2021-05-12', '@type': 'https://schema.org/Event' }), checker)).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string[], RegExp]>([
    ['a made-up property', { organiser: { '@id': 'http://example.org/lps' } }, [], /^schema:organiser is not a property of schema\.org 30\.0$/],
    ['a made-up type', { '@type': ['EducationEvent', 'Webinar'] }, [], /^schema:Webinar is not a type of schema\.org 30\.0$/],
    ['a class used as a property', { Place: 'x' }, [], /^schema:Place is not a property in schema\.org 30\.0 \(it is a type\)$/],
    ['a superseded property', { 'http://schema.org/map': { '@id': 'http://example.org/map' } }, [], /^schema:map is superseded by schema:hasMap$/],
    ['a property on the wrong type', { foundingDate: { '@value': '2021-05-12', '@type': 'xsd:date' } }, [], /^schema:foundingDate is not for EducationEvent \(its domain: Organization/],
    ['a literal where a thing is expected', { organizer: 'LPS' }, [], /^the literal "LPS" is Text \(its range: Organization, Person\)$/],
    ['a thing of a type out of range', { organizer: { '@id': 'http://example.org/riga2', '@type': 'Place', name: 'Rīga' } }, [], /^<http:\/\/example\.org\/riga2> is Place \(its range: Organization, Person\)$/],
    ['an untyped reference where no URL is allowed', { organizer: { '@id': 'http://example.org/lps' } }, [], /^<http:\/\/example\.org\/lps> has no schema\.org type in this document/],
    ['a date of the wrong datatype', { startDate: { '@value': '2021', '@type': 'xsd:integer' } }, [], /^the literal "2021"\^\^<http:\/\/www\.w3\.org\/2001\/XMLSchema#integer> is Integer \(its range: Date, DateTime\)$/],
    ['a date that is no date', { startDate: '12.05.2021.' }, [], /^the literal "12\.05\.2021\." is Text \(its range: Date, DateTime\)$/],
    ['an xsd:date whose lexical form is wrong', { startDate: { '@value': '2021-13-01', '@type': 'xsd:date' } }, [], /is no schema\.org data type \(its range: Date, DateTime\)$/],
    ['an enumeration value of another enumeration', { eventAttendanceMode: { '@id': 'http://schema.org/InStock' } }, [], /^<http:\/\/schema\.org\/InStock> has no schema\.org type in this document/],
    ['an event with no start date', {}, ['startDate'], /^an event without startDate$/],
    ['an event with no organizer', {}, ['organizer'], /^an event without organizer$/],
    ['an event with neither location nor attendance mode', {}, ['location', 'eventAttendanceMode'], /^an event without location or eventAttendanceMode$/],
    ['an organizer with no name', { organizer: { '@id': 'http://example.org/lps', '@type': 'Organization' } }, [], /^its organizer <http:\/\/example\.org\/lps> has no name in this document$/],
    ['a schema.org property on an untyped node', { location: { '@id': 'http://example.org/x', name: 'X' } }, [], /^schema:name on a node with no schema\.org type/],
  ])('%s', async (_, extra, drop, expected) => {
    const findings = await checkDocument(event(extra, drop), checker);
    expect(findings.map((f) => f.message), JSON.stringify(findings)).toContainEqual(expect.stringMatching(expected));
  });
});
