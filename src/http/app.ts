// createApp(project): the request core. A request goes in, a response comes out; no sockets.
// The node:http adapter (server.ts), the tests and the static export all call handle().
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createDumps, type DumpFile } from '../export/dumps.js';
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { catalogAdditions, serviceDescription, voidDescription, type DataVersion } from '../catalog.js';
import { createSparql, DEFAULT_SPARQL_OPTIONS, type SparqlOptions } from './sparql.js';
import { createApi } from './api.js';
import { graphIri } from '../load/sources.js';
import type { Project } from '../pipeline.js';
import { contextFor } from '../represent/context.js';
import {
  dumpsPage, escapeHtml, homePage, Labeller, notFoundPage, queryPage, resourcePage, sdgNumber, searchPage, type Lang, type Site,
} from '../represent/html.js';
import { byExtension, byFormat, byType, DESCRIPTION_FORMATS, type Format } from '../represent/media-types.js';
import { negotiate, negotiateLanguage } from '../represent/negotiate.js';
import { toJsonLd, toNQuads, toNTriples, toRdfXml, toTurtle } from '../represent/rdf.js';
import { describe, exists } from '../store/describe.js';
import { datasetOf, QueryPool } from '../store/query-pool.js';
import { buildRelations } from '../store/relations.js';
import { ns, prefixesFor } from '../vocab.js';

const { namedNode } = N3.DataFactory;

export interface AppRequest {
  method: string;
  /** Path and query as received, e.g. /doc/activity/x.ttl?lang=lv */
  url: string;
  headers: Record<string, string | undefined>;
  /** The request body, for POST (the transport caps its size). */
  body?: Buffer;
}

export interface AppResponse {
  status: number;
  headers: Record<string, string>;
  body?: Buffer;
  /** A large body on disk (the dumps), with its gzip copy; the transport streams it. */
  file?: DumpFile;
}

interface Rendered {
  body?: Buffer;
  file?: DumpFile;
  type: string;
  etag: string;
  language?: Lang;
}

/** A graph document: something served in several formats from one set of quads. */
interface Document {
  /** Path without extension, relative to the site root ('' for home). */
  path: string;
  /** Path of a variant: path + '.' + extension (or index.ext for folder-like paths). */
  variant: (ext: string) => string;
  formats: readonly Format[];
  quads: () => Quad[];
  /** The resource an HTML page is about. */
  subject?: string;
  cacheSeconds: number;
}

export const DUMPS = [
  { path: 'dumps/sdg-lod.ttl', format: 'turtle' as const },
  { path: 'dumps/sdg-lod.nt', format: 'ntriples' as const },
  { path: 'dumps/sdg-lod.nq', format: 'nquads' as const },
  { path: 'dumps/sdg-lod.jsonld', format: 'jsonld' as const },
];

/** Activities listed on the home page (the latest); the API lists them all. */
const HOME_ACTIVITIES = 200;

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'ETag, Link, Content-Location, Last-Modified, Vary, Content-Language',
};

export interface App {
  handle(request: AppRequest): Promise<AppResponse>;
  /** Every path the site serves (for the static export and the sitemap), relative to the root. */
  paths(): string[];
  readonly site: Site;
  /** Stops the query workers. */
  close(): Promise<void>;
}

export interface AppOptions {
  sparql?: Partial<SparqlOptions>;
  /** Query workers already loading the project's sources (serve starts them before parsing). */
  pool?: QueryPool;
}

/** What createApp last added to a store, so that a second app over the same project replaces it. */
const added = new WeakMap<object, Quad[]>();

export function createApp(project: Project, version: DataVersion = { modified: new Date() }, options: AppOptions = {}): App {
  const { base } = project.config;
  const root = new URL(base).pathname;
  const prefixes = { ...prefixesFor(base), ...project.prefixes };
  delete prefixes['']; // an empty prefix would make every other IRI look like ours
  const site: Site = { base, root, prefixes };
  const context = contextFor(base);
  const rdfOptions = { prefixes, context, contextIri: `${base}context.jsonld` };
  const lastModified = new Date(Math.floor(version.modified.getTime() / 1000) * 1000);

  // The published store: the project's graphs plus what the catalogue derives from them (added
  // in place: a second copy of a large store would double the memory).
  const store = project.store;
  store.removeQuads(added.get(store) ?? []);
  const additions = catalogAdditions(store, base, version) as N3.Quad[];
  store.addQuads(additions);
  added.set(store, additions);
  const sparqlOptions = { ...DEFAULT_SPARQL_OPTIONS, ...options.sparql };
  const pool = options.pool ?? new QueryPool(datasetOf(project.files, base), sparqlOptions.workers, sparqlOptions.timeoutMs);
  pool.add(toNQuads(additions));
  const relations = buildRelations(store, base);
  const graph = (name: string) => store.getQuads(null, null, null, namedNode(graphIri(base, name)));
  const triples = (quads: Quad[]) => quads.map((q) => N3.DataFactory.quad(q.subject, q.predicate, q.object));

  const cache = new Map<string, Rendered>();
  const dumps = createDumps(store, {
    dir: join(project.config.importDir, 'cache', 'dumps', project.key.slice(0, 20)),
    prefixes,
    exclude: graphIri(base, 'catalog'),
  });
  // Rendered representations, per data version (this app), bounded in entries and bytes.
  const CACHE_LIMIT = 20_000;
  const CACHE_BYTES = 64 * 1024 * 1024;
  let cachedBytes = 0;

  const documents: Record<string, Document> = {
    'def/': folder('def/', ['turtle', 'html', 'jsonld', 'ntriples', 'rdfxml'], () => triples(graph('ontology')), `${base}def/`),
    'shapes/': folder('shapes/', ['turtle', 'jsonld', 'ntriples', 'rdfxml'], () => project.shapes.getQuads(null, null, null, null)),
    catalog: file('catalog', ['turtle', 'html', 'jsonld', 'ntriples', 'rdfxml'], catalogQuads, `${base}catalog`),
    '.well-known/void': file('.well-known/void', ['turtle', 'jsonld', 'ntriples', 'rdfxml'], () => voidDescription(store, base, DUMPS)),
    sparql: { ...file('sparql', ['turtle', 'html', 'jsonld', 'ntriples', 'rdfxml'], () => serviceDescription(store, base)), cacheSeconds: 300 },
  };
  const sparql = createSparql(pool, sparqlOptions, {
    text: (status, body, headers) => text(status, body, headers),
    ok: (req, body, etag, headers) => conditional(req, { body, etag, type: headers['content-type']! }, headers),
  });

  /** The catalogue, with what the store says of the EU concepts it uses, so harvesters need no lookups. */
  function catalogQuads(): Quad[] {
    const own = triples(graph('catalog'));
    const described = new N3.Store(own);
    for (const q of own) {
      if (q.object.termType === 'NamedNode' && q.object.value.startsWith('http://publications.europa.eu/resource/authority/')) {
        for (const t of store.getQuads(q.object, null, null, null)) described.addQuad(t.subject, t.predicate, t.object);
      }
    }
    return described.getQuads(null, null, null, null);
  }

  function folder(path: string, formats: readonly Format[], quads: () => Quad[], subject?: string): Document {
    return { path, variant: (ext) => `${path}index.${ext}`, formats, quads, subject, cacheSeconds: 3600 };
  }
  function file(path: string, formats: readonly Format[], quads: () => Quad[], subject?: string): Document {
    return { path, variant: (ext) => `${path}.${ext}`, formats, quads, subject, cacheSeconds: 3600 };
  }
  /** doc/{kind}/{slug} describes {base}id/{kind}/{slug}; doc/sdg/{code} describes the UN's sdg:{code}. */
  function subjectOf(rest: string): string {
    if (rest.startsWith('sdg/')) return ns.sdg + rest.slice(4);
    if (rest.startsWith('def/')) return `${base}${rest}`;
    return `${base}id/${rest}`;
  }

  /** The description of a thing (rest = kind/slug), of a UN goal (sdg/13) or of a term (def/Activity). */
  function resourceDocument(rest: string): Document {
    const subject = subjectOf(rest);
    return {
      path: `doc/${rest}`,
      variant: (ext) => `doc/${rest}.${ext}`,
      formats: DESCRIPTION_FORMATS,
      quads: () => describe(store, namedNode(subject)),
      subject,
      cacheSeconds: 300,
    };
  }

  /** Quads in an RDF format, with the site's prefixes and JSON-LD context. */
  async function serialise(quads: Quad[], format: Exclude<Format, 'html'>): Promise<string> {
    switch (format) {
      case 'turtle': return toTurtle(quads, rdfOptions);
      case 'ntriples': return toNTriples(quads);
      case 'nquads': return toNQuads(quads);
      case 'rdfxml': return toRdfXml(quads);
      case 'jsonld': return toJsonLd(quads, rdfOptions);
    }
  }

  async function render(doc: Document, format: Format, lang: Lang): Promise<Rendered> {
    const key = `${doc.path}|${format}|${format === 'html' ? lang : ''}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const quads = doc.quads();
    let text: string;
    if (format !== 'html') text = await serialise(quads, format);
    else if (doc.path === 'sparql') text = queryPage(lang, site, `${root}sparql`, prefixes, store.getGraphs(null, null, null).map((g) => g.value));
    else {
      const jsonLd = doc.subject ? await toJsonLd(quads.filter((q) => q.subject.value === doc.subject || q.subject.termType === 'BlankNode'), rdfOptions, true) : undefined;
      text = resourcePage(doc.subject ?? base, quads, lang, site, { path: `${root}${doc.variant('html')}`, alternates: alternates(doc, 'html'), jsonLd });
    }
    const rendered = remember(key, text, byFormat(format).type, format === 'html' ? lang : undefined);
    return rendered;
  }

  function remember(key: string, text: string, type: string, language?: Lang): Rendered {
    const body = Buffer.from(text, 'utf8');
    const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
    const rendered = { body, type, etag, language };
    if (cache.size >= CACHE_LIMIT || cachedBytes + body.length > CACHE_BYTES) {
      cache.clear();
      cachedBytes = 0;
    }
    cache.set(key, rendered);
    cachedBytes += body.length;
    return rendered;
  }

  function alternates(doc: Document, except: Format) {
    return doc.formats
      .filter((f) => f !== except)
      .map((f) => ({ href: `${root}${doc.variant(byFormat(f).extension)}`, type: byFormat(f).type, label: byFormat(f).label }));
  }

  function linkHeader(doc: Document, except: Format): string {
    return alternates(doc, except).map((a) => `<${base}${a.href.slice(root.length)}>; rel="alternate"; type="${a.type}"`).join(', ');
  }

  function languageOf(req: AppRequest, query: URLSearchParams): Lang {
    const asked = query.get('lang');
    if (asked === 'lv' || asked === 'en') return asked;
    return negotiateLanguage(req.headers['accept-language']) as Lang;
  }

  async function serveDocument(req: AppRequest, doc: Document, query: URLSearchParams, fixed?: Format): Promise<AppResponse> {
    const offered = doc.formats.map((f) => byFormat(f).type);
    let format = fixed;
    const override = query.get('format');
    if (!format && override) {
      const m = byExtension(override) ?? byType(override) ?? byFormatName(override);
      if (!m || !doc.formats.includes(m.format)) return notAcceptable(offered, `format "${override}" is not offered`);
      format = m.format;
    }
    if (!format) {
      const chosen = negotiate(req.headers.accept, offered, byFormat(doc.formats[0]!).type);
      if (!chosen) return notAcceptable(offered);
      format = byType(chosen)!.format;
    }
    const lang = languageOf(req, query);
    const rendered = await render(doc, format, lang);
    const headers: Record<string, string> = {
      'content-type': contentType(rendered.type),
      'content-location': `${base}${doc.variant(byFormat(format).extension).slice(0)}`,
      link: linkHeader(doc, format),
      vary: fixed ? 'Accept-Language' : 'Accept, Accept-Language',
      'cache-control': `public, max-age=${doc.cacheSeconds}`,
    };
    if (rendered.language) headers['content-language'] = rendered.language;
    return conditional(req, rendered, headers);
  }

  function conditional(req: AppRequest, rendered: Rendered, headers: Record<string, string>): AppResponse {
    const all = { ...CORS, ...headers, etag: rendered.etag, 'last-modified': lastModified.toUTCString() };
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    // Conditional GET only (RFC 9110 §13.1); an If-Modified-Since that is not an HTTP date, or
    // lies in the future, is ignored.
    const since = ims !== undefined && /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(ims.trim()) ? Date.parse(ims) : NaN;
    const fresh = req.method.toUpperCase() === 'POST' ? false : inm !== undefined
      ? inm.trim() === '*' || inm.split(',').some((t) => t.trim().replace(/^W\//, '').replace(/-gz"$/, '"') === rendered.etag)
      : !Number.isNaN(since) && since <= Date.now() && since >= lastModified.getTime();
    if (fresh) return { status: 304, headers: all };
    if (rendered.file) return { status: 200, headers: { ...all, 'content-length': String(rendered.file.size) }, file: rendered.file };
    return { status: 200, headers: { ...all, 'content-length': String(rendered.body!.length) }, body: rendered.body };
  }

  function notAcceptable(offered: string[], why = 'no offered type matches the Accept header'): AppResponse {
    return text(406, `Not Acceptable: ${why}. This resource is available as: ${offered.join(', ')}.\n`, { vary: 'Accept' });
  }

  function text(status: number, body: string, headers: Record<string, string> = {}): AppResponse {
    const buf = Buffer.from(body, 'utf8');
    return { status, headers: { ...CORS, 'content-type': 'text/plain; charset=utf-8', 'content-length': String(buf.length), ...headers }, body: buf };
  }

  function html(status: number, body: string, lang: Lang, headers: Record<string, string> = {}): AppResponse {
    const buf = Buffer.from(body, 'utf8');
    return {
      status,
      headers: { ...CORS, 'content-type': 'text/html; charset=utf-8', 'content-language': lang, 'content-length': String(buf.length), ...headers },
      body: buf,
    };
  }

  function notFound(req: AppRequest, path: string, query: URLSearchParams): AppResponse {
    const lang = languageOf(req, query);
    const wantsHtml = negotiate(req.headers.accept, ['text/plain', 'text/html'], 'text/plain') === 'text/html';
    const iri = `${base}${path}`;
    if (wantsHtml) return html(404, notFoundPage(iri, lang, site, `${root}${path}`), lang, { vary: 'Accept, Accept-Language' });
    return text(404, `Not Found: no resource <${iri}> in this dataset. Search: ${base}search?q=… — home: ${base}\n`, { vary: 'Accept' });
  }

  /** 303 from a thing to its description in the negotiated format. */
  function redirectToDescription(req: AppRequest, rest: string): AppResponse {
    const doc = resourceDocument(rest);
    const offered = doc.formats.map((f) => byFormat(f).type);
    const chosen = negotiate(req.headers.accept, offered, offered[0]!);
    if (!chosen) return notAcceptable(offered);
    return redirect(`${base}${doc.variant(byType(chosen)!.extension)}`, 'Accept');
  }

  function redirect(location: string, vary?: string): AppResponse {
    return {
      status: 303,
      headers: { ...CORS, location, 'content-length': '0', 'cache-control': 'public, max-age=300', ...(vary ? { vary } : {}) },
    };
  }

  // --- pages that are not graph documents ---

  async function home(req: AppRequest, query: URLSearchParams): Promise<AppResponse> {
    const chosen = negotiate(req.headers.accept, ['text/html'], 'text/html');
    if (!chosen) return notAcceptable(['text/html']);
    const lang = languageOf(req, query);
    const key = `|home|${lang}`;
    let rendered = cache.get(key);
    if (!rendered) {
      // The page stays small however many activities there are: the latest ones, and counts.
      const latest = relations.all.slice(-HOME_ACTIVITIES).map((id) => relations.summary(id));
      const goalLabels = new Labeller(store.getQuads(null, namedNode(ns.skos + 'altLabel'), null, null));
      const perGoal = Array.from({ length: 17 }, (_, i) => i + 1).map((goal) => ({
        goal,
        label: goalLabels.values(`${ns.sdg}${goal}`, ns.skos + 'altLabel').find((t) => (t as { language?: string }).language === lang)?.value ?? `${goal}`,
        count: relations.ofGoal(goal).length,
      }));
      const body = homePage(
        {
          triples: store.size,
          total: relations.all.length,
          activities: latest.map((a) => ({ iri: a.id, label: a.name[lang] ?? a.name.en ?? a.name.lv ?? a.id, date: a.startDate, goals: a.goals })),
          perGoal,
        },
        lang, site, root,
      );
      rendered = remember(key, body, 'text/html', lang);
    }
    return conditional(req, rendered, {
      'content-type': 'text/html; charset=utf-8', 'content-language': lang, vary: 'Accept, Accept-Language', 'cache-control': 'public, max-age=300',
    });
  }

  async function dump(req: AppRequest, path: string): Promise<AppResponse> {
    const d = DUMPS.find((x) => x.path === path)!;
    const file = await dumps.file(d.format);
    const rendered = { file, type: byFormat(d.format).type, etag: `"${project.key.slice(0, 20)}-${byFormat(d.format).extension}"` };
    return conditional(req, rendered, {
      'content-type': contentType(rendered.type),
      'content-disposition': `attachment; filename="${path.slice(path.lastIndexOf('/') + 1)}"`,
      'cache-control': 'public, max-age=3600',
    });
  }

  function search(req: AppRequest, query: URLSearchParams, path: string): AppResponse {
    const lang = languageOf(req, query);
    const q = (query.get('q') ?? '').trim().slice(0, 200);
    const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    const needle = fold(q);
    const hits = new Map<string, string>();
    if (needle) {
      for (const p of [ns.schema + 'name', ns.skos + 'altLabel', ns.rdfs + 'label']) {
        for (const quad of store.getQuads(null, namedNode(p), null, null)) {
          if (quad.subject.termType !== 'NamedNode' || hits.has(quad.subject.value) || !fold(quad.object.value).includes(needle)) continue;
          const labels = new Labeller(store.getQuads(quad.subject, null, null, null));
          hits.set(quad.subject.value, labels.label(quad.subject.value, lang) ?? quad.object.value);
          if (hits.size >= 100) break;
        }
      }
    }
    const list = [...hits].map(([iri, label]) => ({ iri, label })).sort((a, b) => a.label.localeCompare(b.label, lang));
    return html(200, searchPage(q, list, lang, site, `${root}${path}?${new URLSearchParams({ q })}`), lang, { vary: 'Accept-Language', 'cache-control': 'public, max-age=300' });
  }

  function dumpsIndex(req: AppRequest, query: URLSearchParams): AppResponse {
    const lang = languageOf(req, query);
    const list = DUMPS.map((d) => ({ href: `${root}${d.path}`, label: d.path.slice(6), type: byFormat(d.format).type }));
    return html(200, dumpsPage(list, lang, site, `${root}dumps/`), lang, { vary: 'Accept-Language', 'cache-control': 'public, max-age=3600' });
  }

  function paths(): string[] {
    const resources = new Set<string>();
    for (const s of store.getSubjects(null, null, null)) {
      if (s.termType !== 'NamedNode' || s.value.includes('#')) continue;
      if (s.value.startsWith(`${base}id/`)) resources.add(s.value.slice(base.length + 3));
      else if (sdgNumber(s.value)) resources.add(`sdg/${s.value.slice(ns.sdg.length)}`);
      else if (s.value.startsWith(`${base}def/`) && store.countQuads(s, namedNode(ns.rdfs + 'isDefinedBy'), null, null)) resources.add(s.value.slice(base.length));
    }
    return [...resources].sort();
  }

  function sitemap(): AppResponse {
    const urls = [base, `${base}catalog`, ...paths().map((p) => `${base}doc/${p}.html`)];
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls
      .map((u) => `  <url><loc>${escapeHtml(u)}</loc><lastmod>${lastModified.toISOString().slice(0, 10)}</lastmod></url>`)
      .join('\n')}\n</urlset>\n`;
    return text(200, body, { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=3600' });
  }

  async function handle(req: AppRequest): Promise<AppResponse> {
    let url: URL;
    try {
      url = new URL(req.url, 'http://request.invalid');
    } catch {
      return text(400, 'Bad Request: the request target is not a valid path.\n');
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return text(400, 'Bad Request: the path is not valid percent-encoded UTF-8.\n');
    }
    // Behind a proxy that keeps the base path, strip it; one that strips it sends the rest.
    const path = (pathname.startsWith(root) ? pathname.slice(root.length) : pathname.replace(/^\/+/, ''));
    if (path.split('/').some((seg) => seg === '..' || seg === '.')) return text(400, 'Bad Request: dot segments are not allowed in paths.\n');
    const query = url.searchParams;
    const method = req.method.toUpperCase();

    const allow = path === 'sparql' ? 'GET, HEAD, POST, OPTIONS' : 'GET, HEAD, OPTIONS';
    if (method === 'OPTIONS') {
      return {
        status: 204,
        headers: {
          ...CORS,
          'access-control-allow-methods': allow,
          'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'Accept, Accept-Language, Content-Type, If-None-Match, If-Modified-Since',
          'access-control-max-age': '86400',
          allow,
        },
      };
    }
    if (!allow.split(', ').includes(method)) {
      return text(405, `Method Not Allowed: ${root}${path} answers ${allow}.\n`, { allow });
    }
    if (path === 'sparql') {
      const answered = await sparql.handle(req, query);
      if (answered) return answered;
      if (method === 'POST') return text(400, 'Bad Request: no query.\n');
    }
    // HEAD gets GET's response; the transport leaves out the body (and so keeps GET's encoding).
    return route(req, path, query);
  }

  const api = createApi(base, relations, {
    text: (status, body, headers) => text(status, body, headers),
    json: (status, value, headers) => {
      const buf = Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8');
      return { status, headers: { ...CORS, 'content-type': 'application/json', 'content-length': String(buf.length), vary: 'Accept', 'cache-control': 'public, max-age=60', ...headers }, body: buf };
    },
    rdf: async (quads, type, headers = {}) => {
      const body = await serialise(quads, byType(type)!.format as Exclude<Format, 'html'>);
      const buf = Buffer.from(body, 'utf8');
      return { status: 200, headers: { ...CORS, 'content-type': contentType(type), 'content-length': String(buf.length), vary: 'Accept', 'cache-control': 'public, max-age=60', ...headers }, body: buf };
    },
    exists: (iri) => exists(store, namedNode(iri)),
  });

  async function route(req: AppRequest, path: string, query: URLSearchParams): Promise<AppResponse> {
    if (path === 'api' || path.startsWith('api/')) {
      const answered = await api.handle(req, path, query);
      if (answered) return answered;
    }
    if (path === '') return home(req, query);
    if (path === 'robots.txt') return text(200, `User-agent: *\nAllow: /\nSitemap: ${base}sitemap.xml\n`, { 'cache-control': 'public, max-age=86400' });
    if (path === 'sitemap.xml') return sitemap();
    if (path === 'context.jsonld') {
      const rendered = cache.get('context') ?? remember('context', JSON.stringify(context, null, 2) + '\n', 'application/ld+json');
      return conditional(req, rendered, { 'content-type': 'application/ld+json', 'cache-control': 'public, max-age=86400' });
    }
    if (path === 'search') return search(req, query, path);
    if (path === 'dumps/' || path === 'dumps') return dumpsIndex(req, query);
    if (DUMPS.some((d) => d.path === path)) return dump(req, path);

    // Graph documents, with their extension variants.
    for (const doc of Object.values(documents)) {
      if (path === doc.path) return serveDocument(req, doc, query);
      for (const f of doc.formats) if (path === doc.variant(byFormat(f).extension)) return serveDocument(req, doc, query, f);
    }
    // A term has a page of its own (doc/def/…); a version IRI and a shape live in their documents.
    if (/^def\/\d+\.\d+\.\d+$/.test(path)) return redirect(`${base}def/`);
    if (path.startsWith('def/') && !path.includes('.') && exists(store, namedNode(base + path))) {
      return redirectToDescription(req, path);
    }
    if (path.startsWith('shapes/') && !path.includes('.') && project.shapes.countQuads(namedNode(base + path), null, null, null) > 0) {
      return redirect(`${base}shapes/`, 'Accept');
    }
    if (path.startsWith('id/')) {
      const rest = path.slice(3);
      if (!rest || !exists(store, namedNode(`${base}id/${rest}`))) return notFound(req, path, query);
      return redirectToDescription(req, rest);
    }
    if (path.startsWith('doc/')) {
      let rest = path.slice(4);
      let fixed: Format | undefined;
      const dot = rest.lastIndexOf('.');
      const ext = dot > rest.lastIndexOf('/') ? rest.slice(dot + 1) : '';
      const m = ext ? byExtension(ext) : undefined;
      if (m && DESCRIPTION_FORMATS.includes(m.format) && !exists(store, namedNode(subjectOf(rest)))) {
        rest = rest.slice(0, dot);
        fixed = m.format;
      }
      if (!rest || !exists(store, namedNode(subjectOf(rest)))) return notFound(req, path, query);
      return serveDocument(req, resourceDocument(rest), query, fixed);
    }
    return notFound(req, path, query);
  }

  return { handle, paths, site, close: () => sparql.close() };
}

function byFormatName(name: string) {
  const aliases: Record<string, Format> = { turtle: 'turtle', 'json-ld': 'jsonld', jsonld: 'jsonld', ntriples: 'ntriples', 'n-triples': 'ntriples', rdfxml: 'rdfxml', 'rdf/xml': 'rdfxml', xml: 'rdfxml', html: 'html' };
  const f = aliases[name.toLowerCase()];
  return f ? byFormat(f) : undefined;
}

function contentType(type: string): string {
  return type.startsWith('text/') || type === 'application/n-triples' || type === 'application/n-quads' ? `${type}; charset=utf-8` : type;
}
