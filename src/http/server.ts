// The app over node:http: gzip for clients that accept it, one JSON log line per request,
// and no crash on anything a client sends.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { BoundedCache } from '../cache.js';
import { ContentTooLarge, ServiceUnavailable } from '../errors.js';
import { compressible } from '../represent/media-types.js';
import type { App } from './app.js';
import { plainError } from './errors.js';

export type Logger = (entry: Record<string, unknown>) => void;

export const jsonLogger: Logger = (entry) => process.stderr.write(JSON.stringify(entry) + '\n');

const MAX_BODY = 1024 * 1024;

/** Reads a request body up to the limit; undefined when it is larger. */
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
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
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
}

/** Prepared answers to repeated plain GETs, per app (so per data version), bounded. */
const PREPARED = { entries: 20_000, bytes: 64 * 1024 * 1024 };

/**
 * The request listener over an app, or over the current app of a server that reloads. Its
 * caches (prepared answers, gzipped bodies) belong to it and start again with each app.
 */
export function toNodeListener(source: App | Current, log: Logger | undefined) {
  const current = 'handle' in source ? () => source : () => source.app;
  const sizeOf = (p: Prepared) => (p.body?.length ?? 0) + JSON.stringify(p.headers).length;
  let state = { app: current(), prepared: new BoundedCache<Prepared>(PREPARED, sizeOf), gzipped: new WeakMap<Buffer, Buffer>() };
  /** `preRead`: a body that a framework's parser has already taken from the stream. */
  return async (req: IncomingMessage, res: ServerResponse, preRead?: Buffer): Promise<void> => {
    const started = process.hrtime.bigint();
    const done = (status: number, bytes: number) =>
      log?.({ time: new Date().toISOString(), method: req.method, url: req.url, status, bytes, ms: Number(process.hrtime.bigint() - started) / 1e6 });
    if (state.app !== current()) state = { app: current(), prepared: new BoundedCache<Prepared>(PREPARED, sizeOf), gzipped: new WeakMap() };
    const { app, prepared, gzipped } = state;
    try {
      const h = req.headers;
      // The fast path: a GET or HEAD without conditions, seen before with the same negotiation
      // headers, is answered with the bytes and headers prepared then.
      const plain = (req.method === 'GET' || req.method === 'HEAD') && h['if-none-match'] === undefined && h['if-modified-since'] === undefined;
      const key = plain ? `${req.url}\n${h.accept ?? ''}\n${h['accept-language'] ?? ''}\n${h['accept-encoding'] ?? ''}` : '';
      const hit = plain ? prepared.get(key) : undefined;
      if (hit) {
        res.writeHead(hit.status, hit.headers);
        res.end(req.method === 'HEAD' ? undefined : hit.body);
        return done(hit.status, hit.body?.length ?? 0);
      }
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(h)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      let body: Buffer | undefined;
      if (req.method === 'POST') {
        body = preRead ?? (await readBody(req).catch(() => undefined));
        if (body === undefined || body.length > MAX_BODY) {
          const refused = plainError(new ContentTooLarge(`request bodies are limited to ${MAX_BODY} bytes`));
          res.writeHead(refused.status, { ...refused.headers, connection: 'close' });
          res.end(refused.body);
          req.resume();
          return done(413, refused.body!.length);
        }
      }
      const response = await app.handle({ method: req.method ?? 'GET', url: req.url ?? '/', headers, body });
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
            if (!gz) gzipped.set(sent, (gz = gzipSync(sent)));
            sent = gz;
            out['content-encoding'] = 'gzip';
            out['content-length'] = String(gz.length);
          }
        }
      }
      if (file && req.method !== 'HEAD') {
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
        res.writeHead(response.status, out);
        // pipeline closes the file when the client goes away.
        pipeline(handle.createReadStream(), res, () => {});
      } else {
        res.writeHead(response.status, out);
        res.end(req.method === 'HEAD' ? undefined : sent);
      }
      // Only what depends on nothing but the request line, those headers and the data version.
      if (plain && !file && response.status === 200 && /^public\b/.test(out['cache-control'] ?? '') && req.method === 'GET') {
        prepared.set(key, { status: response.status, headers: out, body: sent });
      }
      done(response.status, file ? Number(out['content-length']) : sent?.length ?? 0);
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

export function listen(app: App | Current, port: number, host: string, log: Logger | undefined): Promise<Server> {
  const server = createServer(toNodeListener(app, log));
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
