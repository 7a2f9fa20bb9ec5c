// The relationship API: the common questions about events, goals and places, for people who
// do not write SPARQL. Answers come from the relationship index (store/relations.ts), built
// once per data version; tests check them against the same questions asked in SPARQL.
import type { Quad } from '@rdfjs/types';
import type { AppRequest, AppResponse } from './app.js';
import { negotiate } from '../represent/negotiate.js';
import type { Listing, Relations } from '../store/relations.js';
import { ns } from '../vocab.js';

export type { ActivitySummary } from '../store/relations.js';

const JSON_TYPE = 'application/json';
const RDF_TYPES = ['text/turtle', 'application/ld+json', 'application/n-triples', 'application/rdf+xml'];
const MAX_LIMIT = 100;

export interface ApiResponders {
  json(status: number, body: unknown, headers?: Record<string, string>): AppResponse;
  text(status: number, body: string, headers?: Record<string, string>): AppResponse;
  /** Quads → the requested RDF format, with the publisher's serialisers (compact JSON-LD). */
  rdf(quads: Quad[], type: string, headers?: Record<string, string>): Promise<AppResponse>;
  /** Whether the store describes the resource at all. */
  exists(iri: string): boolean;
}

export function createApi(base: string, relations: Relations, respond: ApiResponders) {
  /** One page of a listing, narrowed to start dates from–to when asked. */
  async function activities(req: AppRequest, params: URLSearchParams, whole: Listing, path: string, extra: Record<string, unknown> = {}): Promise<AppResponse> {
    const from = params.get('from');
    const to = params.get('to');
    for (const d of [from, to]) if (d !== null && !isDate(d)) return respond.text(400, 'Bad Request: from and to are dates, YYYY-MM-DD.\n');
    const listing = relations.between(whole, from ?? undefined, to ?? undefined);
    extra = { ...extra, ...(from ? { from } : {}), ...(to ? { to } : {}) };
    const page = int(params.get('page'), 1);
    const limit = int(params.get('limit'), 20);
    if (page === undefined || page < 1) return respond.text(400, 'Bad Request: page is a whole number from 1.\n');
    if (limit === undefined || limit < 1 || limit > MAX_LIMIT) return respond.text(400, `Bad Request: limit is a whole number from 1 to ${MAX_LIMIT}.\n`);
    const total = listing.length;
    const ids = listing.slice((page - 1) * limit, page * limit);
    const next = page * limit < total ? `${base}${path}?${new URLSearchParams({ ...Object.fromEntries(params), page: String(page + 1), limit: String(limit) })}` : undefined;
    const paging: Record<string, string> = next ? { link: `<${next}>; rel="next"` } : {};
    const type = negotiate(req.headers.accept, [JSON_TYPE, ...RDF_TYPES], JSON_TYPE);
    if (!type) return respond.text(406, `Not Acceptable: available as ${[JSON_TYPE, ...RDF_TYPES].join(', ')}.\n`);
    if (type !== JSON_TYPE) return respond.rdf(ids.flatMap((id) => relations.quads(id)), type, paging);
    const items = ids.map((id) => relations.summary(id));
    return respond.json(200, { ...extra, total, page, limit, ...(next ? { next } : {}), items }, paging);
  }

  /** Answers that exist only as JSON: other Accept values get 406. */
  const jsonOnly = (req: AppRequest) =>
    negotiate(req.headers.accept, [JSON_TYPE], JSON_TYPE) ? undefined : respond.text(406, `Not Acceptable: this answer is available as ${JSON_TYPE} only.\n`);

  async function handle(req: AppRequest, path: string, params: URLSearchParams): Promise<AppResponse | undefined> {
    let m: RegExpExecArray | null;
    if (path === 'api' || path === 'api/') return respond.json(200, OPENAPI(base));
    if (path === 'api/openapi.json') return respond.json(200, OPENAPI(base));
    if ((m = /^api\/goals\/(\d{1,2})\/activities$/.exec(path))) {
      const goal = Number(m[1]);
      if (goal < 1 || goal > 17) return respond.text(404, 'Not Found: goals are numbered 1 to 17.\n');
      return activities(req, params, relations.ofGoal(goal), path, { goal: `${ns.sdg}${goal}` });
    }
    if ((m = /^api\/targets\/(\d{1,2}\.(?:\d{1,2}|[a-z]))\/activities$/.exec(path))) {
      const target = `${ns.sdg}${m[1]}`;
      if (!respond.exists(target)) return respond.text(404, `Not Found: no target ${m[1]} in the SDG reference.\n`);
      return activities(req, params, relations.ofTarget(target), path, { target });
    }
    if ((m = /^api\/municipalities\/([a-z0-9-]+)\/(activities|goals)$/.exec(path)) && !respond.exists(`${base}id/municipality/${m[1]}`)) {
      return respond.text(404, `Not Found: no municipality ${m[1]}; municipalities are {base}id/municipality/{slug}, e.g. lv-0033000.\n`);
    }
    if ((m = /^api\/municipalities\/([a-z0-9-]+)\/activities$/.exec(path))) {
      const iri = `${base}id/municipality/${m[1]}`;
      return activities(req, params, relations.ofMunicipality(iri), path, { municipality: iri });
    }
    if ((m = /^api\/municipalities\/([a-z0-9-]+)\/goals$/.exec(path))) {
      const refused = jsonOnly(req);
      if (refused) return refused;
      const iri = `${base}id/municipality/${m[1]}`;
      const goals = [...relations.subjectsOfMunicipality(iri)].map(([goal, activities]) => ({ goal, number: Number(goal.slice(ns.sdg.length)), activities }))
        .sort((a, b) => b.activities - a.activities || a.number - b.number);
      return respond.json(200, { municipality: iri, goals });
    }
    if (path === 'api/goals/co-occurrence') {
      const refused = jsonOnly(req);
      if (refused) return refused;
      const pairs = relations.pairs().map((p) => ({ goals: [Number(p.x.slice(ns.sdg.length)), Number(p.y.slice(ns.sdg.length))].sort((a, b) => a - b), activities: p.count }))
        .sort((a, b) => b.activities - a.activities || a.goals[0]! - b.goals[0]! || a.goals[1]! - b.goals[1]!);
      return respond.json(200, { pairs });
    }
    if (path === 'api/activities') return activities(req, params, relations.all, path);
    if (path.startsWith('api/')) return respond.text(404, `Not Found: see ${base}api/openapi.json for the API.\n`);
    return undefined;
  }

  return { handle };
}

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

export function OPENAPI(base: string) {
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
      '/api/goals/co-occurrence': { get: { summary: 'Pairs of goals that activities addressed together, with counts', responses: { 200: { description: 'Pairs with counts', content: { 'application/json': {} } } } } },
    },
    components: {
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
