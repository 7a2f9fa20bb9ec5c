// A request over node:http to the app and back: gzip for clients that accept it, ranges of dumps,
// prepared answers to repeated GETs, one JSON log line per request, and a budget for the bytes of
// large answers still on their way to slow clients. The network (sockets, limits, drain) is
// server.ts's.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { promisify } from 'node:util';
import { gzip as gzipCallback, gzipSync } from 'node:zlib';
import { BoundedCache } from '../cache.js';
import { BadRequest, ContentTooLarge, ServiceUnavailable, type AppError } from '../errors.js';
import { compressible } from '../represent/media-types.js';
import type { App } from './app.js';
import { plainError } from './errors.js';
import type { Monitor } from './monitor.js';

export type Logger = (entry: Record<string, unknown>) => void;

export const jsonLogger: Logger = (entry) => process.stderr.write(JSON.stringify(entry) + '\n');

export const MAX_BODY = 1024 * 1024;

/**
 * What is wrong with a request before its body is read, if anything: more than one Host header
 * (RFC 9112 §3.2: 400), or a body declared larger than we take (413 now, before the client sends
 * it, and without a `100 Continue` when it asked).
 */
export function refusedUpfront(req: IncomingMessage): BadRequest | ContentTooLarge | undefined {
  let hosts = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'host') hosts++;
  if (hosts > 1) return new BadRequest('a request has one Host header');
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) return new ContentTooLarge(`request bodies are limited to ${MAX_BODY} bytes`);
  return undefined;
}

/**
 * Reads a request body up to the limit; undefined when it is larger. Rejects when the body
 * cannot be read whole (the client went away, or its chunked encoding broke).
 */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        // Answer now and drain the rest, so the client reads the 413 rather than a reset.
        chunks.length = 0;
        resolve(undefined);
      } else chunks.push(chunk);
    });
    let ended = false;
    req.on('end', () => {
      ended = true;
      resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
    // Every request closes; an error (and its stack) only for one whose body never ended.
    req.on('close', () => ended || reject(new BadRequest('the request body ended before its length')));
  });
}

/** gzip unless the client gives it q=0 (RFC 9110 §12.5.3). */
export function acceptsGzip(header: string | undefined): boolean {
  for (const part of (header ?? '').split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !(q && Number(q.slice(2)) === 0);
  }
  return false;
}

/** The app a request is handled by; a reload swaps it, and each request keeps the one it began with. */
export interface Current {
  app: App;
}

interface Prepared {
  status: number;
  headers: Record<string, string>;
  body: Buffer | undefined;
  route: string;
}

/** Prepared answers to repeated plain GETs, per app (so per data version), bounded. */
const PREPARED = { entries: 20_000, bytes: 64 * 1024 * 1024 };

export interface ListenerOptions {
  /** One entry per request (and the stack of an unexpected error); none by default. */
  log?: Logger;
  /** True while the server drains: answers then close their connection. */
  draining?: () => boolean;
  monitor?: Monitor;
  /**
   * Bytes of large answers (64 KB and over) written but not yet taken by their clients, at most;
   * past it, another large answer is a 503 with Retry-After (unless nothing else is pending), so
   * that clients that ask and never read cannot hold the server's memory. Default 256 MB.
   */
  maxPendingBytes?: number;
}

/**
 * The request listener over an app, or over the current app of a server that reloads. Its
 * caches (prepared answers, gzipped bodies) belong to it and start again with each app.
 */
export function toNodeListener(source: App | Current, options: ListenerOptions = {}) {
  const { log, draining = () => false, monitor, maxPendingBytes = 256 * 2 ** 20 } = options;
  let pending = 0;
  /**
   * Writes an answer; a large body counts as pending until the client has taken it (or gone).
   * Returns the status sent: 503 when the budget for pending bytes is spent.
   */
  const send = (req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer | undefined): number => {
    if (!body || body.length < ASYNC_GZIP || req.method === 'HEAD') {
      res.writeHead(status, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
      return status;
    }
    if (pending > 0 && pending + body.length > maxPendingBytes) {
      const busy = plainError(new ServiceUnavailable('too many large answers are still on their way to their clients; retry shortly', 5));
      res.writeHead(busy.status, busy.headers);
      res.end(busy.body);
      return busy.status;
    }
    pending += body.length;
    let counted = true;
    const release = () => {
      if (counted) pending -= body.length;
      counted = false;
    };
    res.once('finish', release);
    res.once('close', release);
    res.writeHead(status, headers);
    res.end(body);
    return status;
  };
  monitor?.watch(() => ({ sdg_lod_pending_bytes: pending }));
  const current = 'handle' in source ? () => source : () => source.app;
  const sizeOf = (p: Prepared) => (p.body?.length ?? 0) + JSON.stringify(p.headers).length;
  const fresh = (app: App) => ({ app, generation: app.generation, prepared: new BoundedCache<Prepared>(PREPARED, sizeOf), gzipped: new WeakMap<Buffer, Buffer>() });
  let state = fresh(current());
  monitor?.watch(() => ({ 'sdg_lod_cache_entries{cache="prepared"}': state.prepared.size, 'sdg_lod_cache_bytes{cache="prepared"}': state.prepared.bytes }));
  /** `preRead`: a body that a framework's parser has already taken from the stream. */
  return async (req: IncomingMessage, res: ServerResponse, preRead?: Buffer): Promise<void> => {
    const started = process.hrtime.bigint();
    let route = 'unreadable';
    const done = (status: number, bytes: number) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      monitor?.request(route, status, ms / 1000);
      log?.({ time: new Date().toISOString(), method: req.method, url: req.url, status, bytes, ms });
    };
    /** A request refused before the app sees it: answered, and the connection closed. */
    const refuse = (error: AppError) => {
      const refused = plainError(error);
      res.writeHead(refused.status, { ...refused.headers, connection: 'close' });
      res.end(refused.body);
      // A body sent anyway is read and dropped, so the client reads the answer rather than a reset.
      req.resume();
      return done(refused.status, refused.body!.length);
    };
    // A new data version (a reload, a write) starts the prepared answers afresh.
    if (state.app !== current() || state.generation !== current().generation) state = fresh(current());
    const { app, prepared, gzipped, generation } = state;
    const upfront = refusedUpfront(req);
    if (upfront) return refuse(upfront);
    try {
      const h = req.headers;
      // The fast path: a GET or HEAD without conditions, seen before with the same negotiation
      // headers, is answered with the bytes and headers prepared then.
      const plain = (req.method === 'GET' || req.method === 'HEAD') && h['if-none-match'] === undefined && h['if-modified-since'] === undefined;
      const key = plain ? `${req.url}\n${h.accept ?? ''}\n${h['accept-language'] ?? ''}\n${h['accept-encoding'] ?? ''}` : '';
      const hit = plain ? prepared.get(key) : undefined;
      if (hit) {
        route = hit.route;
        const status = send(req, res, hit.status, draining() ? { ...hit.headers, connection: 'close' } : hit.headers, hit.body);
        return done(status, status === hit.status ? (hit.body?.length ?? 0) : 0);
      }
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(h)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      let body: Buffer | undefined;
      if (req.method === 'POST' || req.method === 'PUT' || req.method === 'DELETE' || req.method === 'PATCH') {
        try {
          body = preRead ?? (await readBody(req));
        } catch {
          return refuse(new BadRequest('the request body could not be read whole'));
        }
        if (body === undefined || body.length > MAX_BODY) return refuse(new ContentTooLarge(`request bodies are limited to ${MAX_BODY} bytes`));
      }
      const response = await app.handle({ method: req.method ?? 'GET', url: req.url ?? '/', headers, body, client: req.socket.remoteAddress });
      route = response.route ?? route;
      if (response.error !== undefined) log?.({ level: 'error', message: describeError(response.error), url: req.url });
      const out = { ...response.headers };
      let sent = response.body;
      let file = response.file?.path;
      if (compressible(out['content-type'] ?? '') && (response.status === 200 || response.status === 304)) {
        out.vary = out.vary ? `${out.vary}, Accept-Encoding` : 'Accept-Encoding';
        // The gzip variant has its own ETag; a 304 names the variant the client holds.
        if (acceptsGzip(headers['accept-encoding'])) {
          if (out.etag) out.etag = out.etag.replace(/"$/, '-gz"');
          if (response.file) {
            file = response.file.gzip;
            out['content-encoding'] = 'gzip';
            out['content-length'] = String(response.file.gzipSize);
          }
          if (sent && response.status === 200) {
            let gz = gzipped.get(sent);
            // Small bodies here; large ones in libuv's threads, so that one large answer never stalls the others.
            if (!gz) gzipped.set(sent, (gz = sent.length < ASYNC_GZIP ? gzipSync(sent) : await gzipAsync(sent)));
            sent = gz;
            out['content-encoding'] = 'gzip';
            out['content-length'] = String(gz.length);
          }
        }
      }
      if (draining()) out.connection = 'close';
      if (file) {
        out['accept-ranges'] = 'bytes';
        const size = Number(out['content-length']);
        const range = response.status === 200 ? rangeOf(headers.range, headers['if-range'], out.etag, size) : undefined;
        if (range === 'unsatisfiable') {
          res.writeHead(416, { ...out, 'content-range': `bytes */${size}`, 'content-length': '0' });
          res.end();
          return done(416, 0);
        }
        if (req.method === 'HEAD') {
          res.writeHead(response.status, out);
          res.end();
          return done(response.status, 0);
        }
        // Opened before the head is written: a dump pruned meanwhile is a 503, not a cut body.
        let handle;
        try {
          handle = await open(file);
        } catch {
          response.file?.lost();
          const gone = plainError(new ServiceUnavailable('the dump is being written again; retry shortly', 5));
          res.writeHead(gone.status, gone.headers);
          res.end(gone.body);
          return done(gone.status, gone.body!.length);
        }
        if (range) {
          res.writeHead(206, { ...out, 'content-range': `bytes ${range.start}-${range.end}/${size}`, 'content-length': String(range.end - range.start + 1) });
        } else res.writeHead(response.status, out);
        // pipeline closes the file when the client goes away.
        pipeline(handle.createReadStream(range ?? {}), res, () => {});
        return done(range ? 206 : response.status, range ? range.end - range.start + 1 : size);
      }
      const status = send(req, res, response.status, out, sent);
      // Only what depends on nothing but the request line, those headers and the data version.
      if (plain && status === 200 && /^public\b/.test(out['cache-control'] ?? '') && req.method === 'GET' && !draining() && app.generation === generation) {
        prepared.set(key, { status, headers: out, body: sent, route });
      }
      done(status, status === response.status ? (sent?.length ?? 0) : 0);
    } catch (error) {
      // A bug of ours, not the client's: a 500 if nothing was sent yet, else the connection cut.
      log?.({ level: 'error', message: describeError(error), url: req.url });
      if (res.headersSent) res.destroy();
      else {
        const failed = Buffer.from('Internal Server Error\n');
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(failed.length) });
        res.end(failed);
      }
      done(500, 0);
    }
  };
}

const describeError = (error: unknown) => (error instanceof Error ? error.stack : String(error));

/** Bodies larger than this are gzipped off the main thread. */
const ASYNC_GZIP = 64 * 1024;
const gzipAsync = promisify(gzipCallback);

/**
 * The one byte range a `Range` header asks of a file (RFC 9110 §14): undefined for the whole
 * file (no range, several ranges, a stale If-Range), 'unsatisfiable' for a range past its end.
 */
export function rangeOf(range: string | undefined, ifRange: string | undefined, etag: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (!range || (ifRange !== undefined && ifRange.trim() !== etag)) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') return size === 0 || Number(m[2]) === 0 ? 'unsatisfiable' : { start: Math.max(0, size - Number(m[2])), end: size - 1 };
  const start = Number(m[1]);
  if (m[2] !== '' && Number(m[2]) < start) return undefined; // not a valid range: ignored
  if (start >= size) return 'unsatisfiable';
  return { start, end: m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1) };
}
