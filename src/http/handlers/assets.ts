// {base}assets/…: the query page's scripts and styles, served from this package, never from a
// CDN, so the static export and a machine offline have them too. The YASGUI build comes from
// node_modules under a path that names its version, so it can be cached for good; our own files
// (assets/ in the project) change with the project and are cached for an hour.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { projectRoot } from '../../config.js';
import { byExtension, contentType } from '../../represent/media-types.js';
import { conditional, remember } from '../core.js';
import type { Route } from '../route.js';

const require = createRequire(import.meta.url);
const YASGUI_DIR = join(dirname(require.resolve('@zazuko/yasgui/package.json')), 'build');
const YASGUI_VERSION = (require('@zazuko/yasgui/package.json') as { version: string }).version;

/** Where the page finds each asset, relative to the site root. */
export const ASSETS = {
  yasguiScript: `assets/yasgui-${YASGUI_VERSION}/yasgui.min.js`,
  yasguiStyle: `assets/yasgui-${YASGUI_VERSION}/yasgui.min.css`,
  chart: 'assets/query-chart.js',
  script: 'assets/query.js',
  style: 'assets/query.css',
} as const;

const YEAR = 'public, max-age=31536000, immutable';
const HOUR = 'public, max-age=3600';

/** Each asset's file and how long it may be cached. */
const FILES: ReadonlyMap<string, { file: string; cache: string }> = new Map([
  [ASSETS.yasguiScript, { file: join(YASGUI_DIR, 'yasgui.min.js'), cache: YEAR }],
  [ASSETS.yasguiStyle, { file: join(YASGUI_DIR, 'yasgui.min.css'), cache: YEAR }],
  ...[ASSETS.chart, ASSETS.script, ASSETS.style].map((path) => [path, { file: join(projectRoot, path), cache: HOUR }] as const),
]);

/** An asset's text, without the line naming its source map (not shipped: developer tools would ask for it). */
const text = (file: string) => readFileSync(file, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');

export const assetsRoute: Route = {
  name: 'query page assets',
  match: (path) => FILES.has(path),
  handle: (req, ctx) => {
    const { file, cache } = FILES.get(req.path)!;
    const type = byExtension(req.path.slice(req.path.lastIndexOf('.') + 1))!.type;
    // Kept with the rendered pages: read again only when that cache let it go.
    const rendered = ctx.rendered.get(`|asset|${req.path}`) ?? remember(ctx, `|asset|${req.path}`, text(file), type);
    return conditional(req, rendered, { 'content-type': contentType(rendered.type), 'cache-control': cache }, ctx.lastModified);
  },
  files: () => [...FILES.keys()].map((url) => ({ url, file: url, accept: '*/*' })),
};
