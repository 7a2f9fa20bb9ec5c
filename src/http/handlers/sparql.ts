// {base}sparql: the SPARQL 1.1 Protocol over the query pool. Read-only: updates and SERVICE
// calls are refused; every query has a timeout and a result-size cap. Without a query, the
// service description (or a query page for people).
import { createHash } from 'node:crypto';
import { BadRequest, NotAcceptable, ServiceUnavailable, Unprocessable, UnsupportedMediaType } from '../../errors.js';
import { QueryOutOfMemory, QueryTimeout, QueryTrapped } from '../../store/query-pool.js';
import { byFormat, byType, contentType, fromFormatParam, GRAPH_FORMATS, RESULT_FORMATS, type Format } from '../../represent/media-types.js';
import { negotiate } from '../../represent/negotiate.js';
import { inspect } from '../../store/sparql-text.js';
import type { AppContext, Costly } from '../context.js';
import { bytes, conditional, type AppResponse, type Req } from '../core.js';
import { documentAt, serveDocument } from '../documents.js';
import type { Route } from '../route.js';
import { siteDocuments } from './catalogue.js';

const READ_ONLY = 'this endpoint is read-only; SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP…) is not accepted';
const ONE_QUERY = 'give one query, not several (in the URL, the form and the body together)';
const NO_SERVICE = 'SERVICE calls to other endpoints are not allowed; this endpoint queries only its own data';

const MAX_FIELDS = 100;

/** A form of a query and its few parameters; counted before parsing, as a huge one costs time. */
function readForm(body: string): URLSearchParams {
  let fields = 1;
  for (let i = body.indexOf('&'); i !== -1 && fields <= MAX_FIELDS; i = body.indexOf('&', i + 1)) fields++;
  if (fields > MAX_FIELDS) throw new BadRequest(`the form has more than ${MAX_FIELDS} fields; a query needs a few (query, default-graph-uri, named-graph-uri, format)`);
  return new URLSearchParams(body);
}

/** The query and its protocol parameters, from the URL and, for a form POST, the body; undefined when there is none. */
function readRequest(req: Req): { query: string; params: URLSearchParams } | undefined {
  if (req.method === 'POST') {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const body = req.body?.toString('utf8') ?? '';
    if (type === 'application/x-www-form-urlencoded') {
      const form = readForm(body);
      if (form.has('update')) throw new BadRequest(READ_ONLY);
      const query = form.get('query');
      if (query === null) throw new BadRequest('the form has no query parameter');
      if (form.getAll('query').length + req.query.getAll('query').length > 1) throw new BadRequest(ONE_QUERY);
      return { query, params: new URLSearchParams([...req.query, ...form]) };
    }
    if (type === 'application/sparql-query') {
      if (req.query.has('query')) throw new BadRequest(ONE_QUERY);
      return { query: body, params: req.query };
    }
    if (type === 'application/sparql-update') throw new BadRequest(READ_ONLY);
    throw new UnsupportedMediaType('POST a query as application/sparql-query, or as application/x-www-form-urlencoded with query=…');
  }
  if (req.query.has('update')) throw new BadRequest(READ_ONLY);
  if (req.query.getAll('query').length > 1) throw new BadRequest(ONE_QUERY);
  const query = req.query.get('query');
  return query === null ? undefined : { query, params: req.query };
}

/** What a query form can be answered in: formats and their media types, in our order of preference. */
interface Offer {
  formats: readonly Format[];
  types: readonly string[];
}
const offer = (formats: readonly Format[]): Offer => ({ formats, types: formats.map((f) => byFormat(f).type) });
const OFFERS = {
  graph: offer(GRAPH_FORMATS),
  results: offer(RESULT_FORMATS),
  boolean: offer(RESULT_FORMATS.filter((f) => byFormat(f).carries.includes('boolean'))),
};

/**
 * The result format: `format=` (or `output=`) where it names one this query form can give, as
 * the big endpoints' clients send it (json, xml, rdf+xml, n3, turtle, csv, tsv or a media
 * type), the same on GET and POST; else the Accept header; 406 only when neither can be met.
 */
function resultFormat(req: Req, params: URLSearchParams, { formats: offered, types }: Offer): Format {
  const asked = params.get('format') ?? params.get('output');
  const chosen = negotiate(req.headers.accept, types, types[0]!, asked);
  if (chosen) return byType(chosen)!.format;
  const why = asked && !fromFormatParam(asked, offered) ? `format "${asked}" is not offered for this query, and no offered type matches the Accept header` : "no offered type matches this query's Accept header";
  throw new NotAcceptable(types, why);
}

async function answer(req: Req, ctx: AppContext, query: string, params: URLSearchParams): Promise<AppResponse> {
  if (!query.trim()) throw new BadRequest('the query is empty');
  // One scan of the text, on the main thread: it must stay cheap for a 1 MB body.
  const { form, callsService, namesDataset, tooComplex } = ctx.inspections.get(query) ?? ctx.inspections.set(query, inspect(query));
  if (form === 'UPDATE') throw new BadRequest(READ_ONLY);
  if (callsService) throw new BadRequest(NO_SERVICE);
  if (tooComplex) throw new BadRequest(tooComplex);
  const format = resultFormat(req, params, form === 'CONSTRUCT' || form === 'DESCRIBE' ? OFFERS.graph : form === 'ASK' ? OFFERS.boolean : OFFERS.results);
  const type = byFormat(format).type;
  // Plain JSON is SPARQL JSON under another name.
  const engineType = format === 'json' ? byFormat('srj').type : type;
  const defaultGraphs = params.getAll('default-graph-uri');
  const namedGraphs = params.getAll('named-graph-uri');
  const cacheable = req.method !== 'POST';
  const key = cacheable ? JSON.stringify([query, engineType, defaultGraphs, namedGraphs]) : '';
  let hit = cacheable ? ctx.queryResults.get(key) : undefined;
  const generation = ctx.generation;
  if (!hit) {
    // A query that ran out of time or memory lately gets that answer again at once: sent
    // again and again, it would hold a worker for the whole timeout each time.
    const costKey = () => createHash('sha256').update(JSON.stringify([query, defaultGraphs, namedGraphs])).digest('base64url');
    // Hashed only when some query has been costly lately: most of the time none has.
    const costly = ctx.costlyQueries.size ? ctx.costlyQueries.get(costKey()) : undefined;
    if (costly && costly.until > Date.now()) throw again(costly);
    let answer;
    try {
      answer = await ctx.pool.run({ query, format: engineType, defaultGraphs, namedGraphs, ownDataset: namesDataset });
    } catch (error) {
      if (error instanceof Error && /service .* is not supported/i.test(error.message)) throw new BadRequest(NO_SERVICE);
      // Only what the query surely caused itself: not a timeout after waiting behind others, nor
      // memory that another query running beside it may have taken.
      if ((error instanceof QueryTimeout && error.ran) || (error instanceof QueryOutOfMemory && error.alone) || error instanceof QueryTrapped) {
        const remembered = { error, until: Date.now() + COSTLY_MS };
        ctx.costlyQueries.set(costKey(), remembered);
        throw again(remembered);
      }
      throw error;
    }
    // An answer to a POST is not a representation of the endpoint: no validators (RFC 9110 §9.3.3), and no hashing for them.
    if (!cacheable) return bytes(200, answer.body, type, { vary: 'Accept', 'cache-control': 'no-store' });
    hit = { body: answer.body, type: engineType, etag: answer.etag };
    // An answer to data a write changed while the query ran is not kept for the next asker.
    if (ctx.generation === generation) ctx.queryResults.set(key, hit);
  }
  // The same bytes as application/json are another representation: a strong ETag of their own.
  if (type !== engineType) hit = { ...hit, etag: hit.etag.replace(/"$/, `-${format}"`) };
  return conditional(req, hit, { 'content-type': contentType(type), vary: 'Accept', 'cache-control': 'public, max-age=60' }, ctx.lastModified);
}

/** How long a query that ran out of time or memory is answered so without running again. */
const COSTLY_MS = 60_000;

/** The answer to a costly query, saying until when it stands. */
function again({ error, until }: Costly): Error {
  const why = `${error.message} (it is not run again before ${new Date(until).toISOString().slice(11, 19)} UTC)`;
  if (error instanceof ServiceUnavailable) return new ServiceUnavailable(why, Math.max(1, Math.ceil((until - Date.now()) / 1000)));
  return new Unprocessable(why);
}

export const sparqlRoute: Route = {
  name: 'SPARQL endpoint',
  match: (path) => path === 'sparql',
  methods: ['GET', 'HEAD', 'POST'],
  handle: (req, ctx) => {
    const asked = readRequest(req);
    if (asked) return answer(req, ctx, asked.query, asked.params);
    if (req.method === 'POST') throw new BadRequest('no query');
    return serveDocument(req, ctx, documentAt('sparql', siteDocuments(ctx))!.doc);
  },
};
