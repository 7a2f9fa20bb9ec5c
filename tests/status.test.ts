// What operators and their tools read: liveness, readiness with the last reload's outcome, and
// Prometheus metrics of requests, latency, workers, caches and connections.
import { utimes, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/http/app.js';
import { Monitor } from '../src/http/monitor.js';
import { listen, type SdgServer } from '../src/http/server.js';
import { openProject } from '../src/pipeline.js';
import { bundledConfig, PREFIXES, projectWith, tempDir } from './helpers.js';

describe('health, readiness and metrics', () => {
  let app: App;
  let server: SdgServer;
  let origin: string;
  const monitor = new Monitor();

  beforeAll(async () => {
    app = createApp(await openProject(bundledConfig()), { monitor });
    server = await listen(app, 0, '127.0.0.1', undefined, undefined, monitor);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await server.drain(1000);
    await app.close();
  });

  it('is alive, and ready only once the SPARQL workers have loaded the data', async () => {
    const health = await fetch(`${origin}/health`);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(health.headers.get('cache-control')).toBe('no-store');
    const early = await fetch(`${origin}/ready`);
    expect(early.status).toBe(503);
    expect(early.headers.get('retry-after')).toBe('5');
    await app.start();
    const ready = await fetch(`${origin}/ready`);
    expect(ready.status).toBe(200);
    const state = await ready.json();
    expect(state).toMatchObject({ ready: true, workers: { workers: 1, ready: 1 }, reload: null });
    expect(state.data.triples).toBeGreaterThan(3000);
    expect(state.server.connections.open).toBeGreaterThan(0);
    monitor.reload({ at: '2026-11-29T00:00:00.000Z', outcome: 'refused', reason: 'a data file is gone' });
    expect((await (await fetch(`${origin}/ready`)).json()).reload).toMatchObject({ outcome: 'refused', reason: 'a data file is gone' });
  });

  it('counts requests by route and status, with their latency, in Prometheus text', async () => {
    for (let i = 0; i < 3; i++) await fetch(`${origin}/doc/place/riga.ttl`);
    await fetch(`${origin}/doc/nothing-here`);
    const res = await fetch(`${origin}/metrics`);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    expect(text).toContain('sdg_lod_requests_total{route="description",status="200"} 3');
    expect(text).toContain('sdg_lod_requests_total{route="description",status="404"} 1');
    expect(text).toMatch(/sdg_lod_request_duration_seconds_bucket\{route="description",le="\+Inf"\} 4/);
    expect(text).toContain('sdg_lod_reloads_total{outcome="refused"} 1');
    for (const gauge of ['sdg_lod_query_workers{state="ready"} 1', 'sdg_lod_query_queue 0', 'sdg_lod_cache_entries{cache="rendered"}', 'sdg_lod_cache_entries{cache="prepared"}', 'sdg_lod_connections{state="open"}', 'sdg_lod_triples']) {
      expect(text).toContain(gauge);
    }
    expect(Number(/^process_resident_memory_bytes (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(10 * 2 ** 20);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d+$/m);
    // Every line is a comment or a sample: a scraper reads it all.
    expect(text.trim().split('\n').filter((l) => !/^# (HELP|TYPE) /.test(l) && !/^[a-z_]+(\{[^}]*\})? -?[\d.e+]+$/.test(l))).toEqual([]);
  });
});

describe('the data version', () => {
  it('only moves forward: the same content keeps its date, other content never gets an older one', async () => {
    const root = await projectWith({ 'extra.ttl': `${PREFIXES}\n` });
    const config = bundledConfig({ root, importDir: await tempDir('version-') });
    const file = join(root, 'data', 'extra.ttl');
    const version = async () => (await openProject(config)).version.modified.getTime();
    const first = await version();
    expect(await version()).toBe(first);
    // Touched, not changed: the same version.
    await utimes(file, new Date(), new Date(Date.now() + 60_000));
    expect(await version()).toBe(first);
    // Changed, with a file time in the past (a restored backup): still later than what was published.
    await writeFile(file, `${PREFIXES}\n# another\n`);
    await utimes(file, new Date('2020-01-01'), new Date('2020-01-01'));
    const second = await version();
    expect(second).toBeGreaterThan(first);
    // And back to the first content: later again, never the first date.
    await writeFile(file, `${PREFIXES}\n`);
    await utimes(file, new Date('2020-01-01'), new Date('2020-01-01'));
    expect(await version()).toBeGreaterThan(second);
  });
});
