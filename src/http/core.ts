// What every handler speaks: the request and response of the request core (no sockets), and the
// builders of responses (text, JSON, HTML, redirects, conditional GET), CORS included.
import { createHash } from 'node:crypto';
import type { DumpFile } from '../represent/dumps.js';
import type { Lang } from '../represent/html.js';
import type { AppContext } from './context.js';
import { contentType } from '../represent/media-types.js';

export interface AppRequest {
  method: string;
  /** Path and query as received, e.g. /doc/activity/x.ttl?lang=lv */
  url: string;
  headers: Record<string, string | undefined>;
  /** The request body, for POST, PUT and DELETE (the transport caps its size). */
  body?: Buffer;
  /** The client's address, where the transport knows it (slows down wrong tokens per client). */
  client?: string | undefined;
}

export interface AppResponse {
  status: number;
  headers: Record<string, string>;
  body?: Buffer;
  /** A large body on disk (the dumps), with its gzip copy; the transport streams it. */
  file?: DumpFile;
  /** The unexpected error behind a 500, for the transport's log. */
  error?: unknown;
  /** The name of the route that answered, for the metrics. */
  route?: string;
}

/** A request as handlers see it: method upper-cased, path decoded and relative to the site root. */
export interface Req extends AppRequest {
  path: string;
  query: URLSearchParams;
}

/** A representation ready to send: bytes (or a file), their type and validator. */
export interface Rendered {
  body?: Buffer;
  file?: DumpFile;
  type: string;
  etag: string;
  language?: Lang;
}

/** On every response: open to any origin (it is open data), and never sniffed as another type. */
export const CORS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'ETag, Link, Content-Location, Last-Modified, Vary, Content-Language',
  'x-content-type-options': 'nosniff',
};

/**
 * On every page: scripts and everything else from the site only (pages carry no inline script;
 * inline styles and the SDG colours stay), no framing, no full address sent elsewhere.
 */
export const PAGE_SECURITY: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

const securityOf = (type: string | undefined) => (type?.startsWith('text/html') ? PAGE_SECURITY : {});

export function bytes(status: number, body: Buffer, type: string, headers: Record<string, string> = {}): AppResponse {
  return { status, headers: { ...CORS, ...securityOf(type), 'content-type': contentType(type), 'content-length': String(body.length), ...headers }, body };
}

export function text(status: number, body: string, headers: Record<string, string> = {}): AppResponse {
  return bytes(status, Buffer.from(body, 'utf8'), 'text/plain', headers);
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): AppResponse {
  return bytes(status, Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8'), 'application/json', headers);
}

export function html(status: number, body: string, lang: Lang, headers: Record<string, string> = {}): AppResponse {
  return bytes(status, Buffer.from(body, 'utf8'), 'text/html', { 'content-language': lang, ...headers });
}

/**
 * An IRI as a header may carry it: characters outside printable ASCII percent-encoded as UTF-8
 * (RFC 3987 §3.1), since HTTP header values are ASCII and Node refuses others.
 */
export function headerIri(iri: string): string {
  return iri.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
}

export function redirect(location: string, vary?: string): AppResponse {
  return {
    status: 303,
    headers: { ...CORS, location: headerIri(location), 'content-length': '0', 'cache-control': 'public, max-age=300', ...(vary ? { vary } : {}) },
  };
}

export function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
}

/** A text rendered once, kept in the app's cache of rendered answers with its ETag. */
export function remember(ctx: Pick<AppContext, 'rendered'>, key: string, text: string, type: string, language?: Lang): Rendered {
  const body = Buffer.from(text, 'utf8');
  return ctx.rendered.set(key, { body, type, etag: etagOf(body), language });
}

/** A rendered representation with its validators: 304 when the client's copy is current (RFC 9110 §13.1). */
export function conditional(req: AppRequest, rendered: Rendered, headers: Record<string, string>, lastModified: Date): AppResponse {
  const all = { ...CORS, ...securityOf(headers['content-type']), ...headers, etag: rendered.etag, 'last-modified': lastModified.toUTCString() };
  const inm = req.headers['if-none-match'];
  const ims = req.headers['if-modified-since'];
  // An If-Modified-Since that is not an HTTP date, or lies in the future, is ignored.
  const since = ims !== undefined && /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(ims.trim()) ? Date.parse(ims) : NaN;
  const fresh = req.method.toUpperCase() === 'POST' ? false : inm !== undefined
    ? inm.trim() === '*' || inm.split(',').some((t) => t.trim().replace(/^W\//, '').replace(/-gz"$/, '"') === rendered.etag)
    : !Number.isNaN(since) && since <= Date.now() && since >= lastModified.getTime();
  if (fresh) return { status: 304, headers: all };
  if (rendered.file) return { status: 200, headers: { ...all, 'content-length': String(rendered.file.size) }, file: rendered.file };
  return { status: 200, headers: { ...all, 'content-length': String(rendered.body!.length) }, body: rendered.body };
}
