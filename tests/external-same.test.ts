// The same HTTP answers from an external store (serve --store sparql: the server holds none of the
// data and asks the store) as from the embedded one, for the bundled data and a generated
// project: every representation of a sample of resources, the API, the site's documents, the
// dumps and a set of SPARQL queries, byte for byte once blank-node labels are numbered in order
// of appearance (and the dumps' lines sorted: each store writes them in its own order). Each
// project has a base IRI of its own, so that its versions in the store are apart from those of
// tests/external.test.ts, which runs beside this file.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, projectRoot } from '../src/config.js';
import { generateProject } from '../src/generate.js';
import { createApp, type App } from '../src/http/app.js';
import { openRemoteApp } from '../src/http/open.js';
import { openProject, type Project } from '../src/pipeline.js';
import { publishedGraphs } from '../src/store/dataset.js';
import { RemoteStore } from '../src/store/remote.js';
import { pushVersion, versionName } from '../src/store/versions.js';
import { tempDir } from './helpers.js';

const STORE = process.env.SDG_LOD_TEST_STORE;
if (!STORE && process.env.CI === 'true') throw new Error('no external store: .ci/run starts Virtuoso and sets SDG_LOD_TEST_STORE');
const ENV = { SDG_LOD_QUERY_ENDPOINT: `${STORE}/sparql`, SDG_LOD_GRAPH_STORE_ENDPOINT: `${STORE}/sparql-graph-crud-auth`, SDG_LOD_STORE_USER: 'dba', SDG_LOD_STORE_PASSWORD: 'dba' };

/** Blank-node labels numbered in order of appearance, in every syntax we write. */
export function normalised(text: string): string {
  const seen = new Map<string, string>();
  const label = (l: string) => seen.get(l) ?? (seen.set(l, `b${seen.size}`), `b${seen.size - 1}`);
  return text.replace(/_:([A-Za-z0-9_.-]*[A-Za-z0-9_-])/g, (_, l: string) => `_:${label(l)}`).replace(/rdf:nodeID="([^"]+)"/g, (_, l: string) => `rdf:nodeID="${label(l)}"`);
}

const FORMATS = ['text/turtle', 'application/ld+json', 'application/n-triples', 'application/rdf+xml', 'text/html'];

interface Pair {
  embedded: App;
  external: App;
  base: string;
  project: Project;
}

/** `pageRows`: the external store read in pages this small, so that listings take many. */
async function pair(root: string, base: string, pageRows?: number, graphRows?: number): Promise<Pair> {
  // Each app's var/ in the run's scratch folder: never in the project folder (the bundled one is the repository).
  const vars = await tempDir('same-var-');
  const config = loadConfig({ root, base, importDir: join(vars, 'embedded'), validationCache: true }, ENV);
  const project = await openProject(config);
  await pushVersion(new RemoteStore(config.external!), project.store, publishedGraphs(project.store, base), base, versionName('same'), { modified: project.version.modified, key: project.key, prefixes: project.prefixes });
  const embedded = createApp(project);
  const external = await openRemoteApp(loadConfig({ root, base, importDir: join(vars, 'external'), store: 'sparql' }, ENV), undefined, { pageRows, graphRows });
  return { embedded, external, base, project };
}

async function answer(app: App, url: string, accept: string) {
  const res = await app.handle({ method: 'GET', url, headers: { accept, 'accept-language': 'lv' } });
  const body = res.body?.toString('utf8') ?? '';
  const type = res.headers['content-type'];
  // Lines sorted by their labels come in another order once the labels differ: compared without them.
  const lines = type?.startsWith('application/n-triples') ? body.replace(/_:[A-Za-z0-9_.-]*[A-Za-z0-9_-]/g, '_:b').split('\n').sort().join('\n') : normalised(body);
  // The dumps hold the same statements (sameDumps), each store's in its own order: their sizes differ.
  if (url.startsWith('/catalog')) return { status: res.status, type, location: res.headers.location, lastModified: res.headers['last-modified'], body: lines.replace(/(?<=[">])\d{5,}(?=["<])/g, 'N') };
  return { status: res.status, type, location: res.headers.location, lastModified: res.headers['last-modified'], body: lines };
}

/** Both apps asked the same: status, type, redirect, date and body equal. Four URLs at a time (the store answers several at once). */
async function same(p: Pair, urls: readonly string[], accepts = FORMATS) {
  const differ: string[] = [];
  const queue = [...urls];
  const one = async (url: string) => {
    for (const accept of accepts) {
      const [a, b] = await Promise.all([answer(p.embedded, url, accept), answer(p.external, url, accept)]);
      expect(a.status, `${url} ${accept}`).toBeLessThan(500);
      if (JSON.stringify(a) !== JSON.stringify(b)) differ.push(`${url} (${accept})`);
      expect(b, `${url} as ${accept}`).toEqual(a);
    }
  };
  await Promise.all(Array.from({ length: 4 }, async () => {
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) await one(url);
  }));
  return differ.sort();
}

const QUERIES = [
  'SELECT ?goal (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <{base}def/Activity> ; <http://purl.org/dc/terms/subject> ?goal } GROUP BY ?goal ORDER BY DESC(?n) STR(?goal)',
  'SELECT ?a ?start WHERE { ?a <http://schema.org/startDate> ?start } ORDER BY ?start STR(?a) LIMIT 50',
  'SELECT ?m ?name WHERE { ?m a <{base}def/Municipality> ; <http://schema.org/name> ?name FILTER(LANG(?name) = "lv") } ORDER BY STR(?m) LIMIT 40',
  'ASK { ?a <http://purl.org/dc/terms/subject> <http://metadata.un.org/sdg/11> }',
  'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }',
];

async function sameQueries(p: Pair) {
  for (const q of QUERIES) {
    const url = `/sparql?query=${encodeURIComponent(q.replaceAll('{base}', p.base))}`;
    const [a, b] = await Promise.all([answer(p.embedded, url, 'application/sparql-results+json'), answer(p.external, url, 'application/sparql-results+json')]);
    expect(a.status, q).toBe(200);
    expect(b, q).toEqual(a);
  }
}

/** The dump's statements, each store's order aside. */
async function sameDumps(p: Pair) {
  await p.embedded.warm();
  await p.external.warm();
  for (const path of ['/dumps/sdg-lod.nq', '/dumps/sdg-lod.nt']) {
    const [a, b] = await Promise.all([p.embedded, p.external].map(async (app) => {
      const res = await app.handle({ method: 'GET', url: path, headers: {} });
      // Blank nodes' labels are each store's own: the lines compared without them.
      return res.file ? (await readFile(res.file.path, 'utf8')).replace(/_:[A-Za-z0-9_.-]*[A-Za-z0-9_-]/g, '_:b').split('\n').sort() : [];
    }));
    expect(a!.length, path).toBeGreaterThan(1000);
    expect(b, path).toEqual(a);
  }
}

describe.skipIf(!STORE)('an external store answers as the embedded one', () => {
  describe('the bundled data', () => {
    let p: Pair;
    beforeAll(async () => {
      p = await pair(projectRoot, 'http://localhost:8080/same/');
    }, 60_000);
    afterAll(async () => {
      await p?.embedded.close();
      await p?.external.close();
    }, 60_000);

    it('every description of a sample of resources, in the five formats', async () => {
      const paths = await p.embedded.handle({ method: 'GET', url: '/sitemap.xml', headers: {} }).then((r) => [...String(r.body).matchAll(/<loc>[^<]*?\/doc\/([^<]+)\.html<\/loc>/g)].map((m) => m[1]!));
      expect(paths.length).toBeGreaterThan(100);
      // Every kind of resource, and every twentieth of the rest.
      const kinds = new Map<string, string>();
      for (const path of paths) kinds.set(path.split('/')[0]!, kinds.get(path.split('/')[0]!) ?? path);
      const sample = [...new Set([...kinds.values(), 'sdg/11', 'sdg/11.3', 'municipality/lv-0620200', ...paths.filter((_, i) => i % 20 === 0)])];
      expect(await same(p, sample.flatMap((path) => [`/doc/${path}`, `/id/${path}`]).filter((u) => !u.startsWith('/id/sdg/')))).toEqual([]);
    }, 60_000);

    it('the API, the site\'s documents and pages, and what is not there', async () => {
      const api = ['/api/activities', '/api/activities?from=2020-01-01&to=2021-06-30&limit=3&page=2', '/api/goals/11/activities', '/api/goals/4/activities?format=ttl',
        '/api/targets/11.3/activities', '/api/municipalities/lv-0620200/activities', '/api/municipalities/lv-0620200/goals', '/api/goals/co-occurrence', '/api/municipalities/xx-0/goals',
        '/api/reports', '/api/reports/goals-by-year', '/api/reports/targets-by-year', '/api/reports/organisations-by-year', '/api/reports/municipalities-by-year', '/api/reports/goals-not-addressed', '/api/reports/sectors-by-activity'];
      expect(await same(p, api, ['application/json', 'text/turtle'])).toEqual([]);
      await p.embedded.warm();
      await p.external.warm();
      const reports = ['/reports/', '/reports/goals-by-year', '/reports/targets-by-year.csv', '/reports/organisations-by-year', '/reports/municipalities-by-year.csv', '/reports/goals-not-addressed', '/reports/sectors-by-activity', '/reports/sectors-by-activity.csv'];
      const site = [...reports, '/', '/catalog', '/.well-known/void', '/sparql', '/def/', '/shapes/', '/sitemap.xml', '/search?q=kuld', '/graph/letter', '/id/nothing/here', '/changes',
        // A path that would write the rest of a query if it went in as it is.
        '/doc/activity/x%3E%20%3Fp%20%3Fo%20%7D%20SERVICE%20%3Chttp://127.0.0.1:9/%3E%20%7B', '/id/activity/a%22b', '/search?q=%3E%22%7D'];
      expect(await same(p, site)).toEqual([]);
    }, 60_000);

    it('the same SPARQL answers and the same dumps', async () => {
      await sameQueries(p);
      await sameDumps(p);
    }, 60_000);
  });

  describe('a generated project', () => {
    let p: Pair;
    beforeAll(async () => {
      const root = join(await tempDir('same-'), 'generated');
      await generateProject(root, { activities: 400, seed: 7, from: projectRoot });
      // Listings in pages of 97 rows, graphs in pages of 1,500 statements: many pages of each.
      p = await pair(root, 'http://localhost:8080/generated/', 97, 1500);
    }, 120_000);
    afterAll(async () => {
      await p?.embedded.close();
      await p?.external.close();
    }, 60_000);

    it('descriptions, listings past a page, pages and queries', async () => {
      const listing = JSON.parse((await answer(p.embedded, '/api/activities?limit=100&page=3', 'application/json')).body) as { items: { id: string }[]; total: number };
      expect(listing.total).toBe(400);
      const activities = listing.items.filter((_, i) => i % 10 === 0).map((a) => a.id.slice(p.base.length + 3));
      expect(await same(p, [...activities.map((a) => `/doc/${a}`), '/doc/sdg/4', '/doc/sdg/11.3', '/doc/municipality/lv-0620200'])).toEqual([]);
      expect(await same(p, ['/api/activities?limit=100&page=4', '/api/goals/3/activities?from=2020-01-01', '/api/targets/4.7/activities', '/api/goals/co-occurrence', '/api/municipalities/lv-0620200/goals'], ['application/json', 'application/n-triples'])).toEqual([]);
      expect(await same(p, ['/', '/.well-known/void', '/search?q=nov'], ['text/html', 'text/turtle'])).toEqual([]);
      // The reports over 400 activities: many goals, targets and municipalities, every year.
      expect(await same(p, ['/reports/goals-by-year', '/reports/targets-by-year', '/reports/municipalities-by-year', '/reports/organisations-by-year', '/reports/goals-not-addressed', '/reports/sectors-by-activity'], ['text/html', 'text/csv', 'application/json'])).toEqual([]);
      await sameQueries(p);
      // Dumps read from the store in pages, each page taken before the next is asked for.
      await sameDumps(p);
    }, 60_000);
  });
});

describe('what Virtuoso changes, read back as it was', () => {
  const GEOMETRY = 'http://www.openlinksw.com/schemas/virtrdf#Geometry';
  it.each([
    ['POINT(43.299999237061 42.305000305176)', 'POINT(43.3 42.305)'],
    ['POLYGON((39.96 41.06,46.64 41.06,46.64 43.55,39.96 41.06))', 'POLYGON((39.96 41.06, 46.64 41.06, 46.64 43.55, 39.96 41.06))'],
    ['POINT(-24.620000839233 -56.794998168945)', 'POINT(-24.62 -56.795)'],
  ])('a geometry %s as the WKT literal %s', async (stored, loaded) => {
    const { fromStore } = await import('../src/store/remote-reader.js');
    const N3 = (await import('n3')).default;
    const term = fromStore(N3.DataFactory.literal(stored, N3.DataFactory.namedNode(GEOMETRY))) as import('n3').Literal;
    expect([term.value, term.datatype.value]).toEqual([loaded, 'http://www.opengis.net/ont/geosparql#wktLiteral']);
  });

  it.each([
    ['{"head":{"link":[],"vars":["n"]},"results":{"distinct":false,"ordered":true,"bindings":[{"n":{"type":"typed-literal","datatype":"http://www.w3.org/2001/XMLSchema#integer","value":"4"}}]}}',
      '{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","value":"4","datatype":"http://www.w3.org/2001/XMLSchema#integer"}}]}}'],
    ['{"head":{},"boolean":"1"}', '{"head":{},"boolean":true}'],
    ['{ "head": { "link": [] }, "boolean": 0 }', '{"head":{},"boolean":false}'],
    ['{"head":{"vars":["l"]},"results":{"bindings":[{"l":{"type":"literal","xml:lang":"lv","value":"Rīga"}}]}}', '{"head":{"vars":["l"]},"results":{"bindings":[{"l":{"type":"literal","value":"Rīga","xml:lang":"lv"}}]}}'],
  ])('SPARQL JSON %s as the W3C format writes it', async (virtuoso, w3c) => {
    const { w3cJson } = await import('../src/store/remote-pool.js');
    expect(w3cJson(virtuoso)).toBe(w3c);
  });
});
