// serve's reload: a new data version is loaded and validated beside the old one and swapped in
// whole; invalid data leaves the old version serving.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/app.js';
import { Monitor } from '../src/http/monitor.js';
import { openApp } from '../src/http/open.js';
import { createReloader, head, shrinkage } from '../src/http/reloader.js';
import { openProject } from '../src/pipeline.js';
import type { Current } from '../src/http/listener.js';
import { listen } from '../src/http/server.js';
import { terminalProgress } from '../src/cli/io.js';
import { activityTurtle, BASE, bundledConfig, PREFIXES, projectWith, tempDir } from './helpers.js';

let root: string;
let server: Server;
let origin: string;
const current = {} as Current;

const load = async () => {
  const loaded = await openApp(bundledConfig({ root }));
  if ('report' in loaded) throw new Error(loaded.report);
  return loaded.app;
};

beforeAll(async () => {
  root = await projectWith({});
  current.app = await load();
  server = await listen(current, 0, '127.0.0.1', undefined);
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await current.app.close();
});

const NEW = activityTurtle('2022-02-02-jauna', '2022-02-02');

const count = async (path: string) => (await (await fetch(`${origin}/${path}`, { headers: { accept: 'application/json' } })).json()).total;
const sparqlCount = async () => {
  const q = `SELECT (COUNT(*) AS ?n) WHERE { ?a a <${BASE}def/Activity> }`;
  const res = await fetch(`${origin}/sparql?query=${encodeURIComponent(q)}`, { headers: { accept: 'application/sparql-results+json' } });
  return Number((await res.json()).results.bindings[0].n.value);
};

it('swaps in a new data version whole: pages, API, SPARQL and home page move together', async () => {
  expect((await fetch(`${origin}/id/activity/2022-02-02-jauna`, { redirect: 'manual' })).status).toBe(404);
  expect(await count('api/activities')).toBe(8);
  expect(await sparqlCount()).toBe(8);
  const home = await (await fetch(`${origin}/`)).text();

  await writeFile(join(root, 'data', 'new.ttl'), NEW);
  const next = await load();
  const old = current.app;
  current.app = next;
  await old.close();

  expect((await fetch(`${origin}/id/activity/2022-02-02-jauna`, { redirect: 'manual' })).status).toBe(303);
  expect(await count('api/activities')).toBe(9);
  expect(await count('api/goals/11/activities')).toBe(2);
  expect(await sparqlCount()).toBe(9);
  expect(await (await fetch(`${origin}/`)).text()).not.toBe(home);
});

it('refuses a data version that fails validation, with the report', async () => {
  await writeFile(join(root, 'data', 'broken.ttl'), `${PREFIXES}\nactivity:x a lod:Activity .\n`);
  const loaded = await openApp(bundledConfig({ root }));
  expect('report' in loaded && loaded.report).toMatch(/data\/broken.ttl\n  activity:x /);
});

describe('a reload', () => {
  let own: string;
  let here: Current;
  let monitor: Monitor;
  let logged: Record<string, unknown>[];
  const reloader = (allowShrink = false) => createReloader({ config: bundledConfig({ root: own, allowShrink }), current: here, monitor, log: (e) => void logged.push(e) });

  beforeAll(async () => {
    own = await projectWith({ 'extra.ttl': NEW });
    const opened = await openApp(bundledConfig({ root: own }));
    if ('report' in opened) throw new Error(opened.report);
    here = { app: opened.app };
  });
  beforeEach(() => {
    monitor = new Monitor();
    logged = [];
  });
  afterAll(() => here.app.close());

  it('is refused when a data file is gone, says which, and keeps the version served', async () => {
    const before = here.app;
    await rm(join(own, 'data', 'extra.ttl'));
    const outcome = await reloader()();
    expect(outcome).toMatchObject({ outcome: 'refused' });
    expect(outcome.reason).toBe('1 data file(s) no longer there: data/extra.ttl; still serving the previous version (--allow-shrink publishes it)');
    expect(here.app).toBe(before);
    expect(monitor.lastReload).toBe(outcome);
    expect(logged[0]).toMatchObject({ level: 'error' });
  });

  it('goes through when the operator allows it', async () => {
    const before = here.app;
    const outcome = await reloader(true)();
    expect(outcome).toMatchObject({ outcome: 'reloaded' });
    expect(here.app).not.toBe(before);
    expect(here.app.published().files.some((f) => f.endsWith('extra.ttl'))).toBe(false);
  });

  it('makes signals that come while one runs into one more reload, not a queue', async () => {
    const reload = reloader();
    const [a, b, c] = [reload(), reload(), reload()];
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(await a).toMatchObject({ outcome: 'reloaded' });
  });

  it('stops: a reload under way is closed, not swapped in, and retired versions close at once', async () => {
    const reload = reloader(true);
    const retired = here.app;
    expect(await reload()).toMatchObject({ outcome: 'reloaded' });
    const serving = here.app;
    const underWay = reload();
    await reload.stop();
    expect(await underWay).toMatchObject({ outcome: 'refused', reason: 'the server is stopping' });
    expect(here.app).toBe(serving);
    const query = encodeURIComponent('ASK { ?retired ?p ?o }');
    expect((await retired.handle({ method: 'GET', url: `/sparql?query=${query}`, headers: {} })).status).toBe(503);
  });

  it.each([
    ['a short report whole', 'a\nb', 'a\nb'],
    ['a long one cut, saying how to read the rest', 'a\nb\nc\nd', 'a\nb\n… 2 more lines: run sdg-lod validate for the whole report'],
  ])('logs %s', (_name, report, logged) => {
    expect(head(report, 2)).toBe(logged);
  });

  it('is refused when most statements are gone', () => {
    expect(shrinkage({ files: ['a'], triples: 1000 }, { files: ['a'], triples: 400 })).toMatch(/fall from 1000 to 400/);
    expect(shrinkage({ files: ['a'], triples: 1000 }, { files: ['a', 'b'], triples: 600 })).toBeUndefined();
  });
});

it('answers SPARQL from what was published, whatever happens to the files after', async () => {
  const own = await projectWith({});
  const importDir = await tempDir('published-');
  const app = createApp(await openProject(bundledConfig({ root: own, importDir })), { sparql: { timeoutMs: 1000, workers: 1 } });
  const count = async () => {
    const res = await app.handle({ method: 'GET', url: `/sparql?${new URLSearchParams({ query: 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' })}`, headers: { 'cache-control': 'no-cache' } });
    expect(res.status).toBe(200);
    return JSON.parse(res.body!.toString()).results.bindings[0].n.value as string;
  };
  const runaway = () => app.handle({ method: 'POST', url: '/sparql', headers: { 'content-type': 'application/sparql-query' }, body: Buffer.from('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }') });
  await app.start();
  const published = await count();
  // A source deleted, another edited; then a worker replaced after a timeout.
  await rm(join(own, 'data', 'annotations.ttl'));
  await writeFile(join(own, 'data', 'letter.ttl'), '');
  expect((await runaway()).status).toBe(503);
  const again = await app.handle({ method: 'POST', url: '/sparql', headers: { 'content-type': 'application/sparql-query' }, body: Buffer.from('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }') });
  expect(JSON.parse(again.body!.toString()).results.bindings[0].n.value).toBe(published);
  // The snapshot the workers load is written again if it goes.
  await rm(join(importDir, 'cache', 'dumps'), { recursive: true, force: true });
  expect((await runaway()).status).toBe(503);
  const third = await app.handle({ method: 'POST', url: '/sparql', headers: { 'content-type': 'application/sparql-query' }, body: Buffer.from('ASK { ?s ?p ?o }') });
  expect(third.status).toBe(200);
  await app.close();
});

it.each([
  [true, {}, true],
  [true, { CI: 'true' }, false],
  [false, {}, false],
])('shows progress on a terminal (tty %s, env %j): %s', (isTTY, env, shown) => {
  let written = '';
  const stream = { isTTY, write: (t: string) => void (written += t) } as unknown as NodeJS.WriteStream;
  const progress = terminalProgress(stream, env);
  expect(progress !== undefined).toBe(shown);
  progress?.('loading data/generated.ttl', 200_000);
  progress?.('');
  if (shown) expect(written).toBe('\r\x1b[Kloading data/generated.ttl: 200,000 (0.0 s)\r\x1b[K');
});
