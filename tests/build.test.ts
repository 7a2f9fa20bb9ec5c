// sdg-lod build: the static site is byte for byte what the server answers.
import { REPORTS } from '../src/represent/reports.js';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../src/export/static.js';
import { createApp, type App } from '../src/http/app.js';
import { openProject } from '../src/pipeline.js';
import { bundledConfig, tempDir } from './helpers.js';

let app: App;
let out: string;

beforeAll(async () => {
  app = createApp(await openProject(bundledConfig(), { modified: new Date('2026-11-24T10:00:00Z') }));
  out = await tempDir('site-');
  await buildSite(app, out);
});

describe('build', () => {
  it.each([
    ['doc/activity/2021-05-12-tehnologijas-ir-atbilde.ttl', '/doc/activity/2021-05-12-tehnologijas-ir-atbilde.ttl', {}],
    ['doc/activity/2021-05-12-tehnologijas-ir-atbilde.jsonld', '/doc/activity/2021-05-12-tehnologijas-ir-atbilde.jsonld', {}],
    ['doc/activity/2021-05-12-tehnologijas-ir-atbilde.lv.html', '/doc/activity/2021-05-12-tehnologijas-ir-atbilde.html?lang=lv', {}],
    ['doc/sdg/13.html', '/doc/sdg/13.html?lang=en', {}],
    ['doc/municipality/lv-0033000.rdf', '/doc/municipality/lv-0033000.rdf', {}],
    ['catalog.ttl', '/catalog.ttl', {}],
    ['def/index.ttl', '/def/', { accept: 'text/turtle' }],
    ['.well-known/void.jsonld', '/.well-known/void.jsonld', {}],
    ['dumps/sdg-lod.nq', '/dumps/sdg-lod.nq', {}],
    ['index.lv.html', '/?lang=lv', {}],
    ['context.jsonld', '/context.jsonld', {}],
    ['reports/index.lv.html', '/reports/?lang=lv', {}],
    ['reports/goals-by-year.html', '/reports/goals-by-year?lang=en', { accept: 'text/html' }],
    ['reports/municipalities-by-year.lv.html', '/reports/municipalities-by-year.html?lang=lv', {}],
    ['reports/targets-by-year.csv', '/reports/targets-by-year.csv?lang=en', {}],
    ['reports/organisations-by-year.lv.csv', '/reports/organisations-by-year', { accept: 'text/csv', 'accept-language': 'lv' }],
    ['reports/goals-not-addressed.json', '/reports/goals-not-addressed.json', {}],
    ['api/reports/goals-not-addressed.json', '/api/reports/goals-not-addressed', {}],
    ['api/reports/index.json', '/api/reports', {}],
  ])('%s is what GET %s answers', async (file, url, headers) => {
    const response = await app.handle({ method: 'GET', url, headers });
    expect(response.status).toBe(200);
    const served = response.body ?? (await readFile(response.file!.path));
    expect((await readFile(join(out, file))).equals(served)).toBe(true);
  });

  // nginx's map takes the first regex that matches, else the default: the same rule here.
  const mapOf = (conf: string, name: string) => {
    const block = new RegExp(`map \\$http_accept \\$${name} \\{([\\s\\S]*?)\\n\\}`).exec(conf)![1]!;
    const fallback = /default\s+(\S+);/.exec(block)![1]!;
    const rules = [...block.matchAll(/~\*(\S+)\s+(\S+);/g)].map((m) => [new RegExp(m[1]!, 'i'), m[2]!] as const);
    return (accept: string) => rules.find(([re]) => re.test(accept))?.[1] ?? fallback;
  };
  it.each([
    ['text/turtle', 'ttl', 'ttl'],
    ['application/ld+json', 'jsonld', 'jsonld'],
    ['application/rdf+xml', 'rdf', 'rdf'],
    ['application/n-triples', 'nt', 'nt'],
    ['text/html,application/xhtml+xml,*/*;q=0.8', 'html', 'html'],
    ['*/*', 'ttl', 'html'],
    ['', 'ttl', 'html'],
  ])('has nginx send Accept %j to .%s, and the site root to %s', async (accept, ext, root) => {
    const conf = await readFile(join(out, 'nginx.conf.sample'), 'utf8');
    expect(mapOf(conf, 'rdf_ext')(accept)).toBe(ext);
    expect(mapOf(conf, 'root_ext')(accept)).toBe(root);
  });

  it('writes the query page with the scripts and styles it names (YASGUI from the package, no CDN)', async () => {
    for (const file of ['sparql.html', 'sparql.lv.html']) {
      const html = await readFile(join(out, file), 'utf8');
      const assets = [...html.matchAll(/<(?:script src|link rel="stylesheet" href)="([^"]+)"/g)].map((m) => m[1]!);
      expect(assets).toEqual(expect.arrayContaining([expect.stringMatching(/^\/assets\/yasgui-[\d.]+\/yasgui\.min\.js$/), '/assets/query.js', '/assets/query-chart.js', '/assets/query.css']));
      expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//); // nothing from elsewhere
      for (const url of assets) {
        const written = await readFile(join(out, url.slice(app.site.root.length)));
        const served = await app.handle({ method: 'GET', url, headers: {} });
        expect(served.headers['cache-control']).toMatch(url.includes('/yasgui-') ? /immutable/ : /max-age=3600/);
        expect(written.equals(served.body!)).toBe(true);
      }
    }
    const version = (await readdir(join(out, 'assets'))).find((d) => d.startsWith('yasgui-'))!;
    const library = await readFile(join(out, 'assets', version, 'yasgui.min.js'), 'utf8');
    expect(library).toContain('Yasgui');
    expect(library).not.toContain('sourceMappingURL');
    expect(await readFile(join(out, 'nginx.conf.sample'), 'utf8')).toContain('location = /sparql { try_files /sparql$lang_suffix.html =404; }');
  });

  it('writes every resource in every format, gzipped dumps, a 404 page and a server configuration', async () => {
    const docs = await readdir(join(out, 'doc', 'activity'));
    expect(docs.filter((f) => f.startsWith('2019-06-05-dzimumu-lidztiesiba')).sort()).toEqual(
      ['html', 'jsonld', 'lv.html', 'nt', 'rdf', 'ttl'].map((e) => `2019-06-05-dzimumu-lidztiesiba.${e}`),
    );
    const gz = gunzipSync(await readFile(join(out, 'dumps', 'sdg-lod.ttl.gz')));
    expect(gz.equals(await readFile(join(out, 'dumps', 'sdg-lod.ttl')))).toBe(true);
    expect(await readFile(join(out, '404.html'), 'utf8')).toContain('Resource not found');
    const nginx = await readFile(join(out, 'nginx.conf.sample'), 'utf8');
    expect(nginx).toContain('return 303');
    expect(nginx).toContain('map $http_accept $rdf_ext');
    // Every view in both languages and each format, and nginx serving them at the server's paths.
    const reports = (await readdir(join(out, 'reports'))).sort();
    expect(reports).toHaveLength(2 + REPORTS.length * 5);
    for (const ext of ['html', 'lv.html', 'csv', 'lv.csv', 'json']) expect(reports).toContain(`goals-by-year.${ext}`);
    expect(nginx).toContain('location ~ ^/api/reports/(?<report>[a-z-]+)$ { default_type application/json; try_files /api/reports/$report.json =404; }');
  });
});
