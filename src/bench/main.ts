// npm run bench [-- --quick | --soak | --writes | --external]: one table of figures, each a median of several runs, against
// the performance targets; written into docs/benchmarks.md (between the bench markers) with the
// machine, Node and library versions, and the soak test (soak.ts) between its own markers. The
// prose around the markers is kept. --soak runs the soak test alone.
import { execFile, spawn } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { loadConfig, projectRoot } from '../config.js';
import { generateProject } from '../generate.js';
import { countQuery, pageQuery, patterns } from '../store/relation-queries.js';
import type { Question } from './child.js';
import { measureEngines } from './shacl.js';
import { soak, type SoakFigures } from './soak.js';

const quick = process.argv.includes('--quick');
const soakOnly = process.argv.includes('--soak');
const writesOnly = process.argv.includes('--writes');
const externalOnly = process.argv.includes('--external');
const RUNS = 3;
/** Rounds of the SPARQL questions through sdg-lod and to the external store directly. */
const SPARQL_ROUNDS = 9;
const sizes = quick ? [1000] : [1000, 10_000, 100_000];
const child = fileURLToPath(new URL('./child.js', import.meta.url));
const BASE = 'http://localhost:8080/';
const RANGE = { from: '2019-01-01', to: '2021-12-31' };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const node = ['--max-old-space-size=16000', '--expose-gc', child];
const run = async (args: string[]) => JSON.parse((await promisify(execFile)(process.execPath, [...node, ...args], { maxBuffer: 16 << 20 })).stdout);
const log = (text: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);

async function server(root: string, kind: string, path: string) {
  const proc = spawn(process.execPath, [...node, 'serve', root, kind, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => createInterface({ input: proc.stdout! }).once('line', resolve));
  return { port: (JSON.parse(line) as { port: number }).port, pid: proc.pid!, stop: () => proc.kill() };
}

type Row = [size: string, measure: string, figure: string, target: string, verdict: string];
const rows: Row[] = [];
const add = (n: number | string, measure: string, figure: string, target = '', verdict = '') => rows.push([String(n), measure, figure, target, verdict]);
/** "met", or by how much the figure misses. */
const atMost = (value: number, limit: number) => (value <= limit ? 'met' : `missed by ${((value / limit - 1) * 100).toFixed(0)} %`);
const atLeast = (value: number, limit: number) => (value >= limit ? 'met' : `missed by ${((1 - value / limit) * 100).toFixed(0)} %`);

function questions(municipalities: string[]): Question[] {
  const goals = Array.from({ length: 17 }, (_, i) => i + 1).map((g) => ({
    name: 'goal',
    api: `api/goals/${g}/activities`,
    sparql: [pageQuery(BASE, patterns.goal(g), 20), countQuery(BASE, patterns.goal(g))],
  }));
  const places = municipalities.map((slug) => {
    const where = `${patterns.municipality(`${BASE}id/municipality/${slug}`)} ${patterns.between(RANGE.from, RANGE.to)}`;
    return {
      name: 'municipality in a date range',
      api: `api/municipalities/${slug}/activities?from=${RANGE.from}&to=${RANGE.to}`,
      sparql: [pageQuery(BASE, where, 20), countQuery(BASE, where)],
    };
  });
  return [...goals, ...places];
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** One request on a kept-alive connection; resolves when the whole body has arrived. */
function request(port: number, path: string, headers: Record<string, string>, body?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: body === undefined ? 'GET' : 'POST', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${path}: ${res.statusCode} ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** p50 of each kind of question, asked over HTTP one at a time (distinct URLs: no prepared answer). */
async function overHttp(port: number, qs: Question[], how: 'api' | 'sparql') {
  const times: Record<string, number[]> = {};
  for (let round = 0; round < RUNS; round++) {
    for (const q of qs) {
      const t0 = performance.now();
      if (how === 'api') {
        await request(port, `/${q.api}${q.api.includes('?') ? '&' : '?'}limit=${20 + round}`, { accept: 'application/json' });
      } else {
        for (const query of q.sparql) {
          await request(port, '/sparql', { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' }, query);
        }
      }
      (times[q.name] ??= []).push(performance.now() - t0);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}

/** A generated project of n activities (seed 1), one activity's description path, some names. */
async function project(n: number) {
  const root = join(tmpdir(), `sdg-lod-bench-${n}`);
  log(`generating ${n} activities`);
  await generateProject(root, { activities: n, seed: 1, from: projectRoot });
  const text = await readFile(join(root, 'data', 'generated.ttl'), 'utf8');
  const slugs = [...text.matchAll(/^activity:(\S+) a /gm)].map((m) => m[1]!);
  const names = [...text.matchAll(/schema:name "([^"]+)"@/g)].slice(0, 2000).map((m) => m[1]!);
  return { root, text, path: `doc/activity/${slugs[0]!}`, slugs, names };
}

/** One activity in its own report graph, as a steward's PUT sends it. */
function activityTurtle(i: number, organisation: string, document: string): string {
  return `<${BASE}id/activity/2024-03-01-bench-${i}> a <${BASE}def/Activity> , <http://schema.org/Event> ;
  <http://purl.org/dc/terms/type> <${BASE}def/activity-kind-video-campaign> ;
  <http://schema.org/name> "Bench ${i}"@lv , "Bench ${i}"@en ; <http://schema.org/description> "Apraksts."@lv , "A description."@en ;
  <http://schema.org/startDate> "2024-03-01"^^<http://www.w3.org/2001/XMLSchema#date> ;
  <http://schema.org/organizer> <${BASE}id/organization/${organisation}> ; <http://purl.org/dc/terms/subject> <http://metadata.un.org/sdg/11> ;
  <http://www.w3.org/ns/prov#wasDerivedFrom> <${BASE}id/document/${document}> .\n`;
}

const writeAgent = new Agent({ keepAlive: true, maxSockets: 8 });

/** A PUT of one activity; resolves with its time once acknowledged (201/204). */
function write(port: number, token: string, i: number, organisation: string, document: string): Promise<number> {
  const t0 = performance.now();
  const graph = encodeURIComponent(`${BASE}graph/report/bench-${i}`);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: `/store?graph=${graph}`, method: 'PUT', agent: writeAgent, headers: { authorization: `Bearer ${token}`, 'content-type': 'text/turtle' } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 201 || res.statusCode === 204 ? resolve(performance.now() - t0) : reject(new Error(`write: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(activityTurtle(i, organisation, document));
  });
}

/** Writes one at a time (latency), then writers and readers at once (throughput). */
async function writesSection(n: number, root: string, text: string, path: string) {
  const organisation = /^organization:(\S+) a /m.exec(text)?.[1] ?? 'org-1';
  const document = /^document:(\S+) a schema:DigitalDocument/m.exec(text)?.[1] ?? '';
  const proc = spawn(process.execPath, [...node, 'writes', root], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => createInterface({ input: proc.stdout! }).once('line', resolve));
  const { port, token } = JSON.parse(line) as { port: number; token: string };
  try {
    let i = 0;
    for (let k = 0; k < 20; k++) await write(port, token, i++, organisation, document); // warm-up
    const times: number[] = [];
    for (let k = 0; k < (quick ? 100 : 300); k++) times.push(await write(port, token, i++, organisation, document));
    times.sort((a, b) => a - b);
    const p50 = times[Math.floor(times.length / 2)]!;
    const p99 = times[Math.floor(times.length * 0.99)]!;
    add(n, 'write one activity (PUT, validated, journaled, published), one at a time: p50, p99', `${p50.toFixed(1)} ms, ${p99.toFixed(1)} ms`, 'p50 ≤ 50 ms, p99 ≤ 200 ms', p50 <= 50 && p99 <= 200 ? 'met' : `${atMost(p50, 50)}; ${atMost(p99, 200)}`);
    // Four writers and 16 readers (an activity's page, the API) at once for 10 s.
    const seconds = quick ? 5 : 10;
    const until = performance.now() + seconds * 1000;
    let written = 0;
    const writer = async () => {
      while (performance.now() < until) {
        await write(port, token, i++, organisation, document);
        written++;
      }
    };
    const [reads] = await Promise.all([
      autocannon({ url: `http://127.0.0.1:${port}`, connections: 16, duration: seconds, requests: [{ path: `/${path}.html` }, { path: '/api/goals/11/activities' }] }),
      writer(), writer(), writer(), writer(),
    ]);
    const rate = written / seconds;
    add(n, 'writes sustained, 4 writers beside 16 readers', `${rate.toFixed(0)} writes/s`, '≥ 50 writes/s', atLeast(rate, 50));
    add(n, 'reads meanwhile (activity page, API), 16 connections', `${reads.requests.average.toFixed(0)} req/s, p99 ${reads.latency.p99} ms, ${reads.non2xx} non-2xx`);
  } finally {
    proc.kill('SIGTERM');
    await new Promise((resolve) => proc.once('exit', resolve));
  }
}

const HOSTILE: Record<string, string> = { runaways: 'runaway queries (4 at a time, 20 s)', slowloris: 'slowloris (1,500 sockets, 20 s)', nonReaders: 'clients that never read a dump (50, 40 s)' };

/** The soak test on 10,000 activities, written between the soak markers of docs/benchmarks.md. */
async function soakSection() {
  const { root, path, slugs, names } = await project(10_000);
  await run(['ready', root, 'warm', path]); // validates once, fills the report cache
  const app = await server(root, 'app', path);
  let figures: SoakFigures;
  try {
    figures = await soak(app.port, app.pid, slugs.slice(0, 500), names, log);
  } finally {
    app.stop();
  }
  const { calm, hostile } = figures;
  const phases = [['calm', calm], ...Object.entries(hostile)] as [string, typeof calm][];
  const sum = (f: (p: typeof calm) => number) => phases.reduce((n, [, p]) => n + f(p), 0);
  const rssChange = figures.rssEndMb / figures.rssStartMb - 1;
  const lines: [string, string, string, string][] = [
    ['dereferences, calm minute', `${calm.derefRps.toFixed(0)} req/s, p99 ${calm.derefP99} ms`, '', ''],
    ...Object.entries(hostile).map(([name, p]): [string, string, string, string] => {
      const ratio = p.derefP99 / Math.max(1, calm.derefP99);
      return [`dereferences, beside ${HOSTILE[name]}`, `${p.derefRps.toFixed(0)} req/s, p99 ${p.derefP99} ms`, 'p99 ≤ 2 × calm', `${ratio.toFixed(2)} ×: ${atMost(ratio, 2)}`];
    }),
    ['the mix (API, SPARQL, search), req/s: calm; beside each hostile client', `${calm.mixRps.toFixed(0)}; ${Object.values(hostile).map((p) => p.mixRps.toFixed(0)).join(', ')}`, '', ''],
    ['dumps downloaded: calm minute; beside each hostile client', `${calm.dumps}; ${Object.values(hostile).map((p) => p.dumps).join(', ')}`, '', ''],
    ['socket errors and timeouts of ordinary clients', `${sum((p) => p.errors)}, ${sum((p) => p.timeouts)}`, '0', sum((p) => p.errors + p.timeouts) === 0 ? 'met' : 'missed'],
    ['5xx other than 503', `${sum((p) => p.status5xx)}`, '0', sum((p) => p.status5xx) === 0 ? 'met' : 'missed'],
    ['503: calm; beside each hostile client (of them without Retry-After)', `${calm.status503}; ${Object.values(hostile).map((p) => p.status503).join(', ')} (${sum((p) => p.retryAfterMissing)})`, 'all with Retry-After', sum((p) => p.retryAfterMissing) === 0 ? 'met' : 'missed'],
    ['hostile clients opened: runaway queries, slowloris sockets, non-readers', `${figures.hostileSockets.runaways}, ${figures.hostileSockets.slowloris}, ${figures.hostileSockets.nonReaders}`, '', ''],
    ['server RSS after warm-up → after the run (each after a garbage collection)', `${figures.rssStartMb.toFixed(0)} → ${figures.rssEndMb.toFixed(0)} MB`, 'within 20 %', `${(rssChange * 100).toFixed(1)} %: ${Math.abs(rssChange) <= 0.2 ? 'met' : 'missed'}`],
  ];
  const table = ['| measure | figure | target | against the target |', '|---|---|---|---|', ...lines.map((l) => `| ${l.join(' | ')} |`)].join('\n');
  process.stdout.write(`\n${table}\n`);
  const file = join(projectRoot, 'docs', 'benchmarks.md');
  const doc = await readFile(file, 'utf8');
  const section = `<!-- soak:start -->\nProduced by \`npm run bench -- --soak\` on ${new Date().toISOString().slice(0, 10)}, 10,000 activities, 64 connections on loopback.\n\n${table}\n<!-- soak:end -->`;
  await writeFile(file, doc.includes('<!-- soak:start -->') ? doc.replace(/<!-- soak:start -->[\s\S]*<!-- soak:end -->/, section) : `${doc.trimEnd()}\n\n${section}\n`);
}

/** A reload after one edited activity: validated from the last version, against in full. */
async function reloadSection(n: number, root: string) {
  const { incremental, full, same } = (await run(['reload', root])) as { incremental: { how: string; ms: number }; full: { ms: number }; same: boolean };
  add(n, 'reload (SIGHUP) after one edited activity: validation from the last version', `${incremental.ms.toFixed(0)} ms (${incremental.how})`, '< 1 s',
    `${incremental.how === 'incremental' ? atMost(incremental.ms, 1000) : 'not incremental'}; ${(full.ms / incremental.ms).toFixed(0)} × faster than in full (${(full.ms / 1000).toFixed(1)} s); ${same ? 'same report' : 'REPORTS DIFFER'}`);
}

/** --writes: the write path and a reload at 100,000 activities, between the writes markers. */
async function writesOnlySection() {
  const n = quick ? 1000 : 100_000;
  const { root, text, path } = await project(n);
  log('writes: first start validates');
  await run(['ready', root, 'warm', path]);
  log('writes');
  await writesSection(n, root, text, path);
  log('reload');
  await reloadSection(n, root);
  const table = ['| activities | measure | figure | target | against the target |', '|---:|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  process.stdout.write(`\n${table}\n`);
  const file = join(projectRoot, 'docs', 'benchmarks.md');
  const doc = await readFile(file, 'utf8');
  const section = `<!-- writes:start -->\nProduced by \`npm run bench -- --writes${quick ? ' --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}.\n\n${table}\n<!-- writes:end -->`;
  await writeFile(file, doc.includes('<!-- writes:start -->') ? doc.replace(/<!-- writes:start -->[\s\S]*<!-- writes:end -->/, section) : `${doc.trimEnd()}\n\n${section}\n`);
}

/** Virtuoso from Debian on loopback, from ci/virtuoso.ini in a folder of its own; stopped by its PID. */
async function virtuoso() {
  const dir = await mkdtemp(join(tmpdir(), 'sdg-lod-virtuoso-'));
  await writeFile(join(dir, 'virtuoso.ini'), await readFile(join(projectRoot, 'ci', 'virtuoso.ini'), 'utf8'));
  const proc = spawn('virtuoso-t', ['+configfile', 'virtuoso.ini', '+foreground'], { cwd: dir, stdio: 'ignore' });
  const url = 'http://127.0.0.1:28890';
  for (let i = 0; i < 120; i++) {
    if (await fetch(`${url}/sparql?query=ASK%7B%7D`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { url, stop: async () => {
    proc.kill();
    await new Promise((r) => proc.once('exit', r));
    await rm(dir, { recursive: true, force: true });
  } };
}

/** --external: the project in Virtuoso at 100,000 activities, and SPARQL through sdg-lod against the store asked directly. */
async function externalSection() {
  const n = quick ? 1000 : 100_000;
  const { root, text, path } = await project(n);
  const municipalities = [...new Set([...text.matchAll(/schema:contributor municipality:(\S+) ;/g)].map((m) => m[1]!))].slice(0, 10);
  log('external: first start validates');
  await run(['ready', root, 'warm', path]);
  const store = await virtuoso();
  try {
    log('push');
    const pushed = JSON.parse((await promisify(execFile)(process.execPath, [...node, 'push', root], { env: { ...process.env, STORE: store.url }, maxBuffer: 16 << 20 })).stdout) as { ms: number; statements: number; parts: Record<string, string> };
    add(n, 'load into Virtuoso 7.2.5 (sdg-lod push: Graph Store Protocol, 50,000-statement requests)', `${(pushed.ms / 1000).toFixed(1)} s, ${pushed.statements.toLocaleString('en')} statements, ${Math.round(pushed.statements / (pushed.ms / 1000)).toLocaleString('en')}/s`);
    const proc = spawn(process.execPath, [...node, 'external', root, '', path], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, STORE: store.url } });
    const line = await new Promise<string>((resolve) => createInterface({ input: proc.stdout! }).once('line', resolve));
    const { port, limit, proxy, scanMs } = JSON.parse(line) as { port: number; limit: number; proxy: number; scanMs: number };
    add(n, 'a reading server (--store sparql) warm: every store graph read once for the home page, sitemap and search indexes', `${(scanMs / 1000).toFixed(1)} s, once per process (a new version reads only the graphs it changed)`);
    try {
      log('SPARQL through sdg-lod, through a bare proxy, and directly');
      const qs = questions(municipalities);
      const parts = Object.entries(pushed.parts).filter(([g]) => !g.endsWith('graph/catalog')).map(([, p]) => p);
      // sdg-lod is asked as a client asks it (the query alone); the store, and the bare proxy in
      // front of it, as sdg-lod asks the store (the dataset named in the form).
      type Via = 'ours' | 'store' | 'proxy';
      const ports: Record<Via, number> = { ours: port, store: 28890, proxy };
      const agents: Record<Via, Agent> = { ours: agent, store: new Agent({ keepAlive: true, maxSockets: 1 }), proxy: new Agent({ keepAlive: true, maxSockets: 1 }) };
      const ask = (query: string, via: Via) => new Promise<void>((resolve, reject) => {
        const through = via === 'ours';
        const body = through ? query : new URLSearchParams([['query', query], ...parts.map((p): [string, string] => ['default-graph-uri', p]), ...parts.map((p): [string, string] => ['named-graph-uri', p])]).toString();
        const req = httpRequest({ host: '127.0.0.1', port: ports[via], path: '/sparql', method: 'POST', agent: agents[via],
          headers: { 'content-type': through ? 'application/sparql-query' : 'application/x-www-form-urlencoded', accept: 'application/sparql-results+json' } }, (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${res.statusCode}`))));
        });
        req.on('error', reject);
        req.end(body);
      });
      const times: Record<string, Record<Via, number[]>> = {};
      const vias: Via[] = ['ours', 'store', 'proxy'];
      // More rounds than elsewhere: a question costs the store 20–70 ms, and its time varies by a few ms from one asking to the next.
      for (let round = 0; round < SPARQL_ROUNDS; round++) {
        for (const q of qs) {
          // Side by side, each first in turn: a later asker of a question may find the store warmer.
          for (const via of [...vias.slice(round % 3), ...vias.slice(0, round % 3)]) {
            const t0 = performance.now();
            for (const query of q.sparql) await ask(query, via);
            ((times[q.name] ??= { ours: [], store: [], proxy: [] })[via]).push(performance.now() - t0);
          }
        }
      }
      for (const [kind, t] of Object.entries(times)) {
        const ours = median(t.ours);
        const theirs = median(t.store);
        const floor = median(t.proxy);
        add(n, `SPARQL through sdg-lod (--store sparql), ${kind} (page + count), p50`, `${ours.toFixed(1)} ms against ${theirs.toFixed(1)} ms asking Virtuoso directly`, '≤ 1.15 × the store', `${(ours / theirs).toFixed(2)} ×: ${atMost(ours / theirs, 1.15)}`);
        add(n, `SPARQL through a bare node:http proxy in the server's process, ${kind} (page + count), p50: the floor of any forwarding hop here`, `${floor.toFixed(1)} ms against ${theirs.toFixed(1)} ms directly`, '', `${(floor / theirs).toFixed(2)} ×`);
      }
      // The relationship API of a server holding no data: a listing is read from the store in
      // keyset pages on first use and kept for the version; each page of it then costs the
      // summaries of its 20 activities (one query). Against the page + count asked directly.
      log('relationship API through sdg-lod and SPARQL directly');
      const api: Record<string, { cold: number[]; ours: number[]; store: number[] }> = {};
      for (let round = 0; round < RUNS + 1; round++) {
        for (const q of qs) {
          const t = (api[q.name] ??= { cold: [], ours: [], store: [] });
          const t0 = performance.now();
          // A page not asked before (the rendered cache aside), of a listing read once.
          await request(port, `/${q.api}${q.api.includes('?') ? '&' : '?'}page=${round + 2}`, { accept: 'application/json' });
          (round === 0 ? t.cold : t.ours).push(performance.now() - t0);
          const t1 = performance.now();
          for (const query of q.sparql) await ask(query.replace(/OFFSET \d+$/, `OFFSET ${(round + 1) * 20}`), 'store');
          if (round > 0) t.store.push(performance.now() - t1);
        }
      }
      for (const [kind, t] of Object.entries(api)) {
        const ours = median(t.ours);
        const theirs = median(t.store);
        add(n, `relationship API through sdg-lod (--store sparql), ${kind}, p50`, `${ours.toFixed(1)} ms against ${theirs.toFixed(1)} ms asking Virtuoso the page + count directly (the listing's first read: ${median(t.cold).toFixed(0)} ms)`, '≤ 1.15 × the store', `${(ours / theirs).toFixed(2)} ×: ${atMost(ours / theirs, 1.15)}`);
      }
      log('dereference');
      const ours = [];
      const limits = [];
      for (let i = 0; i < RUNS; i++) {
        ours.push(await autocannon({ url: `http://127.0.0.1:${port}/${path}.ttl`, connections: 32, duration: quick ? 3 : 5 }));
        limits.push(await autocannon({ url: `http://127.0.0.1:${limit}/${path}.ttl`, connections: 32, duration: quick ? 3 : 5 }));
      }
      const rate = median(ours.map((r) => r.requests.average));
      const limitRate = median(limits.map((r) => r.requests.average));
      add(n, 'dereference .ttl, served with --store sparql (cached)', `${rate.toFixed(0)} req/s, p99 ${median(ours.map((r) => r.latency.p99))} ms`, '≥ 0.6 × limit', `${(rate / limitRate).toFixed(2)} ×: ${rate / limitRate >= 0.6 ? 'met' : 'missed'}`);
      add(n, 'dereference .ttl: node:http limit, same bytes', `${limitRate.toFixed(0)} req/s, p99 ${median(limits.map((r) => r.latency.p99))} ms`);
      const status = await readFile(`/proc/${proc.pid}/status`, 'utf8').catch(() => '');
      const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) / 1024;
      add(n, 'memory of the server with --store sparql after all of the above: resident now, and at its peak', `${kb('VmRSS').toFixed(0)} MB now (${((kb('VmRSS') * 1024) / pushed.statements).toFixed(2)} KB per triple in the store), ${kb('VmHWM').toFixed(0)} MB at the peak (reading the store's graphs)`, 'less than the embedded store (1.1 KB/triple)', kb('VmHWM') * 1024 / pushed.statements < 1.1 ? 'met' : 'missed');
    } finally {
      proc.kill();
    }
  } finally {
    await store.stop();
  }
  const table = ['| activities | measure | figure | target | against the target |', '|---:|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  process.stdout.write(`\n${table}\n`);
  const file = join(projectRoot, 'docs', 'benchmarks.md');
  const doc = await readFile(file, 'utf8');
  const section = `<!-- external:start -->\nProduced by \`npm run bench -- --external${quick ? ' --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, Virtuoso Open Source 7.2.5 from Debian on the same machine.\n\n${table}\n<!-- external:end -->`;
  await writeFile(file, doc.includes('<!-- external:start -->') ? doc.replace(/<!-- external:start -->[\s\S]*<!-- external:end -->/, section) : `${doc.trimEnd()}\n\n${section}\n`);
}

async function main() {
  if (soakOnly) return soakSection();
  if (writesOnly) return writesOnlySection();
  if (externalOnly) return externalSection();
  const perTriple: { n: number; us: number }[] = [];
  for (const n of sizes) {
    const { root, text, path } = await project(n);
    const municipalities = [...new Set([...text.matchAll(/schema:contributor municipality:(\S+) ;/g)].map((m) => m[1]!))].slice(0, 10);

    // A first start validates (and fills the cache); later starts reuse the report.
    log('start to ready');
    await rm(join(root, 'var'), { recursive: true, force: true });
    const first = await run(['ready', root, 'warm', path]);
    const warm = [];
    const engine = [];
    for (let i = 0; i < RUNS; i++) {
      warm.push(await run(['ready', root, 'warm', path]));
      engine.push(await run(['engine', root]));
    }
    const triples = first.triples as number;
    const readyMs = median(warm.map((r) => r.ms));
    const engineMs = median(engine.map((r) => r.ms));
    const rss = median(warm.map((r) => r.rssMb));
    add(n, 'triples', triples.toLocaleString('en'));
    add(n, 'bare engine: start and load the same files', `${(engineMs / 1000).toFixed(2)} s`);
    add(n, 'start to ready, first start (SHACL validation)', `${(first.ms / 1000).toFixed(2)} s`, '', `${(first.ms / engineMs).toFixed(1)} × engine`);
    add(n, 'start to ready, validation report cached by content hash', `${(readyMs / 1000).toFixed(2)} s`, '≤ 3 × engine', `${(readyMs / engineMs).toFixed(2)} ×: ${atMost(readyMs / engineMs, 3)}`);
    add(n, 'peak RSS, every cache warm', `${rss.toFixed(0)} MB, ${((rss * 1024) / triples).toFixed(2)} KB/triple`, '≤ 1.2 KB/triple at 100,000', n === 100_000 ? atMost((rss * 1024) / triples, 1.2) : '');
    perTriple.push({ n, us: (readyMs * 1000) / triples });

    log('serving');
    const app = await server(root, 'app', path);
    const plain = await server(root, 'plain', path);
    try {
      for (const ext of ['ttl', 'jsonld', 'html']) {
        const measure = async (port: number) => {
          const results = [];
          for (let i = 0; i < RUNS; i++) {
            results.push(await autocannon({ url: `http://127.0.0.1:${port}/${path}.${ext}`, connections: 32, duration: quick ? 3 : 5 }));
          }
          return { rps: median(results.map((r) => r.requests.average)), p50: median(results.map((r) => r.latency.p50)), p99: median(results.map((r) => r.latency.p99)) };
        };
        // Alternated, so that drift on a shared machine hits both sides alike.
        const ours = await measure(app.port);
        const limit = await measure(plain.port);
        const ratio = ours.rps / limit.rps;
        add(n, `dereference .${ext}: sdg-lod`, `${ours.rps.toFixed(0)} req/s, p50 ${ours.p50} ms, p99 ${ours.p99} ms`, '≥ 0.6 × limit', `${ratio.toFixed(2)} ×: ${atLeast(ratio, 0.6)}`);
        add(n, `dereference .${ext}: node:http limit`, `${limit.rps.toFixed(0)} req/s, p50 ${limit.p50} ms, p99 ${limit.p99} ms`);
      }
      log('questions');
      const qs = questions(municipalities);
      const api = await overHttp(app.port, qs, 'api');
      const endpoint = await overHttp(app.port, qs, 'sparql');
      const bare = (await run(['queries', root, JSON.stringify(qs)])).times as Record<string, number[]>;
      for (const kind of Object.keys(api)) {
        const engineP50 = median(bare[kind]!);
        const speedup = engineP50 / api[kind]!;
        const overhead = endpoint[kind]! / engineP50;
        add(n, `API, ${kind} (first page + total), p50`, `${api[kind]!.toFixed(2)} ms`, '≤ 5 ms; ≥ 10 × faster than the bare engine',
          `${speedup.toFixed(1)} × faster: ${api[kind]! <= 5 && speedup >= 10 ? 'met' : api[kind]! > 5 ? atMost(api[kind]!, 5) : atLeast(speedup, 10)}`);
        add(n, `SPARQL endpoint, same question (page + count, POST), p50`, `${endpoint[kind]!.toFixed(2)} ms`, '≤ 1.15 × bare engine', `${overhead.toFixed(2)} ×: ${atMost(overhead, 1.15)}`);
        add(n, `bare engine in-process, same question, p50`, `${engineP50.toFixed(2)} ms`);
      }
    } finally {
      app.stop();
      plain.stop();
    }
    log('writes');
    await writesSection(n, root, text, path);
    if (n === 100_000) {
      log('reload');
      await reloadSection(n, root);
    }
    if (n <= 10_000) {
      log('SHACL');
      const shacl = await measureEngines(loadConfig({ root, base: BASE, validationCache: false }, {}), RUNS);
      for (const f of shacl.figures) add(n, `SHACL ${f.engine}`, `${(f.medianMs / 1000).toFixed(2)} s, ${(f.triplesPerSecond / 1000).toFixed(1)} k triples/s`, '', shacl.identical ? 'identical reports' : 'REPORTS DIFFER');
    }
  }
  const last = perTriple[perTriple.length - 1]!;
  for (const p of perTriple) {
    const ratio = p.us / last.us;
    add(p.n, 'time to ready per triple (cached report)', `${p.us.toFixed(1)} µs`, `within ±30 % of the ${last.n.toLocaleString('en')} figure`,
      perTriple.length > 1 ? `${ratio.toFixed(2)} ×: ${Math.abs(ratio - 1) <= 0.3 ? 'met' : `missed by ${(Math.abs(ratio - 1) * 100 - 30).toFixed(0)} points`}` : 'needs the full run');
  }

  const pkg = JSON.parse(await readFile(join(projectRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${Object.entries(pkg.dependencies).map(([k, v]) => `${k} ${v}`).join(', ')}`;
  const table = ['| activities | measure | figure | target | against the target |', '|---:|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  process.stdout.write(`${machine}\n\n${table}\n`);
  const section = `<!-- bench:start -->
Produced by \`npm run bench${quick ? ' -- --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine}.

${table}
<!-- bench:end -->`;
  const file = join(projectRoot, 'docs', 'benchmarks.md');
  const doc = await readFile(file, 'utf8').catch(() => '# Benchmarks\n\n<!-- bench:start -->\n<!-- bench:end -->\n');
  await writeFile(file, doc.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, section));
  if (!quick) await soakSection();
}

void main();
