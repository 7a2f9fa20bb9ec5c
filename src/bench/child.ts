// Benchmark child processes, so that each measurement has a process (and an event loop) of its own.
//   node dist/bench/child.js ready ROOT       start to ready: load, validate (no cache), index, render
//   node dist/bench/child.js engine ROOT      the bare engine: oxigraph loading the same files
//   node dist/bench/child.js serve ROOT app|plain PATH   a server; prints its port
import { readFile, readdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import * as ox from 'oxigraph';
import { loadConfig } from '../config.js';
import { createApp } from '../http/app.js';
import { listen } from '../http/server.js';
import { openProject } from '../pipeline.js';

const [mode, root, kind, path] = process.argv.slice(2);
const base = 'http://localhost:8080/';
const FORMATS = { ttl: 'text/turtle', jsonld: 'application/ld+json', html: 'text/html' };

async function main() {
  if (mode === 'ready') {
    const t0 = performance.now();
    const project = await openProject(loadConfig({ root, base, validationCache: false }, {}));
    const app = createApp(project);
    for (const ext of Object.keys(FORMATS)) await app.handle({ method: 'GET', url: `/${path ?? ''}.${ext}`, headers: {} });
    const ms = performance.now() - t0;
    console.log(JSON.stringify({ ms, rssMb: process.resourceUsage().maxRSS / 1024, triples: project.store.size, valid: project.report.conforms }));
    process.exit(0);
  }
  if (mode === 'engine') {
    const t0 = performance.now();
    const store = new ox.Store();
    for (const dir of ['ontology', 'data']) {
      for (const f of (await readdir(join(root!, dir))).filter((n) => n.endsWith('.ttl'))) {
        store.load(await readFile(join(root!, dir, f), 'utf8'), { format: 'text/turtle', base_iri: base, to_graph_name: ox.namedNode(`${base}graph/${f}`) });
      }
    }
    console.log(JSON.stringify({ ms: performance.now() - t0, rssMb: process.resourceUsage().maxRSS / 1024, triples: store.size }));
    process.exit(0);
  }
  if (mode === 'serve') {
    const project = await openProject(loadConfig({ root, base }, {}));
    const app = createApp(project);
    if (kind === 'app') {
      const server = await listen(app, 0, '127.0.0.1', undefined);
      console.log(JSON.stringify({ port: (server.address() as { port: number }).port }));
      return;
    }
    // The practical limit: node:http answering the same bytes from memory.
    const bytes = new Map<string, { body: Buffer; type: string }>();
    for (const ext of Object.keys(FORMATS)) {
      const res = await app.handle({ method: 'GET', url: `/${path}.${ext}`, headers: {} });
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
