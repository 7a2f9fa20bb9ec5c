// The relationship index must give exactly the answers of the same questions in SPARQL, on
// generated data (hundreds of activities) plus the letter and its annotations.
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as ox from 'oxigraph';
import { projectRoot } from '../src/config.js';
import { generateProject } from '../src/generate.js';
import { createApp, type App } from '../src/http/app.js';
import { openProject, type Project } from '../src/pipeline.js';
import { countQuery, pageQuery, patterns, prologue } from '../src/store/relation-queries.js';
import { createQueryStore, select } from '../src/store/sparql.js';
import { describeLinked } from '../src/store/describe.js';
import { resourcePage } from '../src/represent/html.js';
import N3 from 'n3';
import { BASE, bundledConfig, tempDir } from './helpers.js';

let project: Project;
let app: App;
let engine: ox.Store;
beforeAll(async () => {
  const root = join(await tempDir('rel-'), 'p');
  await generateProject(root, { activities: 400, seed: 5, from: projectRoot });
  for (const f of ['letter.ttl', 'annotations.ttl']) await cp(join(projectRoot, 'data', f), join(root, 'data', f));
  project = await openProject(bundledConfig({ root }));
  app = createApp(project);
  engine = createQueryStore(project.store, project.config.base);
}, 60_000);
afterAll(() => app.close());

const api = async (path: string) => {
  const res = await app.handle({ method: 'GET', url: `/${path}`, headers: { accept: 'application/json' } });
  expect(res.status).toBe(200);
  return JSON.parse(res.body!.toString('utf8'));
};

/** Every page of an API listing, against the SPARQL page and count. */
async function expectSame(path: string, where: string, join = '?') {
  const limit = 100;
  const total = Number(select(engine, countQuery(BASE, where))[0]!.n);
  const expected = select(engine, pageQuery(BASE, where, 100_000)).map((r) => r.a);
  expect(expected.length).toBe(total);
  const got: string[] = [];
  for (let page = 1; ; page++) {
    const body = await api(`${path}${join}limit=${limit}&page=${page}`);
    expect(body.total).toBe(total);
    got.push(...body.items.map((i: { id: string }) => i.id));
    if (!body.next) break;
  }
  expect(got).toEqual(expected);
  return total;
}

const municipalities = () =>
  select(engine, `${prologue(BASE)} SELECT DISTINCT ?m WHERE { ?m a ?t FILTER(STRSTARTS(STR(?m), "${BASE}id/municipality/")) } ORDER BY ?m`).map((r) => r.m!);

describe('the relationship index answers as SPARQL does', () => {
  it('for every goal', async () => {
    let sum = 0;
    for (let goal = 1; goal <= 17; goal++) sum += await expectSame(`api/goals/${goal}/activities`, patterns.goal(goal));
    expect(sum).toBeGreaterThan(400);
  });

  it('for targets, stated or annotated', async () => {
    const targets = select(engine, `${prologue(BASE)} SELECT DISTINCT ?t WHERE { { ?a dct:subject ?t } UNION { ?x oa:hasBody ?t } FILTER(REGEX(STR(?t), "/sdg/[0-9]+[.]([0-9]+|[a-z])$")) }`).map((r) => r.t!);
    expect(targets.length).toBeGreaterThan(5);
    for (const t of targets) await expectSame(`api/targets/${t.slice('http://metadata.un.org/sdg/'.length)}/activities`, patterns.target(t));
  });

  it('for every municipality, and their goals', async () => {
    let nonEmpty = 0;
    for (const m of municipalities()) {
      const slug = m.slice(`${BASE}id/municipality/`.length);
      if ((await expectSame(`api/municipalities/${slug}/activities`, patterns.municipality(m))) > 0) nonEmpty++;
      const rows = select(engine, `${prologue(BASE)} SELECT ?g (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a lod:Activity ; dct:subject ?g . ${patterns.municipality(m)} } GROUP BY ?g`);
      const counts = (await api(`api/municipalities/${slug}/goals`)).goals.map((g: { goal: string; activities: number }) => `${g.goal} ${g.activities}`);
      expect(counts.sort()).toEqual(rows.map((r) => `${r.g} ${r.n}`).sort());
    }
    expect(nonEmpty).toBeGreaterThan(20);
  });

  it.each([
    [undefined, undefined], ['2020-01-01', undefined], [undefined, '2019-06-05'], ['2019-06-05', '2019-06-05'], ['2021-03-01', '2021-02-01'], ['2018-02-28', '2022-11-30'],
  ])('for activities from %s to %s', async (from, to) => {
    const q = new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}) }).toString();
    await expectSame(`api/activities${q ? `?${q}` : ''}`, patterns.between(from, to), q ? '&' : '?');
  });

  it('for a goal or a municipality within a date range', async () => {
    const range = patterns.between('2019-01-01', '2020-12-31');
    expect(await expectSame('api/goals/11/activities?from=2019-01-01&to=2020-12-31', `${patterns.goal(11)} ${range}`, '&')).toBeGreaterThan(0);
    let nonEmpty = 0;
    for (const m of municipalities()) {
      const slug = m.slice(`${BASE}id/municipality/`.length);
      if ((await expectSame(`api/municipalities/${slug}/activities?from=2019-01-01&to=2020-12-31`, `${patterns.municipality(m)} ${range}`, '&')) > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(5);
  });

  it('for goals that occur together', async () => {
    const rows = select(engine, `${prologue(BASE)} SELECT ?x ?y (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a lod:Activity ; dct:subject ?x , ?y . FILTER(STR(?x) < STR(?y)) } GROUP BY ?x ?y`);
    const num = (iri: string) => iri.slice('http://metadata.un.org/sdg/'.length);
    const expected = rows.map((r) => `${[num(r.x!), num(r.y!)].map(Number).sort((a, b) => a - b).join('+')}:${r.n}`).sort();
    const got = (await api('api/goals/co-occurrence')).pairs.map((p: { goals: number[]; activities: number }) => `${p.goals.join('+')}:${p.activities}`).sort();
    expect(got).toEqual(expected);
  });
});

describe('descriptions of much-linked resources', () => {
  it('hold the latest of what links to them, as many as they may', () => {
    const org = N3.DataFactory.namedNode(`${BASE}id/organization/org-0`);
    // Activities it organised, reports attributed to it: whatever links to it, the greatest IRIs first.
    const all = select(engine, `SELECT DISTINCT ?s WHERE { ?s ?p <${org.value}> FILTER(isIRI(?s)) } ORDER BY DESC(STR(?s))`).map((r) => r.s);
    expect(all.length).toBeGreaterThan(30);
    const { quads, linking } = describeLinked(project.store, org, 30);
    const held = [...new Set(quads.filter((q) => q.object.equals(org)).map((q) => q.subject.value))];
    expect(linking).toBe(all.length);
    expect(held.sort()).toEqual(all.slice(0, 30).sort());
  });

  it('say on the page how many there are, and where all of them are', () => {
    const html = resourcePage(`${BASE}id/organization/org-0`, [], 'en', app.site, { path: '/doc/organization/org-0.html' }, { shown: 200, total: 512, all: '/api/activities' });
    expect(html).toContain('<p id="more-links">The latest 200 of 512. <a href="/api/activities">All of them (API)</a></p>');
  });
});

describe('the index after writes', () => {
  it('follows activities added, changed and removed as one built anew would', async () => {
    const { buildRelations } = await import('../src/store/relations.js');
    const { applyRecord } = await import('../src/store/writes.js');
    const fresh = await openProject(bundledConfig());
    const store = fresh.store;
    const relations = buildRelations(store, BASE);
    const { namedNode, quad, literal } = N3.DataFactory;
    // Listings asked before the writes are kept in order through them.
    for (const g of [5, 11, 13]) relations.ofGoal(g);
    const letter = namedNode(`${BASE}graph/letter`);
    const a = namedNode(`${BASE}id/activity/2019-06-05-dzimumu-lidztiesiba`);
    const before = store.getQuads(null, null, null, letter);
    const moved = before.map((q) => (q.subject.equals(a) && q.predicate.value === 'http://schema.org/startDate' ? quad(q.subject, q.predicate, literal('2021-12-31', namedNode('http://www.w3.org/2001/XMLSchema#date')), q.graph) : q))
      .filter((q) => !(q.subject.value.endsWith('2021-05-12-tehnologijas-ir-atbilde')));
    const added = [quad(namedNode(`${BASE}id/activity/2020-01-01-jauna`), namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), namedNode(`${BASE}def/Activity`), letter),
      quad(namedNode(`${BASE}id/activity/2020-01-01-jauna`), namedNode('http://schema.org/startDate'), literal('2020-01-01', namedNode('http://www.w3.org/2001/XMLSchema#date')), letter),
      quad(namedNode(`${BASE}id/activity/2020-01-01-jauna`), namedNode('http://purl.org/dc/terms/subject'), namedNode('http://metadata.un.org/sdg/13'), letter)];
    const content = [...moved, ...added];
    const key = (q: N3.Quad) => `${q.subject.value} ${q.predicate.value} ${N3.termToId(q.object)}`;
    const was = new Set(before.map(key));
    const now = new Set(content.map(key));
    const changes = [...before.filter((q) => !now.has(key(q))), ...content.filter((q) => !was.has(key(q)))];
    applyRecord(store, { seq: 1, at: '', by: '', graph: letter.value, op: 'put', previous: null, etag: null, added: 0, removed: 0, nquads: '' }, content);
    expect(relations.update(changes)).toBe(true);
    const rebuilt = buildRelations(store, BASE);
    expect([...relations.all]).toEqual([...rebuilt.all]);
    for (const g of [5, 6, 7, 11, 13]) expect([...relations.ofGoal(g)]).toEqual([...rebuilt.ofGoal(g)]);
    expect([...relations.ofMunicipality(`${BASE}id/municipality/lv-0620200`)]).toEqual([...rebuilt.ofMunicipality(`${BASE}id/municipality/lv-0620200`)]);
    expect(relations.pairs()).toEqual(rebuilt.pairs());
  });
});
