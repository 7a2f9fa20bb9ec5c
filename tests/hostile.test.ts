// What clients on the open internet send, class by class: requests that never finish, headers
// too large, garbage, more connections than allowed, ranges of dumps, odd request targets; a
// drain on shutdown with a deadline; the headers that keep pages from being framed or sniffed.
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../src/http/app.js';
import { rangeOf } from '../src/http/listener.js';
import { listen, type SdgServer, type ServerLimits } from '../src/http/server.js';
import { openProject } from '../src/pipeline.js';
import { bundledConfig } from './helpers.js';

let app: App;
let server: SdgServer;
let port: number;
let origin: string;

beforeAll(async () => {
  app = createApp(await openProject(bundledConfig()), { sparql: { timeoutMs: 2000, workers: 1 } });
  server = await listen(app, 0, '127.0.0.1', undefined, { maxConnections: 16, headerTimeoutMs: 300, idleTimeoutMs: 5000 });
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await server.drain(1000);
  await app.close();
});

/** A raw connection: what it reads, and a promise of its end. */
const raw = (send?: string) => rawTo(port, send);
function rawTo(to: number, send?: string) {
  const socket = connect(to, '127.0.0.1');
  let data = '';
  socket.on('data', (d) => (data += d));
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(data)));
  socket.on('error', () => {});
  if (send !== undefined) socket.write(send);
  return { socket, closed };
}
const connected = (socket: Socket) => new Promise<void>((resolve) => (socket.readyState === 'open' ? resolve() : socket.once('connect', () => resolve())));

describe('requests that cannot be read', () => {
  it.each([
    ['headers that never end (slowloris)', 'GET /robots.txt HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n', /^HTTP\/1\.1 408 Request Timeout/],
    ['headers over the size limit', `GET /robots.txt HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, /^HTTP\/1\.1 431 Request Header Fields Too Large/],
    ['a request line that is not HTTP', 'GARBAGE\r\n\r\n', /^HTTP\/1\.1 400 Bad Request/],
    ['a proxy tunnel (CONNECT)', 'CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n', /^HTTP\/1\.1 405 Method Not Allowed\r\nAllow: GET, HEAD, POST, OPTIONS/],
    ['a body cut short of its chunked encoding', 'POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', /^HTTP\/1\.1 400 Bad Request/],
  ])('answers %s with its status, closes the connection, and serves the next client', async (_name, send, status) => {
    const reply = await raw(send).closed;
    expect(reply).toMatch(status);
    expect(reply).toContain('X-Content-Type-Options: nosniff');
    expect((await fetch(`${origin}/robots.txt`)).status).toBe(200);
  });

  it.each([
    ['two Host headers (RFC 9112 §3.2)', 'GET /robots.txt HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n', /^HTTP\/1\.1 400 Bad Request\r\n[^]*a request has one Host header/],
    ['a body announced over the cap, asking to continue', 'POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 99999999\r\nExpect: 100-continue\r\n\r\n', /^HTTP\/1\.1 413 Payload Too Large\r\n/],
    ['a body announced over the cap', 'POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 99999999\r\n\r\nASK {}', /^HTTP\/1\.1 413 Payload Too Large\r\n/],
  ])('refuses %s before reading a body, and closes', async (_name, send, reply) => {
    const answer = await raw(send).closed;
    expect(answer).toMatch(reply);
    expect(answer).not.toContain('100 Continue');
    expect(answer).toMatch(/\r\nx-content-type-options: nosniff\r\n/i);
  });

  it('invites a body it will take with 100 Continue', async () => {
    const c = raw('POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nAccept: text/csv\r\nContent-Length: 6\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n');
    await new Promise<void>((resolve) => c.socket.once('data', () => resolve()));
    c.socket.write('ASK {}');
    const answer = await c.closed;
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
  });

  it('sends a pipelined answer whole before the 405 for a CONNECT after it', async () => {
    const reply = await raw('GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\nCONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n').closed;
    const robots = await (await fetch(`${origin}/robots.txt`)).text();
    const [first, second] = reply.split(/(?=HTTP\/1\.1 405)/);
    expect(first).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(first!.endsWith(robots)).toBe(true);
    expect(second).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
  });

  it('sends a pipelined answer whole before the error for the garbage after it', async () => {
    const reply = await raw('GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\nGARBAGE\r\n\r\n').closed;
    const robots = await (await fetch(`${origin}/robots.txt`)).text();
    expect(reply).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    const [first, second] = reply.split(/(?=HTTP\/1\.1 400)/);
    expect(first!.endsWith(robots)).toBe(true);
    expect(second).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
  });
});

describe('more connections than allowed', () => {
  it('lets the longest idle connection make room for a client with a request', async () => {
    const idle = Array.from({ length: 16 }, () => raw());
    await Promise.all(idle.map((c) => connected(c.socket)));
    const res = await fetch(`${origin}/robots.txt`, { headers: { connection: 'close' } });
    expect(res.status).toBe(200);
    await idle[0]!.closed; // the first one connected made room
    for (const c of idle) c.socket.destroy();
  });
});

describe('clients that send or read too slowly', () => {
  /** A SPARQL answer of about 20 MB, uncompressed: more than the kernel's socket buffers hold. */
  const BIG = `GET /sparql?query=${encodeURIComponent('SELECT * WHERE { ?s ?p ?o . ?a ?b ?c } LIMIT 60000')} HTTP/1.1\r\nHost: x\r\nAccept: application/sparql-results+json\r\n\r\n`;
  let patient: App;
  beforeAll(async () => {
    // Time enough to compute the answer once on a loaded machine; then it comes from the cache.
    patient = createApp(await openProject(bundledConfig()), { sparql: { timeoutMs: 30_000, workers: 1 } });
    const warm = await patient.handle({ method: 'GET', url: BIG.split(' ')[1]!, headers: { accept: 'application/sparql-results+json' } });
    expect(warm.body!.length).toBeGreaterThan(10 * 2 ** 20);
  });
  afterAll(() => patient.close());

  /** A server of its own with these limits, whose warnings can be awaited. */
  async function limited(limits: Partial<ServerLimits>) {
    const warnings: string[] = [];
    const waiters: [RegExp, () => void][] = [];
    const s = await listen(patient, 0, '127.0.0.1', (entry) => {
      if (entry.level !== 'warn') return;
      warnings.push(String(entry.message));
      for (const [re, resolve] of waiters) if (re.test(String(entry.message))) resolve();
    }, { maxConnections: 16, headerTimeoutMs: 1000, idleTimeoutMs: 60_000, ...limits });
    const warned = (re: RegExp) => new Promise<void>((resolve) => (warnings.some((w) => re.test(w)) ? resolve() : waiters.push([re, resolve])));
    return { s, port: (s.address() as AddressInfo).port, warned };
  }
  /** A client that asks and never reads: resolves once its answer has begun. */
  async function nonReader(port: number, s: SdgServer) {
    const c = rawTo(port);
    c.socket.pause();
    const answered = new Promise((resolve) => s.once('request', (_req, res) => res.once('prefinish', resolve).once('close', resolve)));
    c.socket.write(BIG);
    await answered;
    return c;
  }

  it('lets a connection still sending its body make room at the cap', async () => {
    const slow = Array.from({ length: 16 }, () => raw('POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK'));
    await vi.waitFor(() => expect(server.connectionCount()).toEqual({ open: 16, busy: 16 }), { timeout: 5000 });
    const res = await fetch(`${origin}/robots.txt`, { headers: { connection: 'close' } });
    expect(res.status).toBe(200);
    await slow[0]!.closed; // the first to begin its body made room
    for (const c of slow) c.socket.destroy();
  });

  it('cuts a client that takes its answer slower than the minimum rate', async () => {
    const { s, port, warned } = await limited({ slowWindowMs: 200 });
    const c = await nonReader(port, s);
    await warned(/cut 1 connection\(s\) taking their answers slower than 1024 bytes\/s/);
    c.socket.resume();
    const got = await c.closed;
    expect(got).toMatch(/^HTTP\/1\.1 200/);
    const length = Number(/content-length: (\d+)/i.exec(got)![1]);
    expect(got.length).toBeLessThan(length); // cut, not finished
    await s.drain(100);
  });

  it('answers 503 with Retry-After to a large request while large answers wait for their readers', async () => {
    const { s, port } = await limited({ maxPendingBytes: 2 ** 20 });
    const url = `http://127.0.0.1:${port}`;
    // 200 rows: over 64 KB, so counted, and quick to send.
    const big = () => fetch(`${url}/sparql?query=${encodeURIComponent('SELECT * WHERE { ?s ?p ?o . ?a ?b ?c } LIMIT 200')}`, { headers: { accept: 'application/sparql-results+json', 'accept-encoding': 'identity' } });
    const c = await nonReader(port, s);
    const refused = await big();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.text()).toMatch(/large answers are still on their way/);
    expect((await fetch(`${url}/robots.txt`)).status).toBe(200); // small answers go on
    c.socket.destroy();
    await vi.waitFor(async () => expect((await big()).status).toBe(200), { timeout: 10_000 });
    await s.drain(100);
  });
});

describe('ranges of dumps', () => {
  const dump = (headers: Record<string, string>) => fetch(`${origin}/dumps/sdg-lod.nt`, { headers: { 'accept-encoding': 'identity', ...headers } });

  it('answers a byte range with 206, one past the end with 416, a stale If-Range with the whole', async () => {
    const whole = await dump({});
    const size = Number(whole.headers.get('content-length'));
    const text = Buffer.from(await whole.arrayBuffer());
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    const part = await dump({ range: 'bytes=10-19' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${size}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(text.subarray(10, 20))).toBe(true);
    const tail = await dump({ range: 'bytes=-5' });
    expect(Buffer.from(await tail.arrayBuffer()).equals(text.subarray(size - 5))).toBe(true);
    const past = await dump({ range: `bytes=${size}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${size}`);
    expect((await dump({ range: 'bytes=0-1', 'if-range': '"another"' })).status).toBe(200);
    expect((await dump({ range: 'bytes=0-1', 'if-range': whole.headers.get('etag')! })).status).toBe(206);
  });

  it.each([
    [undefined, undefined, undefined],
    ['bytes=0-0,5-6', undefined, undefined],
    ['bytes=5-2', undefined, undefined],
    ['items=0-1', undefined, undefined],
    ['bytes=0-', undefined, { start: 0, end: 99 }],
    ['bytes=90-200', undefined, { start: 90, end: 99 }],
    ['bytes=-200', undefined, { start: 0, end: 99 }],
    ['bytes=100-', undefined, 'unsatisfiable'],
    ['bytes=0-1', '"old"', undefined],
  ])('reads Range %j (If-Range %j) of 100 bytes as %j', (range, ifRange, expected) => {
    expect(rangeOf(range, ifRange, '"now"', 100)).toEqual(expected);
  });
});

describe('odd request targets', () => {
  it('reads //host/… as a path, never as a host, and an absolute-form target by its path', async () => {
    const reply = await raw('GET //evil.example/id/place/riga HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n').closed;
    expect(reply).toMatch(/^HTTP\/1\.1 404/);
    const absolute = await raw('GET http://evil.example/id/place/riga HTTP/1.1\r\nHost: x\r\nAccept: text/turtle\r\nConnection: close\r\n\r\n').closed;
    expect(absolute).toMatch(/^HTTP\/1\.1 303/);
    expect(absolute).toContain('location: http://localhost:8080/doc/place/riga.ttl');
  });
});

describe('headers that protect', () => {
  it('gives pages a Content-Security-Policy without inline scripts, no framing, and nosniff everywhere', async () => {
    const page = await fetch(`${origin}/sparql`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    const html = await page.text();
    expect(html).not.toMatch(/<script>/); // only data blocks and scripts from the site
    expect(html).toContain('<script src="/assets/query.js"></script>');
    const script = await fetch(`${origin}/assets/query.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const error = await fetch(`${origin}/doc/nothing`);
    expect(error.headers.get('x-content-type-options')).toBe('nosniff');
    expect(error.headers.get('content-type')).toMatch(/^text\/plain/);
  });
});

describe('a drain with a deadline', () => {
  it('answers what is in flight with Connection: close and cuts what outlasts the deadline', async () => {
    const other = createApp(await openProject(bundledConfig()), { sparql: { timeoutMs: 5000, workers: 1 } });
    const s = await listen(other, 0, '127.0.0.1', undefined);
    const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    await other.start();
    // One request that will outlast the deadline (a runaway query), one kept-alive connection idle.
    const arrived = new Promise((resolve) => s.once('request', resolve));
    const runaway = fetch(`${url}/sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }' }).catch((e: Error) => e);
    await arrived;
    const keptAlive = rawTo((s.address() as AddressInfo).port, 'GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise<void>((resolve) => keptAlive.socket.once('data', () => resolve()));
    expect(s.connectionCount().open).toBe(2);
    const cut = await s.drain(300);
    expect(cut).toBe(1); // the runaway's; the idle one closed at once
    expect(await runaway).toBeInstanceOf(Error);
    expect(await keptAlive.closed).toMatch(/^HTTP\/1\.1 200/);
    await other.close();
  });
});
