// The catalogue as harvesters read it: data.europa.eu's metadata quality indicators (MQA), each
// checked on the served catalogue over real HTTP, with the links it gives followed; and one
// dataset, the same in the SPARQL endpoint, the VoID statistics and the dumps.
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/app.js';
import { openProject } from '../src/pipeline.js';
import { BASE, bundledConfig, serve } from './helpers.js';

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const AUTHORITY = 'http://publications.europa.eu/resource/authority/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
/** File types data.europa.eu counts as machine-readable and non-proprietary, of those we use. */
const OPEN_MACHINE_READABLE = ['RDF_TURTLE', 'JSON_LD', 'RDF_N_TRIPLES', 'RDF_N_QUADS', 'RDF_XML', 'SPARQLQ'].map((f) => `${AUTHORITY}file-type/${f}`);

let origin: string;
let close: () => Promise<void>;
let catalogue: N3.Store;

beforeAll(async () => {
  ({ origin, close } = await serve(createApp(await openProject(bundledConfig()))));
  catalogue = new N3.Store(new N3.Parser().parse(await (await fetch(`${origin}/catalog`, { headers: { accept: 'text/turtle' } })).text()));
});
afterAll(() => close());

const values = (s: string, p: string) => catalogue.getObjects(s, p, null);
const typed = (t: string) => catalogue.getSubjects(RDF_TYPE, DCAT + t, null).map((s) => s.value);
/** Follows one of the catalogue's own links with a GET, as the MQA's checker does. */
const status = async (iri: string) => (await fetch(`${origin}/${iri.slice(BASE.length)}`, { redirect: 'manual' })).status;
const isDump = (d: string) => values(d, DCAT + 'downloadURL').length > 0;

describe('data.europa.eu metadata quality indicators', () => {
  type Check = (s: string) => boolean | Promise<boolean>;
  const has = (p: string): Check => (s) => values(s, p).length > 0;
  const from = (p: string, prefix: string): Check => (s) => values(s, p).length > 0 && values(s, p).every((o) => o.value.startsWith(prefix));
  // [dimension, indicator, what it is scored on, the check]
  const indicators: [string, string, 'dataset' | 'distribution' | 'dump', Check][] = [
    ['findability', 'keywords', 'dataset', has(DCAT + 'keyword')],
    ['findability', 'categories', 'dataset', has(DCAT + 'theme')],
    ['findability', 'geo search', 'dataset', has(DCT + 'spatial')],
    ['findability', 'time-based search', 'dataset', has(DCT + 'temporal')],
    ['accessibility', 'access URL answers 200', 'distribution', async (d) => (await Promise.all(values(d, DCAT + 'accessURL').map((u) => status(u.value)))).every((s) => s === 200)],
    ['accessibility', 'download URL given', 'dump', has(DCAT + 'downloadURL')],
    ['accessibility', 'download URL answers 200', 'dump', async (d) => (await Promise.all(values(d, DCAT + 'downloadURL').map((u) => status(u.value)))).every((s) => s === 200)],
    ['interoperability', 'format', 'distribution', has(DCT + 'format')],
    ['interoperability', 'media type', 'dump', has(DCAT + 'mediaType')],
    ['interoperability', 'format from the EU vocabulary', 'distribution', from(DCT + 'format', `${AUTHORITY}file-type/`)],
    ['interoperability', 'media type from IANA', 'dump', from(DCAT + 'mediaType', 'https://www.iana.org/assignments/media-types/')],
    ['interoperability', 'non-proprietary, machine-readable', 'distribution', (d) => values(d, DCT + 'format').every((f) => OPEN_MACHINE_READABLE.includes(f.value))],
    ['reusability', 'licence', 'distribution', has(DCT + 'license')],
    ['reusability', 'licence from the EU vocabulary', 'distribution', from(DCT + 'license', `${AUTHORITY}licence/`)],
    ['reusability', 'access restrictions', 'dataset', has(DCT + 'accessRights')],
    ['reusability', 'access restrictions from the EU vocabulary', 'dataset', from(DCT + 'accessRights', `${AUTHORITY}access-right/`)],
    ['reusability', 'contact point', 'dataset', has(DCAT + 'contactPoint')],
    ['reusability', 'publisher', 'dataset', has(DCT + 'publisher')],
    ['contextuality', 'rights', 'distribution', (d) => values(d, DCT + 'rights').some((r) => catalogue.countQuads(r, RDF_TYPE, DCT + 'RightsStatement', null) > 0)],
    ['contextuality', 'file size', 'dump', (d) => values(d, DCAT + 'byteSize').some((b) => (b as N3.Literal).datatype.value.endsWith('#nonNegativeInteger') && Number(b.value) > 1000)],
    ['contextuality', 'date of issue', 'distribution', has(DCT + 'issued')],
    ['contextuality', 'modification date', 'distribution', has(DCT + 'modified')],
    ['contextuality', 'date of issue', 'dataset', has(DCT + 'issued')],
    ['contextuality', 'modification date', 'dataset', has(DCT + 'modified')],
  ];
  it.each(indicators)('%s: %s, on every %s', async (_dimension, _indicator, on, check) => {
    const subjects = on === 'dataset' ? typed('Dataset') : typed('Distribution').filter((d) => on === 'distribution' || isDump(d));
    expect(subjects.length).toBeGreaterThan(0);
    const failing = [];
    for (const s of subjects) if (!(await check(s))) failing.push(s);
    expect(failing).toEqual([]);
  });

  it('gives each dump its size in bytes as it is served', async () => {
    for (const d of typed('Distribution').filter(isDump)) {
      const url = values(d, DCAT + 'downloadURL')[0]!.value;
      const res = await fetch(`${origin}/${url.slice(BASE.length)}`, { headers: { 'accept-encoding': 'identity' } });
      expect(values(d, DCAT + 'byteSize')[0]!.value).toBe(res.headers.get('content-length'));
    }
  });

  it('places every country the dataset covers by a bounding box and a centroid within it', () => {
    const countries = values(`${BASE}id/dataset/sdg-lod`, DCT + 'spatial');
    expect(countries.map((c) => c.value.slice(-3)).sort()).toEqual(['GEO', 'LVA', 'UKR']);
    for (const c of countries) {
      const [bbox] = values(c.value, DCAT + 'bbox');
      const [centroid] = values(c.value, DCAT + 'centroid');
      expect((bbox as N3.Literal).datatype.value).toBe('http://www.opengis.net/ont/geosparql#wktLiteral');
      const corners = /^POLYGON\(\(([\d. ,]+)\)\)$/.exec(bbox!.value)![1]!.split(', ').map((p) => p.split(' ').map(Number));
      const [x, y] = /^POINT\(([\d.]+) ([\d.]+)\)$/.exec(centroid!.value)!.slice(1).map(Number) as [number, number];
      expect(x).toBeGreaterThan(Math.min(...corners.map((p) => p[0]!)));
      expect(x).toBeLessThan(Math.max(...corners.map((p) => p[0]!)));
      expect(y).toBeGreaterThan(Math.min(...corners.map((p) => p[1]!)));
      expect(y).toBeLessThan(Math.max(...corners.map((p) => p[1]!)));
    }
  });
});

describe('one definition of the published dataset', () => {
  const count = (quads: Quad[]) => {
    const perGraph = new Map<string, number>();
    for (const q of quads) perGraph.set(q.graph.value, (perGraph.get(q.graph.value) ?? 0) + 1);
    return perGraph;
  };

  it('has the same graphs and the same number of statements in each, in the dumps, VoID and the endpoint', async () => {
    const dump = count(new N3.Parser({ format: 'N-Quads' }).parse(await (await fetch(`${origin}/dumps/sdg-lod.nq`)).text()));
    const voidQuads = new N3.Store(new N3.Parser().parse(await (await fetch(`${origin}/.well-known/void`, { headers: { accept: 'text/turtle' } })).text()));
    const subsets = new Map(voidQuads.getSubjects('http://www.w3.org/ns/sparql-service-description#name', null, null).map((s) => [
      voidQuads.getObjects(s, 'http://www.w3.org/ns/sparql-service-description#name', null)[0]!.value,
      Number(voidQuads.getObjects(s, 'http://rdfs.org/ns/void#triples', null)[0]!.value),
    ]));
    const query = 'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g';
    const json = (await (await fetch(`${origin}/sparql?${new URLSearchParams({ query })}`)).json()) as { results: { bindings: { g: { value: string }; n: { value: string } }[] } };
    const endpoint = new Map(json.results.bindings.map((b) => [b.g.value, Number(b.n.value)]));
    expect([...dump.keys()].sort()).toEqual(['annotations', 'letter', 'municipalities', 'ontology', 'project', 'provenance', 'sdg'].map((g) => `${BASE}graph/${g}`));
    expect(new Map([...subsets].sort())).toEqual(new Map([...dump].sort()));
    expect(new Map([...endpoint].sort())).toEqual(new Map([...dump].sort()));
    const total = Number(voidQuads.getObjects(`${BASE}.well-known/void#dataset`, 'http://rdfs.org/ns/void#triples', null)[0]!.value);
    expect(total).toBe([...dump.values()].reduce((a, b) => a + b, 0));
    // The home page's count is the same dataset's.
    const home = await (await fetch(`${origin}/?lang=en`, { headers: { accept: 'text/html' } })).text();
    expect(home).toContain(` · ${total} triples · `);
  });
});
