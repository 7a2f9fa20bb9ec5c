// createApp(project): the request core. A request goes in, a response comes out; no sockets.
// The node:http adapter (listener.ts), express (express.ts), the tests and the static export all
// call handle(); errors of every kind become responses in one place (errors.ts).
import { relative } from 'node:path';
import { BadRequest, MethodNotAllowed } from '../errors.js';
import type { Project } from '../pipeline.js';
import { DUMPS } from '../represent/dumps.js';
import type { Site } from '../represent/html.js';
import { datasetSize, inDataset } from '../store/dataset.js';
import { createContext, type AppContext, type AppOptions } from './context.js';
import { CORS, type AppRequest, type AppResponse, type Req } from './core.js';
import { errorResponse } from './errors.js';
import type { ExportFile } from './route.js';
import { ROUTES } from './routes.js';
import type { WriteRecord } from '../store/writes.js';
import { follow } from './follow.js';
import { pushWhole } from './handlers/store.js';

export type { AppRequest, AppResponse } from './core.js';
export type { AppOptions, SparqlOptions } from './context.js';

export interface App {
  handle(request: AppRequest): Promise<AppResponse>;
  /** What the static export writes: each file with the request that produces it. */
  files(): ExportFile[];
  readonly site: Site;
  /**
   * Writes what is written once per data version (the dumps) before anyone asks for it, so
   * that a problem (a folder that cannot be written) shows at start; rejects with its cause.
   */
  warm(): Promise<void>;
  /** Starts the query workers and waits until they have loaded the data. */
  start(): Promise<void>;
  /** What this version publishes: its source files and statements (a reload compares them). */
  published(): { files: string[]; triples: number };
  /** Stops the query workers. */
  close(): Promise<void>;
  /** How many writes this version has taken: prepared answers of an earlier count are stale. */
  readonly generation: number;
  /** Writes still waiting on this version are refused (503): a reload swapped in another. */
  retire(): void;
  /** Applies writes a reload's version missed while it loaded (the journal after its replay). */
  catchUp(records: readonly WriteRecord[]): Promise<void>;
  readonly project: Project;
  /**
   * With an external store (serve --store sparql): takes in the graphs another server changed
   * there, so that pages and the API show them; resolves with how many it took.
   */
  follow(): Promise<number>;
  /** With an external store and writes (a reload): this version pushed whole as the store's current one. */
  toStore(): Promise<void>;
}

export function createApp(project: Project, options: AppOptions = {}): App {
  const ctx = createContext(project, options);
  return {
    handle: (request) => handle(request, ctx),
    files: () => ROUTES.flatMap((r) => r.files?.(ctx) ?? []),
    site: ctx.site,
    warm: async () => {
      for (const d of DUMPS) {
        await ctx.dumps.file(d.format).catch((error: Error) => {
          throw error.cause ?? error;
        });
      }
    },
    start: () => ctx.pool.start(),
    // Named within the project: what a reload's refusal says in /ready and the log.
    published: () => ({ files: project.files.filter((f) => inDataset(f, ctx.base)).map((f) => relative(project.config.root, f.file)), triples: datasetSize(ctx.store, ctx.base) }),
    close: () => ctx.pool.close(),
    get generation() {
      return ctx.generation;
    },
    follow: () => follow(ctx),
    toStore: () => pushWhole(ctx),
    retire: () => ctx.retire(),
    async catchUp(records) {
      for (const record of records) {
        const prepared = await ctx.writes!.writer.replay(record);
        ctx.changed(prepared);
      }
    },
    project,
  };
}

async function handle(request: AppRequest, ctx: AppContext): Promise<AppResponse> {
  const method = String(request.method ?? 'GET').toUpperCase();
  const req: Req = { ...request, method, headers: request.headers ?? {}, path: '', query: new URLSearchParams() };
  let route = 'unreadable';
  try {
    parseTarget(req, ctx.root);
    const answering = ROUTES.find((r) => r.match(req.path, ctx))!;
    route = answering.name;
    const methods = answering.methods ?? ['GET', 'HEAD'];
    const allow = [...methods, 'OPTIONS'];
    if (method === 'OPTIONS') return { ...preflight(req, allow), route };
    if (!methods.includes(method)) throw new MethodNotAllowed(`${ctx.root}${req.path}`, allow);
    // HEAD gets GET's response; the transport leaves out the body (and so keeps GET's encoding).
    return { ...(await answering.handle(req, ctx)), route };
  } catch (error) {
    return { ...errorResponse(error, req, ctx), route };
  }
}

/**
 * A path of plain segments (none empty, none starting with a dot, nothing encoded): what the URL
 * parser would return as it is, so it is not asked (tens of microseconds a request).
 */
const PLAIN_PATH = /^(?:\/[\w\-~:@!$&'()*+,;=][\w\-.~:@!$&'()*+,;=]*)*\/?$/;

/** Fills in the path (decoded, relative to the site root) and the query. */
export function parseTarget(req: Pick<Req, 'url' | 'path' | 'query'>, root: string) {
  const mark = req.url.indexOf('?');
  const plain = req.url.startsWith('/') && !req.url.includes('#') ? (mark === -1 ? req.url : req.url.slice(0, mark)) : undefined;
  let pathname: string;
  if (plain !== undefined && PLAIN_PATH.test(plain)) {
    // From the `?` on: the constructor drops exactly that one, as the parser does (`/x??a` has the key `?a`).
    req.query = new URLSearchParams(mark === -1 ? '' : req.url.slice(mark));
    pathname = plain;
  } else {
    let url: URL;
    try {
      // An origin-form target is a path, even one starting '//host/…' (never an authority); an
      // absolute-form one (from a proxy) gives its path, never its host.
      url = /^https?:\/\//i.test(req.url) ? new URL(req.url) : new URL(`http://request.invalid${req.url.startsWith('/') ? '' : '/'}${req.url}`);
    } catch {
      throw new BadRequest('the request target is not a valid path');
    }
    req.query = url.searchParams;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      throw new BadRequest('the path is not valid percent-encoded UTF-8');
    }
  }
  // Behind a proxy that keeps the base path, strip it; one that strips it sends the rest.
  const path = pathname.startsWith(root) ? pathname.slice(root.length) : pathname.replace(/^\/+/, '');
  if (path.includes('.') && path.split('/').some((seg) => seg === '..' || seg === '.')) throw new BadRequest('dot segments are not allowed in paths');
  req.path = path;
}

function preflight(req: Req, allow: string[]): AppResponse {
  return {
    status: 204,
    headers: {
      ...CORS,
      'access-control-allow-methods': allow.join(', '),
      'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'Accept, Accept-Language, Content-Type, If-None-Match, If-Modified-Since',
      'access-control-max-age': '86400',
      allow: allow.join(', '),
    },
  };
}
