// The external store's client against small stores of our own on loopback, for what Virtuoso does
// only now and then: a Digest challenge answered once and then with every request (a large body
// never sent only to be refused), a nonce gone stale, a connection reset in the middle of an
// upload, a kept connection given up after an answer that came in pieces; and the public endpoint
// of a server over the store on kept connections, not one per query.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RemoteStore } from '../src/store/remote.js';
import { openApp } from '../src/http/open.js';
import { BASE, bundledConfig, serve } from './helpers.js';

interface Seen { method: string; authorized: boolean; bytes: number; port: number }

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A store on an ephemeral port whose handler sees each request with its whole body. */
async function store(handle: (req: IncomingMessage, res: ServerResponse, body: Buffer, seen: Seen[]) => void): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method!, authorized: !!req.headers.authorization, bytes: body.length, port: req.socket.remotePort! });
      handle(req, res, body, seen);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, seen };
}

/** Digest (RFC 7616, MD5) as a store checks it, with the nonce it gives now. */
function digestOk(req: IncomingMessage, nonce: string): boolean {
  const h = req.headers.authorization ?? '';
  const f = Object.fromEntries([...h.matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)].map((m) => [m[1], m[2] ?? m[3]]));
  if (!h.startsWith('Digest ') || f.nonce !== nonce) return false;
  const md5 = (s: string) => createHash('md5').update(s).digest('hex');
  const ha1 = md5(`dba:test:dba`);
  const ha2 = md5(`${req.method}:${f.uri}`);
  return f.response === md5(`${ha1}:${f.nonce}:${f.nc}:${f.cnonce}:${f.qop}:${ha2}`);
}
const challenge = (nonce: string, stale = false) => `Digest realm="test", nonce="${nonce}", qop="auth"${stale ? ', stale=true' : ''}`;

const large = 'x'.repeat(200 * 1024);

describe('the external store client', () => {
  it('asks for the challenge before a large body, then answers it with each request', async () => {
    const { url, seen } = await store((req, res) => {
      if (!digestOk(req, 'n1')) return void res.writeHead(401, { 'www-authenticate': challenge('n1') }).end();
      res.writeHead(201).end();
    });
    const remote = new RemoteStore({ queryEndpoint: `${url}/sparql`, graphStoreEndpoint: `${url}/crud`, user: 'dba', password: 'dba' });
    await remote.putGraph('http://example.org/g', large);
    await remote.putGraph('http://example.org/g', large);
    await remote.postGraph('http://example.org/g', '<a:b> <a:c> <a:d> .\n');
    expect(seen.map((s) => `${s.method} ${s.authorized} ${s.bytes}`)).toEqual([
      'GET false 0', `PUT true ${large.length}`, `PUT true ${large.length}`, 'POST true 20',
    ]);
  });

  it('answers a new challenge when the nonce it held has gone stale', async () => {
    let nonce = 'n1';
    const { url, seen } = await store((req, res) => {
      if (!digestOk(req, nonce)) return void res.writeHead(401, { 'www-authenticate': challenge(nonce, !!req.headers.authorization) }).end();
      res.writeHead(201).end();
      nonce = `n${seen.length + 1}`;
    });
    const remote = new RemoteStore({ queryEndpoint: `${url}/sparql`, graphStoreEndpoint: `${url}/crud`, user: 'dba', password: 'dba' });
    await remote.postGraph('http://example.org/g', 'a');
    await remote.postGraph('http://example.org/g', 'b');
    // Each success changes the nonce here: the held one is refused, the new one taken.
    expect(seen.map((s) => `${s.authorized} ${s.bytes}`)).toEqual(['false 1', 'true 1', 'true 1', 'true 1']);
  });

  it('asks for the challenge again when the store resets an upload that carried an expired one', async () => {
    let nonce = 'n1';
    const { url, seen } = await store((req, res) => {
      // The store refuses an expired nonce on a large upload the way Virtuoso does: a reset.
      if (req.headers.authorization && !digestOk(req, nonce) && req.method === 'PUT') return void req.socket.destroy();
      if (!digestOk(req, nonce)) return void res.writeHead(401, { 'www-authenticate': challenge(nonce) }).end();
      res.writeHead(201).end();
    });
    const remote = new RemoteStore({ queryEndpoint: `${url}/sparql`, graphStoreEndpoint: `${url}/crud`, user: 'dba', password: 'dba' });
    await remote.putGraph('http://example.org/g', large);
    nonce = 'n2';
    await remote.putGraph('http://example.org/g', large);
    expect(seen.map((s) => `${s.method} ${s.authorized}`)).toEqual(['GET false', 'PUT true', 'PUT true', 'GET false', 'PUT true']);
  });

  it('sends a PUT again when the store resets the connection in the middle of it', async () => {
    const { url, seen } = await store((req, res) => {
      if (seen.length === 1) return void req.socket.destroy();
      res.writeHead(201).end();
    });
    const remote = new RemoteStore({ queryEndpoint: `${url}/sparql`, graphStoreEndpoint: `${url}/crud`, retryMs: [0, 0] });
    await remote.putGraph('http://example.org/g', large);
    expect(seen.map((s) => s.method)).toEqual(['PUT', 'PUT']);
  });

  it('does not send a POST again when the connection is reset (a query may be, an update is not its to repeat)', async () => {
    const { url, seen } = await store((req) => void req.socket.destroy());
    const remote = new RemoteStore({ queryEndpoint: `${url}/sparql` });
    await expect(remote.update('INSERT DATA { <a:b> <a:c> <a:d> }')).rejects.toThrow(/cannot be reached/);
    expect(seen).toHaveLength(1);
  });

  it('keeps a connection for short answers and gives it up after one that came in pieces (reuse)', async () => {
    const { url, seen } = await store((req, res, body) => {
      const big = new URLSearchParams(body.toString()).get('query') === 'big';
      res.writeHead(200, { 'content-type': 'application/sparql-results+json' }).end(big ? `{"x":"${'y'.repeat(512 * 1024)}"}` : '{}');
    });
    const remote = new RemoteStore({ queryEndpoint: `${url}/sparql`, reuse: true, maxSockets: 1 });
    for (const q of ['small', 'small', 'big', 'small']) expect((await remote.query(q, 'application/sparql-results+json')).status).toBe(200);
    const ports = seen.map((s) => s.port);
    expect(ports[1]).toBe(ports[0]);
    expect(ports[2]).toBe(ports[1]);
    expect(ports[3]).not.toBe(ports[2]);
  });
  it('sends a query and its dataset as a form the store reads back as they were, a lone surrogate as U+FFFD', async () => {
    const forms: URLSearchParams[] = [];
    const { url } = await store((req, res, body) => {
      forms.push(new URLSearchParams(body.toString('utf8')));
      res.writeHead(200, { 'content-type': 'application/sparql-results+json' }).end('{"head":{"vars":[]},"results":{"bindings":[]}}');
    });
    const remote = new RemoteStore({ queryEndpoint: `${url}/sparql?x=1` });
    const query = 'SELECT * WHERE { ?s ?p "a+b & c=d %20 ā € \ud800 *~!\'()" }';
    const graphs = ['http://example.org/g?a=1&b=2', 'http://example.org/ā b'];
    for (let i = 0; i < 2; i++) await remote.query(query, 'application/sparql-results+json', { defaultGraphs: graphs, namedGraphs: graphs });
    await remote.query(query, 'application/sparql-results+json', { defaultGraphs: graphs });
    for (const form of forms) expect(form.get('query')).toBe(query.replace('\ud800', '\ufffd'));
    expect(forms.map((f) => [f.getAll('default-graph-uri'), f.getAll('named-graph-uri')])).toEqual([[graphs, graphs], [graphs, graphs], [graphs, []]]);
  });
  it('gives the public endpoint of a server over the store, and its follower, kept connections, not one per query', async () => {
    // The registry names a version of one graph; every other query gets an empty page.
    const registry = JSON.stringify({ head: { vars: ['version', 'part', 'of'] }, results: { bindings: [{ version: { type: 'uri', value: `${BASE}graph/versions/v1` }, part: { type: 'uri', value: `${BASE}graph/versions/v1/letter` }, of: { type: 'uri', value: `${BASE}graph/letter` } }] } });
    const empty = JSON.stringify({ head: { vars: ['s'] }, results: { bindings: [] } });
    // The connections of the registry's reads and of the public queries (the follower's first look also reads the graph, on connections of its own).
    const registryPorts: number[] = [];
    const queryPorts: number[] = [];
    const { url } = await store((req, res, body) => {
      const isRegistry = body.toString().includes('hasCurrentVersion');
      if (isRegistry) registryPorts.push(req.socket.remotePort!);
      if (/%3Fs%20%3Fp%20\d/.test(body.toString())) queryPorts.push(req.socket.remotePort!);
      res.writeHead(200, { 'content-type': 'application/sparql-results+json' }).end(isRegistry ? registry : empty);
    });
    const opened = await openApp(bundledConfig({ store: 'sparql', queryEndpoint: `${url}/sparql` }));
    if (!('app' in opened)) throw new Error(opened.report);
    const site = await serve(opened.app);
    try {
      for (let i = 0; i < 12; i++) {
        const res = await fetch(`${site.origin}/sparql`, { method: 'POST', headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' }, body: `SELECT ?s WHERE { ?s ?p ${i} }` });
        expect(res.status).toBe(200);
      }
      // The follower's look at the registry each second goes on the same connection, and is the queries' look too.
      const before = registryPorts.length;
      for (let i = 0; i < 3; i++) await opened.app.follow().catch(() => 0);
      expect(registryPorts.length).toBe(before + 3);
    } finally {
      await site.close();
    }
    expect(queryPorts).toHaveLength(12);
    expect(new Set([...queryPorts, ...registryPorts]).size).toBe(1);
  });
});
