// The change feed at {base}changes: each write's created, updated and deleted resources, in
// order and paged, as Activity Streams 2.0 and as a Linked Data Event Stream; listed in the
// catalogue; the same after a restart; a harvester that keeps its last page reads what is new.
import { join } from 'node:path';
import N3 from 'n3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createToken } from '../src/auth/tokens.js';
import type { App } from '../src/http/app.js';
import { CHANGES_PAGE } from '../src/http/handlers/changes.js';
import { openProject } from '../src/pipeline.js';
import type { WriteService } from '../src/writes.js';
import { activityTurtle, BASE, bundledConfig, serve, writableApp } from './helpers.js';

let app: App;
let writes: WriteService;
let root: string;
let origin: string;
let close: () => Promise<void>;
let token: string;

const put = (graph: string, body: string, method = 'PUT') =>
  app.handle({ method, url: `/store?graph=${encodeURIComponent(`${BASE}graph/report/${graph}`)}`, headers: { authorization: `Bearer ${token}`, 'content-type': 'text/turtle' }, body: Buffer.from(body) });
const get = async (path: string, accept: string) => {
  const res = await fetch(`${origin}/${path}`, { headers: { accept } });
  return { res, text: await res.text() };
};

beforeAll(async () => {
  const w = await writableApp();
  ({ app, writes, root } = w);
  token = await createToken(join(w.config.importDir, 'tokens.json'), 'kuldiga', `${BASE}graph/report/`);
  ({ origin, close } = await serve(app));
  expect((await put('a', activityTurtle('2023-01-01-a', '2023-01-01'))).status).toBe(201);
  expect((await put('a', activityTurtle('2023-01-01-a', '2023-01-02'))).status).toBe(204);
  expect((await put('b', activityTurtle('2023-01-03-b', '2023-01-03'))).status).toBe(201);
  expect((await app.handle({ method: 'DELETE', url: `/store?graph=${encodeURIComponent(`${BASE}graph/report/b`)}`, headers: { authorization: `Bearer ${token}` } })).status).toBe(204);
});
afterAll(async () => {
  await close();
  await writes.close();
});

it('says what each write created, updated and deleted, in order, as Activity Streams 2.0', async () => {
  const { res, text } = await get('changes', 'application/activity+json');
  expect(res.headers.get('content-type')).toBe('application/activity+json');
  const collection = JSON.parse(text);
  expect(collection).toMatchObject({ '@context': 'https://www.w3.org/ns/activitystreams', type: 'OrderedCollection', first: `${BASE}changes?page=1`, last: `${BASE}changes?page=1` });
  const first = JSON.parse((await get('changes?page=1', 'application/ld+json')).text);
  expect(first.type).toBe('OrderedCollectionPage');
  const summary = first.orderedItems.map((i: { type: string; object: string }) => `${i.type} ${i.object.replace(BASE, '')}`);
  expect(summary).toEqual(['Create id/activity/2023-01-01-a', 'Update id/activity/2023-01-01-a', 'Create id/activity/2023-01-03-b', 'Delete id/activity/2023-01-03-b']);
  expect(first.orderedItems[0]).toMatchObject({ target: `${BASE}graph/report/a`, actor: { name: 'kuldiga' } });
  expect(JSON.stringify(first)).not.toContain('sdgt_');
});

it('is a Linked Data Event Stream in Turtle, its members the same changes', async () => {
  const { res, text } = await get('changes?page=1', 'text/turtle');
  expect(res.status).toBe(200);
  const quads = new N3.Parser({ baseIRI: BASE }).parse(text);
  const has = (s: string, p: string, o: string) => quads.some((q) => q.subject.value === s && q.predicate.value === p && q.object.value === o);
  expect(has(`${BASE}changes`, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'https://w3id.org/ldes#EventStream')).toBe(true);
  expect(has(`${BASE}changes`, 'https://w3id.org/ldes#timestampPath', 'https://www.w3.org/ns/activitystreams#published')).toBe(true);
  expect(quads.filter((q) => q.predicate.value === 'https://w3id.org/tree#member').length).toBe(4);
  expect(has(`${BASE}changes#w4-deleted-0`, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'https://www.w3.org/ns/activitystreams#Delete')).toBe(true);
});

it('reports no change when a graph is written again the same, blank nodes and all', async () => {
  const withAudience = activityTurtle('2023-01-05-c', '2023-01-05', '; schema:audience [ a schema:Audience ; schema:audienceType "visi"@lv ] ');
  expect((await put('c', withAudience)).status).toBe(201);
  const total = JSON.parse((await get('changes', 'application/activity+json')).text).totalItems;
  expect((await put('c', withAudience)).status).toBe(204);
  expect(JSON.parse((await get('changes', 'application/activity+json')).text).totalItems).toBe(total);
});

it('is listed in the DCAT catalogue', async () => {
  const { text } = await get('catalog.ttl', 'text/turtle');
  const quads = new N3.Parser({ baseIRI: BASE }).parse(text);
  expect(quads.some((q) => q.predicate.value === 'http://www.w3.org/ns/dcat#endpointURL' && q.object.value === `${BASE}changes`)).toBe(true);
});

it('pages by writes: a full page never changes (immutable), a harvester keeping the last page reads what is new', async () => {
  let last = JSON.parse((await get('changes', 'application/activity+json')).text).last as string;
  const before = JSON.parse((await get(last.slice(BASE.length), 'application/activity+json')).text).orderedItems.length;
  for (let i = 0; i < CHANGES_PAGE; i++) expect((await put(`p-${i}`, activityTurtle(`2023-02-01-p${i}`, '2023-02-01'))).status).toBe(201);
  const kept = await get(last.slice(BASE.length), 'application/activity+json');
  const page = JSON.parse(kept.text);
  expect(page.orderedItems.length).toBeGreaterThan(before);
  expect(page.next).toBe(`${BASE}changes?page=2`);
  expect(kept.res.headers.get('cache-control')).toContain('immutable');
  last = JSON.parse((await get('changes', 'application/activity+json')).text).last;
  expect(last).toBe(`${BASE}changes?page=2`);
  const newest = await get('changes?page=2', 'application/activity+json');
  expect(newest.res.headers.get('cache-control')).toBe('no-cache');
  expect((await get('changes?page=3', 'application/activity+json')).res.status).toBe(404);
  expect((await get('changes?page=0', 'application/activity+json')).res.status).toBe(400);
});

it('is the same after a restart, made from the journal', async () => {
  const project = await openProject(bundledConfig({ root, importDir: join(root, 'var') }));
  const again = await (await import('../src/http/app.js')).createApp(project).handle({ method: 'GET', url: '/changes?page=1', headers: { accept: 'application/activity+json' } });
  expect(JSON.parse(again.body!.toString()).orderedItems).toEqual(JSON.parse((await get('changes?page=1', 'application/activity+json')).text).orderedItems);
});

it('is there, empty, without writes', async () => {
  const project = await openProject(bundledConfig());
  const res = await (await import('../src/http/app.js')).createApp(project).handle({ method: 'GET', url: '/changes', headers: { accept: 'application/activity+json' } });
  expect(JSON.parse(res.body!.toString())).toMatchObject({ type: 'OrderedCollection', totalItems: 0 });
});
