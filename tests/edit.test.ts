// The stewards' form ({base}edit/) in Debian's headless Chromium: a valid activity published and
// visible, an invalid one refused with the message beside its field, a wrong token refused, an
// activity edited. .ci/run installs Chromium, so there it cannot be skipped.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createToken } from '../src/auth/tokens.js';
import { listen } from '../src/http/server.js';
import type { App } from '../src/http/app.js';
import type { WriteService } from '../src/writes.js';
import { BASE, writableApp } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.SDG_LOD_REQUIRE_BROWSER) throw new Error(`no Chromium at ${CHROMIUM}; .ci/run installs it`);

describe.skipIf(!available)('the form, in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  let origin: string;
  let app: App;
  let writes: WriteService;
  let token: string;

  beforeAll(async () => {
    const w = await writableApp();
    ({ app, writes } = w);
    token = await createToken(join(w.config.importDir, 'tokens.json'), 'kuldiga', `${BASE}graph/report/`);
    server = await listen(app, 0, '127.0.0.1', undefined);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ locale: 'lv-LV' });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await app?.close();
    await writes?.close();
  });

  const fill = async (activity: { title: string; kind: string; attendance: string; token?: string }) => {
    await page.goto(`${origin}/edit/?lang=lv`);
    await page.fill('#token', activity.token ?? token);
    await page.fill('#graph', `${BASE}graph/report/2023-kuldiga`);
    await page.fill('#start_date', '2023-05-12');
    await page.selectOption('#kind', activity.kind);
    await page.fill('#title_lv', activity.title);
    await page.fill('#title_en', `${activity.title} (en)`);
    await page.fill('#description_lv', 'Seminārs pašvaldībām.');
    await page.fill('#description_en', 'A seminar for municipalities.');
    await page.check('input[name=goals][value="11"]');
    // The targets follow the goals ticked.
    expect(await page.locator('#targets option[data-goal="11"]').first().isHidden()).toBe(false);
    expect(await page.locator('#targets option[data-goal="5"]').first().isHidden()).toBe(true);
    await page.selectOption('#targets', '11.3');
    await page.selectOption('#attendance', activity.attendance);
    await page.selectOption('#municipalities', 'lv-0033000');
    await page.selectOption('#organiser', 'lps');
    await Promise.all([page.waitForLoadState('load'), page.click('#publish')]);
  };

  it('publishes a valid activity and lands on its page', async () => {
    await fill({ title: 'Ilgtspējas seminārs Kuldīgā', kind: 'seminar', attendance: 'mixed' });
    expect(new URL(page.url()).pathname).toBe('/doc/activity/2023-05-12-ilgtspejas-seminars-kuldiga.html');
    expect(await page.locator('h1').textContent()).toContain('Ilgtspējas seminārs Kuldīgā');
    const api = await (await fetch(`${origin}/api/goals/11/activities?limit=100`, { headers: { accept: 'application/json' } })).json();
    expect(api.items.map((i: { id: string }) => i.id)).toContain(`${BASE}id/activity/2023-05-12-ilgtspejas-seminars-kuldiga`);
  });

  it('refuses an invalid one with the message beside the field, keeping what was typed', async () => {
    await fill({ title: 'Vebinārs klātienē', kind: 'webinar', attendance: 'offline' });
    const error = page.locator('#field-attendance .error');
    expect(await error.isVisible()).toBe(true);
    expect(await error.textContent()).toContain('A webinar is held online');
    expect(await page.inputValue('#title_lv')).toBe('Vebinārs klātienē');
    expect((await fetch(`${origin}/doc/activity/2023-05-12-vebinars-klatiene.ttl`)).status).toBe(404);
  });

  it('refuses a wrong token', async () => {
    await page.evaluate(() => sessionStorage.clear());
    await fill({ title: 'Svešs', kind: 'seminar', attendance: 'mixed', token: 'sdgt_000000000000_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' });
    expect(await page.locator('#field-token .error').textContent()).toContain('not valid');
    expect((await fetch(`${origin}/doc/activity/2023-05-12-svess.ttl`)).status).toBe(404);
  });

  it('edits an activity: its IRI stays, its page shows the change', async () => {
    await page.goto(`${origin}/edit/?activity=2023-05-12-ilgtspejas-seminars-kuldiga&lang=en`);
    expect(await page.inputValue('#title_lv')).toBe('Ilgtspējas seminārs Kuldīgā');
    await page.fill('#token', token);
    await page.fill('#title_en', 'A sustainability seminar in Kuldīga, revised');
    await Promise.all([page.waitForLoadState('load'), page.click('#publish')]);
    expect(new URL(page.url()).pathname).toBe('/doc/activity/2023-05-12-ilgtspejas-seminars-kuldiga.html');
    expect(await page.locator('body').textContent()).toContain('revised');
    const graph = await (await fetch(`${origin}/store?graph=${encodeURIComponent(`${BASE}graph/report/2023-kuldiga`)}`, { headers: { accept: 'application/n-triples' } })).text();
    expect(graph.match(/schema\.org\/name>/g)).toHaveLength(2 + 2); // the activity's two titles and the report document's two
  });
});
