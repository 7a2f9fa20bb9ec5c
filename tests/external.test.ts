// An external store: Virtuoso Open Source 7 (Debian's virtuoso-opensource-7-bin), which .ci/run
// installs and starts on loopback (SDG_LOD_TEST_STORE names it). Without it the tests are skipped
// here, and fail under CI=true.
import { join } from 'node:path';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { openProject, type Project } from '../src/pipeline.js';
import { RemoteStore } from '../src/store/remote.js';
import type { App } from '../src/http/app.js';
import type { RemoteApp } from '../src/http/open.js';
import { currentGraphs } from '../src/store/versions.js';
import { BASE, bundledConfig, captureIo, projectWith } from './helpers.js';

const STORE = process.env.SDG_LOD_TEST_STORE;
const remote = new RemoteStore({ queryEndpoint: `${STORE}/sparql`, graphStoreEndpoint: `${STORE}/sparql-graph-crud-auth`, user: 'dba', password: 'dba' });
if (!STORE && process.env.CI === 'true') throw new Error('no external store: .ci/run starts Virtuoso and sets SDG_LOD_TEST_STORE');

const STORE_ENV = { SDG_LOD_QUERY_ENDPOINT: `${STORE}/sparql`, SDG_LOD_GRAPH_STORE_ENDPOINT: `${STORE}/sparql-graph-crud-auth`, SDG_LOD_STORE_USER: 'dba', SDG_LOD_STORE_PASSWORD: 'dba' };

/** A copy of the bundled project pushed to the store. */
async function pushedProject(dir = 'var') {
  const root = await projectWith({});
  expect(await run(['push', '--base', BASE, '--root', root], { ...STORE_ENV, SDG_LOD_IMPORT_DIR: join(root, dir) }, captureIo())).toBe(0);
  return root;
}

/** A server over the store that takes writes (serve --writes --store sparql), its var/ in `dir`. */
async function writingServer(root: string, dir: string) {
  const { openApp } = await import('../src/http/open.js');
  const { loadConfig } = await import('../src/config.js');
  const { openWriteService } = await import('../src/writes.js');
  const config = loadConfig({ base: BASE, root, importDir: join(root, dir), store: 'sparql', writes: true }, STORE_ENV);
  const writes = await openWriteService(config);
  const opened = await openApp(config, undefined, undefined, writes);
  if ('report' in opened) throw new Error(opened.report);
  return { app: opened.app, writes, config, close: async () => {
    await opened.app.close();
    await writes.close();
  } };
}

describe.skipIf(!STORE)('an external store (Virtuoso)', () => {
  const endpoints = { queryEndpoint: `${STORE}/sparql`, graphStoreEndpoint: `${STORE}/sparql-graph-crud-auth`, user: 'dba', password: 'dba' };
  const env = STORE_ENV;
  let project: Project;
  beforeAll(async () => {
    project = await openProject(bundledConfig());
  });
  const count = async (graph: string, pattern = '?s ?p ?o') => {
    const answer = await remote.query(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${graph}> { ${pattern} } }`, 'application/sparql-results+json');
    return Number(JSON.parse(answer.text).results.bindings[0].n.value);
  };
  const push = async (root?: string) => {
    const io = captureIo();
    const code = await run(['push', '--base', BASE, ...(root ? ['--root', root] : [])], { ...env, SDG_LOD_IMPORT_DIR: join(root ?? (await projectWith({})), 'var') }, io);
    return { code, io };
  };

  it('takes a pushed version whole: every graph, statement for statement, blank nodes with their holders', async () => {
    const { code, io } = await push();
    expect(code).toBe(0);
    expect(io.stdout()).toMatch(/pushed \d+ statements in 8 graphs as <.*>, now current/);
    const { graphs } = await currentGraphs(remote, BASE);
    expect([...graphs.keys()].sort()).toEqual(['annotations', 'catalog', 'letter', 'municipalities', 'ontology', 'project', 'provenance', 'sdg'].map((g) => `${BASE}graph/${g}`));
    for (const [graph, part] of graphs) expect(await count(part), graph).toBe(project.store.countQuads(null, null, null, N3.DataFactory.namedNode(graph)));
    // Six audiences, each a blank node with its two names, held by its activity.
    expect(await count(graphs.get(`${BASE}graph/letter`)!, '?a <http://schema.org/audience> ?b . ?b <http://schema.org/audienceType> ?t')).toBe(12);
  });

  it('switches to the next version in one step, keeps the last one a push longer, then drops it', async () => {
    const first = await currentGraphs(remote, BASE);
    expect((await push()).code).toBe(0);
    const second = await currentGraphs(remote, BASE);
    expect(second.version).not.toBe(first.version);
    expect((await currentGraphs(remote, BASE, 'previousVersion')).version).toBe(first.version);
    for (const part of first.graphs.values()) expect(await count(part)).toBeGreaterThan(0);
    expect((await push()).code).toBe(0);
    for (const part of first.graphs.values()) expect(await count(part)).toBe(0);
    for (const part of second.graphs.values()) expect(await count(part)).toBeGreaterThan(0);
  });

  it('pushes nothing that fails validation', async () => {
    const before = await currentGraphs(remote, BASE);
    const root = await projectWith({ 'zz-bad.ttl': '@prefix schema: <http://schema.org/> . @prefix lod: <def/> . <id/activity/2020-01-01-x> a lod:Activity .' });
    const { code, io } = await push(root);
    expect(code).toBe(1);
    expect(io.stderr()).toContain('nothing was pushed');
    expect((await currentGraphs(remote, BASE)).version).toBe(before.version);
  });

  it('answers a wrong password (Digest) with what went wrong', async () => {
    const wrong = new RemoteStore({ ...endpoints, password: 'not-it' });
    await expect(wrong.putGraph(`${BASE}graph/versions/wrong`, '')).rejects.toThrow(/the store refused loading <.*>: 401/);
  });
});

describe.skipIf(!STORE)('the SPARQL endpoint answered by the external store (serve --store sparql)', () => {
  const env = STORE_ENV;
  let external: import('../src/http/app.js').App;
  let embedded: import('../src/http/app.js').App;
  beforeAll(async () => {
    const { openApp } = await import('../src/http/open.js');
    const { loadConfig } = await import('../src/config.js');
    const root = await projectWith({});
    expect(await run(['push', '--base', BASE, '--root', root], { ...env, SDG_LOD_IMPORT_DIR: join(root, 'var') }, captureIo())).toBe(0);
    const opened = await openApp(loadConfig({ base: BASE, root, importDir: join(root, 'var'), store: 'sparql' }, env));
    const plain = await openApp(bundledConfig());
    if ('report' in opened || 'report' in plain) throw new Error('not valid');
    external = opened.app;
    embedded = plain.app;
  });
  afterAll(async () => {
    await external?.close();
    await embedded?.close();
  });
  const ask = async (app: import('../src/http/app.js').App, query: string, accept = 'application/sparql-results+json') => {
    const res = await app.handle({ method: 'POST', url: '/sparql', headers: { 'content-type': 'application/sparql-query', accept }, body: Buffer.from(query) });
    return { status: res.status, text: res.body?.toString('utf8') ?? '' };
  };
  const rows = (text: string) => (JSON.parse(text).results.bindings as Record<string, { value: string }>[]).map((b) => JSON.stringify(Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.value])))).sort();

  it.each([
    ['statements per graph, named as ours', 'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g'],
    ['activities per goal', `SELECT ?goal (COUNT(?a) AS ?n) WHERE { ?a a <${BASE}def/Activity> ; <http://purl.org/dc/terms/subject> ?goal } GROUP BY ?goal`],
    ['a named graph by its IRI', `SELECT ?a WHERE { GRAPH <${BASE}graph/letter> { ?a a <${BASE}def/Activity> } }`],
    ['titles in Latvian, ordered', `SELECT ?a ?name WHERE { ?a a <${BASE}def/Activity> ; <http://schema.org/name> ?name FILTER(LANG(?name) = "lv") } ORDER BY ?name`],
    ['municipalities and their codes', 'SELECT ?m ?code WHERE { ?m a <http://schema.org/AdministrativeArea> ; <http://www.w3.org/2004/02/skos/core#notation> ?code }'],
    ['targets of goal 11 through the inverse link', 'SELECT ?t WHERE { ?t <http://metadata.un.org/sdg/ontology#isTargetOf> <http://metadata.un.org/sdg/11> }'],
    ['an OPTIONAL and a date filter', `SELECT ?a ?end WHERE { ?a <http://schema.org/startDate> ?d . OPTIONAL { ?a <http://schema.org/endDate> ?end } FILTER(?d >= "2021-01-01"^^<http://www.w3.org/2001/XMLSchema#date>) }`],
    ['annotations and the targets they infer', 'SELECT ?target ?body WHERE { ?n a <http://www.w3.org/ns/oa#Annotation> ; <http://www.w3.org/ns/oa#hasBody> ?body ; <http://www.w3.org/ns/oa#hasTarget> ?target FILTER(isIRI(?target)) }'],
  ])('gives the embedded engine\'s answer: %s', async (_, query) => {
    const ours = await ask(embedded, query);
    const theirs = await ask(external, query);
    expect(theirs.status).toBe(200);
    expect(rows(theirs.text)).toEqual(rows(ours.text));
  });

  it('gives the embedded engine\'s graph for a CONSTRUCT (blank nodes aside)', async () => {
    const query = `CONSTRUCT { ?a ?p ?o } WHERE { ?a a <${BASE}def/Activity> ; ?p ?o }`;
    const parse = (text: string) => new N3.Parser({ format: 'N-Triples' }).parse(text);
    const ours = parse((await ask(embedded, query, 'application/n-triples')).text);
    const theirs = parse((await ask(external, query, 'application/n-triples')).text);
    const { isomorphic } = await import('./isomorphic.js');
    expect(theirs.length).toBe(ours.length);
    expect(isomorphic(theirs, ours)).toBe(true);
  });

  it('answers ASK with a JSON boolean (Virtuoso writes 1)', async () => {
    expect(JSON.parse((await ask(external, `ASK { ?a a <${BASE}def/Activity> }`)).text).boolean).toBe(true);
  });

  it.each([
    ['a FROM of the store\'s system graph', 'SELECT * FROM <http://www.openlinksw.com/schemas/virtrdf#> WHERE { ?s ?p ?o } LIMIT 1', 'leave out FROM'],
    ['a FROM without a space', 'SELECT * FROM<http://www.openlinksw.com/schemas/virtrdf#> WHERE { ?s ?p ?o } LIMIT 1', 'leave out FROM'],
    ['a FROM NAMED after a comment', 'SELECT ?g WHERE # WHERE {\n { GRAPH ?g { ?s ?p ?o } } LIMIT 1 # FROM is here:\n', ''],
    ['a DEFINE pragma', 'DEFINE input:default-graph-uri <http://www.openlinksw.com/schemas/virtrdf#> SELECT * WHERE { ?s ?p ?o } LIMIT 1', 'extensions'],
    ['a bif: function', 'SELECT (bif:sys_stat("st_dbms_ver") AS ?v) WHERE { }', 'extensions'],
    ['a bif: function named by its IRI', 'SELECT (<bif:sys_stat>("st_dbms_ver") AS ?v) WHERE { }', 'extensions'],
    ['a prefix bound to bif:', 'PREFIX b: <bif:> SELECT (b:sys_stat("st_dbms_ver") AS ?v) WHERE { }', 'extensions'],
    ['an sql: function by its IRI', 'SELECT (<SQL:GETNOW>() AS ?v) WHERE { }', 'extensions'],
  ])('reads nothing beyond the dataset: %s', async (_, query, says) => {
    const res = await ask(external, query);
    if (says) {
      expect(res.status).toBe(400);
      expect(res.text).toContain(says);
    } else {
      // A query that only looks like one: answered, and from our graphs only.
      expect(res.status).toBe(200);
      for (const row of rows(res.text)) expect(JSON.parse(row).g).toMatch(new RegExp(`^${BASE}graph/`));
    }
  });

  it('answers 503 when the store takes longer than the query timeout, and keeps answering', async () => {
    const { openApp } = await import('../src/http/open.js');
    const { loadConfig } = await import('../src/config.js');
    const root = await projectWith({});
    const opened = await openApp(loadConfig({ base: BASE, root, importDir: join(root, 'var'), store: 'sparql', queryTimeout: '150' }, env));
    if ('report' in opened) throw new Error(opened.report);
    try {
      // Some sixteen million rows to count: a second or two for the store, past 150 ms.
      const slow = await ask(opened.app, 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }');
      expect(slow.status).toBe(503);
      expect((await ask(opened.app, 'ASK { ?s ?p ?o }')).status).toBe(200);
    } finally {
      await opened.app.close();
    }
  });

  it('answers a sorted page past 10,000 rows with what went wrong, not a 500', async () => {
    const res = await ask(external, 'SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 5 OFFSET 20000');
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/SR353: Sorted TOP clause/);
  });

  it('asks the store with a form naming the dataset, and never with its timeout= parameter', async () => {
    // A proxy in front of the real store, to read what goes to it.
    const { createServer, request } = await import('node:http');
    const seen: { method: string; type: string; params: URLSearchParams }[] = [];
    const proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        seen.push({ method: req.method!, type: req.headers['content-type'] ?? '', params: new URLSearchParams(body.toString('utf8')) });
        const out = request(`${STORE}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode!, answer.headers);
          answer.pipe(res);
        });
        out.end(body);
      });
    }).listen(0, '127.0.0.1');
    await new Promise((resolve) => proxy.once('listening', resolve));
    try {
      const { RemoteQueryPool } = await import('../src/store/remote-pool.js');
      const port = (proxy.address() as { port: number }).port;
      const pool = new RemoteQueryPool(new RemoteStore({ queryEndpoint: `http://127.0.0.1:${port}/sparql` }), BASE, 5000);
      const answer = await pool.run({ query: `SELECT ?a WHERE { ?a a <${BASE}def/Activity> }`, format: 'application/sparql-results+json' });
      expect(JSON.parse(answer.body.toString()).results.bindings.length).toBeGreaterThan(0);
      const query = seen.find((r) => r.params.get('query')?.includes('def/Activity'))!;
      expect([query.method, query.type]).toEqual(['POST', 'application/x-www-form-urlencoded']);
      expect(query.params.has('timeout')).toBe(false);
      const { graphs } = await currentGraphs(remote, BASE);
      expect(query.params.getAll('default-graph-uri').sort()).toEqual([...graphs].filter(([g]) => !g.endsWith('/catalog')).map(([, p]) => p).sort());
    } finally {
      proxy.close();
    }
  });

  it('lists only the dataset\'s graphs for GRAPH ?g', async () => {
    const graphs = rows((await ask(external, 'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }')).text).map((r) => JSON.parse(r).g);
    expect(graphs.length).toBe(7);
    for (const g of graphs) expect(g).toMatch(new RegExp(`^${BASE}graph/(?!versions|catalog)`));
  });

  it('refuses an answer the store cut at its row limit, rather than pass it on as whole', async () => {
    const res = await ask(external, `SELECT * WHERE { ?s ?p ?o . ?a a <${BASE}def/Activity> }`);
    expect(res.status).toBe(422);
    expect(res.text).toContain('the store cut the answer at');
  });
});

describe.skipIf(!STORE)('writes with the external store (serve --writes --store sparql)', () => {
  it('makes each write a new version there too: the endpoint reads it at once, the last version kept', async () => {
    const { createToken } = await import('../src/auth/tokens.js');
    const { activityTurtle } = await import('./helpers.js');
    const root = await pushedProject();
    const server = await writingServer(root, 'var');
    const app = server.app;
    try {
      const token = await createToken(join(root, 'var', 'tokens.json'), 'kuldiga', `${BASE}graph/report/`);
      const before = await currentGraphs(remote, BASE);
      const graph = `${BASE}graph/report/external`;
      const res = await app.handle({ method: 'PUT', url: `/store?graph=${encodeURIComponent(graph)}`, headers: { authorization: `Bearer ${token}`, 'content-type': 'text/turtle' }, body: Buffer.from(activityTurtle('2023-04-04-arejais', '2023-04-04')) });
      expect(res.status).toBe(201);
      const ask = await app.handle({ method: 'POST', url: '/sparql', headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' }, body: Buffer.from(`ASK { GRAPH <${graph}> { <${BASE}id/activity/2023-04-04-arejais> ?p ?o } }`) });
      expect(JSON.parse(ask.body!.toString()).boolean).toBe(true);
      const after = await currentGraphs(remote, BASE);
      expect(after.version).not.toBe(before.version);
      // The graphs the write did not change are the last version's, shared, not loaded again.
      expect(after.graphs.get(`${BASE}graph/letter`)).toBe(before.graphs.get(`${BASE}graph/letter`));
      expect(after.graphs.get(graph)).toBeDefined();
    } finally {
      await server.close();
    }
  });
});

describe('what the store\'s failures mean (Virtuoso 7.2.5\'s own words)', () => {
  const answer = (status: number, text: string, headers: Record<string, string> = {}) => ({ status, text, headers: { get: (name: string) => headers[name] } });
  it.each([
    ['a cost refusal: 422', answer(500, 'Virtuoso 42000 Error The estimated execution time 19751 (sec) exceeds the limit of 400 (sec).\n\nSPARQL query:\nSELECT …'), 422],
    ['its own timeout: 503', answer(500, 'Virtuoso S1T00 Error SR171: Transaction timed out'), 503],
    ['an anytime answer cut at its time limit: 503', answer(200, '{"head":{},"results":{"bindings":[]}}', { 'x-sql-state': 'S1TAT', 'x-sql-message': 'RC...: Returning incomplete results, query interrupted by result timeout.' }), 503],
    ['a sorted page past its limit: 400', answer(500, 'Virtuoso 22023 Error SR353: Sorted TOP clause specifies more then 20005 rows to sort. Only 10000 are allowed. Either decrease the offset and/or row count or use a scrollable cursor'), 400],
    ['a whole answer: none', answer(200, '{"head":{},"boolean":true}'), undefined],
  ])('%s', async (_, given, status) => {
    const { storeFailure } = await import('../src/store/remote-pool.js');
    expect((storeFailure(given, 1000) as { status?: number } | undefined)?.status).toBe(status);
  });
});

describe.skipIf(!STORE)('a reload of a writing server over the store', () => {
  it('makes the edited files the store\'s current version, validated first', async () => {
    const { writeFile, readFile } = await import('node:fs/promises');
    const { createReloader } = await import('../src/http/reloader.js');
    const { Monitor } = await import('../src/http/monitor.js');
    const root = await pushedProject('var-r');
    const server = await writingServer(root, 'var-r');
    const current = { app: server.app };
    const reloader = createReloader({ config: server.config, current, monitor: new Monitor(), log: () => {}, writes: server.writes });
    try {
      const before = await currentGraphs(remote, BASE);
      const file = join(root, 'data', 'municipalities.ttl');
      await writeFile(file, (await readFile(file, 'utf8')).replace('"Kuldīgas novads"@lv', '"Kuldīgas novads (labots)"@lv'));
      expect((await reloader()).outcome).toBe('reloaded');
      const after = await currentGraphs(remote, BASE);
      expect(after.version).not.toBe(before.version);
      const answer = await remote.query(`ASK { GRAPH <${after.graphs.get(`${BASE}graph/municipalities`)}> { ?m ?p "Kuldīgas novads (labots)"@lv } }`, 'application/sparql-results+json');
      expect(answer.text).toMatch(/"boolean"\s*:\s*(true|1)/);
      // Its own push is not taken in again.
      expect(await current.app.follow()).toBe(0);
      // A version that fails validation reaches neither this server nor the store.
      await writeFile(file, (await readFile(file, 'utf8')).replace('"Kuldīgas novads (labots)"@lv', '"Kuldīgas novads (labots)"@lv, "Otrs nosaukums"@lv'));
      const refused = await reloader();
      expect(refused.outcome).toBe('refused');
      expect((await currentGraphs(remote, BASE)).version).toBe(after.version);
    } finally {
      await reloader.stop();
      await current.app.close();
      await server.writes.close();
    }
  });
});

describe.skipIf(!STORE)('several servers over one external store', () => {
  it('shows on one server, within 2 s, what was written through the other', async () => {
    const { createToken } = await import('../src/auth/tokens.js');
    const { activityTurtle, serve } = await import('./helpers.js');
    const root = await pushedProject('var-a');
    const a = await writingServer(root, 'var-a');
    const b = await writingServer(root, 'var-b');
    const servedB = await serve(b.app);
    // C holds none of the data: it reads the store (serve --store sparql without --writes).
    const { openRemoteApp, followRemote } = await import('../src/http/open.js');
    const { loadConfig } = await import('../src/config.js');
    // Its query endpoint only: no Graph Store Protocol, no account.
    const readerConfig = loadConfig({ base: BASE, root, importDir: join(root, 'var-c'), store: 'sparql' }, { SDG_LOD_QUERY_ENDPOINT: `${STORE}/sparql` });
    const c = { app: await openRemoteApp(readerConfig) as App };
    try {
      await a.app.follow();
      await b.app.follow();
      const token = await createToken(join(root, 'var-a', 'tokens.json'), 'kuldiga', `${BASE}graph/report/`);
      const page = `${servedB.origin}/doc/activity/2023-03-03-divi.ttl`;
      // C's indexes read before the write.
      expect((await c.app.handle({ method: 'GET', url: '/search?q=Salacgr', headers: { accept: 'text/html' } })).status).toBe(200);
      const scannedLetter = (c.app as RemoteApp).scans.get((await currentGraphs(remote, BASE)).graphs.get(`${BASE}graph/letter`)!);
      expect(scannedLetter).toBeDefined();
      expect((await fetch(page)).status).toBe(404);
      const written = await a.app.handle({ method: 'PUT', url: `/store?graph=${encodeURIComponent(`${BASE}graph/report/divi`)}`, headers: { authorization: `Bearer ${token}`, 'content-type': 'text/turtle' }, body: Buffer.from(activityTurtle('2023-03-03-divi', '2023-03-03')) });
      expect(written.status).toBe(201);
      // B looks as serve does, once a second: within two looks, that is within 2 s.
      let status = 404;
      for (let look = 0; look < 2 && status !== 200; look++) {
        await b.app.follow();
        status = (await fetch(page)).status;
      }
      expect(status).toBe(200);
      const api = await (await fetch(`${servedB.origin}/api/goals/11/activities?limit=100`, { headers: { accept: 'application/json' } })).json();
      expect(api.items.map((i: { id: string }) => i.id)).toContain(`${BASE}id/activity/2023-03-03-divi`);
      const ask = await fetch(`${servedB.origin}/sparql?query=${encodeURIComponent(`ASK { <${BASE}id/activity/2023-03-03-divi> ?p ?o }`)}`, { headers: { accept: 'application/sparql-results+json' } });
      expect((await ask.json()).boolean).toBe(true);
      // A's own write is not fetched back by A.
      expect(await a.app.follow()).toBe(0);
      // C opens the new version within two looks, and its change feed has the write.
      const cPage = () => c.app.handle({ method: 'GET', url: '/doc/activity/2023-03-03-divi.ttl', headers: {} });
      const letter = (await currentGraphs(remote, BASE)).graphs.get(`${BASE}graph/letter`)!;
      let swapped = false;
      for (let look = 0; look < 2 && !swapped; look++) swapped = await followRemote(c, readerConfig);
      expect(swapped).toBe(true);
      expect((await cPage()).status).toBe(200);
      // The letter's graph, which the write left alone, is not read again: its indexes are the last version's.
      expect((await c.app.handle({ method: 'GET', url: '/search?q=Salacgr', headers: { accept: 'text/html' } })).status).toBe(200);
      expect((c.app as RemoteApp).scans.get(letter)).toBe(scannedLetter);
      expect(await followRemote(c, readerConfig)).toBe(false);
      const feed = JSON.parse((await c.app.handle({ method: 'GET', url: '/changes?page=1', headers: { accept: 'application/activity+json' } })).body!.toString());
      expect(feed.orderedItems).toContainEqual(expect.objectContaining({ type: 'Create', object: `${BASE}id/activity/2023-03-03-divi`, actor: { type: 'Application', name: 'kuldiga' } }));
    } finally {
      await c.app.close();
      await servedB.close();
      await a.close();
      await b.writes.close();
    }
  });
});
