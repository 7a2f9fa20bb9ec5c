// {base}sparql: the SPARQL 1.1 Protocol over the query pool. Read-only: updates and SERVICE
// calls are refused; every query has a timeout and a result-size cap.
import { createHash } from 'node:crypto';
import type { AppRequest, AppResponse } from './app.js';
import { negotiate } from '../represent/negotiate.js';
import { QueryBusy, QueryPool, QueryTimeout, QueryUnavailable } from '../store/query-pool.js';

export interface SparqlOptions {
  timeoutMs: number;
  maxResultBytes: number;
  workers: number;
}

// One worker by default: each holds a copy of the data (see QueryPool).
export const DEFAULT_SPARQL_OPTIONS: SparqlOptions = { timeoutMs: 10_000, maxResultBytes: 50 * 1024 * 1024, workers: 1 };

const RESULT_TYPES = ['application/sparql-results+json', 'application/sparql-results+xml', 'text/csv', 'text/tab-separated-values', 'application/json'];
const GRAPH_TYPES = ['text/turtle', 'application/n-triples', 'application/rdf+xml', 'application/ld+json', 'application/n-quads'];
const FORMAT_ALIASES: Record<string, string> = {
  json: 'application/sparql-results+json', xml: 'application/sparql-results+xml', csv: 'text/csv', tsv: 'text/tab-separated-values',
  ttl: 'text/turtle', turtle: 'text/turtle', nt: 'application/n-triples', rdf: 'application/rdf+xml', rdfxml: 'application/rdf+xml',
  jsonld: 'application/ld+json', nq: 'application/n-quads',
};

export type QueryForm = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';

/** The query text without strings, IRIs and comments, for spotting keywords. */
export function skeleton(query: string): string {
  return query
    .replace(/"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""')
    .replace(/<[^<>"{}|^`\\\s]*>/g, '<>')
    .replace(/#[^\n]*/g, '');
}

/** The query's form, read after its prologue (PREFIX and BASE declarations). */
export function queryForm(query: string): QueryForm | 'UPDATE' | undefined {
  const head = skeleton(query).replace(/^\s*(?:(?:PREFIX\s+[^:\s]*:\s*<>|BASE\s*<>)\s*)*/i, '');
  if (/^(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b/i.test(head)) return 'UPDATE';
  return /^(SELECT|ASK|CONSTRUCT|DESCRIBE)\b/i.exec(head)?.[1]?.toUpperCase() as QueryForm | undefined;
}

/** A SERVICE clause: the keyword followed by an IRI, a variable or a prefixed name. */
export function callsService(query: string): boolean {
  return /(?:^|[^?$\w:])SERVICE\s+(?:SILENT\s+)?(?:<>|[?$][A-Za-z_]|[A-Za-z_][\w.-]*:)/i.test(skeleton(query));
}

/** FROM or FROM NAMED in the query itself. */
function namesDataset(query: string): boolean {
  return /(?:^|[^?$\w:])FROM\s+(?:NAMED\s+)?(?:<>|[A-Za-z_][\w.-]*:)/i.test(skeleton(query));
}

export interface Sparql {
  handle(req: AppRequest, query: URLSearchParams): Promise<AppResponse | undefined>;
  close(): Promise<void>;
}

/**
 * Answers a query request, or undefined when the request carries no query (the caller then
 * serves the service description or the query page).
 */
export function createSparql(pool: QueryPool, options: SparqlOptions, respond: Responders): Sparql {
  const cache = new Map<string, { body: Buffer; etag: string; type: string }>();
  let cached = 0;

  async function handle(req: AppRequest, params: URLSearchParams): Promise<AppResponse | undefined> {
    const method = req.method.toUpperCase();
    let query: string | null = null;
    let graphs = params;
    if (method === 'POST') {
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const body = req.body?.toString('utf8') ?? '';
      if (type === 'application/x-www-form-urlencoded') {
        const form = new URLSearchParams(body);
        if (form.has('update')) return respond.text(400, readOnly);
        query = form.get('query');
        graphs = new URLSearchParams([...params, ...form]);
      } else if (type === 'application/sparql-query') {
        query = body;
      } else if (type === 'application/sparql-update') {
        return respond.text(400, readOnly);
      } else {
        return respond.text(415, 'Unsupported Media Type: POST a query as application/sparql-query, or as application/x-www-form-urlencoded with query=….\n');
      }
      if (query === null) return respond.text(400, 'Bad Request: the form has no query parameter.\n');
    } else {
      if (params.has('update')) return respond.text(400, readOnly);
      if (params.getAll('query').length > 1) return respond.text(400, 'Bad Request: give one query parameter, not several.\n');
      query = params.get('query');
      if (query === null) return undefined;
    }
    if (!query.trim()) return respond.text(400, 'Bad Request: the query is empty.\n');
    const form = queryForm(query);
    if (form === 'UPDATE') return respond.text(400, readOnly);
    if (callsService(query)) {
      return respond.text(400, 'Bad Request: SERVICE calls to other endpoints are not allowed; this endpoint queries only its own data.\n');
    }
    const offered = form === 'CONSTRUCT' || form === 'DESCRIBE' ? GRAPH_TYPES : RESULT_TYPES;
    let type: string | null;
    const asked = params.get('format');
    if (asked) {
      type = FORMAT_ALIASES[asked.toLowerCase()] ?? asked;
      if (!offered.includes(type)) return respond.text(406, `Not Acceptable: format "${asked}" is not offered for this query; offered: ${offered.join(', ')}.\n`);
    } else {
      type = negotiate(req.headers.accept, offered, offered[0]!);
      if (!type) return respond.text(406, `Not Acceptable: this query's results are available as: ${offered.join(', ')}.\n`, { vary: 'Accept' });
    }
    const engineType = type === 'application/json' ? 'application/sparql-results+json' : type;
    const defaultGraphs = graphs.getAll('default-graph-uri');
    const namedGraphs = graphs.getAll('named-graph-uri');
    const key = JSON.stringify([query, engineType, defaultGraphs, namedGraphs]);
    const cacheable = method !== 'POST';
    let hit = cacheable ? cache.get(key) : undefined;
    if (!hit) {
      let body: string;
      try {
        body = await pool.run({ query, format: engineType, defaultGraphs, namedGraphs, ownDataset: namesDataset(query) });
      } catch (error) {
        if (error instanceof QueryTimeout) {
          return respond.text(503, `Service Unavailable: ${error.message} (the limit is ${options.timeoutMs} ms); narrow the query or add a LIMIT.\n`, { 'retry-after': '10' });
        }
        if (error instanceof QueryBusy) return respond.text(503, `Service Unavailable: ${error.message}; try again shortly.\n`, { 'retry-after': '5' });
        if (error instanceof QueryUnavailable) return respond.text(503, `Service Unavailable: ${error.message}.\n`);
        const message = error instanceof Error ? error.message : String(error);
        if (/service .* is not supported/i.test(message)) {
          return respond.text(400, 'Bad Request: SERVICE calls to other endpoints are not allowed; this endpoint queries only its own data.\n');
        }
        return respond.text(400, `Bad Request: SPARQL error: ${message}\n`);
      }
      const bytes = Buffer.from(body, 'utf8');
      if (bytes.length > options.maxResultBytes) {
        return respond.text(422, `Unprocessable: the result is ${bytes.length} bytes, over the cap of ${options.maxResultBytes}; add a LIMIT, or page with LIMIT and OFFSET.\n`);
      }
      hit = { body: bytes, type: engineType, etag: `"${createHash('sha1').update(bytes).digest('base64url').slice(0, 22)}"` };
      if (cacheable && bytes.length <= CACHE_BYTES / 16) {
        cached += bytes.length;
        if (cached > CACHE_BYTES) {
          cache.clear();
          cached = bytes.length;
        }
        cache.set(key, hit);
      }
    }
    const headers: Record<string, string> = {
      'content-type': /^text\/|n-triples|n-quads/.test(type) ? `${type}; charset=utf-8` : type,
      vary: 'Accept',
      'cache-control': cacheable ? 'public, max-age=60' : 'no-store',
    };
    return respond.ok(req, hit.body, hit.etag, headers);
  }

  return { handle, close: () => pool.close() };
}

/** Results of GET queries kept in memory, in bytes; one result may take a sixteenth. */
const CACHE_BYTES = 64 * 1024 * 1024;

const readOnly = 'Bad Request: this endpoint is read-only; SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP…) is not accepted.\n';

export interface Responders {
  text(status: number, body: string, headers?: Record<string, string>): AppResponse;
  ok(req: AppRequest, body: Buffer, etag: string, headers: Record<string, string>): AppResponse;
}
