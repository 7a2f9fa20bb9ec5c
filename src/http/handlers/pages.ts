// Pages that are not graph documents: the home page, search, the list of dumps, robots.txt, the
// sitemap, the JSON-LD context, and the page for what is not there.
import N3 from 'n3';
import { NotAcceptable, NotFound } from '../../errors.js';
import { DUMPS } from '../../represent/dumps.js';
import { dumpsPage, escapeHtml, homePage, Labeller, searchPage, type Lang } from '../../represent/html.js';
import { byFormat, byType, contentType, RDF_FORMATS } from '../../represent/media-types.js';
import { QUERY_SCRIPT } from '../../represent/query-script.js';
import { negotiate } from '../../represent/negotiate.js';
import { datasetSize } from '../../store/dataset.js';
import { ns } from '../../vocab.js';
import type { AppContext } from '../context.js';
import { conditional, html, redirect, text, type AppResponse, type Req } from '../core.js';
import { languageOf, remember } from '../documents.js';
import { pageFiles, type Route } from '../route.js';
import { hasCatalogue } from './catalogue.js';

const { namedNode } = N3.DataFactory;

/** Activities listed on the home page (the latest); the API lists them all. */
const HOME_ACTIVITIES = 200;

/**
 * The site root is the dataset: people get the home page, linked-data clients a 303 to the
 * dataset's description (the DCAT-AP catalogue, or VoID in a project without one) in the RDF
 * format they asked for.
 */
function home(req: Req, ctx: AppContext): AppResponse {
  const offered = ['text/html', ...RDF_FORMATS.map((f) => byFormat(f).type)];
  const chosen = negotiate(req.headers.accept, offered, 'text/html', req.query.get('format'));
  if (!chosen) throw new NotAcceptable(offered);
  if (chosen !== 'text/html') return redirect(`${ctx.base}${hasCatalogue(ctx) ? 'catalog' : '.well-known/void'}.${byType(chosen)!.extension}`, 'Accept');
  const lang = languageOf(req);
  const key = `|home|${lang}`;
  const rendered = ctx.rendered.get(key) ?? remember(ctx, key, homeHtml(ctx, lang), 'text/html', lang);
  return conditional(req, rendered, {
    'content-type': 'text/html; charset=utf-8', 'content-language': lang, vary: 'Accept, Accept-Language', 'cache-control': 'public, max-age=300',
  }, ctx.lastModified);
}

/** The page stays small however many activities there are: the latest ones, and counts. */
function homeHtml(ctx: AppContext, lang: Lang): string {
  const { relations, store } = ctx;
  const latest = relations.all.slice(-HOME_ACTIVITIES).map((id) => relations.summary(id));
  const goalLabels = new Labeller(store.getQuads(null, namedNode(ns.skos + 'altLabel'), null, null));
  const perGoal = Array.from({ length: 17 }, (_, i) => i + 1).map((goal) => ({
    goal,
    label: goalLabels.values(`${ns.sdg}${goal}`, ns.skos + 'altLabel').find((t) => (t as { language?: string }).language === lang)?.value ?? `${goal}`,
    count: relations.ofGoal(goal).length,
  }));
  return homePage(
    {
      triples: datasetSize(store, ctx.base),
      total: relations.all.length,
      activities: latest.map((a) => ({ iri: a.id, label: a.name[lang] ?? a.name.en ?? a.name.lv ?? a.id, date: a.startDate, goals: a.goals })),
      perGoal,
    },
    lang, ctx.site, ctx.root,
  );
}

async function search(req: Req, ctx: AppContext): Promise<AppResponse> {
  const lang = languageOf(req);
  const q = (req.query.get('q') ?? '').trim().slice(0, 200);
  const found = q ? (await ctx.search()).find(q, 100) : [];
  const list = found
    .map((iri) => ({ iri, label: new Labeller(ctx.store.getQuads(namedNode(iri), null, null, null)).label(iri, lang) ?? iri }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
  return html(200, searchPage(q, list, lang, ctx.site, `${ctx.root}${req.path}?${new URLSearchParams({ q })}`), lang, { vary: 'Accept-Language', 'cache-control': 'public, max-age=300' });
}

function sitemap(ctx: AppContext): AppResponse {
  const { base } = ctx;
  const day = ctx.lastModified.toISOString().slice(0, 10);
  const urls = [base, ...(hasCatalogue(ctx) ? [`${base}catalog`] : []), ...ctx.resourcePaths().map((p) => `${base}doc/${p}.html`)];
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls
    .map((u) => `  <url><loc>${escapeHtml(u)}</loc><lastmod>${day}</lastmod></url>`)
    .join('\n')}\n</urlset>\n`;
  return text(200, body, { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=3600' });
}

const exact = (...paths: string[]) => (path: string) => paths.includes(path);
const plain = (url: string) => [{ url, file: url, accept: '*/*' }];

export const pageRoutes: Route[] = [
  { name: 'home', match: exact(''), handle: home, files: () => pageFiles('', 'index') },
  {
    name: 'robots.txt',
    match: exact('robots.txt'),
    handle: (_req, ctx) => text(200, `User-agent: *\nAllow: /\nSitemap: ${ctx.base}sitemap.xml\n`, { 'cache-control': 'public, max-age=86400' }),
    files: () => plain('robots.txt'),
  },
  { name: 'sitemap', match: exact('sitemap.xml'), handle: (_req, ctx) => sitemap(ctx), files: () => plain('sitemap.xml') },
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
    name: 'query script',
    match: exact('assets/query.js'),
    handle: (req, ctx) => {
      const rendered = ctx.rendered.get('query.js') ?? remember(ctx, 'query.js', QUERY_SCRIPT, 'text/javascript');
      return conditional(req, rendered, { 'content-type': contentType('text/javascript'), 'cache-control': 'public, max-age=3600' }, ctx.lastModified);
    },
    files: () => plain('assets/query.js'),
  },
  {
    name: 'dumps',
    match: exact('dumps', 'dumps/'),
    handle: (req, ctx) => {
      const lang = languageOf(req);
      const list = DUMPS.map((d) => ({ href: `${ctx.root}${d.path}`, label: d.path.slice(6), type: byFormat(d.format).type }));
      return html(200, dumpsPage(list, lang, ctx.site, `${ctx.root}dumps/`), lang, { vary: 'Accept-Language', 'cache-control': 'public, max-age=3600' });
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
