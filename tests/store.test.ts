// The Graph Store Protocol at {base}store (serve --writes): tokens, the SHACL gate, durable and
// published writes, If-Match, the history; over real HTTP on a copy of the bundled project.
import { join } from 'node:path';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/auth/tokens.js';
import { openApp } from '../src/http/open.js';
import { openProject } from '../src/pipeline.js';
import type { WriteService } from '../src/writes.js';
import { activityTurtle, BASE, bundledConfig, serve, writableApp } from './helpers.js';

let origin: string;
let close: () => Promise<void>;
let writes: WriteService;
let root: string;
let app: import('../src/http/app.js').App;
let token: string;
let letterToken: string;
let broadToken: string;
const logs: string[] = [];

const REPORT = `${BASE}graph/report/2023-kuldiga`;
const store = (graph: string) => `${origin}/store?graph=${encodeURIComponent(graph)}`;
const put = (graph: string, body: string, headers: Record<string, string> = {}, method = 'PUT') =>
  fetch(store(graph), { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'text/turtle', ...headers }, body });

beforeAll(async () => {
  const w = await writableApp();
  ({ writes, root, app } = w);
  const tokens = join(w.config.importDir, 'tokens.json');
  token = await createToken(tokens, 'kuldiga', `${BASE}graph/report/`);
  letterToken = await createToken(tokens, 'editor', `${BASE}graph/letter`);
  broadToken = await createToken(tokens, 'admin', `${BASE}graph/`);
  const { listen } = await import('../src/http/server.js');
  const server = await listen(w.app, 0, '127.0.0.1', (entry) => void logs.push(JSON.stringify(entry)));
  origin = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
  close = async () => {
    await new Promise((resolve) => server.close(resolve));
    await w.app.close();
    await writes.close();
  };
});
afterAll(() => close());

describe('who may write', () => {
  it.each([
    ['no token', undefined, REPORT, 401],
    ['a malformed token', 'Bearer nonsense', REPORT, 401],
    ['a revoked or invented token', 'Bearer sdgt_000000000000_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', REPORT, 401],
    ['Basic credentials', 'Basic a2k6a2k=', REPORT, 401],
    ['a token outside its graphs (the letter)', 'kuldiga', `${BASE}graph/letter`, 403],
    ['a graph outside {base}graph/', 'admin', 'http://example.org/graph', 403],
    ['the shapes, even with every graph allowed', 'admin', `${BASE}graph/shapes`, 403],
    ['the ontology', 'admin', `${BASE}graph/ontology`, 403],
  ])('refuses %s', async (_, auth, graph, status) => {
    const authorization = auth === 'kuldiga' ? `Bearer ${token}` : auth === 'admin' ? `Bearer ${broadToken}` : auth;
    const res = await fetch(store(graph), { method: 'PUT', headers: { 'content-type': 'text/turtle', ...(authorization ? { authorization } : {}) }, body: activityTurtle('2023-05-01-x') });
    expect(res.status).toBe(status);
    if (status === 401) expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="sdg-lod"/);
    expect(await res.text()).not.toContain('sdgt_');
  });

  it('refuses the default graph and a write with no graph named', async () => {
    for (const url of [`${origin}/store?default`, `${origin}/store`]) {
      expect((await fetch(url, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/turtle' }, body: '' })).status).toBe(400);
      expect((await fetch(url)).status).toBe(400);
    }
  });

  it('slows a burst of wrong tokens from one client down, more with each', async () => {
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      waits.push(writes.penalty('burst-client'));
      await writes.authenticate('Bearer sdgt_000000000000_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'burst-client').catch(() => {});
    }
    expect(waits.slice(0, 5).every((w) => w === 0)).toBe(true);
    expect(waits[5]).toBeGreaterThan(0);
    expect(waits[6]).toBeGreaterThan(waits[5]!);
    expect(writes.penalty('another-client')).toBe(0);
  });

  it('lets a token made for a bundled graph write it', async () => {
    const res = await fetch(store(`${BASE}graph/letter`), { headers: { accept: 'application/n-triples' } });
    const etag = res.headers.get('etag')!;
    const body = await res.text();
    const again = await fetch(store(`${BASE}graph/letter`), { method: 'PUT', headers: { authorization: `Bearer ${letterToken}`, 'content-type': 'application/n-triples', 'if-match': etag }, body });
    expect(again.status).toBe(204);
  });
});

describe('a write that reaches beyond its graph is refused', () => {
  const P = `@prefix schema: <http://schema.org/> . @prefix dct: <http://purl.org/dc/terms/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .`;
  it.each([
    ['statements about an activity another graph describes', `${P} <${BASE}id/activity/2019-06-05-dzimumu-lidztiesiba> dct:subject <http://metadata.un.org/sdg/1> .`, 403, 'is described in'],
    ['an axiom that would make places activities', `${P} schema:Place rdfs:subClassOf <${BASE}def/Activity> .`, 403, 'not written over HTTP'],
    ['a term of the ontology', `${P} <${BASE}def/Activity> rdfs:label "x"@en .`, 403, 'not written over HTTP'],
    ['an IRI the query engine would not load', `<http://example.org/a%zz> <http://example.org/p> "x" .`, 400, 'not valid RDF'],
    ['no statements at all', '', 400, 'no statements'],
  ])('%s', async (_, body, status, says) => {
    const res = await put(`${BASE}graph/report/beyond`, body, {}, 'POST');
    expect(res.status).toBe(status);
    expect(await res.text()).toContain(says);
  });

  it('refuses graph names outside the safe characters, and a prefix that ends mid-name', async () => {
    const bad = await fetch(store(`${BASE}graph/report/a\u0001b`), { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/turtle' }, body: activityTurtle('2023-05-01-y') });
    expect(bad.status).toBe(400);
    const narrow = await createToken(join(root, 'var', 'tokens.json'), 'narrow', `${BASE}graph/report/kuldiga`);
    const write = (graph: string) => fetch(store(graph), { method: 'PUT', headers: { authorization: `Bearer ${narrow}`, 'content-type': 'text/turtle' }, body: activityTurtle(`2023-05-01-${graph.length}`) });
    expect((await write(`${BASE}graph/report/kuldiga-riga`)).status).toBe(403);
    expect((await write(`${BASE}graph/report/kuldiga/2023`)).status).toBe(201);
  });
});

describe('a write', () => {
  it('is published at once: the graph, the pages, the API, SPARQL, the catalogue and the dumps', async () => {
    const before = await (await fetch(`${origin}/doc/sdg/11.ttl`)).text();
    expect(before).not.toContain('2023-05-02-kuldiga');
    const dumpTag = (await fetch(`${origin}/dumps/sdg-lod.nq`)).headers.get('etag')!;
    const res = await put(REPORT, activityTurtle('2023-05-02-kuldiga', '2023-05-02'));
    expect(res.status).toBe(201);
    expect(res.headers.get('etag')).toMatch(/^"w\d+-/);
    const graph = await fetch(store(REPORT), { headers: { accept: 'text/turtle' } });
    expect(graph.status).toBe(200);
    expect(await graph.text()).toContain('2023-05-02-kuldiga');
    for (const ext of ['ttl', 'jsonld', 'nt', 'rdf', 'html']) {
      expect((await fetch(`${origin}/doc/activity/2023-05-02-kuldiga.${ext}`)).status).toBe(200);
    }
    expect(await (await fetch(`${origin}/doc/sdg/11.ttl`)).text()).toContain('2023-05-02-kuldiga');
    const api = await (await fetch(`${origin}/api/goals/11/activities?limit=100`, { headers: { accept: 'application/json' } })).json();
    expect(api.items.map((i: { id: string }) => i.id)).toContain(`${BASE}id/activity/2023-05-02-kuldiga`);
    const ask = await fetch(`${origin}/sparql?query=${encodeURIComponent(`ASK { GRAPH <${REPORT}> { <${BASE}id/activity/2023-05-02-kuldiga> ?p ?o } }`)}`, { headers: { accept: 'application/sparql-results+json' } });
    expect((await ask.json()).boolean).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    expect(await (await fetch(`${origin}/catalog.ttl`)).text()).toContain(`dct:modified "${today}"`);
    // A client holding the dump from before is not told (304) that it is still current.
    const dump = await fetch(`${origin}/dumps/sdg-lod.nq`, { headers: { 'if-none-match': dumpTag } });
    expect(dump.status).toBe(200);
    expect(await dump.text()).toContain(`<${BASE}id/activity/2023-05-02-kuldiga>`);
  });

  it('that breaks a shape is refused with the report, and nothing is stored', async () => {
    const etag = (await fetch(store(REPORT))).headers.get('etag');
    const bad = activityTurtle('2023-05-02-kuldiga', '2023-02-30');
    const res = await put(REPORT, bad, { accept: 'application/json' });
    expect(res.status).toBe(422);
    const report = await res.json();
    expect(report.valid).toBe(false);
    expect(report.results).toContainEqual(expect.objectContaining({ path: 'http://schema.org/startDate', resource: `${BASE}id/activity/2023-05-02-kuldiga`, file: REPORT, message: expect.stringContaining('is not a valid xsd:date') }));
    const turtle = await put(REPORT, bad, { accept: 'text/turtle' });
    expect(turtle.status).toBe(422);
    const quads = new N3.Parser().parse(await turtle.text());
    expect(quads.some((q) => q.object.value === 'http://www.w3.org/ns/shacl#ValidationReport')).toBe(true);
    expect((await fetch(store(REPORT))).headers.get('etag')).toBe(etag);
    expect(await (await fetch(`${origin}/doc/activity/2023-05-02-kuldiga.ttl`)).text()).toContain('"2023-05-02"');
  });

  it('is checked with the data it links to: a link to an undescribed place is refused', async () => {
    const res = await put(`${BASE}graph/report/linking`, activityTurtle('2023-06-01-saite', '2023-06-01', '; schema:location place:nekur '), { accept: 'text/plain' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('schema:location');
  });

  it('with a stale If-Match is refused (412); with the current one it goes through', async () => {
    const etag = (await fetch(store(REPORT))).headers.get('etag')!;
    const ok = await put(REPORT, activityTurtle('2023-05-02-kuldiga', '2023-05-03'), { 'if-match': etag });
    expect(ok.status).toBe(204);
    const stale = await put(REPORT, activityTurtle('2023-05-02-kuldiga', '2023-05-04'), { 'if-match': etag });
    expect(stale.status).toBe(412);
    expect((await put(REPORT, activityTurtle('x'), { 'if-none-match': '*' })).status).toBe(412);
  });

  it.each([
    ['N-Triples', 'application/n-triples'],
    ['JSON-LD', 'application/ld+json'],
    ['RDF/XML', 'application/rdf+xml'],
  ])('in %s merges with POST and reads back the same', async (_, type) => {
    const graph = `${BASE}graph/report/${type.replace(/\W/g, '-')}`;
    const turtle = activityTurtle(`2023-07-01-${type.replace(/\W/g, '')}`.toLowerCase(), '2023-07-01');
    const quads = new N3.Parser({ baseIRI: BASE }).parse(turtle);
    const { serialise } = await import('../src/represent/rdf.js');
    const format = type === 'application/n-triples' ? 'ntriples' : type === 'application/ld+json' ? 'jsonld' : 'rdfxml';
    const body = format === 'jsonld' ? '' : await serialise(quads, format, { prefixes: {}, context: { '@context': {} }, contextIri: '' });
    // JSON-LD as the store serves it (with our context by its IRI) goes back as it came.
    if (format === 'jsonld') expect((await put(graph, turtle, {}, 'POST')).status).toBe(201);
    const sent = format === 'jsonld' ? await (await fetch(store(graph), { headers: { accept: type } })).text() : body;
    if (format === 'jsonld') expect(sent).toContain(`"@context": "${BASE}context.jsonld"`);
    const res = await put(graph, sent, { 'content-type': type }, format === 'jsonld' ? 'PUT' : 'POST');
    expect(res.status).toBe(format === 'jsonld' ? 204 : 201);
    const back = new N3.Parser().parse(await (await fetch(store(graph), { headers: { accept: 'application/n-triples' } })).text());
    expect(back.length).toBe(quads.length);
  });

  it('refuses a body it cannot read: an unknown type (415), broken Turtle (400), too large (413)', async () => {
    expect((await put(REPORT, 'x', { 'content-type': 'application/pdf' })).status).toBe(415);
    const broken = await put(REPORT, '<a> <b> .');
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain('request body');
    expect((await put(REPORT, 'x'.repeat(1024 * 1024 + 1))).status).toBe(413);
  });

  it('takes activities as CSV rows: published at once, or every problem by row and column, nothing stored', async () => {
    const { rowsToCsv } = await import('../src/rows/activities.js');
    const row = { start_date: '2023-10-02', kind: 'webinar', title_lv: 'Vebinārs par ūdeni', title_en: 'A webinar on water', description_lv: 'Vebinārs.', description_en: 'A webinar.', goals: '6', attendance: 'online', municipalities: '0033000', organiser: 'lps' };
    const graph = `${BASE}graph/report/csv`;
    const res = await put(graph, rowsToCsv([row]), { 'content-type': 'text/csv' }, 'POST');
    expect(res.status).toBe(201);
    expect((await fetch(`${origin}/doc/activity/2023-10-02-vebinars-par-udeni.ttl`)).status).toBe(200);
    const bad = await put(graph, rowsToCsv([row, { ...row, goals: '18', title_lv: 'Cits' }]), { 'content-type': 'text/csv' }, 'POST');
    expect(bad.status).toBe(422);
    expect((await bad.json()).problems).toEqual([{ row: 3, column: 'goals', message: '18 is not an SDG goal (1–17)' }]);
    const json = await put(graph, JSON.stringify([{ ...row, id: '2023-10-03-otrais', start_date: '2023-10-03' }]), { 'content-type': 'application/json' }, 'POST');
    expect(json.status).toBe(204);
    expect((await fetch(`${origin}/doc/activity/2023-10-03-otrais.ttl`)).status).toBe(200);
  });

  it('is deleted with DELETE, and then gone', async () => {
    const graph = `${BASE}graph/report/to-delete`;
    expect((await put(graph, activityTurtle('2023-08-01-dzest', '2023-08-01'))).status).toBe(201);
    expect((await fetch(store(graph), { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })).status).toBe(204);
    expect((await fetch(store(graph))).status).toBe(404);
    expect((await fetch(`${origin}/doc/activity/2023-08-01-dzest.ttl`)).status).toBe(404);
    expect((await fetch(store(graph), { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
  });

  it('is in the history, in PROV-O: by which token name, when, what replaced what', async () => {
    const res = await fetch(`${origin}/store/history?graph=${encodeURIComponent(REPORT)}`, { headers: { accept: 'text/turtle' } });
    const quads = new N3.Parser({ baseIRI: BASE }).parse(await res.text());
    const prov = 'http://www.w3.org/ns/prov#';
    expect(quads.filter((q) => q.object.value === `${prov}Activity`).length).toBeGreaterThanOrEqual(2);
    expect(quads.some((q) => q.predicate.value === `${prov}wasRevisionOf`)).toBe(true);
    expect(quads.some((q) => q.object.value === 'kuldiga')).toBe(true);
  });

  it('keeps the relationship index as one built anew would be', async () => {
    const { buildRelations } = await import('../src/store/relations.js');
    const fresh = buildRelations(app.project.store, BASE);
    const listing = async (path: string) => (await (await fetch(`${origin}/${path}?limit=100`, { headers: { accept: 'application/json' } })).json()).items.map((i: { id: string }) => i.id);
    expect(await listing('api/activities')).toEqual([...fresh.all]);
    for (const g of [6, 11, 13]) expect(await listing(`api/goals/${g}/activities`)).toEqual([...fresh.ofGoal(g)]);
    expect(await listing('api/municipalities/lv-0033000/activities')).toEqual([...fresh.ofMunicipality(`${BASE}id/municipality/lv-0033000`)]);
    expect((await listing('api/activities')).length).toBeGreaterThan(8);
  });

  it('leaves no token in the log', () => {
    const text = logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const t of [token, letterToken, broadToken]) expect(text).not.toContain(t.slice(5));
    expect(text).not.toMatch(/authorization|sdgt_/i);
  });

  it('is there after a restart, from the journal', async () => {
    const project = await openProject(bundledConfig({ root, importDir: join(root, 'var') }));
    expect(project.report.conforms).toBe(true);
    expect(project.store.countQuads(N3.DataFactory.namedNode(`${BASE}id/activity/2023-05-02-kuldiga`), null, null, N3.DataFactory.namedNode(REPORT))).toBeGreaterThan(0);
    expect(project.history.length).toBeGreaterThanOrEqual(5);
  });
});

it('has no store unless writes are on', async () => {
  const opened = await openApp(bundledConfig());
  if ('report' in opened) throw new Error(opened.report);
  const s = await serve(opened.app);
  expect((await fetch(`${s.origin}/store?graph=${encodeURIComponent(REPORT)}`)).status).toBe(404);
  expect([404, 405]).toContain((await fetch(`${s.origin}/store?graph=${encodeURIComponent(REPORT)}`, { method: 'PUT', body: 'x' })).status);
  await s.close();
});

it('keeps every acknowledged write, and no partial one, when the server is killed (SIGKILL) mid-stream', async () => {
  const { spawn } = await import('node:child_process');
  const { projectRoot } = await import('../src/config.js');
  const opened = await writableApp();
  const dir = opened.root;
  await opened.app.close();
  await opened.writes.close();
  const key = await createToken(join(dir, 'var', 'tokens.json'), 'stream', `${BASE}graph/report/`);
  const child = spawn(process.execPath, [join(projectRoot, 'bin', 'sdg-lod.js'), 'serve', '--writes', '--port', '0', '--root', dir, '--base', BASE], { env: { ...process.env, SDG_LOD_IMPORT_DIR: join(dir, 'var') } });
  const at = await new Promise<string>((resolve) => child.stdout.on('data', (d) => {
    const m = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(String(d));
    if (m) resolve(m[1]!);
  }));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const acked: number[] = [];
  const sent: number[] = [];
  let n = 0;
  // Four writers at once, until the server is gone.
  const writer = async () => {
    for (;;) {
      const i = n++;
      sent.push(i);
      const res = await fetch(`${at}/store?graph=${encodeURIComponent(`${BASE}graph/report/k-${i}`)}`, {
        method: 'PUT', headers: { authorization: `Bearer ${key}`, 'content-type': 'text/turtle' }, body: activityTurtle(`2023-09-01-k-${i}`, '2023-09-01'),
      }).catch(() => undefined);
      if (!res) return;
      if (res.status === 201) acked.push(i);
      if (acked.length === 20) child.kill('SIGKILL');
    }
  };
  await Promise.all([writer(), writer(), writer(), writer()]);
  await exited;
  expect(acked.length).toBeGreaterThanOrEqual(20);
  const project = await openProject(bundledConfig({ root: dir, importDir: join(dir, 'var') }));
  expect(project.report.conforms).toBe(true);
  const { namedNode } = N3.DataFactory;
  const whole = project.store.countQuads(null, null, null, namedNode(`${BASE}graph/report/k-${acked[0]}`));
  for (const i of sent) {
    const count = project.store.countQuads(null, null, null, namedNode(`${BASE}graph/report/k-${i}`));
    if (acked.includes(i)) expect(count).toBe(whole);
    else expect([0, whole]).toContain(count);
  }
});

it('is listed in the service description and the OpenAPI document', async () => {
  const sd = new N3.Parser({ baseIRI: BASE }).parse(await (await fetch(`${origin}/sparql`, { headers: { accept: 'text/turtle' } })).text());
  expect(sd.some((q) => q.subject.value === `${BASE}store#service` && q.object.value === `${BASE}store`)).toBe(true);
  const api = await (await fetch(`${origin}/api/openapi.json`)).json();
  expect(Object.keys(api.paths['/store'])).toEqual(['get', 'put', 'post', 'delete']);
  expect(api.components.securitySchemes.bearer.scheme).toBe('bearer');
});
