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

  it('runs an example query on the query page and shows the results as a table', async () => {
    await page.goto(`${origin}/sparql`, { waitUntil: 'load' });
    await page.locator('button.example', { hasText: 'Timeline' }).click();
    expect(await page.locator('#query').inputValue()).toContain('ORDER BY ?start');
    expect(await page.locator('#highlight .kw').count()).toBeGreaterThan(3); // syntax highlighting
    await page.locator('#run').click();
    await page.locator('#result-table').waitFor();
    expect(await page.locator('#result-table tr').count()).toBe(9); // header and eight activities
    expect(await page.locator('#status').textContent()).toBe('8 rows');
    const csv = await page.locator('#downloads a[data-format="csv"]');
    expect(await csv.count()).toBe(1);
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
