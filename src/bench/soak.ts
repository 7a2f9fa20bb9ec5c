// The soak test (npm run bench -- --soak): 64 connections on loopback for a minute, a mix of
// dereferences in every format, API calls, distinct SPARQL queries, searches and dump downloads;
// then the same minute with one hostile client at a time (runaway queries, slowloris, clients
// that never read a dump). What must hold: no socket error for the ordinary clients, no 5xx but
// deliberate 503s with Retry-After, the p99 of dereferences within 2 × of the calm minute (in each
// hostile phase), and the server's memory back within 20 % of where it started once it has
// collected its garbage.
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import autocannon from 'autocannon';

export interface SoakFigures {
  calm: Phase;
  /** The hostile minute, one phase per kind of hostile client (20 s each). */
  hostile: Record<Hostile, Phase>;
  rssStartMb: number;
  rssEndMb: number;
  hostileSockets: Record<Hostile, number>;
}

type Hostile = 'runaways' | 'slowloris' | 'nonReaders';

export interface Phase {
  derefP99: number;
  derefRps: number;
  mixRps: number;
  dumps: number;
  errors: number;
  timeouts: number;
  status5xx: number;
  status503: number;
  retryAfterMissing: number;
}

const FORMATS = ['ttl', 'jsonld', 'nt', 'rdf', 'html'];
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/** The ordinary clients for `seconds`: dereferences (8 connections), the mix (54: API 50 %, distinct SPARQL queries 15 %, searches 35 %), dumps (2). */
async function mix(port: number, seconds: number, slugs: string[], names: string[]): Promise<Phase> {
  const url = `http://127.0.0.1:${port}`;
  let status503 = 0;
  let retryAfterMissing = 0;
  const onResponse = (status: number, _body: string, _context: unknown, headers: Record<string, string>) => {
    if (status !== 503) return;
    status503++;
    if (!headers['retry-after']) retryAfterMissing++;
  };
  // A query may wait its whole time (10 s) for a worker before its 503: clients wait longer.
  const timeout = 30;
  const deref = autocannon({
    url, connections: 8, duration: seconds, timeout,
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: `/doc/activity/${pick(slugs)}.${pick(FORMATS)}` }), onResponse }],
  });
  let n = 0;
  const other = autocannon({
    url, connections: 54, duration: seconds, timeout,
    requests: [{
      setupRequest: (req: Record<string, unknown>) => {
        const r = Math.random();
        n++;
        if (r < 0.5) {
          const api = Math.random() < 0.5 ? `/api/goals/${1 + Math.floor(Math.random() * 17)}/activities` : '/api/activities';
          return { ...req, method: 'GET', path: `${api}?limit=${1 + (n % 50)}&page=${1 + (n % 7)}` };
        }
        if (r < 0.65) {
          const query = `SELECT ?a ?d WHERE { ?a <http://schema.org/startDate> ?d } ORDER BY ?d LIMIT ${1 + (n % 20)} OFFSET ${n % 5000}`;
          return { ...req, method: 'GET', path: `/sparql?${new URLSearchParams({ query })}`, headers: { accept: 'application/sparql-results+json' } };
        }
        const name = pick(names);
        const at = Math.floor(Math.random() * Math.max(1, name.length - 5));
        return { ...req, method: 'GET', path: `/search?${new URLSearchParams({ q: name.slice(at, at + 3 + (n % 4)) })}` };
      },
      onResponse,
    }],
  });
  const dumps = autocannon({
    url, connections: 2, duration: seconds, timeout, headers: { 'accept-encoding': 'gzip' },
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, path: `/dumps/sdg-lod.${pick(['nt', 'ttl', 'nq', 'jsonld'])}` }), onResponse }],
  });
  const [d, o, u] = await Promise.all([deref, other, dumps]);
  const fivexx = (r: autocannon.Result) => Object.entries(r.statusCodeStats ?? {}).filter(([code]) => code.startsWith('5') && code !== '503').reduce((s, [, v]) => s + v.count, 0);
  return {
    derefP99: d.latency.p99,
    derefRps: d.requests.average,
    mixRps: o.requests.average,
    dumps: u.requests.total,
    errors: d.errors + o.errors + u.errors,
    timeouts: d.timeouts + o.timeouts + u.timeouts,
    status5xx: fivexx(d) + fivexx(o) + fivexx(u),
    status503,
    retryAfterMissing,
  };
}

/** Keeps `count` sockets doing `start` until stopped, opening a new one whenever the server closes one. */
function keep(port: number, count: number, start: (s: Socket) => void, opened: { n: number }) {
  let stopped = false;
  const sockets = new Set<Socket>();
  const open = () => {
    if (stopped) return;
    const s = connect(port, '127.0.0.1');
    opened.n++;
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => {
      sockets.delete(s);
      setImmediate(open);
    });
    s.once('connect', () => start(s));
  };
  for (let i = 0; i < count; i++) open();
  return () => {
    stopped = true;
    for (const s of sockets) s.destroy();
  };
}

/** Slowloris: headers started and never finished, a line a second. */
const slowloris = (port: number, opened: { n: number }) => keep(port, 1500, (s) => {
  s.write('GET / HTTP/1.1\r\nHost: x\r\n');
  const timer = setInterval(() => s.write('X-Still-Here: 1\r\n'), 1000);
  s.on('close', () => clearInterval(timer));
}, opened);

/** Clients that ask for a dump and never read it. */
const nonReaders = (port: number, opened: { n: number }) => keep(port, 50, (s) => {
  s.write('GET /dumps/sdg-lod.nt HTTP/1.1\r\nHost: x\r\n\r\n');
  s.pause();
}, opened);

/** Runaway queries: four at a time, each again as soon as it is refused. */
function runaways(port: number, opened: { n: number }) {
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      opened.n++;
      await fetch(`http://127.0.0.1:${port}/sparql`, {
        method: 'POST', headers: { 'content-type': 'application/sparql-query' },
        // Each one new: the same text sent again is answered at once from the costly-query memory.
        body: `SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } # ${opened.n}`,
      }).then((r) => r.arrayBuffer(), () => undefined);
    }
  };
  for (let i = 0; i < 4; i++) void loop();
  return () => void (stopped = true);
}

/** The server's resident memory after it has collected its garbage (the bench child takes SIGUSR2 for that). */
async function settledRss(pid: number): Promise<number> {
  process.kill(pid, 'SIGUSR2');
  await delay(2000);
  return rssMb(pid);
}

export async function soak(port: number, pid: number, slugs: string[], names: string[], log: (t: string) => void): Promise<SoakFigures> {
  log('soak: warming up (60 s)');
  await mix(port, 60, slugs, names);
  const rssStartMb = await settledRss(pid);
  log('soak: the calm minute');
  const calm = await mix(port, 60, slugs, names);
  log('soak: beside hostile clients (runaway queries 20 s, slowloris 20 s, non-readers 40 s)');
  const kinds: [Hostile, (port: number, opened: { n: number }) => () => void][] = [['runaways', runaways], ['slowloris', slowloris], ['nonReaders', nonReaders]];
  const hostile = {} as Record<Hostile, Phase>;
  const hostileSockets = {} as Record<Hostile, number>;
  for (const [name, start] of kinds) {
    const opened = { n: 0 };
    const stop = start(port, opened);
    // Non-readers for longer than the idle timeout (30 s), so that the server is seen closing them.
    hostile[name] = await mix(port, name === 'nonReaders' ? 40 : 20, slugs, names);
    stop();
    hostileSockets[name] = opened.n;
  }
  log('soak: settling');
  await delay(5000);
  return { calm, hostile, rssStartMb, rssEndMb: await settledRss(pid), hostileSockets };
}
