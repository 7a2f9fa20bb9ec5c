// sdg-lod as a library: the package's entry point, mounted under a path of an express 5 app that
// has routes and a body parser of its own, over real HTTP.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp, createHandler, isValid, loadConfig, openProject, type App } from 'sdg-lod';
import { scratch } from './helpers.js';

const BASE = 'http://localhost:8080/sdg/';
const ACTIVITY = 'activity/2021-05-12-tehnologijas-ir-atbilde';
let app: App;
let server: Server;
let origin: string;

beforeAll(async () => {
  const project = await openProject(loadConfig({ base: BASE, validationCache: false, importDir: join(scratch, 'express') }));
  expect(isValid(project)).toBe(true);
  app = createApp(project);
  const host = express();
  host.use(express.urlencoded({ extended: false }));
  host.get('/', (_req, res) => void res.send('the host application'));
  host.use('/sdg', createHandler(app));
  await new Promise<void>((resolve) => (server = host.listen(0, '127.0.0.1', () => resolve())));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await app.close();
});

it('leaves the host application its own routes', async () => {
  expect(await (await fetch(`${origin}/`)).text()).toBe('the host application');
});

it('answers under its mount path as the standalone server does', async () => {
  const thing = await fetch(`${origin}/sdg/id/${ACTIVITY}`, { headers: { accept: 'text/turtle' }, redirect: 'manual' });
  expect(thing.status).toBe(303);
  expect(thing.headers.get('location')).toBe(`${BASE}doc/${ACTIVITY}.ttl`);
  const page = await fetch(`${origin}/sdg/doc/${ACTIVITY}.html?lang=en`);
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(await page.text()).toContain('href="/sdg/doc/organization/lps?lang=en"');
  const missing = await fetch(`${origin}/sdg/id/activity/nope`);
  expect(missing.status).toBe(404);
});

it('gzips, answers HEAD and conditional requests', async () => {
  const url = `${origin}/sdg/doc/${ACTIVITY}.ttl`;
  const plain = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
  const etag = plain.headers.get('etag')!;
  const head = await fetch(url, { method: 'HEAD', headers: { 'accept-encoding': 'identity' } });
  expect(head.headers.get('content-length')).toBe(plain.headers.get('content-length'));
  expect((await fetch(url, { headers: { 'if-none-match': etag, 'accept-encoding': 'identity' } })).status).toBe(304);
  const { request } = await import('node:http');
  const gz = await new Promise<Buffer>((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
    }).on('error', reject).end();
  });
  expect(gunzipSync(gz).toString('utf8')).toBe(await plain.text());
});

it('takes a SPARQL form POST whose body the host’s parser has already read', async () => {
  const res = await fetch(`${origin}/sdg/sparql`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/sparql-results+json' },
    body: new URLSearchParams({ query: `ASK { <${BASE}id/${ACTIVITY}> ?p ?o }` }),
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ boolean: true });
});

it('streams a dump', async () => {
  const res = await fetch(`${origin}/sdg/dumps/sdg-lod.nt`);
  expect(res.status).toBe(200);
  expect(await res.text()).toContain(`<${BASE}id/${ACTIVITY}>`);
});
