// The reporting views for the bundled data: their figures checked against the letter, against the
// API listings their cells link to and against SPARQL asked directly; the CSV against the JSON; the
// page's table and chart; negotiation; and the figures after a write.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/auth/tokens.js';
import { createApp, type App } from '../src/http/app.js';
import { openProject } from '../src/pipeline.js';
import { REPORTS } from '../src/represent/reports.js';
import { parseCsv } from '../src/rows/csv.js';
import { activityTurtle, BASE, bundledConfig, writableApp } from './helpers.js';

let app: App;
beforeAll(async () => {
  app = createApp(await openProject(bundledConfig()));
});
afterAll(() => app.close());

const get = async (path: string, headers: Record<string, string> = {}, on = app) => {
  const res = await on.handle({ method: 'GET', url: `/${path}`, headers });
  return { status: res.status, headers: res.headers, text: res.body?.toString('utf8') ?? '' };
};
const json = async (path: string, on = app) => JSON.parse((await get(path, { accept: 'application/json' }, on)).text);
const sparqlCount = async (where: string) => {
  const query = `PREFIX lod: <${BASE}def/> PREFIX dct: <http://purl.org/dc/terms/> PREFIX schema: <http://schema.org/> PREFIX sdg: <http://metadata.un.org/sdg/> PREFIX oa: <http://www.w3.org/ns/oa#>
    SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a lod:Activity ; schema:startDate ?d . ${where} }`;
  const res = await get(`sparql?query=${encodeURIComponent(query)}`, { accept: 'application/sparql-results+json' });
  return Number(JSON.parse(res.text).results.bindings[0].n.value);
};
const inYear = (year: string) => `FILTER(STR(?d) >= "${year}-01-01" && STR(?d) <= "${year}-12-31")`;

interface YearItem { byYear: Record<string, number>; total: number }

describe('activities per goal by year', () => {
  it.each([
    [13, '2020', 2], [13, '2021', 2], [5, '2019', 1], [5, '2021', 1], [11, '2019', 1], [3, '2021', 1], [1, '2021', 0], [17, '2020', 1],
  ])('goal %i in %s: %i, as SPARQL counts it', async (goal, year, expected) => {
    const report = await json('api/reports/goals-by-year');
    const item = report.items.find((i: { goal: number }) => i.goal === goal);
    expect(item.byYear[year]).toBe(expected);
    expect(await sparqlCount(`?a dct:subject sdg:${goal} . ${inYear(year)}`)).toBe(expected);
  });

  it('lists all 17 goals and the letter\'s years; each cell is what the API listing it links to holds', async () => {
    const report = await json('api/reports/goals-by-year');
    expect(report.years).toEqual(['2019', '2020', '2021']);
    expect(report.items.map((i: { goal: number }) => i.goal)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    for (const item of report.items as (YearItem & { goal: number; activities: string })[]) {
      expect(item.activities).toBe(`${BASE}api/goals/${item.goal}/activities`);
      expect(item.total).toBe((await json(`api/goals/${item.goal}/activities`)).total);
      for (const year of report.years) expect(item.byYear[year], `${item.goal} ${year}`).toBe((await json(`api/goals/${item.goal}/activities?from=${year}-01-01&to=${year}-12-31`)).total);
    }
    // Each activity once, whatever it addressed (the discussion of 2021 names no goal).
    expect(report.allActivities).toEqual({ byYear: { 2019: 2, 2020: 2, 2021: 4 }, total: 8 });
  });
});

describe('activities per target by year', () => {
  it('keeps targets inferred by annotation apart from stated ones', async () => {
    const report = await json('api/reports/targets-by-year');
    const rows = Object.fromEntries(report.items.map((i: { target: string; stated: YearItem; inferred: YearItem; all: YearItem }) => [i.target, [i.stated.total, i.inferred.total, i.all.total]]));
    // The letter states no target; the editors' annotations link four of its activities (11.3 and 17.17 classify recommendations).
    expect(rows).toEqual({ '5.5': [0, 1, 1], '6.3': [0, 1, 1], '7.1': [0, 1, 1], '17.19': [0, 1, 1] });
    expect(report.items.find((i: { target: string }) => i.target === '5.5').inferred.byYear).toEqual({ 2019: 1, 2020: 0, 2021: 0 });
  });

  it('counts what the API listing of each target holds, year by year, and what SPARQL counts', async () => {
    const report = await json('api/reports/targets-by-year');
    for (const item of report.items as { target: string; all: YearItem; inferred: YearItem; activities: string }[]) {
      expect(item.activities).toBe(`${BASE}api/targets/${item.target}/activities`);
      for (const year of report.years) {
        expect(item.all.byYear[year]).toBe((await json(`api/targets/${item.target}/activities?from=${year}-01-01&to=${year}-12-31`)).total);
        expect(item.inferred.byYear[year]).toBe(await sparqlCount(`?ann oa:hasTarget ?a ; oa:hasBody <http://metadata.un.org/sdg/${item.target}> . ${inYear(year)}`));
      }
    }
  });
});

describe('organisations and municipalities', () => {
  it.each([
    ['lps', 'organizer', { 2019: 2, 2020: 2, 2021: 4 }],
    ['centrs-marta', 'performer', { 2019: 1, 2020: 0, 2021: 0 }],
    ['kuldigas-bjc-animacijas-darbnica', 'contributor', { 2019: 0, 2020: 1, 2021: 0 }],
  ])('%s as %s', async (slug, role, byYear) => {
    const report = await json('api/reports/organisations-by-year');
    const item = report.items.find((i: { id: string; role: string }) => i.id === `${BASE}id/organization/${slug}` && i.role === role);
    expect(item).toMatchObject({ byYear, roleProperty: `http://schema.org/${role}`, page: `${BASE}doc/organization/${slug}` });
    for (const [year, n] of Object.entries(byYear)) expect(await sparqlCount(`?a schema:${role} <${BASE}id/organization/${slug}> . ${inYear(year)}`)).toBe(n);
  });

  it('leaves municipalities to their own view', async () => {
    const report = await json('api/reports/organisations-by-year');
    expect(report.items.filter((i: { id: string }) => i.id.includes('/municipality/'))).toEqual([]);
    expect(report.items).toHaveLength(5);
  });

  it('groups municipalities by country, Latvia first, each year what the API listing holds', async () => {
    const report = await json('api/reports/municipalities-by-year');
    const countries = [...new Set(report.items.map((i: { country: { label: { en: string } } }) => i.country.label.en))];
    expect(countries).toEqual(['Latvia', 'Georgia', 'Ukraine']);
    expect(report.items.find((i: { id: string }) => i.id === `${BASE}id/municipality/lv-0620200`)).toMatchObject({ code: '0620200', byYear: { 2019: 0, 2020: 1, 2021: 1 }, total: 2 });
    for (const item of report.items as (YearItem & { id: string; activities: string })[]) {
      const slug = item.id.slice(`${BASE}id/municipality/`.length);
      expect(item.activities).toBe(`${BASE}api/municipalities/${slug}/activities`);
      for (const year of report.years) expect(item.byYear[year], `${slug} ${year}`).toBe((await json(`api/municipalities/${slug}/activities?from=${year}-01-01&to=${year}-12-31`)).total);
    }
  });
});

describe('the goals nobody addressed', () => {
  it('are exactly the goals with no activity', async () => {
    const report = await json('api/reports/goals-not-addressed');
    const addressed: number[] = [];
    for (let goal = 1; goal <= 17; goal++) if ((await json(`api/goals/${goal}/activities`)).total > 0) addressed.push(goal);
    const complement = Array.from({ length: 17 }, (_, i) => i + 1).filter((g) => !addressed.includes(g));
    expect(report.notAddressed).toEqual(complement);
    expect(report.notAddressed).toEqual([1, 2, 4, 7, 8, 9, 10, 12, 14, 16]);
    expect(report.items).toHaveLength(17);
    expect(report.items.filter((i: { addressed: boolean }) => !i.addressed).map((i: { goal: number }) => i.goal)).toEqual(complement);
  });

  it('names them on the page', async () => {
    const page = (await get('reports/goals-not-addressed?lang=en', { accept: 'text/html' })).text;
    expect(page).toMatch(/<p id="lead">Goals not addressed: 1\. No poverty; 2\. Zero hunger; 4\. Quality education;/);
    // Goal 7 is named by no activity, but the editors inferred its target 7.1 for one: said, not counted.
    expect(page).toContain('7. Affordable and clean energy (a target the editors inferred: 7.1);');
  });

  it.each(['LV', 'lv-LV', 'Lv'])('takes ?lang=%s as Latvian', async (lang) => {
    const res = await get(`reports/goals-not-addressed?lang=${lang}`, { accept: 'text/html' });
    expect(res.headers['content-language']).toBe('lv');
  });
});

describe('sectors involved, activity by activity', () => {
  const SECTOR_OF: Record<string, string> = { '10': 'state', '15': 'state', '11': 'municipalities', '21': 'ngos', '22': 'ngos', '23': 'ngos', '24': 'ngos', '80': 'education', '70': 'business', '71': 'business', '72': 'business', '73': 'business' };
  it('puts each participant under the sector its IATI type falls under, as SPARQL reads the data', async () => {
    const report = await json('api/reports/sectors-by-activity');
    expect(report.items).toHaveLength(8);
    const query = `PREFIX schema: <http://schema.org/> PREFIX org: <http://www.w3.org/ns/org#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX lod: <${BASE}def/>
      SELECT ?a ?who ?code WHERE { ?a a lod:Activity ; schema:organizer|schema:performer|schema:contributor|schema:sponsor ?who . OPTIONAL { ?who org:classification/skos:notation ?code } }`;
    const rows = JSON.parse((await get(`sparql?query=${encodeURIComponent(query)}`, { accept: 'application/sparql-results+json' })).text).results.bindings as Record<string, { value: string }>[];
    expect(rows.length).toBeGreaterThan(8);
    for (const r of rows) {
      const item = report.items.find((i: { id: string }) => i.id === r.a!.value);
      const sector = r.code ? SECTOR_OF[r.code.value] : undefined;
      const where = sector ? item.sectors[sector] : r.code ? item.other : item.unknown;
      expect(where, `${r.a!.value} ${r.who!.value}`).toContain(r.who!.value);
    }
    // The letter's activities: none involved all five sectors; LPS, whose sector no source gives, organised each.
    expect(report.allFive).toEqual([]);
    for (const item of report.items) expect(item.unknown).toContain(`${BASE}id/organization/lps`);
  });

  it.each([
    ['2019-06-05-dzimumu-lidztiesiba', { state: 0, municipalities: 0, ngos: 2, education: 0, business: 1 }],
    ['2020-11-14-video-par-iam', { state: 0, municipalities: 2, ngos: 0, education: 1, business: 0 }],
    ['2021-06-01-muzikas-un-makslas-video', { state: 0, municipalities: 5, ngos: 0, education: 0, business: 0 }],
  ])('%s: participants per sector %o', async (slug, expected) => {
    const report = await json('api/reports/sectors-by-activity');
    const item = report.items.find((i: { id: string }) => i.id === `${BASE}id/activity/${slug}`);
    expect(Object.fromEntries(Object.entries(item.sectors as Record<string, string[]>).map(([k, v]) => [k, v.length]))).toEqual(expected);
    expect(item.all).toBe(false);
  });

  it('names the participants of a cell on hover, and counts the activities that involved each sector', async () => {
    const page = (await get('reports/sectors-by-activity?lang=en', { accept: 'text/html' })).text;
    expect(page).toContain('<span title="BlueOrange Bank">1</span>');
    const foot = /<tfoot>(.*?)<\/tfoot>/.exec(page)![1]!.replace(/<[^>]+>/g, '|').split('|').filter(Boolean);
    // Activities involving: the state, municipalities, NGOs, education, entrepreneurs; all five; other; unknown.
    expect(foot).toEqual(['Activities involving', '0', '2', '1', '1', '1', '0', '0', '8']);
  });
});

describe('each view as CSV, JSON and a page', () => {
  /** The numbers of each JSON item, in the CSV's column order. */
  const numbers: Record<string, (report: { years: string[]; items: Record<string, unknown>[] }) => number[][]> = {
    'goals-by-year': (r) => r.items.map((i) => [i.goal as number, ...r.years.map((y) => (i as unknown as YearItem).byYear[y]!), (i as unknown as YearItem).total]),
    'targets-by-year': (r) => r.items.map((i) => {
      const [s, f, a] = ['stated', 'inferred', 'all'].map((k) => i[k] as YearItem);
      return [i.goal as number, ...r.years.flatMap((y) => [s!.byYear[y]!, f!.byYear[y]!, a!.byYear[y]!]), s!.total, f!.total, a!.total];
    }),
    'organisations-by-year': (r) => r.items.map((i) => [...r.years.map((y) => (i as unknown as YearItem).byYear[y]!), (i as unknown as YearItem).total]),
    'municipalities-by-year': (r) => r.items.map((i) => [...r.years.map((y) => (i as unknown as YearItem).byYear[y]!), (i as unknown as YearItem).total]),
    'goals-not-addressed': (r) => r.items.map((i) => [i.goal as number, i.activities as number]),
    'sectors-by-activity': (r) => r.items.map((i) => {
      const a = i as unknown as { year: string; sectors: Record<string, string[]>; other: string[]; unknown: string[] };
      return [Number(a.year), ...['state', 'municipalities', 'ngos', 'education', 'business'].map((s) => a.sectors[s]!.length), a.other.length, a.unknown.length];
    }),
  };

  it.each(REPORTS.flatMap((name) => (['en', 'lv'] as const).map((lang) => [name, lang] as const)))('%s as CSV (%s) parses back to the JSON\'s numbers', async (name, lang) => {
    const res = await get(`reports/${name}.csv?lang=${lang}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = parseCsv(res.text);
    const report = await json(`api/reports/${name}`);
    expect(rows).toHaveLength(report.items.length + 1);
    expect(rows[0]!.fields.length).toBe(rows[1]!.fields.length);
    const parsed = rows.slice(1).map((r) => r.fields.filter((f) => /^\d+$/.test(f) && !/^0\d/.test(f)).map(Number));
    expect(parsed).toEqual(numbers[name]!(report));
  });

  it.each(REPORTS.flatMap((name) => (['en', 'lv'] as const).map((lang) => [name, lang] as const)))('%s as a page (%s): a table with caption and header, numbers right-aligned, an SVG chart, no script', async (name, lang) => {
    const res = await get(`reports/${name}?lang=${lang}`, { accept: 'text/html' });
    expect(res.status).toBe(200);
    expect(res.headers['content-language']).toBe(lang);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    const page = res.text;
    expect(page).toMatch(/<table class="report" id="report-table"[^>]*>\n<caption>[^<]+<\/caption>\n<thead><tr><th scope="col">/);
    expect(page).toContain('<td class="n" style="text-align:right">');
    expect(page).toMatch(/<svg class="chart report-chart" id="report-chart" role="img"/);
    expect(page).not.toMatch(/<script(?! type="application\/ld\+json")/);
    expect(page).toContain(`href="/reports/${name}.csv?lang=${lang}"`);
    expect(page).toContain(`href="/api/reports/${name}"`);
  });

  it('links each count to the activities it counts', async () => {
    const page = (await get('reports/goals-by-year?lang=lv', { accept: 'text/html' })).text;
    expect(page).toContain('<td class="n" style="text-align:right"><a href="/api/goals/13/activities?from=2021-01-01&amp;to=2021-12-31">2</a></td>');
    expect(page).toContain('<a href="/doc/sdg/13?lang=lv">13</a>');
  });
});

describe('paths and negotiation', () => {
  it.each([
    ['reports/goals-by-year', 'text/html', 200, 'text/html; charset=utf-8'],
    ['reports/goals-by-year', '*/*', 200, 'text/html; charset=utf-8'],
    ['reports/goals-by-year', 'text/csv', 200, 'text/csv; charset=utf-8'],
    ['reports/goals-by-year', 'text/csv;header=present', 200, 'text/csv; charset=utf-8'],
    ['reports/goals-by-year', 'text/csv;header=absent, application/json;q=0.5', 200, 'application/json'],
    ['reports/goals-by-year', 'application/json', 200, 'application/json'],
    ['reports/goals-by-year?format=csv', 'text/html', 200, 'text/csv; charset=utf-8'],
    ['reports/goals-by-year.json', 'text/html', 200, 'application/json'],
    ['reports/goals-by-year.html', 'application/json', 200, 'text/html; charset=utf-8'],
    ['reports/goals-by-year', 'text/turtle', 406, undefined],
    ['reports/goals-by-year.ttl', '', 404, undefined],
    ['reports/no-such-report', '', 404, undefined],
    ['api/reports/targets-by-year', '', 200, 'application/json'],
    ['api/reports/targets-by-year', 'text/csv', 406, undefined],
    ['api/reports/nothing', '', 404, undefined],
    ['api/reports', '', 200, 'application/json'],
    ['reports/', 'text/html', 200, 'text/html; charset=utf-8'],
  ])('GET %s (Accept %s): %i', async (path, accept, status, type) => {
    const res = await get(path, { accept });
    expect(res.status).toBe(status);
    if (type) expect(res.headers['content-type']).toBe(type);
  });

  it('gives the same JSON at reports/{name}.json and under the API, and a 304 to a current copy', async () => {
    const [a, b] = await Promise.all([get('reports/municipalities-by-year.json'), get('api/reports/municipalities-by-year')]);
    expect(a.text).toBe(b.text);
    const again = await get('api/reports/municipalities-by-year', { 'if-none-match': b.headers.etag! });
    expect(again.status).toBe(304);
  });

  it('lists every view on the index page and in the API, and the home page links to them', async () => {
    const index = (await get('reports/?lang=lv', { accept: 'text/html' })).text;
    for (const name of REPORTS) expect(index).toContain(`href="/reports/${name}?lang=lv"`);
    expect((await json('api/reports')).reports.map((r: { report: string }) => r.report)).toEqual([...REPORTS]);
    const home = (await get('?lang=en', { accept: 'text/html' })).text;
    expect(home).toContain('<a id="reports-link" href="/reports/?lang=en">Reports</a>');
    expect((await json('api/openapi.json')).paths['/api/reports/{report}'].get.parameters[0].schema.enum).toEqual([...REPORTS]);
  });
});

describe('after a write', () => {
  it('counts the new activity, its stated and inferred target apart, and in a new year', async () => {
    const w = await writableApp();
    try {
      const token = await createToken(join(w.config.importDir, 'tokens.json'), 'kuldiga', `${BASE}graph/report/`);
      const before = await json('api/reports/goals-not-addressed', w.app);
      expect(before.notAddressed).toContain(1);
      const turtle = `${activityTurtle('2023-05-01-nabadziba', '2023-05-01', '; dct:subject sdg:1 , sdg:1.2 ')}
annotation:2023-05-01-nabadziba-1-2 a oa:Annotation ;
    dct:created "2026-11-24"^^xsd:date ;
    dct:creator organization:sdg-lod ;
    oa:hasBody sdg:1.2 ;
    oa:hasTarget activity:2023-05-01-nabadziba , [ a oa:SpecificResource ; oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "Video kampaņa." ] ; oa:hasSource document:2022-01-lps-vestule-pkc ] ;
    oa:motivatedBy oa:classifying ;
    rdfs:comment "A test."@en .
`;
      const res = await w.app.handle({ method: 'PUT', url: `/store?graph=${encodeURIComponent(`${BASE}graph/report/2023-nabadziba`)}`, headers: { authorization: `Bearer ${token}`, 'content-type': 'text/turtle' }, body: Buffer.from(turtle) });
      expect(res.status, res.body?.toString()).toBe(201);
      const goals = await json('api/reports/goals-by-year', w.app);
      expect(goals.years).toEqual(['2019', '2020', '2021', '2022', '2023']);
      expect(goals.items[0]).toMatchObject({ goal: 1, byYear: { 2022: 0, 2023: 1 }, total: 1 });
      expect((await json('api/reports/goals-not-addressed', w.app)).notAddressed).not.toContain(1);
      const target = (await json('api/reports/targets-by-year', w.app)).items.find((i: { target: string }) => i.target === '1.2');
      expect([target.stated.total, target.inferred.total, target.all.total]).toEqual([1, 1, 1]);
      expect(parseCsv((await get('reports/goals-by-year.csv', {}, w.app)).text)[0]!.fields).toEqual(['Goal', 'Name', '2019', '2020', '2021', '2022', '2023', 'Total']);
    } finally {
      await w.app.close();
      await w.writes.close();
    }
  });

  it('keeps to the years that have activities when a date is mistyped by centuries (the shapes accept any date)', async () => {
    const w = await writableApp();
    try {
      const token = await createToken(join(w.config.importDir, 'tokens.json'), 'kuldiga', `${BASE}graph/report/`);
      const res = await w.app.handle({ method: 'PUT', url: `/store?graph=${encodeURIComponent(`${BASE}graph/report/0201-typo`)}`, headers: { authorization: `Bearer ${token}`, 'content-type': 'text/turtle' },
        body: Buffer.from(activityTurtle('0201-05-12-typo', '0201-05-12', '; dct:subject sdg:13 ')) });
      expect(res.status, res.body?.toString()).toBe(201);
      const goals = await json('api/reports/goals-by-year', w.app);
      expect(goals.years).toEqual(['0201', '2019', '2020', '2021']);
      // Every activity in some year's column: the columns add up to the total.
      for (const item of [...goals.items, goals.allActivities] as YearItem[]) expect(Object.values(item.byYear).reduce((a, b) => a + b, 0)).toBe(item.total);
      expect(parseCsv((await get('reports/targets-by-year.csv', {}, w.app)).text)[0]!.fields.length).toBeLessThan(20);
    } finally {
      await w.app.close();
      await w.writes.close();
    }
  });
});
