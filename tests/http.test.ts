// The server publishes only validated data: real HTTP on an ephemeral loopback port.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import N3 from 'n3';
import { createApp } from '../src/http/app.js';
import { listen } from '../src/http/server.js';
import { openProject } from '../src/pipeline.js';
import { BASE, bundledConfig } from './helpers.js';

let server: Server;
let origin: string;

beforeAll(async () => {
  const project = await openProject(bundledConfig());
  server = await listen(createApp(project), 0, '127.0.0.1', undefined);
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('dereferencing', () => {
  it('answers 303 See Other from a thing to its description', async () => {
    const res = await fetch(`${origin}/id/activity/2021-05-12-tehnologijas-ir-atbilde`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${BASE}doc/activity/2021-05-12-tehnologijas-ir-atbilde.ttl`);
  });

  it('describes the resource in Turtle, with its blank nodes', async () => {
    const res = await fetch(`${origin}/doc/activity/2021-05-12-tehnologijas-ir-atbilde`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
    const quads = new N3.Parser().parse(await res.text());
    const subject = `${BASE}id/activity/2021-05-12-tehnologijas-ir-atbilde`;
    expect(quads.some((q) => q.subject.value === subject && q.object.value === 'http://metadata.un.org/sdg/13')).toBe(true);
    expect(quads.some((q) => q.predicate.value === 'http://schema.org/audienceType')).toBe(true);
  });

  it('answers 404 for an unknown resource', async () => {
    const res = await fetch(`${origin}/doc/activity/nope`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('no resource');
  });
});
