// The SPARQL endpoint: the 1.1 Protocol, result formats, datasets, and the protections.
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import N3 from 'n3';
import { createApp, type App } from '../src/http/app.js';
import { listen } from '../src/http/server.js';
import { QueryPool } from '../src/store/query-pool.js';
import { queryForm, skeleton, tooComplex } from '../src/store/sparql-text.js';
import { openProject } from '../src/pipeline.js';
import { BASE, bundledConfig, scratch } from './helpers.js';

let server: Server;
let app: App;
let origin: string;

beforeAll(async () => {
  app = createApp(await openProject(bundledConfig()), { sparql: { timeoutMs: 1500, maxResultBytes: 200_000, workers: 2 } });
  server = await listen(app, 0, '127.0.0.1', undefined);
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await app.close();
});

const GOAL13 = `PREFIX dct: <http://purl.org/dc/terms/> PREFIX schema: <http://schema.org/>
SELECT ?activity WHERE { ?activity a <${BASE}def/Activity> ; dct:subject <http://metadata.un.org/sdg/13> ; schema:startDate ?d } ORDER BY ?d`;
const sparql = (params: Record<string, string | string[]>, init: RequestInit = {}) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of [v].flat()) search.append(k, x);
  return fetch(`${origin}/sparql?${search}`, init);
};

describe('the protocol', () => {
  it('answers GET ?query= with SPARQL JSON by default', async () => {
    const res = await sparql({ query: GOAL13 });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/sparql-results+json');
    const json = (await res.json()) as { head: { vars: string[] }; results: { bindings: { activity: { value: string } }[] } };
    expect(json.head.vars).toEqual(['activity']);
    expect(json.results.bindings.map((b) => b.activity.value.slice(-30))).toHaveLength(4);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it.each([
    ['application/x-www-form-urlencoded', new URLSearchParams({ query: GOAL13 }).toString()],
    ['application/sparql-query', GOAL13],
  ])('answers POST %s', async (type, body) => {
    const res = await fetch(`${origin}/sparql`, { method: 'POST', headers: { 'content-type': type, accept: 'text/csv' }, body });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('activity');
    expect(lines[1]).toBe(`${BASE}id/activity/2020-08-26-daba-balstiti-risinajumi`);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it.each([
    ['application/sparql-results+json', /"boolean":true/],
    ['application/sparql-results+xml', /<boolean>true<\/boolean>/],
  ])('answers ASK as %s', async (accept, pattern) => {
    const res = await sparql({ query: 'ASK { ?s ?p ?o }' }, { headers: { accept } });
    expect(await res.text()).toMatch(pattern);
  });

  it.each([
    ['text/tab-separated-values', '?activity\n<'],
    ['application/sparql-results+xml', '<variable name="activity"/>'],
    ['text/csv', 'activity\r\n'],
  ])('answers SELECT as %s', async (accept, start) => {
    const res = await sparql({ query: GOAL13 }, { headers: { accept } });
    expect(res.headers.get('content-type')!.split(';')[0]).toBe(accept);
    expect(await res.text()).toContain(start);
  });

  it.each(['text/turtle', 'application/n-triples', 'application/rdf+xml', 'application/ld+json', 'application/n-quads'])('answers CONSTRUCT as %s', async (accept) => {
    const res = await sparql({ query: `CONSTRUCT WHERE { <${BASE}id/place/riga> ?p ?o }` }, { headers: { accept } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')!.split(';')[0]).toBe(accept);
    expect(await res.text()).toContain('Rīga');
  });

  it('answers DESCRIBE as Turtle that parses', async () => {
    const res = await sparql({ query: `DESCRIBE <${BASE}id/organization/lps>` }, { headers: { accept: 'text/turtle' } });
    const quads = new N3.Parser().parse(await res.text());
    expect(quads.some((q) => q.object.value === 'Latvijas Pašvaldību savienība')).toBe(true);
  });

  it('queries the union of the named graphs by default, and each graph by GRAPH or the dataset parameters', async () => {
    const count = async (params: Record<string, string | string[]>) => {
      const res = await sparql(params);
      return Number(((await res.json()) as { results: { bindings: { n: { value: string } }[] } }).results.bindings[0]!.n.value);
    };
    const all = await count({ query: 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' });
    const letter = await count({ query: 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }', 'default-graph-uri': `${BASE}graph/letter` });
    const viaGraph = await count({ query: `SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${BASE}graph/letter> { ?s ?p ?o } }` });
    const named = await count({ query: 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }', 'named-graph-uri': `${BASE}graph/letter` });
    expect(letter).toBe(viaGraph);
    expect(named).toBe(letter);
    expect(all).toBeGreaterThan(letter);
  });

  it('takes the dataset from FROM and FROM NAMED, and from the protocol parameters over them', async () => {
    const count = async (params: Record<string, string | string[]>) => {
      const res = await sparql(params);
      expect(res.status).toBe(200);
      return Number(((await res.json()) as { results: { bindings: { n: { value: string } }[] } }).results.bindings[0]!.n.value);
    };
    const letter = await count({ query: `SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${BASE}graph/letter> { ?s ?p ?o } }` });
    expect(await count({ query: `SELECT (COUNT(*) AS ?n) FROM <${BASE}graph/letter> WHERE { ?s ?p ?o }` })).toBe(letter);
    expect(await count({ query: `SELECT (COUNT(*) AS ?n) FROM NAMED <${BASE}graph/letter> WHERE { GRAPH ?g { ?s ?p ?o } }` })).toBe(letter);
    expect(await count({ query: 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }', 'named-graph-uri': `${BASE}graph/letter` })).toBe(0);
    expect(await count({ query: `SELECT (COUNT(*) AS ?n) FROM <${BASE}graph/sdg> WHERE { ?s ?p ?o }`, 'default-graph-uri': `${BASE}graph/letter` })).toBe(letter);
  });

  it('reads the form after the prologue, and lets a variable be called ?service', async () => {
    const construct = await sparql({ query: `PREFIX ask: <http://example.org/> CONSTRUCT WHERE { <${BASE}id/place/riga> ?p ?o }` }, { headers: { accept: 'text/turtle' } });
    expect(construct.status).toBe(200);
    const service = await sparql({ query: 'SELECT ?service WHERE { BIND(1 AS ?service) }' });
    expect(service.status).toBe(200);
  });

  it('keeps typed literals, language tags and blank nodes in JSON results', async () => {
    const res = await sparql({ query: `SELECT ?d ?n ?b WHERE { <${BASE}id/activity/2021-05-12-tehnologijas-ir-atbilde> <http://schema.org/startDate> ?d ; <http://schema.org/name> ?n ; <http://schema.org/audience> ?b FILTER(lang(?n) = "lv") }` });
    const b = ((await res.json()) as { results: { bindings: Record<string, Record<string, string>>[] } }).results.bindings[0]!;
    expect(b.d).toEqual({ type: 'literal', value: '2021-05-12', datatype: 'http://www.w3.org/2001/XMLSchema#date' });
    expect(b.n).toMatchObject({ type: 'literal', 'xml:lang': 'lv' });
    expect(b.b!.type).toBe('bnode');
  });

  it('describes the service in RDF, and shows a query page to people', async () => {
    const sd = await (await fetch(`${origin}/sparql`, { headers: { accept: 'text/turtle' } })).text();
    expect(sd).toContain('sd:endpoint <http://localhost:8080/sparql>');
    expect(sd).toContain('sd:UnionDefaultGraph');
    const html = await (await fetch(`${origin}/sparql`, { headers: { accept: 'text/html' } })).text();
    expect(html).toContain('<textarea id="query"');
    expect(html).toContain('Goals that occur together');
  });
});

describe('protections', () => {
  it.each([
    ['a syntax error, with the parser’s position', { query: 'SELECT * WHERE { ?s ?p ?o ' }, 400, /SPARQL error: error at 1:\d+/],
    ['an update in query=', { query: 'INSERT DATA { <http://a> <http://b> <http://c> }' }, 400, /read-only/],
    ['an update after prefixes', { query: 'PREFIX ex: <http://example.org/> DELETE WHERE { ?s ?p ?o }' }, 400, /read-only/],
    ['update=', { update: 'CLEAR ALL' }, 400, /read-only/],
    ['a SERVICE call', { query: 'SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }' }, 400, /SERVICE calls/],
    ['a SERVICE call without a space', { query: 'SELECT * WHERE { SERVICE<http://example.org/sparql> { ?s ?p ?o } }' }, 400, /SERVICE calls/],
    ['a SERVICE call to the empty prefix', { query: 'PREFIX : <http://example.org/> SELECT * WHERE { SERVICE :sparql { ?s ?p ?o } }' }, 400, /SERVICE calls/],
    ['a SERVICE call after a comment a CR ends', { query: 'SELECT * WHERE { # x\rSERVICE <http://example.org/sparql> { ?s ?p ?o } }' }, 400, /SERVICE calls/],
    ['an empty query', { query: '  ' }, 400, /empty/],
  ])('refuses %s', async (_name, params, status, message) => {
    const res = await sparql(params);
    expect(res.status).toBe(status);
    expect(await res.text()).toMatch(message);
  });

  it.each([
    ['FROM <g>', 'SELECT (COUNT(*) AS ?n) FROM <http://example.org/nothing> WHERE { ?s ?p ?o }'],
    ['FROM<g> without a space', 'SELECT (COUNT(*) AS ?n) FROM<http://example.org/nothing> WHERE { ?s ?p ?o }'],
    ['FROM the empty prefix', 'PREFIX : <http://example.org/> SELECT (COUNT(*) AS ?n) FROM :nothing WHERE { ?s ?p ?o }'],
  ])('keeps the dataset a query names with %s (not the union of every graph)', async (_name, query) => {
    const res = await sparql({ query, format: 'csv' });
    expect(await res.text()).toBe('n\r\n0\r\n');
  });

  it.each([
    ['1,600 nested parentheses', `SELECT * WHERE { FILTER(${'('.repeat(1600)}1${')'.repeat(1600)}) }`, /\d+ brackets, braces and parentheses nested, more than 64; write it flatter/],
    ['nested groups', `SELECT * WHERE ${'{ '.repeat(100)}${'} '.repeat(100)}`, /nested, more than 64/],
    ['a chain of UNIONs', `SELECT * WHERE { ${Array.from({ length: 300 }, () => '{ ?s ?p ?o }').join(' UNION ')} }`, /300 clauses \(BIND, FILTER, .*\), more than 256/],
    ['a long path', `SELECT * WHERE { ?s ${Array.from({ length: 200 }, () => '<http://a>').join('/')} ?o }`, /199 path steps/],
  ])('refuses %s before the engine sees it, and answers the next query', async (_name, query, message) => {
    const res = await fetch(`${origin}/sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: query });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(message);
    expect((await sparql({ query: 'ASK { ?s ?p ?o }' })).status).toBe(200);
  });

  it('replaces a worker whose memory grew past its bound, once it has answered', async () => {
    const triples = Array.from({ length: 300 }, (_, i) => `<http://a/${i}> <http://b/p> "value ${i}" .`).join('\n');
    const pool = new QueryPool(async () => ({ base: BASE, sources: [], extra: [triples], maxResultBytes: 1e9, growthBytes: 16 * 2 ** 20 }), { size: 1, timeoutMs: 20_000 });
    const big = await pool.run({ query: 'SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }', format: 'application/sparql-results+json' });
    expect(big.body.length).toBeGreaterThan(16 * 2 ** 20);
    expect(pool.stats().replaced).toBe(1);
    const next = await pool.run({ query: 'ASK { ?a ?b ?c }', format: 'application/sparql-results+json' });
    expect(next.body.toString()).toContain('true');
    expect(pool.stats().replaced).toBe(1); // a small answer leaves the worker be
    await pool.close();
  });

  it('stops a query whose answer outgrows the memory budget, and answers the next one', async () => {
    const triples = Array.from({ length: 2000 }, (_, i) => `<http://a/${i}> <http://b/p> "value ${i}" .`).join('\n');
    const pool = new QueryPool(async () => ({ base: BASE, sources: [], extra: [triples], maxResultBytes: 1e9 }), { size: 1, timeoutMs: 20_000, memoryBytes: 64 * 2 ** 20 });
    // Four million rows of CSV: well past 64 MB while the engine builds them.
    await expect(pool.run({ query: 'SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }', format: 'text/csv' })).rejects.toThrow(/took more than 64 MB of memory; add a LIMIT/);
    expect(pool.stats().replaced).toBe(1);
    const next = await pool.run({ query: 'ASK { ?a ?b ?c }', format: 'application/sparql-results+json' });
    expect(next.body.toString()).toContain('true');
    await pool.close();
  });

  it('refuses an answer longer than the cap before encoding it', async () => {
    const triples = Array.from({ length: 300 }, (_, i) => `<http://a/${i}> <http://b/p> "value ${i}" .`).join('\n');
    const pool = new QueryPool(async () => ({ base: BASE, sources: [], extra: [triples], maxResultBytes: 2 ** 20 }), { size: 1, timeoutMs: 20_000 });
    await expect(pool.run({ query: 'SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }', format: 'text/csv' })).rejects.toThrow(/the result is at least \d+ bytes, over the cap of 1048576/);
    expect(pool.stats().replaced).toBe(0);
    await pool.close();
  });

  it('discards a worker whose engine trapped, and answers the next query with a fresh one', async () => {
    const pool = new QueryPool(async () => ({ base: BASE, sources: [], extra: ['<http://a> <http://b> <http://c> .\n'], maxResultBytes: 1e6 }), { size: 1, timeoutMs: 10_000 });
    const trap = `SELECT * WHERE ${'{ '.repeat(1000)}${'} '.repeat(1000)}`;
    await expect(pool.run({ query: trap, format: 'application/sparql-results+json' })).rejects.toThrow(/the query engine failed on this query/);
    // While the replacement loads, the pool still counts as loaded: /ready stays 200.
    expect(pool.stats()).toMatchObject({ loaded: true, ready: 0, replaced: 1 });
    const next = await pool.run({ query: 'ASK { <http://a> ?p ?o }', format: 'application/sparql-results+json' });
    expect(next.body.toString()).toContain('true');
    await pool.close();
  });

  it.each([
    ['two in the URL', '?query=ASK%7B%7D&query=ASK%7B%7D', undefined, undefined],
    ['two in a form', '', 'application/x-www-form-urlencoded', 'query=ASK%7B%7D&query=ASK%7B%7D'],
    ['one in the URL and one in a form', '?query=ASK%7B%7D', 'application/x-www-form-urlencoded', 'query=ASK%7B%7D'],
    ['one in the URL and one in the body', '?query=ASK%7B%7D', 'application/sparql-query', 'ASK {}'],
  ])('refuses several queries: %s', async (_name, search, type, body) => {
    const res = await fetch(`${origin}/sparql${search}`, type ? { method: 'POST', headers: { 'content-type': type }, body } : {});
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/give one query, not several/);
  });

  it('refuses a form of more fields than a query needs, and takes one of 100', async () => {
    const form = (n: number) => ['query=ASK%7B%7D', ...Array.from({ length: n - 1 }, () => 'x=')].join('&');
    const many = await fetch(`${origin}/sparql`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form(300_000) });
    expect(many.status).toBe(400);
    expect(await many.text()).toMatch(/more than 100 fields/);
    const enough = await fetch(`${origin}/sparql`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/sparql-results+json' }, body: form(100) });
    expect(enough.status).toBe(200);
  });

  it('refuses a body over 1 MB with 413', async () => {
    const big = await fetch(`${origin}/sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: `ASK {} #${'x'.repeat(2 * 1024 * 1024)}` });
    expect(big.status).toBe(413);
    expect((await sparql({ query: 'ASK {}' })).status).toBe(200);
  });

  it('refuses a POST update', async () => {
    const res = await fetch(`${origin}/sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-update' }, body: 'CLEAR ALL' });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/read-only/);
  });

  it('refuses POST of other media types, and other methods', async () => {
    expect((await fetch(`${origin}/sparql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'ASK {}' })).status).toBe(415);
    expect((await fetch(`${origin}/sparql`, { method: 'PUT', body: 'x' })).status).toBe(405);
  });

  it('caps the result size with a clear message', async () => {
    const res = await sparql({ query: 'SELECT * WHERE { ?s ?p ?o }' }, { headers: { accept: 'application/sparql-results+xml' } });
    expect(res.status).toBe(422);
    expect(await res.text()).toMatch(/over the cap of 200000; add a LIMIT/);
  });

  it('stops a runaway query with 503 while other queries are answered', async () => {
    let settled = false;
    const runaway = sparql({ query: 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }' }).finally(() => (settled = true));
    const quick = await sparql({ query: 'ASK { ?s ?p ?o }', format: 'json' });
    expect(quick.status).toBe(200);
    expect(settled).toBe(false);
    const slow = await runaway;
    expect(slow.status).toBe(503);
    expect(await slow.text()).toMatch(/longer than 1500 ms/);
    // The replaced worker answers again.
    for (let i = 0; i < 3; i++) expect((await sparql({ query: `ASK { ?s ?p ?o } # ${i}`, format: 'json' })).status).toBe(200);
    // Sent again, it is answered at once without running: no worker is replaced for it.
    const replaced = /sdg_lod_query_worker_replacements (\d+)/;
    const before = replaced.exec((await app.handle({ method: 'GET', url: '/metrics', headers: {} })).body!.toString())![1];
    const again = await sparql({ query: 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }', format: 'csv' });
    expect(again.status).toBe(503);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(again.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(await again.text()).toMatch(/longer than 1500 ms .*it is not run again before \d\d:\d\d:\d\d UTC/);
    expect(replaced.exec((await app.handle({ method: 'GET', url: '/metrics', headers: {} })).body!.toString())![1]).toBe(before);
  });
});

// What SPARQL client libraries send: a format= (or output=) parameter beside an Accept header.
describe('format= as the big endpoints take it', () => {
  const select = 'SELECT ?s WHERE { ?s a <http://schema.org/Place> } LIMIT 1';
  const construct = `CONSTRUCT WHERE { <${BASE}id/place/riga> ?p ?o }`;
  const cases: [string, string, Record<string, string>, string | undefined, string][] = [
    ['CONSTRUCT', construct, { format: 'rdf+xml' }, 'application/rdf+xml', 'application/rdf+xml'],
    ['CONSTRUCT', construct, { format: 'xml' }, 'application/rdf+xml', 'application/rdf+xml'],
    ['CONSTRUCT', construct, { format: 'xml' }, undefined, 'application/rdf+xml'],
    ['CONSTRUCT', construct, { format: 'n3' }, 'text/turtle', 'text/turtle'],
    ['CONSTRUCT', construct, { format: 'turtle' }, undefined, 'text/turtle'],
    ['CONSTRUCT', construct, { format: 'json' }, undefined, 'application/ld+json'],
    ['CONSTRUCT', construct, { format: 'application/n-triples' }, undefined, 'application/n-triples'],
    ['CONSTRUCT', construct, { format: 'csv' }, 'application/rdf+xml', 'application/rdf+xml'],
    ['SELECT', select, { format: 'json' }, 'application/sparql-results+json', 'application/sparql-results+json'],
    ['SELECT', select, { format: 'xml' }, undefined, 'application/sparql-results+xml'],
    ['SELECT', select, { format: 'csv' }, undefined, 'text/csv'],
    ['SELECT', select, { format: 'tsv' }, undefined, 'text/tab-separated-values'],
    ['SELECT', select, { format: 'application/sparql-results+json' }, undefined, 'application/sparql-results+json'],
    ['SELECT', select, { output: 'xml' }, undefined, 'application/sparql-results+xml'],
    ['SELECT', select, { format: 'rdf+xml' }, 'application/sparql-results+xml', 'application/sparql-results+xml'],
    ['SELECT', select, { format: 'pdf' }, 'text/csv', 'text/csv'],
    ['ASK', 'ASK {}', { format: 'json' }, undefined, 'application/sparql-results+json'],
    ['ASK', 'ASK {}', { format: 'csv' }, undefined, 'text/csv'],
  ];
  it.each(cases)('%s with %j and Accept %s → %s, by GET and by POST', async (_form, query, params, accept, type) => {
    const headers: Record<string, string> = accept ? { accept } : {};
    const byGet = await sparql({ query, ...params }, { headers });
    expect(byGet.status).toBe(200);
    expect(byGet.headers.get('content-type')!.split(';')[0]).toBe(type);
    const byForm = await fetch(`${origin}/sparql`, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ query, ...params }) });
    expect(byForm.headers.get('content-type')!.split(';')[0]).toBe(type);
    const byQuery = await fetch(`${origin}/sparql?${new URLSearchParams(params)}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/sparql-query' }, body: query });
    expect(byQuery.headers.get('content-type')!.split(';')[0]).toBe(type);
  });

  it('gives the same results as application/json a strong ETag of their own', async () => {
    const as = (accept: string) => sparql({ query: select }, { headers: { accept, 'accept-encoding': 'identity' } });
    const [results, plain] = await Promise.all([as('application/sparql-results+json'), as('application/json')]);
    expect(plain.headers.get('content-type')).toBe('application/json');
    expect(await plain.text()).toBe(await results.text());
    expect(plain.headers.get('etag')).not.toBe(results.headers.get('etag'));
    expect((await sparql({ query: select }, { headers: { accept: 'application/json', 'if-none-match': plain.headers.get('etag')! } })).status).toBe(304);
  });

  it('answers 406 only when neither the format nor the Accept header can be met, and names both', async () => {
    const res = await sparql({ query: 'ASK {}', format: 'pdf' }, { headers: { accept: 'image/png' } });
    expect(res.status).toBe(406);
    expect(await res.text()).toMatch(/format "pdf" is not offered for this query, and no offered type matches the Accept header\. This resource is available as: application\/sparql-results\+json/);
  });
});

describe('queryForm', () => {
  it.each([
    ['SELECT * {}', 'SELECT'],
    ['PREFIX a: <http://a/> ASK {}', 'ASK'],
    ['# DELETE this\nCONSTRUCT WHERE { ?s ?p "INSERT" }', 'CONSTRUCT'],
    ['BASE <http://x/> DESCRIBE <a>', 'DESCRIBE'],
    ['prefix x: <http://select/> insert data {}', 'UPDATE'],
    ['WITH <g> DELETE {} WHERE {}', 'UPDATE'],
  ])('%s → %s', (query, form) => {
    expect(queryForm(query)).toBe(form);
  });
});

describe('skeleton', () => {
  it.each([
    ['strings, long strings, IRIs and comments', 'SELECT "a\\"b" \'c\' """d\n"e""" <http://x#y> # SERVICE\n?x', 'SELECT "" "" "" <>  \n?x'],
    ['a comment that looks like a long string', 'ASK # """\n{ SERVICE <x> {} } # """', 'ASK  \n{ SERVICE <> {} }  '],
    ['`<` as an operator', 'FILTER(?a < 3 && ?b <= ?c)', 'FILTER(?a < 3 && ?b <= ?c)'],
    ['an unterminated string ends at the line', 'ASK { "abc\n?s ?p ?o }', 'ASK { ""\n?s ?p ?o }'],
  ])('%s', (_name, query, expected) => {
    expect(skeleton(query)).toBe(expected);
  });

  // A regular expression over quoted text took quadratic time on these (minutes for 1 MB).
  // A scan that is not linear makes these time out; the answers show the text was read through.
  it.each([
    ['runs of \\"', `ASK { "${'\\"'.repeat(300_000)}`, undefined],
    ['unclosed IRIs', `ASK { ${'<a'.repeat(300_000)}`, undefined],
    ['unclosed long strings', `ASK { ${'"""\\"'.repeat(150_000)}`, undefined],
    ['words joined by - and .', `ASK { ${'a-a.'.repeat(250_000)}`, /250000 \+, -/],
    ['one long prefixed name', `ASK { ?s ?p ex:${'a-'.repeat(250_000)}a }`, undefined],
  ])('scans %s in one pass', (_name, query, expected) => {
    if (expected) expect(tooComplex(query)).toMatch(expected);
    else expect(tooComplex(query)).toBeUndefined();
  });
});

describe('tooComplex', () => {
  const times = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(' ');
  it.each([
    ['nesting hidden after a comment that looks like a long string', `ASK # """\n{ FILTER(${'('.repeat(100)}1${')'.repeat(100)}) } # """`, /102 brackets/],
    ['nesting inside what looks like an IRI', `ASK { FILTER(?a <${'('.repeat(100)}1${')'.repeat(100)}> ?b) }`, /102 brackets/],
    ['closing brackets first', `ASK { ${')'.repeat(100)} ${'('.repeat(100)} }`, /100 brackets/],
    ['300 BINDs', `SELECT * WHERE { ${times(300, (i) => `BIND(${i} AS ?v${i})`)} }`, /601 clauses/],
    ['300 MINUSes', `SELECT * WHERE { ?s ?p ?o ${times(300, () => 'MINUS { ?s <http://x> ?o }')} }`, /301 clauses/],
    ['101 triple patterns', `SELECT * WHERE { ${times(101, (i) => `?s ?p ?x${i} .`)} }`, /102 triple patterns, list items and groups/],
    ['101 groups side by side', `SELECT * WHERE { ${'{ ?s ?p ?o }'.repeat(101)} }`, /102 triple patterns, list items and groups/],
    ['a comment that a CR ends, hiding nesting from a scan that waits for LF', `SELECT * WHERE { ?s ?p ?o # x\r${'{'.repeat(100)}${'}'.repeat(100)} }`, /101 brackets/],
    ['300 additions', `ASK { FILTER(${times(300, () => '1').replaceAll(' ', '+')}) }`, /299 \+, -, \* and ! operators/],
    ['subtractions without spaces', `SELECT (?a${'-?a'.repeat(300)} AS ?x) WHERE { BIND(1 AS ?a) }`, /300 \+, -, \* and ! operators/],
    ['subtractions of numbers', `SELECT (?a${'-1'.repeat(300)} AS ?x) WHERE { BIND(1 AS ?a) }`, /300 \+, -, \* and ! operators/],
    ['an object list', `SELECT * WHERE { ?s ?p ${times(101, (i) => `?o${i}`).replaceAll(' ', ', ')} }`, /101 triple patterns, list items and groups/],
    ['a collection', `SELECT * WHERE { ?s ?p ( ${times(101, (i) => `?o${i}`)} ) }`, /101 terms in one pair of parentheses/],
    ['a collection of words', `SELECT * WHERE { ?s ?p (${' true'.repeat(150)} ) }`, /150 terms in one pair of parentheses/],
    ['a collection of blank nodes', `SELECT * WHERE { ?s ?p (${' []'.repeat(150)} ) }`, /150 terms in one pair of parentheses/],
    ['an IN list', `ASK { FILTER(?a IN (${times(1001, () => '1').replaceAll(' ', ',')})) }`, /1001 terms in one IN list/],
    ['patterns ending in names with a dot', `SELECT * WHERE { ${times(101, (i) => `?s ex:p ex:o${i}.`)} }`, /102 triple patterns/],
  ])('refuses %s', (_name, query, message) => {
    expect(tooComplex(query)).toMatch(message);
  });

  it.each([
    ['an IRI with parentheses', 'SELECT * WHERE { <http://dbpedia.org/resource/Riga_(city)> ?p ?o }'],
    ['a VALUES list of 5,000 IRIs', `SELECT * WHERE { VALUES ?x { ${times(5000, (i) => `<http://a/${i}>`)} } }`],
    ['keywords in variables and prefixed names', `SELECT * WHERE { ${times(300, (i) => `?filter${i} ex:bind ?as`)} }`],
    ['a decimal', 'ASK { FILTER(?x > 1.5) }'],
    ['an IN list of 1,000', `ASK { FILTER(?a NOT IN (${times(1000, () => '1').replaceAll(' ', ', ')})) }`],
    ['a separator in GROUP_CONCAT and a VALUES table of 2,000 rows', `SELECT (GROUP_CONCAT(?x; SEPARATOR=", ") AS ?all) WHERE { VALUES (?x ?y) { ${times(2000, (i) => `(${i} "${i}")`)} } }`],
    ['99 triple patterns', `SELECT * WHERE { ${times(99, (i) => `?s ?p ?x${i} .`)} }`],
  ])('accepts %s', (_name, query) => {
    expect(tooComplex(query)).toBeUndefined();
  });
});

describe('the W3C test runner', () => {
  it('passes what the endpoint answers right, fails what it answers wrong, skips what needs named graphs', async () => {
    const { run } = await import('../src/cli/main.js');
    const { captureIo } = await import('./helpers.js');
    const io = captureIo();
    const code = await run(['sparql-conformance', `${import.meta.dirname}/fixtures/sparql-suite`], { SDG_LOD_IMPORT_DIR: join(scratch, 'cli-import') }, io);
    expect(code).toBe(1);
    expect(io.stdout()).toContain('FAIL basic/wrong: row 1:');
    expect(io.stdout()).toContain('3 passed, 1 failed, 1 skipped');
  });
});
