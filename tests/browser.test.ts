// The HTML in a real browser: Debian's headless Chromium driven by playwright-core.
// .ci/run installs Chromium and sets SDG_LOD_REQUIRE_BROWSER=1, so there it cannot be skipped.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApp } from '../src/http/app.js';
import { listen } from '../src/http/server.js';
import { openProject } from '../src/pipeline.js';
import { bundledConfig, scratch } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.SDG_LOD_REQUIRE_BROWSER) throw new Error(`no Chromium at ${CHROMIUM}; .ci/run installs it`);

describe.skipIf(!available)('in Chromium', () => {
  let server: Server;
  let app: ReturnType<typeof createApp>;
  let browser: Browser;
  let page: Page;
  let origin: string;

  beforeAll(async () => {
    app = createApp(await openProject(bundledConfig({ base: 'http://127.0.0.1:1/' })));
    server = await listen(app, 0, '127.0.0.1', undefined);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ locale: 'en-GB' });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    // The report pages start the query workers.
    await app?.close();
  });

  it('shows the timeline and the chart of activities per goal on the home page', async () => {
    await page.goto(`${origin}/`);
    expect(await page.locator('#timeline circle').count()).toBe(8);
    const width = async (goal: number) => Number(await page.locator(`#goal-chart g[data-goal="${goal}"] rect`).getAttribute('width'));
    expect(await width(13)).toBeGreaterThan(await width(5));
    expect(await width(5)).toBeGreaterThan(await width(11));
    const fill = await page.locator('#goal-chart g[data-goal="13"] rect').evaluate((el) => getComputedStyle(el).fill);
    expect(fill).toBe('rgb(63, 126, 68)'); // SDG 13's official green, #3F7E44
    const box = await page.locator('#goal-chart').boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    await page.screenshot({ path: join(scratch, 'home.png'), fullPage: true });
  });

  it('marks a value the letter states: its words on hover, and a click opens the letter at that passage with the words marked', async () => {
    await page.goto(`${origin}/doc/activity/2021-05-12-tehnologijas-ir-atbilde.html?lang=en`);
    const mark = page.locator('#properties tr', { hasText: 'start date' }).locator('a.source');
    expect(await mark.isVisible()).toBe(true);
    expect(await mark.getAttribute('title')).toBe('The letter says: “12.05.2021.”');
    // Unobtrusive: smaller than the value it stands beside.
    const size = (el: Element) => parseFloat(getComputedStyle(el).fontSize);
    expect(await mark.evaluate(size)).toBeLessThan(await page.locator('#properties td').first().evaluate(size));
    await mark.click();
    await page.waitForURL(/\/doc\/document\/2022-01-lps-vestule-pkc\?lang=en#2022-01-lps-vestule-pkc-10$/);
    // The passage is the target: highlighted, outlined, and in view.
    const passage = page.locator('#quoted .passage:target');
    expect(await passage.getAttribute('id')).toBe('2022-01-lps-vestule-pkc-10');
    expect(await passage.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    expect(await passage.isVisible()).toBe(true);
    const words = passage.locator('mark', { hasText: '12.05.2021.' });
    expect(await words.isVisible()).toBe(true);
    expect(await words.locator('a').getAttribute('href')).toContain('/doc/activity/2021-05-12-tehnologijas-ir-atbilde');
  });

  it('shows an inferred target beside the stated goal, with its quote', async () => {
    await page.goto(`${origin}/doc/activity/2021-05-12-tehnologijas-ir-atbilde.html?lang=en`);
    const row = page.locator('#inferred-targets');
    expect(await row.isVisible()).toBe(true);
    expect(await row.locator('.inferred').textContent()).toBe('inferred');
    expect(await row.locator('q').textContent()).toBe('enerģētiskās nabadzības mazināšanu');
    const goals = await page.locator('#properties tr').evaluateAll((rows) => rows.map((r) => r.querySelector('th')?.textContent));
    expect(goals.indexOf('Inferred targets')).toBe(goals.indexOf('SDG goals') + 1);
  });

  it('navigates the graph: activity → goal → another activity', async () => {
    await page.goto(`${origin}/`);
    await page.locator('#activity-list a', { hasText: 'Technology is the answer' }).click();
    await page.waitForURL(/\/doc\/activity\/2021-05-12-tehnologijas-ir-atbilde/);
    expect(await page.locator('h1').textContent()).toBe('Technology is the answer, but what is the question?');
    await page.locator('a.goal[data-goal="13"]').first().click();
    await page.waitForURL(/\/doc\/sdg\/13/);
    expect(await page.locator('h1').textContent()).toContain('Climate action');
    const header = await page.locator('header').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(header).toBe('rgb(63, 126, 68)');
    await page.locator('#referenced-by a', { hasText: 'LPS Music and Art video' }).first().click();
    await page.waitForURL(/\/doc\/activity\/2021-06-01-muzikas-un-makslas-video/);
  });

  it('switches between English and Latvian', async () => {
    await page.goto(`${origin}/doc/activity/2019-06-05-dzimumu-lidztiesiba`, { waitUntil: 'load' });
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('h1').textContent()).toBe('Gender equality: towards economic development and an inclusive society');
    await page.locator('#lang-switch').click();
    await page.waitForURL(/lang=lv/);
    expect(await page.locator('html').getAttribute('lang')).toBe('lv');
    expect(await page.locator('h1').textContent()).toBe('Dzimumu līdztiesība: ceļā uz ekonomisko attīstību un iekļaujošu sabiedrību');
    expect(await page.locator('#lang-switch').textContent()).toBe('English');
  });

  describe('the query page (YASGUI)', () => {
    /** A page of its own (its own localStorage), watched for requests elsewhere and for errors. */
    const fresh = async (options: { javaScriptEnabled?: boolean } = {}) => {
      const context = await browser.newContext({ locale: 'en-GB', ...options });
      const tab = await context.newPage();
      const outside: string[] = [];
      const errors: string[] = [];
      tab.on('request', (r) => { if (!r.url().startsWith(`${origin}/`) && !r.url().startsWith('data:')) outside.push(r.url()); });
      tab.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
      tab.on('pageerror', (e) => errors.push(e.message));
      return { context, tab, outside, errors };
    };
    const editor = (tab: Page) => tab.locator('.tabPanel.active .CodeMirror');
    const query = (tab: Page) => tab.evaluate(() => (window as unknown as { sdgLodQuery: { getTab(): { getYasqe(): { getValue(): string } } } }).sdgLodQuery.getTab().getYasqe().getValue());
    /** Puts the text in the editor of the open tab, the cursor at its end. */
    const write = (tab: Page, text: string) => tab.evaluate((t) => {
      const yasqe = (window as unknown as { sdgLodQuery: { getTab(): { getYasqe(): { setValue(v: string): void; focus(): void; setCursor(l: number, c: number): void; lastLine(): number; getLine(l: number): string } } } }).sdgLodQuery.getTab().getYasqe();
      yasqe.setValue(t);
      yasqe.focus();
      yasqe.setCursor(yasqe.lastLine(), yasqe.getLine(yasqe.lastLine()).length);
    }, text);
    const run = async (tab: Page) => {
      await tab.locator('.tabPanel.active .yasqe_queryButton').click();
    };
    const rows = (tab: Page) => tab.locator('.tabPanel.active .yasr table.dataTable tbody tr');
    const firstCell = (tab: Page, column: number) => rows(tab).first().locator('td').nth(column).textContent();

    it('completes our own prefixes, classes and properties, from the page itself', async () => {
      const { context, tab, outside, errors } = await fresh();
      await tab.goto(`${origin}/sparql`);
      await editor(tab).waitFor();
      const header = (await query(tab)).split('\n\n')[0]!;
      await write(tab, `${header}\nSELECT * WHERE { ?s a `);
      await tab.keyboard.type('lod:Act');
      const hints = tab.locator('.CodeMirror-hints li');
      await hints.filter({ hasText: 'lod:Activity' }).first().waitFor();
      await tab.keyboard.press('Escape');
      await write(tab, `${header}\nSELECT * WHERE { ?s `);
      await tab.keyboard.type('schema:startD');
      await hints.filter({ hasText: 'schema:startDate' }).first().waitFor();
      await tab.keyboard.press('Escape');
      await write(tab, 'PREFIX sdg');
      await tab.keyboard.type('o');
      await hints.filter({ hasText: 'sdgo: <http://metadata.un.org/sdg/ontology#>' }).first().waitFor();
      expect(outside).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });

    it('runs a query into a table that sorts, filters and pages, and charts a count as SVG', async () => {
      const { context, tab, outside, errors } = await fresh();
      await tab.goto(`${origin}/sparql`);
      await editor(tab).waitFor();
      await tab.locator('#examples a', { hasText: 'Timeline' }).click();
      expect(await tab.locator('.tabsList .tab.active').textContent()).toContain('Timeline');
      expect(await query(tab)).toContain('ORDER BY ?start');
      await run(tab);
      await rows(tab).nth(7).waitFor();
      expect(await rows(tab).count()).toBe(8);
      const earliest = await firstCell(tab, 1);
      // Sorting: the start column, twice (descending).
      const start = tab.locator('.tabPanel.active .yasr thead th', { hasText: 'start' });
      await start.click();
      await start.click();
      await tab.waitForFunction((e) => document.querySelector('.tabPanel.active .yasr tbody tr td:nth-child(2)')?.textContent !== e, earliest);
      expect(await firstCell(tab, 1)).toContain('2021');
      // Filtering: one activity's IRI.
      await tab.locator('.tabPanel.active .yasr .tableFilter').fill('tehnologijas-ir-atbilde');
      await tab.locator('.tabPanel.active .yasr .tableFilter').press('End'); // it filters on keyup
      await tab.waitForFunction(() => document.querySelectorAll('.tabPanel.active .yasr table.dataTable tbody tr').length === 1);
      expect(await rows(tab).first().textContent()).toContain('2021-05-12');

      // Paging: 120 rows, 50 a page.
      await tab.locator('.tabPanel.active .yasr .tableFilter').fill('');
      await tab.locator('.tabPanel.active .yasr .tableFilter').press('End');
      await write(tab, 'SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 120');
      await run(tab);
      await tab.locator('.tabPanel.active .yasr', { hasText: 'of 120 entries' }).waitFor();
      expect(await rows(tab).count()).toBe(50);
      const first = await rows(tab).first().textContent();
      await tab.locator('.tabPanel.active .yasr .dt-paging button', { hasText: '>' }).first().click();
      await tab.locator('.tabPanel.active .yasr', { hasText: '51 to 100 of 120' }).waitFor();
      expect(await rows(tab).first().textContent()).not.toBe(first);

      // The chart: activities per goal, a bar per goal, the longest for SDG 13.
      await tab.locator('#examples a', { hasText: 'Activities per goal' }).click();
      await run(tab);
      await rows(tab).first().waitFor();
      await tab.locator('.tabPanel.active .yasr .select_chart').click();
      const bars = tab.locator('.tabPanel.active #result-chart g.bar');
      await bars.first().waitFor();
      expect(await bars.count()).toBe(7);
      expect(await bars.first().locator('text').first().textContent()).toBe('Climate action');
      const width = async (i: number) => Number(await bars.nth(i).locator('rect').getAttribute('width'));
      expect(await width(0)).toBeGreaterThan(await width(1));
      expect(await bars.first().locator('rect').getAttribute('data-value')).toBe('4');
      await tab.screenshot({ path: join(scratch, 'query-chart.png'), fullPage: true });
      expect(outside).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });

    it('gives a link that opens the query in a fresh browser', async () => {
      const { context, tab } = await fresh();
      await tab.goto(`${origin}/sparql`);
      await editor(tab).waitFor();
      const shared = `PREFIX lod: <${await tab.evaluate(() => JSON.parse(document.getElementById('query-config')!.textContent!).prefixes.lod)}>\nSELECT ?shared WHERE { ?shared a lod:Activity } LIMIT 3`;
      await write(tab, shared);
      await tab.locator('.tabPanel.active .yasqe_share').click();
      const link = await tab.locator('.yasqe_sharePopup input').inputValue();
      expect(link.startsWith(`${origin}/sparql#`)).toBe(true);
      await context.close();
      const other = await fresh();
      await other.tab.goto(link);
      await editor(other.tab).waitFor();
      expect(await query(other.tab)).toBe(shared);
      // It runs at once, against this site's endpoint.
      await rows(other.tab).nth(2).waitFor();
      expect(other.errors).toEqual([]);
      await other.context.close();
    });

    it('keeps the tabs and their queries across a reload', async () => {
      const { context, tab, errors } = await fresh();
      await tab.goto(`${origin}/sparql`);
      await editor(tab).waitFor();
      await tab.locator('#examples a', { hasText: 'Goals that occur together' }).click();
      await write(tab, 'SELECT ?kept WHERE { ?kept ?p ?o } LIMIT 1');
      await tab.reload();
      await editor(tab).waitFor();
      const names = await tab.locator('.tabsList .tab').allTextContents();
      expect(names.some((n) => n.includes('Goals that occur together'))).toBe(true);
      expect(await tab.locator('.tabsList .tab.active').textContent()).toContain('Goals that occur together');
      expect(await query(tab)).toBe('SELECT ?kept WHERE { ?kept ?p ?o } LIMIT 1');
      expect(errors).toEqual([]);
      await context.close();
    });

    it('is a plain form that the endpoint answers when scripts are off', async () => {
      const { context, tab } = await fresh({ javaScriptEnabled: false });
      await tab.goto(`${origin}/sparql`);
      expect(await tab.locator('#sparql-form').isVisible()).toBe(true);
      expect(await tab.locator('#query').inputValue()).toContain('COUNT(?activity)');
      await tab.locator('#query').fill('SELECT ?n WHERE { VALUES ?n { 42 } }');
      await tab.locator('#sparql-form select[name="format"]').selectOption('json');
      const [answer] = await Promise.all([tab.waitForResponse((r) => r.url().startsWith(`${origin}/sparql?`)), tab.locator('#run').click()]);
      expect(answer.status()).toBe(200);
      expect(answer.request().method()).toBe('GET');
      expect(JSON.parse(await answer.text()).results.bindings[0].n.value).toBe('42');
      await context.close();
    });
  });

  it('finds a resource from the 404 page', async () => {
    const response = await page.goto(`${origin}/id/activity/nope`);
    expect(response!.status()).toBe(404);
    await page.locator('main input[name="q"]').fill('salacgriva');
    await page.locator('main button').click();
    await page.waitForURL(/search\?/);
    expect(await page.locator('#results a').first().textContent()).toBe('Salacgrīva');
  });

  it('shows a report\'s table and chart, with no console errors (the page breaks no rule of its security policy)', async () => {
    const errors: string[] = [];
    const listener = (m: import('playwright-core').ConsoleMessage) => {
      // The browser asks for a favicon the site does not have.
      if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) errors.push(m.text());
    };
    page.on('console', listener);
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${origin}/reports/goals-by-year?lang=en`, { waitUntil: 'load' });
      expect(await page.locator('#report-table caption').textContent()).toBe('Activities per goal by year');
      expect(await page.locator('#report-table tbody tr').count()).toBe(17);
      const cell = page.locator('#report-table tbody tr').nth(12).locator('td').last();
      expect(await cell.textContent()).toBe('4'); // goal 13, all years
      expect(await cell.evaluate((el) => getComputedStyle(el).textAlign)).toBe('right');
      const bars = page.locator('#report-chart g[data-total="4"] rect');
      expect(await bars.count()).toBe(2); // 2020 and 2021
      expect((await page.locator('#report-chart').boundingBox())!.width).toBeGreaterThan(300);
      await page.locator('#report-table tbody tr').nth(12).locator('td a', { hasText: '4' }).click();
      await page.waitForURL(/api\/goals\/13\/activities$/);
      expect(JSON.parse((await page.locator('body').textContent())!).total).toBe(4);
      expect(errors).toEqual([]);
    } finally {
      page.off('console', listener);
    }
  });
});
