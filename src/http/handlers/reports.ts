// The reporting views: {base}reports/ lists them; {base}reports/{name} is one as a page (table and
// chart), CSV or JSON by negotiation or extension; the API answers the JSON at
// {base}api/reports/{name}. The figures are computed once per data version (and again after a
// write: AppContext.reportFigures), each rendering kept in the app's rendered cache, which a write
// empties.
import { NotAcceptable, NotFound } from '../../errors.js';
import { byExtension, byFormat, byType, contentType, type Format } from '../../represent/media-types.js';
import { negotiate } from '../../represent/negotiate.js';
import { REPORTS, reportCsv, reportJson, reportPage, reportsIndexPage, type ReportName } from '../../represent/reports.js';
import type { AppContext } from '../context.js';
import { conditional, etagOf, headerIri, remember, type AppResponse, type Req } from '../core.js';
import { languageOf } from '../documents.js';
import { pageFiles, type ExportFile, type Route } from '../route.js';

/** The view's formats, the page first (what a browser and `*\/*` get). */
const FORMATS: readonly Format[] = ['html', 'csv', 'json'];
const CACHING = { 'cache-control': 'public, max-age=300' };

export const isReport = (name: string): name is ReportName => (REPORTS as readonly string[]).includes(name);

/** One view in one format (and language, for the page and CSV), rendered once per version. */
export async function serveReport(req: Req, ctx: AppContext, name: ReportName, format: Format, headers: Record<string, string>): Promise<AppResponse> {
  const lang = languageOf(req);
  const language = format === 'json' ? undefined : lang;
  const key = `reports|${name}|${format}|${language ?? ''}`;
  const generation = ctx.generation;
  let rendered = ctx.rendered.get(key);
  if (!rendered) {
    const f = await ctx.reportFigures();
    const text = format === 'html' ? reportPage(name, f, lang, ctx.site, `${ctx.root}${req.path}`)
      : format === 'csv' ? reportCsv(name, f, lang, ctx.base)
      : JSON.stringify(reportJson(name, f, ctx.base), null, 2) + '\n';
    const type = byFormat(format).type;
    // What a write changed while the figures were counted is not kept for the next asker.
    const body = Buffer.from(text, 'utf8');
    rendered = ctx.generation === generation ? remember(ctx, key, text, type, language) : { body, type, etag: etagOf(body), language };
  }
  return conditional(req, rendered, { 'content-type': contentType(rendered.type), ...(language ? { 'content-language': language } : {}), ...CACHING, ...headers }, ctx.lastModified);
}

async function handle(req: Req, ctx: AppContext): Promise<AppResponse> {
  const path = req.path;
  if (path === 'reports' || path === 'reports/') {
    const lang = languageOf(req);
    const key = `reports|index|${lang}`;
    const rendered = ctx.rendered.get(key) ?? remember(ctx, key, reportsIndexPage(lang, ctx.site, `${ctx.root}reports/`), 'text/html', lang);
    return conditional(req, rendered, { 'content-type': contentType('text/html'), 'content-language': lang, vary: 'Accept-Language', ...CACHING }, ctx.lastModified);
  }
  const m = /^reports\/([a-z-]+)(?:\.([a-z]+))?$/.exec(path);
  const name = m?.[1] ?? '';
  if (!isReport(name)) throw new NotFound(`no report ${path.slice('reports/'.length)}; the reports are ${REPORTS.join(', ')} (see ${ctx.base}reports/)`, `${ctx.base}${path}`);
  const alternates = FORMATS.map((f) => `<${headerIri(`${ctx.base}reports/${name}.${byFormat(f).extension}`)}>; rel="alternate"; type="${byFormat(f).type}"`).join(', ');
  if (m![2] !== undefined) {
    const fixed = byExtension(m![2]!)?.format;
    if (!fixed || !FORMATS.includes(fixed)) throw new NotFound(`report ${name} is offered as ${FORMATS.map((f) => `.${byFormat(f).extension}`).join(', ')}`, `${ctx.base}${path}`);
    return serveReport(req, ctx, name, fixed, { vary: 'Accept-Language', link: alternates });
  }
  const offered = FORMATS.map((f) => byFormat(f).type);
  const chosen = negotiate(req.headers.accept, offered, offered[0]!, req.query.get('format'));
  if (!chosen) throw new NotAcceptable(offered);
  const format = byType(chosen)!.format;
  return serveReport(req, ctx, name, format, { vary: 'Accept, Accept-Language', link: alternates, 'content-location': headerIri(`${ctx.base}reports/${name}.${byFormat(format).extension}`) });
}

function files(): ExportFile[] {
  return [
    ...pageFiles('reports/', 'reports/index'),
    ...REPORTS.flatMap((name) => [
      ...pageFiles(`reports/${name}`, `reports/${name}`),
      { url: `reports/${name}.csv?lang=en`, file: `reports/${name}.csv`, accept: 'text/csv' },
      { url: `reports/${name}.csv?lang=lv`, file: `reports/${name}.lv.csv`, accept: 'text/csv' },
      { url: `reports/${name}.json`, file: `reports/${name}.json`, accept: 'application/json' },
    ]),
  ];
}

export const reportsRoute: Route = {
  name: 'reports',
  match: (path) => path === 'reports' || path.startsWith('reports/'),
  handle,
  files,
};
