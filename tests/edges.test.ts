// Answers at the edges, each once found wrong: IRIs beyond ASCII in headers, graphs named in
// N-Quads, a data file that takes the catalogue's name, a cache folder that cannot be written,
// a not-found page that says why, dates with milliseconds.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { createApp, type App } from '../src/http/app.js';
import { openProject } from '../src/pipeline.js';
import { BASE, bundledConfig, serve, tempDir } from './helpers.js';

const get = (app: App, url: string, headers: Record<string, string> = {}) => app.handle({ method: 'GET', url, headers });

describe('data of any shape', () => {
  let origin: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const dir = await tempDir('edges-');
    await writeFile(join(dir, 'places.nt'), `<${BASE}id/place/Rīga> <http://example.org/name> "Rīga" .\n`);
    await writeFile(join(dir, 'graphs.nq'), [
      `<${BASE}id/thing/a> <http://example.org/p> "in a graph of ours, one level down" <${BASE}graph/sub/data> .`,
      `<${BASE}id/thing/b> <http://example.org/p> "in someone else's graph" <http://other.example/graph/data> .`,
      `<${BASE}id/thing/c> <http://example.org/p> "in a graph named by a blank node" _:g .`,
      '',
    ].join('\n'));
    ({ origin, close } = await serve(createApp(await openProject(bundledConfig({ dataFiles: [join(dir, 'places.nt'), join(dir, 'graphs.nq')] })))));
  });
  afterAll(() => close());

  it('puts IRIs beyond ASCII into headers percent-encoded, and stays up', async () => {
    const thing = await fetch(`${origin}/id/place/R%C4%ABga`, { redirect: 'manual' });
    expect(thing.status).toBe(303);
    expect(thing.headers.get('location')).toBe(`${BASE}doc/place/R%C4%ABga.ttl`);
    const doc = await fetch(`${origin}/doc/place/R%C4%ABga`);
    expect(doc.status).toBe(200);
    expect(doc.headers.get('content-location')).toBe(`${BASE}doc/place/R%C4%ABga.ttl`);
    expect(doc.headers.get('link')).toContain(`<${BASE}doc/place/R%C4%ABga.html>`);
    expect((await fetch(`${origin}/robots.txt`)).status).toBe(200);
  });

  it('names every graph in VoID as the dumps and the endpoint hold them, and sends each graph IRI of ours there', async () => {
    const voidQuads = new N3.Store(new N3.Parser().parse(await (await fetch(`${origin}/.well-known/void`, { headers: { accept: 'text/turtle' } })).text()));
    const subsets = voidQuads.getQuads(null, 'http://www.w3.org/ns/sparql-service-description#name', null, null).map((q) => [q.subject.value, q.object.value]);
    const dump = new N3.Parser({ format: 'N-Quads' }).parse(await (await fetch(`${origin}/dumps/sdg-lod.nq`)).text());
    const graphs = [...new Set(dump.map((q) => q.graph.value))].sort();
    expect(subsets.map(([, g]) => g).sort()).toEqual(graphs);
    expect(new Set(subsets.map(([s]) => s)).size).toBe(subsets.length); // one subset per graph
    expect(graphs).toContain(`${BASE}graph/sub/data`);
    expect(graphs).toContain('http://other.example/graph/data');
    expect(graphs.some((g) => g.startsWith(`${BASE}graph/graphs-`))).toBe(true); // the blank node's graph, named by us
    const res = await fetch(`${origin}/graph/sub/data`, { redirect: 'manual' });
    expect(res.headers.get('location')).toBe(`${BASE}.well-known/void#sub/data`);
    expect(subsets.map(([s]) => s)).toContain(`${BASE}.well-known/void#sub/data`);
  });
});

it('refuses a data file that would take the catalogue’s graph', async () => {
  const dir = await tempDir('catalog-name-');
  await writeFile(join(dir, 'catalog.ttl'), `<${BASE}id/thing/a> <http://example.org/p> "x" .\n`);
  await expect(openProject(bundledConfig({ dataFiles: [join(dir, 'catalog.ttl')] }))).rejects.toThrow(UsageError);
  await expect(openProject(bundledConfig({ dataFiles: [join(dir, 'catalog.ttl')] }))).rejects.toThrow(/cannot be called "catalog"/);
});

describe('a cache folder that cannot be written', () => {
  let app: App;
  beforeAll(async () => {
    // A file where the folder should be: no dump can be written under it, even by root.
    const blocked = join(await tempDir('blocked-'), 'not-a-folder');
    await writeFile(blocked, '');
    app = createApp(await openProject(bundledConfig({ importDir: blocked })));
  });
  afterAll(() => app.close());

  it('answers the dumps with 503 and Retry-After, and says why at start', async () => {
    const res = await get(app, '/dumps/sdg-lod.nt');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('60');
    expect(res.body!.toString()).not.toContain('not-a-folder'); // the server's paths are the operator's
    expect((res.error as NodeJS.ErrnoException).code).toBe('ENOTDIR'); // for the log
    await expect(app.warm()).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  it('still serves the catalogue, without sizes and not to be cached', async () => {
    const res = await get(app, '/catalog.ttl');
    expect(res.status).toBe(200);
    expect(res.body!.toString()).not.toContain('byteSize');
    expect(res.headers['cache-control']).toBe('no-cache');
  });
});

it('says on the HTML page what is not found where it is more than a missing resource', async () => {
  const app = createApp(await openProject(bundledConfig()));
  const res = await get(app, '/api/goals/18/activities', { accept: 'text/html' });
  expect(res.status).toBe(404);
  expect(res.body!.toString()).toContain('<p id="why" lang="en">goals are numbered 1 to 17.</p>');
  const plain = await get(app, '/api/goals/18/activities');
  expect(plain.body!.toString()).toBe('Not Found: goals are numbered 1 to 17.\n');
});

it('keeps the data version to the second, so If-Modified-Since can match it', async () => {
  const app = createApp(await openProject(bundledConfig(), { modified: new Date('2026-11-24T10:00:00.750Z') }));
  const res = await get(app, '/doc/place/riga.ttl');
  expect(res.headers['last-modified']).toBe('Tue, 24 Nov 2026 10:00:00 GMT');
  expect((await get(app, '/doc/place/riga.ttl', { 'if-modified-since': 'Tue, 24 Nov 2026 10:00:00 GMT' })).status).toBe(304);
});
