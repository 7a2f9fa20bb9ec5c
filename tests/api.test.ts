// The relationship API, answered for the bundled data and checked against the letter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import N3 from 'n3';
import { createApp, type App } from '../src/http/app.js';
import { openProject } from '../src/pipeline.js';
import { BASE, bundledConfig } from './helpers.js';

let app: App;
beforeAll(async () => {
  app = createApp(await openProject(bundledConfig()));
});
afterAll(() => app.close());

const get = async (path: string, accept = 'application/json') => {
  const res = await app.handle({ method: 'GET', url: `/${path}`, headers: { accept } });
  return { status: res.status, type: res.headers['content-type'], link: res.headers.link, text: res.body?.toString('utf8') ?? '' };
};
const json = async (path: string) => JSON.parse((await get(path)).text);
const slugs = (items: { id: string }[]) => items.map((i) => i.id.replace(`${BASE}id/activity/`, ''));

describe('relationship API', () => {
  it('lists the activities of goal 13, in order, with paging', async () => {
    const first = await json('api/goals/13/activities?limit=3');
    expect(first.total).toBe(4);
    expect(slugs(first.items)).toEqual(['2020-08-26-daba-balstiti-risinajumi', '2020-11-14-video-par-iam', '2021-05-12-tehnologijas-ir-atbilde']);
    expect(first.next).toBe(`${BASE}api/goals/13/activities?limit=3&page=2`);
    const second = await json('api/goals/13/activities?limit=3&page=2');
    expect(slugs(second.items)).toEqual(['2021-06-01-muzikas-un-makslas-video']);
    expect(second.next).toBeUndefined();
    expect(first.items[1]).toMatchObject({ startDate: '2020-11-14', endDate: '2020-11-29', goals: [13, 15, 17] });
  });

  it.each([
    [5, ['2019-06-05-dzimumu-lidztiesiba', '2021-04-15-labjutiba-un-veseliba']],
    [11, ['2019-09-25-ilgtspejigas-pasvaldibas']],
    [1, []],
  ])('lists the activities of goal %i', async (goal, expected) => {
    expect(slugs((await json(`api/goals/${goal}/activities`)).items)).toEqual(expected);
  });

  it('lists the activities linked to a target, including by annotation', async () => {
    expect(slugs((await json('api/targets/6.3/activities')).items)).toEqual(['2020-08-26-daba-balstiti-risinajumi']);
    expect((await json('api/targets/11.3/activities')).total).toBe(0); // 11.3 classifies a recommendation, not an activity
  });

  it('lists the activities of a municipality: held there or made with it', async () => {
    expect(slugs((await json('api/municipalities/lv-0661400/activities')).items)).toEqual(['2019-06-05-dzimumu-lidztiesiba']);
    expect(slugs((await json('api/municipalities/lv-0620200/activities')).items)).toEqual(['2020-11-14-video-par-iam', '2021-06-01-muzikas-un-makslas-video']);
    expect(slugs((await json('api/municipalities/ua-nizhyn/activities')).items)).toEqual(['2021-06-01-muzikas-un-makslas-video']);
  });

  it('counts the goals of a municipality', async () => {
    expect((await json('api/municipalities/lv-0620200/goals')).goals.map((g: { number: number; activities: number }) => [g.number, g.activities])).toEqual([[13, 2], [15, 1], [17, 1]]);
  });

  it('lists activities in a date range', async () => {
    const year2021 = await json('api/activities?from=2021-01-01&to=2021-12-31');
    expect(year2021.total).toBe(4);
    expect((await json('api/activities?to=2019-12-31')).total).toBe(2);
    expect((await json('api/activities')).total).toBe(8);
  });

  it('counts goals that occur together', async () => {
    const pairs = (await json('api/goals/co-occurrence')).pairs.map((p: { goals: number[]; activities: number }) => `${p.goals.join('+')}:${p.activities}`);
    expect(pairs.sort()).toEqual(['13+15:1', '13+17:1', '15+17:1', '3+5:1', '6+13:1']);
  });

  it.each(['text/turtle', 'application/n-triples', 'application/rdf+xml', 'application/ld+json'])('answers in %s by content negotiation', async (accept) => {
    const res = await get('api/goals/5/activities', accept);
    expect(res.status).toBe(200);
    expect(res.type!.split(';')[0]).toBe(accept);
    expect(res.text).toContain('2019-06-05-dzimumu-lidztiesiba');
    if (accept === 'text/turtle') expect(new N3.Parser().parse(res.text).length).toBeGreaterThan(10);
  });

  it.each([
    ['api/goals/18/activities', 404],
    ['api/goals/13/activities?limit=1000', 400],
    ['api/goals/13/activities?page=0', 400],
    ['api/activities?from=yesterday', 400],
    ['api/activities?from=2020-13-45', 400],
    ['api/municipalities/lv-9999999/activities', 404],
    ['api/municipalities/nowhere/goals', 404],
    ['api/targets/18.1/activities', 404],
    ['api/nothing', 404],
  ])('answers %s with %i', async (path, status) => {
    expect((await get(path)).status).toBe(status);
  });

  it('pages with a Link header too, so RDF answers can be followed', async () => {
    expect((await get('api/goals/13/activities?limit=3')).link).toBe(`<${BASE}api/goals/13/activities?limit=3&page=2>; rel="next"`);
    const ttl = await get('api/goals/13/activities?limit=3', 'text/turtle');
    expect(ttl.link).toContain('rel="next"');
  });

  it('takes ?format= as the rest of the site does, and keeps it on the next page', async () => {
    const ttl = await get('api/goals/13/activities?limit=3&format=ttl', 'application/json');
    expect(ttl.type).toBe('text/turtle; charset=utf-8');
    expect(ttl.link).toContain('format=ttl');
  });

  it.each([
    ['an alias', 'format=text%2Fturtle', 'format=ttl'],
    ['a name it does not know', 'format=%3Cscript%3E', ''],
  ])('names %s canonically on the next page, and renders the same answer once', async (_name, format, named) => {
    const first = await app.handle({ method: 'GET', url: `/api/goals/13/activities?limit=2&${format}`, headers: { accept: 'text/turtle' } });
    const plain = await app.handle({ method: 'GET', url: `/api/goals/13/activities?limit=2${named ? `&${named}` : ''}`, headers: { accept: 'text/turtle' } });
    expect(first.headers.link).toBe(`<${BASE}api/goals/13/activities?${named ? `${named}&` : ''}limit=2&page=2>; rel="next"`);
    expect(first.headers.etag).toBe(plain.headers.etag);
  });

  it('renders an answer once, whatever parameters it does not read, and answers 304 to a current copy', async () => {
    const url = '/api/activities?format=jsonld&limit=5';
    const first = await app.handle({ method: 'GET', url, headers: {} });
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^"/);
    const rendered = async () => /sdg_lod_cache_entries\{cache="rendered"\} (\d+)/.exec((await app.handle({ method: 'GET', url: '/metrics', headers: {} })).body!.toString())![1];
    const entries = await rendered();
    for (let i = 0; i < 20; i++) {
      const junk = await app.handle({ method: 'GET', url: `${url}&junk=${i}`, headers: {} });
      expect(junk.headers.etag).toBe(etag);
    }
    expect(await rendered()).toBe(entries);
    expect((await app.handle({ method: 'GET', url, headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it.each(['api/openapi.json', 'api/reports', 'api/reports/goals-by-year', 'api/goals/co-occurrence', 'api/municipalities/lv-0033000/goals', 'api/goals/13/activities'])(
    'gives %s validators, and 304 to a current copy', async (path) => {
      const first = await app.handle({ method: 'GET', url: `/${path}`, headers: { accept: 'application/json' } });
      expect(first.status).toBe(200);
      expect(first.headers.etag).toMatch(/^"[\w-]+"$/);
      expect(Date.parse(first.headers['last-modified']!)).not.toBeNaN();
      const again = await app.handle({ method: 'GET', url: `/${path}`, headers: { accept: 'application/json', 'if-none-match': first.headers.etag! } });
      expect(again.status).toBe(304);
      expect(again.body).toBeUndefined();
    },
  );

  it('answers JSON-LD compacted with the published context', async () => {
    const doc = JSON.parse((await get('api/goals/5/activities', 'application/ld+json')).text);
    expect(doc['@context']).toBe(`${BASE}context.jsonld`);
  });

  it('refuses RDF for the answers that exist only as JSON', async () => {
    expect((await get('api/goals/co-occurrence', 'text/turtle')).status).toBe(406);
    expect((await get('api/municipalities/lv-0620200/goals', 'text/turtle')).status).toBe(406);
  });

  it('publishes its OpenAPI description', async () => {
    const doc = await json('api/openapi.json');
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/activities', '/api/goals/co-occurrence', '/api/goals/{goal}/activities', '/api/municipalities/{slug}/activities',
      '/api/municipalities/{slug}/goals', '/api/reports', '/api/reports/{report}', '/api/targets/{target}/activities',
    ]);
  });
});
