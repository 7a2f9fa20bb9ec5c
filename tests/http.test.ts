// The node:http transport: one JSON log line per request, with timing; malformed requests
// answered with 400 without bringing the server down.
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/http/app.js';
import { listen } from '../src/http/server.js';
import { openProject } from '../src/pipeline.js';
import { bundledConfig } from './helpers.js';

let server: Server;
let origin: string;
const log: Record<string, unknown>[] = [];

beforeAll(async () => {
  server = await listen(createApp(await openProject(bundledConfig())), 0, '127.0.0.1', (entry) => log.push(entry));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

it('logs each request as one structured entry with its timing', async () => {
  await fetch(`${origin}/doc/activity/2021-05-12-tehnologijas-ir-atbilde.ttl`);
  const entry = log.find((e) => e.url === '/doc/activity/2021-05-12-tehnologijas-ir-atbilde.ttl')!;
  expect(entry).toMatchObject({ method: 'GET', status: 200 });
  expect(typeof entry.ms).toBe('number');
  expect(entry.bytes).toBeGreaterThan(100);
  expect(Date.parse(String(entry.time))).not.toBeNaN();
});

it('answers a malformed request line with 400 and keeps serving', async () => {
  const reply = await new Promise<string>((resolve, reject) => {
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1', () => socket.write('GARBAGE\r\n\r\n'));
    let data = '';
    socket.on('data', (d) => (data += d));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
  expect(reply).toMatch(/^HTTP\/1\.1 400/);
  expect((await fetch(`${origin}/robots.txt`)).status).toBe(200);
});

it('answers a repeated GET from its prepared response, byte for byte, and still honours conditions and HEAD', async () => {
  const url = `${origin}/doc/activity/2021-05-12-tehnologijas-ir-atbilde`;
  const get = async (headers: Record<string, string>, method = 'GET') => {
    const res = await fetch(url, { method, headers });
    return { status: res.status, headers: Object.fromEntries([...(res.headers as unknown as Iterable<[string, string]>)].filter(([k]) => k !== 'date' && k !== 'keep-alive' && k !== 'connection')), body: await res.text() };
  };
  const cases: Record<string, string>[] = [{ accept: 'text/turtle' }, { accept: 'application/ld+json' }, { accept: 'text/html', 'accept-language': 'en' }, { accept: 'text/turtle', 'accept-encoding': 'gzip' }];
  for (const headers of cases) {
    const first = await get(headers);
    const again = await get(headers);
    expect(first.status).toBe(200);
    expect(again).toEqual(first);
    expect(first.headers['content-type']).toContain(headers.accept!);
    const head = await get(headers, 'HEAD');
    expect(head.body).toBe('');
    expect(head.headers.etag).toBe(first.headers.etag);
    expect((await get({ ...headers, 'if-none-match': first.headers.etag! })).status).toBe(304);
  }
  const urls = log.filter((e) => e.url === '/doc/activity/2021-05-12-tehnologijas-ir-atbilde').length;
  expect(urls).toBe(cases.length * 4);
});
