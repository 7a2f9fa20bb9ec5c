// The relationship API: the common questions about events, goals and places, for people who
// do not write SPARQL. Answers come from the relationship index (store/relations.ts), built
// once per data version; tests check them against the same questions asked in SPARQL.
import { BadRequest, NotAcceptable, NotFound } from '../../errors.js';
import { byFormat, byType, contentType, formats, fromFormatParam, type Format } from '../../represent/media-types.js';
import { negotiate } from '../../represent/negotiate.js';
import { serialise } from '../../represent/rdf.js';
import { GRAPH_STORE_FORMATS } from '../../represent/descriptions.js';
import type { ListingOf } from '../../store/reader.js';
import { ns } from '../../vocab.js';
import type { AppContext } from '../context.js';
import { conditional, etagOf, headerIri, remember, type AppResponse, type Req } from '../core.js';
import type { Route } from '../route.js';
import { REPORTS, reportsIndexJson } from '../../represent/reports.js';
import { isReport, serveReport } from './reports.js';

export type { ActivitySummary } from '../../store/relations.js';

const JSON_TYPE = byFormat('json').type;
const RDF_TYPES = formats('turtle', 'jsonld', 'ntriples', 'rdfxml').map((m) => m.type);
const MAX_LIMIT = 100;
const CACHING = { vary: 'Accept', 'cache-control': 'public, max-age=60' };

/** One page of a listing, narrowed to start dates from–to when asked. */
async function activities(req: Req, ctx: AppContext, of: ListingOf, extra: Record<string, unknown> = {}): Promise<AppResponse> {
  const params = req.query;
  const from = params.get('from');
  const to = params.get('to');
  for (const d of [from, to]) if (d !== null && !isDate(d)) throw new BadRequest('from and to are dates, YYYY-MM-DD');
  extra = { ...extra, ...(from ? { from } : {}), ...(to ? { to } : {}) };
  const page = int(params.get('page'), 1);
  const limit = int(params.get('limit'), 20);
  if (page === undefined || page < 1) throw new BadRequest('page is a whole number from 1');
  if (limit === undefined || limit < 1 || limit > MAX_LIMIT) throw new BadRequest(`limit is a whole number from 1 to ${MAX_LIMIT}`);
  const offered = [JSON_TYPE, ...RDF_TYPES];
  const type = negotiate(req.headers.accept, offered, JSON_TYPE, params.get('format'));
  if (!type) throw new NotAcceptable(offered);
  // A format asked for by name is named canonically: aliases and junk make neither a new
  // rendering nor their way into the next link.
  const raw = params.get('format');
  const format = raw && fromFormatParam(raw, offered.map((t) => byType(t)!.format)) ? byType(type)!.extension : undefined;
  const listing = await ctx.reader.listing(of, from ?? undefined, to ?? undefined);
  const total = listing.length;
  const ids = listing.slice((page - 1) * limit, page * limit);
  const query = new URLSearchParams(Object.entries({ from, to, format, limit: String(limit), page: String(page + 1) }).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const next = page * limit < total ? `${ctx.base}${req.path}?${query}` : undefined;
  const paging: Record<string, string> = next ? { link: `<${headerIri(next)}>; rel="next"` } : {};
  const key = `api|${req.path}|${type}|${from}|${to}|${page}|${limit}|${format}`;
  const rendered = ctx.rendered.get(key) ?? await (async () => {
    const { summaries, quads } = await ctx.reader.activities(ids);
    return remember(ctx, key, type === JSON_TYPE
      ? JSON.stringify({ ...extra, total, page, limit, ...(next ? { next } : {}), items: summaries }, null, 2) + '\n'
      : await serialise(quads, byType(type)!.format as Format, ctx.rdf), type);
  })();
  return conditional(req, rendered, { 'content-type': contentType(type), ...CACHING, ...paging }, ctx.lastModified);
}

/** Answers that exist only as JSON (other Accept values get 406), with their validators: 304 to a current copy. */
function jsonOnly(req: Req, ctx: AppContext, value: unknown): AppResponse {
  if (!negotiate(req.headers.accept, [JSON_TYPE], JSON_TYPE, req.query.get('format'))) throw new NotAcceptable([JSON_TYPE], 'this answer exists as JSON only');
  const body = Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8');
  return conditional(req, { body, type: JSON_TYPE, etag: etagOf(body) }, { 'content-type': contentType(JSON_TYPE), ...CACHING }, ctx.lastModified);
}

const municipality = async (ctx: AppContext, slug: string) => {
  const iri = `${ctx.base}id/municipality/${slug}`;
  if (!(await ctx.reader.exists(iri))) throw new NotFound(`no municipality ${slug}; municipalities are {base}id/municipality/{slug}, e.g. lv-0033000`);
  return iri;
};

async function handle(req: Req, ctx: AppContext): Promise<AppResponse> {
  const { path } = req;
  let m: RegExpExecArray | null;
  if (path === 'api' || path === 'api/' || path === 'api/openapi.json') return jsonOnly(req, ctx, OPENAPI(ctx.base, !!ctx.writes));
  if ((m = /^api\/goals\/(\d{1,2})\/activities$/.exec(path))) {
    const goal = Number(m[1]);
    if (goal < 1 || goal > 17) throw new NotFound('goals are numbered 1 to 17');
    return activities(req, ctx, { goal }, { goal: `${ns.sdg}${goal}` });
  }
  if ((m = /^api\/targets\/(\d{1,2}\.(?:\d{1,2}|[a-z]))\/activities$/.exec(path))) {
    const target = `${ns.sdg}${m[1]}`;
    if (!(await ctx.reader.exists(target))) throw new NotFound(`no target ${m[1]} in the SDG reference`);
    return activities(req, ctx, { target }, { target });
  }
  if ((m = /^api\/municipalities\/([a-z0-9-]+)\/activities$/.exec(path))) {
    const iri = await municipality(ctx, m[1]!);
    return activities(req, ctx, { municipality: iri }, { municipality: iri });
  }
  if ((m = /^api\/municipalities\/([a-z0-9-]+)\/goals$/.exec(path))) {
    const iri = await municipality(ctx, m[1]!);
    const goals = [...(await ctx.reader.subjectsOfMunicipality(iri))].map(([goal, activities]) => ({ goal, number: Number(goal.slice(ns.sdg.length)), activities }))
      .sort((a, b) => b.activities - a.activities || a.number - b.number);
    return jsonOnly(req, ctx, { municipality: iri, goals });
  }
  if (path === 'api/goals/co-occurrence') {
    const pairs = (await ctx.reader.pairs()).map((p) => ({ goals: [Number(p.x.slice(ns.sdg.length)), Number(p.y.slice(ns.sdg.length))].sort((a, b) => a - b), activities: p.count }))
      .sort((a, b) => b.activities - a.activities || a.goals[0]! - b.goals[0]! || a.goals[1]! - b.goals[1]!);
    return jsonOnly(req, ctx, { pairs });
  }
  if (path === 'api/activities') return activities(req, ctx, { all: true });
  if (path === 'api/reports' || path === 'api/reports/') return jsonOnly(req, ctx, reportsIndexJson(ctx.base));
  if ((m = /^api\/reports\/([a-z-]+)$/.exec(path))) {
    if (!isReport(m[1]!)) throw new NotFound(`no report ${m[1]}; see ${ctx.base}api/reports`);
    if (!negotiate(req.headers.accept, [JSON_TYPE], JSON_TYPE, req.query.get('format'))) throw new NotAcceptable([JSON_TYPE], `this answer exists as JSON only; ${ctx.base}reports/${m[1]} is also a page and CSV`);
    return serveReport(req, ctx, m[1]!, 'json', { vary: 'Accept' });
  }
  throw new NotFound(`see ${ctx.base}api/openapi.json for the API`);
}

export const apiRoute: Route = {
  name: 'relationship API',
  match: (path) => path === 'api' || path.startsWith('api/'),
  handle,
  // Only the reports' figures are written by the static export: listings are paged and narrowed by any query.
  files: () => [
    { url: 'api/reports', file: 'api/reports/index.json', accept: JSON_TYPE },
    ...REPORTS.map((name) => ({ url: `api/reports/${name}`, file: `api/reports/${name}.json`, accept: JSON_TYPE })),
  ],
};

function isDate(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

function int(value: string | null, fallback: number): number | undefined {
  if (value === null) return fallback;
  return /^\d{1,6}$/.test(value) ? Number(value) : undefined;
}

const pageParams = [
  { name: 'from', in: 'query', description: 'earliest start date', schema: { type: 'string', format: 'date' } },
  { name: 'to', in: 'query', description: 'latest start date', schema: { type: 'string', format: 'date' } },
  { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 20 } },
];
const activityPage = {
  description: 'One page of activities, by start date; other RDF formats by Accept.',
  content: {
    'application/json': { schema: { $ref: '#/components/schemas/ActivityPage' } },
    ...Object.fromEntries(RDF_TYPES.map((t) => [t, {}])),
  },
};

/** The Graph Store Protocol's operations (serve --writes). */
function graphStorePaths(base: string) {
  const graph = { name: 'graph', in: 'query', required: true, schema: { type: 'string', format: 'uri' }, example: `${base}graph/report/2023-kuldiga` };
  const rdf = Object.fromEntries(GRAPH_STORE_FORMATS.map((f) => [byFormat(f).type, {}]));
  const body = { required: true, content: { ...rdf, 'text/csv': {}, 'application/json': {} } };
  const refused = {
    401: { description: 'No token, or a wrong one (WWW-Authenticate: Bearer)' },
    403: { description: 'The token may not write this graph' },
    412: { description: 'If-Match names another version of the graph' },
    413: { description: 'The body is over 1 MB' },
    422: { description: 'The data does not conform to the shapes: the report (JSON, Turtle or text), nothing stored', content: { 'application/json': {}, 'text/turtle': {} } },
  };
  const write = (summary: string, ok: Record<number, { description: string }>, withBody = true) => ({
    summary, security: [{ bearer: [] }], parameters: [graph, { name: 'If-Match', in: 'header', schema: { type: 'string' } }], ...(withBody ? { requestBody: body } : {}), responses: { ...ok, ...refused },
  });
  return {
    '/store': {
      get: { summary: 'A named graph (SPARQL 1.1 Graph Store Protocol)', parameters: [graph], responses: { 200: { description: 'The graph', content: rdf }, 404: { description: 'No such graph' } } },
      put: write('Replace a graph', { 201: { description: 'Created' }, 204: { description: 'Replaced' } }),
      post: write('Merge statements (or activities as CSV/JSON rows) into a graph', { 201: { description: 'Created' }, 204: { description: 'Merged' } }),
      delete: write('Delete a graph', { 204: { description: 'Deleted' }, 404: { description: 'No such graph' } }, false),
    },
    '/store/history': { get: { summary: 'Who wrote which graph when (PROV-O)', parameters: [{ ...graph, required: false }], responses: { 200: { description: 'The history', content: rdf } } } },
  };
}

export function OPENAPI(base: string, writes = false) {
  return {
    openapi: '3.1.0',
    info: { title: 'sdg-lod relationship API', version: '0.1.0', description: `Activities, SDG goals and targets, municipalities: the common questions, answered from the published data (the same answers as the equivalent SPARQL at ${base}sparql).` },
    servers: [{ url: base }],
    paths: {
      '/api/goals/{goal}/activities': { get: { summary: 'Activities that addressed a goal', parameters: [{ name: 'goal', in: 'path', required: true, schema: { type: 'integer', minimum: 1, maximum: 17 } }, ...pageParams], responses: { 200: activityPage } } },
      '/api/targets/{target}/activities': { get: { summary: 'Activities linked to a target, stated or inferred by annotation', parameters: [{ name: 'target', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d{1,2}\\.(\\d{1,2}|[a-z])$' }, example: '11.3' }, ...pageParams], responses: { 200: activityPage } } },
      '/api/municipalities/{slug}/activities': { get: { summary: 'Activities held in a municipality or made with it', parameters: [{ name: 'slug', in: 'path', required: true, schema: { type: 'string' }, example: 'lv-0620200' }, ...pageParams], responses: { 200: activityPage } } },
      '/api/municipalities/{slug}/goals': { get: { summary: 'Goals of the activities of a municipality, with counts', parameters: [{ name: 'slug', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'Goals with counts', content: { 'application/json': {} } } } } },
      '/api/activities': { get: { summary: 'Activities, all or in a date range', parameters: [...pageParams], responses: { 200: activityPage } } },
      ...(writes ? graphStorePaths(base) : {}),
      '/api/reports': { get: { summary: 'The reporting views, each with its page, CSV and JSON', responses: { 200: { description: 'The views', content: { 'application/json': {} } } } } },
      '/api/reports/{report}': {
        get: {
          summary: 'One reporting view\'s figures: activities per goal, target, organisation or municipality by start year, or the goals nobody addressed',
          parameters: [{ name: 'report', in: 'path', required: true, schema: { type: 'string', enum: [...REPORTS] } }],
          responses: { 200: { description: 'The figures, names in Latvian and English', content: { 'application/json': {} } }, 404: { description: 'No such report' } },
        },
      },
      '/api/goals/co-occurrence': { get: { summary: 'Pairs of goals that activities addressed together, with counts', responses: { 200: { description: 'Pairs with counts', content: { 'application/json': {} } } } } },
    },
    components: {
      ...(writes ? { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A token from sdg-lod token create' } } } : {}),
      schemas: {
        ActivityPage: {
          type: 'object',
          required: ['total', 'page', 'limit', 'items'],
          properties: {
            total: { type: 'integer' }, page: { type: 'integer' }, limit: { type: 'integer' }, next: { type: 'string', format: 'uri' },
            items: { type: 'array', items: { $ref: '#/components/schemas/Activity' } },
          },
        },
        Activity: {
          type: 'object',
          properties: {
            id: { type: 'string', format: 'uri' }, name: { type: 'object', properties: { lv: { type: 'string' }, en: { type: 'string' } } },
            startDate: { type: 'string', format: 'date' }, endDate: { type: 'string', format: 'date' }, kind: { type: 'string', format: 'uri' },
            goals: { type: 'array', items: { type: 'integer' } },
          },
        },
      },
    },
  };
}
