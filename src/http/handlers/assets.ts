// {base}assets/…: the query page's scripts and styles, served from this package, never from a
// CDN, so the static export and a machine offline have them too. The YASGUI build comes from
// node_modules under a path that names its version, so it can be cached for good; our own files
// (assets/ in the project) change with the project and are cached for an hour.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { projectRoot } from '../../config.js';
import { byExtension, contentType } from '../../represent/media-types.js';
import { conditional, etagOf, type Rendered } from '../core.js';
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
const FILES = new Map<string, { file: string; cache: string }>([
  [ASSETS.yasguiScript, { file: join(YASGUI_DIR, 'yasgui.min.js'), cache: YEAR }],
  [ASSETS.yasguiStyle, { file: join(YASGUI_DIR, 'yasgui.min.css'), cache: YEAR }],
  ...[ASSETS.chart, ASSETS.script, ASSETS.style].map((path) => [path, { file: join(projectRoot, path), cache: HOUR }] as const),
]);

/** Read once per process: the files are part of the installed package and do not change under it. */
const loaded = new Map<string, Rendered>();
function load(path: string, file: string): Rendered {
  let hit = loaded.get(path);
  if (!hit) {
    let text = readFileSync(file, 'utf8');
    // The source map is not shipped; without this line a browser's developer tools ask for it.
    text = text.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
    const body = Buffer.from(text, 'utf8');
    hit = { body, type: byExtension(path.slice(path.lastIndexOf('.') + 1))!.type, etag: etagOf(body) };
    loaded.set(path, hit);
  }
  return hit;
}

export const assetsRoute: Route = {
  name: 'query page assets',
  match: (path) => FILES.has(path),
  handle: (req, ctx) => {
    const { file, cache } = FILES.get(req.path)!;
    const rendered = load(req.path, file);
    return conditional(req, rendered, { 'content-type': contentType(rendered.type), 'cache-control': cache }, ctx.lastModified);
  },
  files: () => [...FILES.keys()].map((url) => ({ url, file: url, accept: '*/*' })),
};
