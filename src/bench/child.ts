// Benchmark child processes, so that each measurement has a process (and an event loop) of its
// own. Times count from the process's start (performance.now()), so both sides pay Node's boot.
//   node dist/bench/child.js ready ROOT cold|warm PATH  start to ready as `serve` does it; then warms
//                                                       every cache and reports peak RSS
//   node dist/bench/child.js engine ROOT                the bare engine: oxigraph loading the same files
//   node dist/bench/child.js queries ROOT QUESTIONS     the bare engine answering questions in-process
//   node dist/bench/child.js serve ROOT app|plain PATH  a server; prints its port
//   node dist/bench/child.js writes ROOT                a server taking writes; prints its port and a token
//   node dist/bench/child.js reload ROOT                validation after one edited activity: from the last version, and in full
//   STORE=URL node dist/bench/child.js push ROOT        the project loaded into an external store, timed
//   STORE=URL node dist/bench/child.js external ROOT    a server answering SPARQL from the external store; prints its port
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createToken, revokeToken } from '../auth/tokens.js';
import { journalFile } from '../store/writes.js';
import { openWriteService } from '../writes.js';
import { publishedGraphs } from '../store/dataset.js';
import { RemoteStore } from '../store/remote.js';
import { pushVersion, versionName } from '../store/versions.js';
import { Agent, createServer, request as httpRequest } from 'node:http';
import * as ox from 'oxigraph';
import { listen, loadConfig, openApp, openProject, type App } from '../index.js';
import { listSources } from '../load/sources.js';
import { openRemoteApp } from '../http/open.js';
import { mediaTypeOf, syntaxOf } from '../load/parse.js';
import { inDataset } from '../store/dataset.js';

const [mode, root, kind, path] = process.argv.slice(2);
const base = 'http://localhost:8080/';
const FORMATS = { ttl: 'text/turtle', jsonld: 'application/ld+json', html: 'text/html' };

export interface Question {
  name: string;
  api: string;
  /** The same question as SPARQL: the page and the count the API's answer carries. */
  sparql: string[];
}

async function app(cache: boolean): Promise<{ app: App; triples: number }> {
  const loaded = await openApp(loadConfig({ root, base, validationCache: cache }, {}));
  if ('report' in loaded) throw new Error(loaded.report);
  return loaded;
}

const rssMb = () => process.resourceUsage().maxRSS / 1024;

async function main() {
  if (mode === 'ready') {
    const { app: ready, triples } = await app(kind === 'warm');
    const ms = performance.now();
    const rssAtReady = rssMb();
    // Every cache warm: the resource in each format, the home page, the catalogue, API answers,
    // the dumps (written to disk once per data version), a query.
    const dumps = ['ttl', 'nt', 'nq', 'jsonld'].map((ext) => `dumps/sdg-lod.${ext}`);
    const warm = ['', 'catalog', 'api/goals/1/activities', 'api/goals/co-occurrence', ...dumps, ...Object.keys(FORMATS).map((ext) => `${path}.${ext}`)];
    for (const url of warm) await ready.handle({ method: 'GET', url: `/${url}`, headers: {} });
    await ready.handle({ method: 'GET', url: `/sparql?query=${encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }')}`, headers: {} });
    console.log(JSON.stringify({ ms, rssAtReady, rssMb: rssMb(), triples }));
    process.exit(0);
  }
  if (mode === 'engine' || mode === 'queries') {
    const store = new ox.Store();
    // The same files as the dataset, straight into the engine.
    for (const s of (await listSources(loadConfig({ root, base }, {}))).filter((source) => inDataset(source, base))) {
      store.load(await readFile(s.file), { format: mediaTypeOf(syntaxOf(s.file)), base_iri: base, to_graph_name: ox.namedNode(s.graph) });
    }
    const ms = performance.now();
    if (mode === 'engine') {
      console.log(JSON.stringify({ ms, rssMb: rssMb(), triples: store.size }));
      process.exit(0);
    }
    const questions = JSON.parse(kind!) as Question[];
    const times: Record<string, number[]> = {};
    for (let round = 0; round < 3; round++) {
      for (const q of questions) {
        const t0 = performance.now();
        for (const query of q.sparql) store.query(query, { results_format: 'application/sparql-results+json', use_default_graph_as_union: true });
        (times[q.name] ??= []).push(performance.now() - t0);
      }
    }
    console.log(JSON.stringify({ times }));
    process.exit(0);
  }
  if (mode === 'reload') {
    // One activity's date changed in the generated file, as a steward's edit before a SIGHUP: the
    // next version validated from the last one, then (for comparison) in full.
    const config = loadConfig({ root, base, validationCache: true }, {});
    const first = await openProject(config);
    const file = join(root!, 'data', 'generated.ttl');
    const text = await readFile(file, 'utf8');
    const at = text.indexOf('schema:startDate "', text.indexOf('\nactivity:'));
    const edited = `${text.slice(0, at)}schema:startDate "2019-01-02${text.slice(at + 'schema:startDate "2019-01-02'.length)}`;
    await writeFile(file, edited);
    try {
      const next = await openProject(config, { previous: first });
      const full = await openProject(loadConfig({ root, base, validationCache: false }, {}));
      const same = JSON.stringify(next.report.results.map((r) => r.message).sort()) === JSON.stringify(full.report.results.map((r) => r.message).sort());
      console.log(JSON.stringify({ incremental: next.validation, full: full.validation, same }));
    } finally {
      await writeFile(file, text);
    }
    process.exit(0);
  }
  if (mode === 'push' || mode === 'external') {
    // An external store (STORE, e.g. http://127.0.0.1:28890, Virtuoso's dba account): `push` times
    // loading the project into it; `external` serves with --store sparql and prints its port.
    const store = process.env.STORE!;
    const env = { SDG_LOD_QUERY_ENDPOINT: `${store}/sparql`, SDG_LOD_GRAPH_STORE_ENDPOINT: `${store}/sparql-graph-crud-auth`, SDG_LOD_STORE_USER: 'dba', SDG_LOD_STORE_PASSWORD: 'dba' };
    if (mode === 'push') {
      const config = loadConfig({ root, base, validationCache: true }, env);
      const project = await openProject(config);
      const graphs = publishedGraphs(project.store, base);
      const t0 = performance.now();
      const pushed = await pushVersion(new RemoteStore(config.external!), project.store, graphs, base, versionName('bench'), { modified: project.version.modified, key: project.key, prefixes: project.prefixes });
      console.log(JSON.stringify({ ms: performance.now() - t0, statements: pushed.statements, parts: Object.fromEntries(pushed.parts) }));
      process.exit(0);
    }
    // A reading server: none of the data held here, every answer asked of the store.
    const served = await openRemoteApp(loadConfig({ root, base, store: 'sparql' }, env));
    // Warm, as a server is a while after it opened: the indexes read from every statement (the home page waits for them).
    const t0 = performance.now();
    await served.handle({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    const scanMs = performance.now() - t0;
    // What that pass let go is collected now, as it would be in a server that has been up a
    // while: not by the collector's threads during the first measurements, beside the store's.
    (globalThis as { gc?: () => void }).gc?.();
    const server = await listen(served, 0, '127.0.0.1', undefined);
    // Beside it, the practical limit: node:http answering the same bytes from memory.
    const res = await served.handle({ method: 'GET', url: `/${path}.ttl`, headers: {} });
    const limit = createServer((req, out) => {
      if (req.url !== `/${path}.ttl`) return void out.writeHead(404).end();
      out.writeHead(200, { 'content-type': res.headers['content-type']!, 'content-length': res.body!.length });
      out.end(res.body);
    }).listen(0, '127.0.0.1', () => void listening());
    // And the floor of any forwarding hop in node here: node:http passing the store's questions
    // on and its answers back, untouched (no checks, no dataset named, no rewriting).
    const upstream = new Agent({ keepAlive: true, maxSockets: 4 });
    const storeUrl = new URL(store);
    const proxy = createServer((req, out) => {
      const up = httpRequest({ host: storeUrl.hostname, port: storeUrl.port, path: req.url, method: req.method, headers: req.headers, agent: upstream }, (answer) => {
        out.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(out);
      });
      up.on('error', () => out.destroy());
      req.pipe(up);
    }).listen(0, '127.0.0.1', () => void listening());
    let waiting = 2;
    const listening = () => --waiting || console.log(JSON.stringify({ port: (server.address() as { port: number }).port, limit: (limit.address() as { port: number }).port, proxy: (proxy.address() as { port: number }).port, scanMs }));
    return;
  }
  if (mode === 'writes') {
    // A server that takes writes, with a token for the benchmark; its journal goes when it stops,
    // so that the next start reuses the validation report of the files.
    const config = loadConfig({ root, base, validationCache: true, writes: true }, {});
    await rm(journalFile(config), { force: true });
    const writes = await openWriteService(config);
    const loaded = await openApp(config, undefined, undefined, writes);
    if ('report' in loaded) throw new Error(loaded.report);
    const tokens = join(config.importDir, 'tokens.json');
    await revokeToken(tokens, 'bench');
    const token = await createToken(tokens, 'bench', `${base}graph/report/`);
    const server = await listen(loaded.app, 0, '127.0.0.1', undefined);
    const stop = async () => {
      await writes.close();
      await rm(journalFile(config), { force: true });
      process.exit(0);
    };
    process.on('SIGTERM', () => void stop());
    console.log(JSON.stringify({ port: (server.address() as { port: number }).port, token }));
    return;
  }
  if (mode === 'serve') {
    const { app: served } = await app(true);
    if (kind === 'app') {
      // The soak test asks for a garbage collection before it reads the memory (node --expose-gc).
      process.on('SIGUSR2', () => (globalThis as { gc?: () => void }).gc?.());
      const server = await listen(served, 0, '127.0.0.1', undefined);
      console.log(JSON.stringify({ port: (server.address() as { port: number }).port }));
      return;
    }
    // The practical limit: node:http answering the same bytes from memory.
    const bytes = new Map<string, { body: Buffer; type: string }>();
    for (const ext of Object.keys(FORMATS)) {
      const res = await served.handle({ method: 'GET', url: `/${path}.${ext}`, headers: {} });
      bytes.set(`/${path}.${ext}`, { body: res.body!, type: res.headers['content-type']! });
    }
    const server = createServer((req, res) => {
      const hit = bytes.get(req.url ?? '');
      if (!hit) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': hit.type, 'content-length': hit.body.length });
      res.end(hit.body);
    }).listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: (server.address() as { port: number }).port })));
  }
}
void main();
