// Pages that are not graph documents: the home page, search, the list of dumps, robots.txt, the
// sitemap, the JSON-LD context, and the page for what is not there.
import { NotAcceptable, NotFound } from '../../errors.js';
import { DUMPS } from '../../represent/dumps.js';
import { dumpsPage, escapeHtml, homePage, Labeller, searchPage, type Lang } from '../../represent/html.js';
import { byFormat, byType, contentType, RDF_FORMATS } from '../../represent/media-types.js';
import { negotiate } from '../../represent/negotiate.js';
import { ns } from '../../vocab.js';
import type { AppContext } from '../context.js';
import { conditional, etagOf, redirect, remember, type AppResponse, type Req } from '../core.js';
import { languageOf } from '../documents.js';
import { pageFiles, type Route } from '../route.js';
import { hasCatalogue } from './catalogue.js';

/** Activities listed on the home page (the latest); the API lists them all. */
const HOME_ACTIVITIES = 200;

/**
 * The site root is the dataset: people get the home page, linked-data clients a 303 to the
 * dataset's description (the DCAT-AP catalogue, or VoID in a project without one) in the RDF
 * format they asked for.
 */
async function home(req: Req, ctx: AppContext): Promise<AppResponse> {
  const offered = ['text/html', ...RDF_FORMATS.map((f) => byFormat(f).type)];
  const chosen = negotiate(req.headers.accept, offered, 'text/html', req.query.get('format'));
  if (!chosen) throw new NotAcceptable(offered);
  if (chosen !== 'text/html') return redirect(`${ctx.base}${hasCatalogue(ctx) ? 'catalog' : '.well-known/void'}.${byType(chosen)!.extension}`, 'Accept');
  const lang = languageOf(req);
  const key = `|home|${lang}`;
  const rendered = ctx.rendered.get(key) ?? remember(ctx, key, await homeHtml(ctx, lang), 'text/html', lang);
  return conditional(req, rendered, {
    'content-type': 'text/html; charset=utf-8', 'content-language': lang, vary: 'Accept, Accept-Language', 'cache-control': 'public, max-age=300',
  }, ctx.lastModified);
}

/** The page stays small however many activities there are: the latest ones, and counts. */
async function homeHtml(ctx: AppContext, lang: Lang): Promise<string> {
  const { reader } = ctx;
  const all = await reader.listing({ all: true });
  const { summaries: latest } = await reader.activities(all.slice(-HOME_ACTIVITIES));
  const goals = Array.from({ length: 17 }, (_, i) => i + 1);
  const goalLabels = new Labeller((await reader.about(goals.map((g) => `${ns.sdg}${g}`))).filter((q) => q.predicate.value === ns.skos + 'altLabel'));
  const counts = await reader.goalCounts();
  const perGoal = goals.map((goal) => ({
    goal,
    label: goalLabels.values(`${ns.sdg}${goal}`, ns.skos + 'altLabel').find((t) => (t as { language?: string }).language === lang)?.value ?? `${goal}`,
    count: counts.get(goal) ?? 0,
  }));
  return homePage(
    {
      triples: await reader.size(),
      total: all.length,
      activities: latest.map((a) => ({ iri: a.id, label: a.name[lang] ?? a.name.en ?? a.name.lv ?? a.id, date: a.startDate, goals: a.goals })),
      perGoal,
    },
    lang, ctx.site, ctx.root,
  );
}

async function search(req: Req, ctx: AppContext): Promise<AppResponse> {
  const lang = languageOf(req);
  const q = (req.query.get('q') ?? '').trim().slice(0, 200);
  // Not kept in the rendered cache: thousands of distinct searches would push out the pages that
  // are costly to render; the search index makes one cheap to answer again.
  const body = Buffer.from(await searchHtml(ctx, q, lang, req.path), 'utf8');
  const rendered = { body, type: 'text/html', etag: etagOf(body), language: lang };
  return conditional(req, rendered, { 'content-type': contentType('text/html'), 'content-language': lang, vary: 'Accept-Language', 'cache-control': 'public, max-age=300' }, ctx.lastModified);
}

async function searchHtml(ctx: AppContext, q: string, lang: Lang, path: string): Promise<string> {
  const found = q ? (await ctx.reader.search()).find(q, 100) : [];
  const labels = new Labeller(await ctx.reader.about(found));
  const list = found
    .map((iri) => ({ iri, label: labels.label(iri, lang) ?? iri }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
  return searchPage(q, list, lang, ctx.site, `${ctx.root}${path}?${new URLSearchParams({ q })}`);
}

/** A page that depends on the data version (and the language) only, rendered once per version. */
async function once(req: Req, ctx: AppContext, key: string, type: string, make: () => string | Promise<string>, headers: Record<string, string>, lang?: Lang): Promise<AppResponse> {
  const rendered = ctx.rendered.get(key) ?? remember(ctx, key, await make(), type, lang);
  return conditional(req, rendered, { 'content-type': contentType(type), ...(lang ? { 'content-language': lang } : {}), ...headers }, ctx.lastModified);
}

/** What search engines read of one sitemap file. */
const SITEMAP_URLS = 50_000;

/**
 * The sitemap files for these page URLs: one urlset, or, past 50,000 URLs (the protocol's
 * limit), an index at sitemap.xml over sitemap-1.xml, sitemap-2.xml… Keyed by file name.
 */
export function sitemaps(base: string, urls: readonly string[], day: string, max = SITEMAP_URLS): Map<string, string> {
  const head = '<?xml version="1.0" encoding="UTF-8"?>\n';
  const ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"';
  const urlset = (list: readonly string[]) => `${head}<urlset ${ns}>\n${list.map((u) => `  <url><loc>${escapeHtml(u)}</loc><lastmod>${day}</lastmod></url>\n`).join('')}</urlset>\n`;
  if (urls.length <= max) return new Map([['sitemap.xml', urlset(urls)]]);
  const parts = Array.from({ length: Math.ceil(urls.length / max) }, (_, i) => [`sitemap-${i + 1}.xml`, urlset(urls.slice(i * max, (i + 1) * max))] as const);
  const index = `${head}<sitemapindex ${ns}>\n${parts.map(([name]) => `  <sitemap><loc>${escapeHtml(base + name)}</loc><lastmod>${day}</lastmod></sitemap>\n`).join('')}</sitemapindex>\n`;
  return new Map([['sitemap.xml', index], ...parts]);
}

function sitemapFiles(ctx: AppContext, paths: readonly string[]): Map<string, string> {
  const { base } = ctx;
  const urls = [base, ...(hasCatalogue(ctx) ? [`${base}catalog`] : []), ...paths.map((p) => `${base}doc/${p}.html`)];
  return sitemaps(base, urls, ctx.lastModified.toISOString().slice(0, 10));
}

async function sitemap(req: Req, ctx: AppContext): Promise<AppResponse> {
  const paths = await ctx.reader.resourcePaths();
  // A part that cannot exist is refused before anything is built (the count is sitemapFiles' URLs).
  const part = Number(/^sitemap-(\d+)\.xml$/.exec(req.path)?.[1] ?? 0);
  const urls = 1 + (hasCatalogue(ctx) ? 1 : 0) + paths.length;
  if (part && (urls <= SITEMAP_URLS || part > Math.ceil(urls / SITEMAP_URLS))) throw new NotFound(`no ${req.path}; the sitemap is ${ctx.base}sitemap.xml`);
  // The files are built together; each is kept as it is asked for.
  return once(req, ctx, `|${req.path}`, 'application/xml', () => sitemapFiles(ctx, paths).get(req.path)!, { 'cache-control': 'public, max-age=3600' });
}

const exact = (...paths: string[]) => (path: string) => paths.includes(path);
const plain = (url: string) => [{ url, file: url, accept: '*/*' }];

export const pageRoutes: Route[] = [
  { name: 'home', match: exact(''), handle: home, files: () => pageFiles('', 'index') },
  {
    name: 'robots.txt',
    match: exact('robots.txt'),
    handle: (req, ctx) => once(req, ctx, '|robots.txt', 'text/plain', () => `User-agent: *\nAllow: /\nSitemap: ${ctx.base}sitemap.xml\n`, { 'cache-control': 'public, max-age=86400' }),
    files: () => plain('robots.txt'),
  },
  {
    name: 'sitemap',
    match: (path) => /^sitemap(?:-[1-9]\d{0,5})?\.xml$/.test(path),
    handle: sitemap,
    files: (ctx) => [...sitemapFiles(ctx, ctx.resourcePaths()).keys()].flatMap(plain),
  },
  {
    name: 'JSON-LD context',
    match: exact('context.jsonld'),
    handle: (req, ctx) => {
      const rendered = ctx.rendered.get('context') ?? remember(ctx, 'context', JSON.stringify(ctx.rdf.context, null, 2) + '\n', 'application/ld+json');
      return conditional(req, rendered, { 'content-type': 'application/ld+json', 'cache-control': 'public, max-age=86400' }, ctx.lastModified);
    },
    files: () => plain('context.jsonld'),
  },
  { name: 'search', match: exact('search'), handle: search },
  {
    name: 'dumps',
    match: exact('dumps', 'dumps/'),
    handle: (req, ctx) => {
      const lang = languageOf(req);
      const list = DUMPS.map((d) => ({ href: `${ctx.root}${d.path}`, label: d.path.slice(6), type: byFormat(d.format).type }));
      return once(req, ctx, `|dumps|${lang}`, 'text/html', () => dumpsPage(list, lang, ctx.site, `${ctx.root}dumps/`), { vary: 'Accept-Language', 'cache-control': 'public, max-age=3600' }, lang);
    },
    files: () => pageFiles('dumps/', 'dumps/index'),
  },
];

/** The last route: whatever no other route answers. */
export const notFoundRoute: Route = {
  name: 'not found',
  match: () => true,
  handle: (req, ctx) => {
    throw new NotFound(`no resource <${ctx.base}${req.path}> in this dataset. Search: ${ctx.base}search?q=… — home: ${ctx.base}`, `${ctx.base}${req.path}`);
  },
  files: () => pageFiles('id/this-does-not-exist', '404', 404),
};
