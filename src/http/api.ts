// The relationship API: the common questions about events, goals and places, for people who
// do not write SPARQL. Each answer comes from the same store through a SPARQL query.
import type { AppRequest, AppResponse } from './app.js';
import type { Sparql } from './sparql.js';
import { negotiate } from '../represent/negotiate.js';
import { ns } from '../vocab.js';

const JSON_TYPE = 'application/json';
const RDF_TYPES = ['text/turtle', 'application/ld+json', 'application/n-triples', 'application/rdf+xml'];
const MAX_LIMIT = 100;

interface Binding { [variable: string]: { type: string; value: string; 'xml:lang'?: string } | undefined }
interface Results { results: { bindings: Binding[] } }

export interface ActivitySummary {
  id: string;
  name: { lv?: string; en?: string };
  startDate: string;
  endDate?: string;
  kind?: string;
  goals: number[];
}

export interface ApiResponders {
  json(status: number, body: unknown, headers?: Record<string, string>): AppResponse;
  text(status: number, body: string, headers?: Record<string, string>): AppResponse;
  /** N-Triples → the requested RDF format, with the publisher's serialisers (compact JSON-LD). */
  rdf(ntriples: string, type: string, headers?: Record<string, string>): Promise<AppResponse>;
  /** Whether the store describes the resource at all. */
  exists(iri: string): boolean;
}

export function createApi(base: string, sparql: Sparql, respond: ApiResponders) {
  const P = `PREFIX schema: <${ns.schema}> PREFIX dct: <${ns.dct}> PREFIX skos: <${ns.skos}> PREFIX oa: <${ns.oa}> PREFIX lod: <${base}def/> PREFIX sdg: <${ns.sdg}>`;
  const select = async (query: string) => (JSON.parse(await sparql.run(`${P} ${query}`, 'application/sparql-results+json')) as Results).results.bindings;

  /** One page of activities matching a graph pattern over ?a, newest last. */
  async function activities(req: AppRequest, params: URLSearchParams, where: string, path: string, extra: Record<string, unknown> = {}): Promise<AppResponse> {
    const page = int(params.get('page'), 1);
    const limit = int(params.get('limit'), 20);
    if (page === undefined || page < 1) return respond.text(400, 'Bad Request: page is a whole number from 1.\n');
    if (limit === undefined || limit < 1 || limit > MAX_LIMIT) return respond.text(400, `Bad Request: limit is a whole number from 1 to ${MAX_LIMIT}.\n`);
    const pattern = `?a a lod:Activity ; schema:startDate ?start . ${where}`;
    const [countRow] = await select(`SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ${pattern} }`);
    const total = Number(countRow?.n?.value ?? 0);
    const rows = await select(`SELECT ?a ?start WHERE { { SELECT DISTINCT ?a ?start WHERE { ${pattern} } } } ORDER BY ?start ?a LIMIT ${limit} OFFSET ${(page - 1) * limit}`);
    const ids = rows.map((r) => r.a!.value);
    const next = page * limit < total ? `${base}${path}?${new URLSearchParams({ ...Object.fromEntries(params), page: String(page + 1), limit: String(limit) })}` : undefined;
    const paging: Record<string, string> = next ? { link: `<${next}>; rel="next"` } : {};
    const type = negotiate(req.headers.accept, [JSON_TYPE, ...RDF_TYPES], JSON_TYPE);
    if (!type) return respond.text(406, `Not Acceptable: available as ${[JSON_TYPE, ...RDF_TYPES].join(', ')}.\n`);
    if (type !== JSON_TYPE) {
      const values = ids.map((i) => `<${i}>`).join(' ');
      const body = ids.length
        ? await sparql.run(`${P} CONSTRUCT { ?a a ?t ; schema:name ?n ; schema:startDate ?s ; schema:endDate ?e ; dct:type ?k ; dct:subject ?g }
        WHERE { VALUES ?a { ${values} } ?a a ?t ; schema:startDate ?s . OPTIONAL { ?a schema:name ?n } OPTIONAL { ?a schema:endDate ?e } OPTIONAL { ?a dct:type ?k } OPTIONAL { ?a dct:subject ?g } }`, 'application/n-triples')
        : '';
      return respond.rdf(body, type, paging);
    }
    const items = await summaries(ids);
    return respond.json(200, { ...extra, total, page, limit, ...(next ? { next } : {}), items }, paging);
  }

  async function summaries(ids: string[]): Promise<ActivitySummary[]> {
    if (!ids.length) return [];
    const rows = await select(`SELECT ?a ?p ?o WHERE { VALUES ?a { ${ids.map((i) => `<${i}>`).join(' ')} }
      VALUES ?p { schema:name schema:startDate schema:endDate dct:type dct:subject } ?a ?p ?o }`);
    const byId = new Map<string, ActivitySummary>(ids.map((id) => [id, { id, name: {}, startDate: '', goals: [] }]));
    for (const r of rows) {
      const s = byId.get(r.a!.value)!;
      const o = r.o!;
      switch (r.p!.value) {
        case `${ns.schema}name`: if (o['xml:lang'] === 'lv' || o['xml:lang'] === 'en') s.name[o['xml:lang']] = o.value; break;
        case `${ns.schema}startDate`: s.startDate = o.value; break;
        case `${ns.schema}endDate`: s.endDate = o.value; break;
        case `${ns.dct}type`: s.kind = o.value; break;
        case `${ns.dct}subject`: { const g = /^http:\/\/metadata\.un\.org\/sdg\/(\d+)$/.exec(o.value); if (g) s.goals.push(Number(g[1])); break; }
      }
    }
    for (const s of byId.values()) s.goals.sort((a, b) => a - b);
    return ids.map((id) => byId.get(id)!);
  }

  /** Latvian municipalities by slug; a municipality's activities are held in it or made with it. */
  const municipalityPattern = (iri: string) =>
    `{ ?a schema:location/schema:containedInPlace <${iri}> } UNION { ?a schema:contributor|schema:performer|schema:sponsor|schema:organizer <${iri}> }`;

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
      return activities(req, params, `?a dct:subject sdg:${goal} .`, path, { goal: `${ns.sdg}${goal}` });
    }
    if ((m = /^api\/targets\/(\d{1,2}\.(?:\d{1,2}|[a-z]))\/activities$/.exec(path))) {
      const target = `${ns.sdg}${m[1]}`;
      if (!respond.exists(target)) return respond.text(404, `Not Found: no target ${m[1]} in the SDG reference.\n`);
      return activities(req, params, `{ ?a dct:subject <${target}> } UNION { ?ann oa:hasBody <${target}> ; oa:hasTarget ?a }`, path, { target });
    }
    if ((m = /^api\/municipalities\/([a-z0-9-]+)\/(activities|goals)$/.exec(path)) && !respond.exists(`${base}id/municipality/${m[1]}`)) {
      return respond.text(404, `Not Found: no municipality ${m[1]}; municipalities are {base}id/municipality/{slug}, e.g. lv-0033000.\n`);
    }
    if ((m = /^api\/municipalities\/([a-z0-9-]+)\/activities$/.exec(path))) {
      return activities(req, params, municipalityPattern(`${base}id/municipality/${m[1]}`), path, { municipality: `${base}id/municipality/${m[1]}` });
    }
    if ((m = /^api\/municipalities\/([a-z0-9-]+)\/goals$/.exec(path))) {
      const refused = jsonOnly(req);
      if (refused) return refused;
      const iri = `${base}id/municipality/${m[1]}`;
      const rows = await select(`SELECT ?g (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a lod:Activity ; dct:subject ?g . ${municipalityPattern(iri)} } GROUP BY ?g`);
      const goals = rows.map((r) => ({ goal: r.g!.value, number: Number(r.g!.value.slice(ns.sdg.length)), activities: Number(r.n!.value) }))
        .sort((a, b) => b.activities - a.activities || a.number - b.number);
      return respond.json(200, { municipality: iri, goals });
    }
    if (path === 'api/goals/co-occurrence') {
      const refused = jsonOnly(req);
      if (refused) return refused;
      const rows = await select(`SELECT ?x ?y (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a lod:Activity ; dct:subject ?x , ?y . FILTER(STR(?x) < STR(?y)) } GROUP BY ?x ?y`);
      const pairs = rows.map((r) => ({ goals: [Number(r.x!.value.slice(ns.sdg.length)), Number(r.y!.value.slice(ns.sdg.length))].sort((a, b) => a - b), activities: Number(r.n!.value) }))
        .sort((a, b) => b.activities - a.activities || a.goals[0]! - b.goals[0]! || a.goals[1]! - b.goals[1]!);
      return respond.json(200, { pairs });
    }
    if (path === 'api/activities') {
      const from = params.get('from');
      const to = params.get('to');
      for (const d of [from, to]) if (d !== null && !isDate(d)) return respond.text(400, 'Bad Request: from and to are dates, YYYY-MM-DD.\n');
      const filters = [from && `?start >= "${from}"^^<${ns.xsd}date>`, to && `?start <= "${to}"^^<${ns.xsd}date>`].filter(Boolean).join(' && ');
      return activities(req, params, filters ? `FILTER(${filters})` : '', path, { ...(from ? { from } : {}), ...(to ? { to } : {}) });
    }
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
    info: { title: 'sdg-lod relationship API', version: '0.1.0', description: 'Activities, SDG goals and targets, municipalities: the common questions, answered from the published data through SPARQL.' },
    servers: [{ url: base }],
    paths: {
      '/api/goals/{goal}/activities': { get: { summary: 'Activities that addressed a goal', parameters: [{ name: 'goal', in: 'path', required: true, schema: { type: 'integer', minimum: 1, maximum: 17 } }, ...pageParams], responses: { 200: activityPage } } },
      '/api/targets/{target}/activities': { get: { summary: 'Activities linked to a target, stated or inferred by annotation', parameters: [{ name: 'target', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d{1,2}\\.(\\d{1,2}|[a-z])$' }, example: '11.3' }, ...pageParams], responses: { 200: activityPage } } },
      '/api/municipalities/{slug}/activities': { get: { summary: 'Activities held in a municipality or made with it', parameters: [{ name: 'slug', in: 'path', required: true, schema: { type: 'string' }, example: 'lv-0620200' }, ...pageParams], responses: { 200: activityPage } } },
      '/api/municipalities/{slug}/goals': { get: { summary: 'Goals of the activities of a municipality, with counts', parameters: [{ name: 'slug', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'Goals with counts', content: { 'application/json': {} } } } } },
      '/api/activities': { get: { summary: 'Activities in a date range', parameters: [{ name: 'from', in: 'query', schema: { type: 'string', format: 'date' } }, { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } }, ...pageParams], responses: { 200: activityPage } } },
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
