// Graph documents: one set of quads served in several formats, with extension variants, by
// negotiation. A resource's description, the catalogue, VoID, the ontology, the shapes and the
// SPARQL service description are all documents; rendering is cached per app.
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { NotAcceptable } from '../errors.js';
import { graphIri } from '../load/sources.js';
import { queryPage, resourcePage, type Lang, type Linking } from '../represent/html.js';
import { embeddedStatements } from '../represent/embedded.js';
import { byFormat, byType, fromFormatParam, type Format } from '../represent/media-types.js';
import { negotiate, negotiateLanguage } from '../represent/negotiate.js';
import { queryVocabulary } from '../represent/query-vocabulary.js';
import { serialise, toJsonLd } from '../represent/rdf.js';
import { conditional, etagOf, headerIri, remember, type AppResponse, type Rendered, type Req } from './core.js';
import type { AppContext } from './context.js';
import { ASSETS } from './handlers/assets.js';

export interface Document {
  /** Path without extension, relative to the site root. */
  path: string;
  /** Path of a variant: path + '.' + extension (or index.ext for folder-like paths). */
  variant: (ext: string) => string;
  formats: readonly Format[];
  quads: () => Quad[] | Promise<Quad[]>;
  /** The resource an HTML page is about. */
  subject?: string | undefined;
  cacheSeconds: number;
  /** A page of its own instead of the generic description page (the query page). */
  page?: (lang: Lang) => string;
  /** True while what the quads say is not yet complete: the rendering is then neither kept nor cacheable. */
  partial?: () => boolean;
  /** Of the resources linking here, how many the quads hold (a description holds the latest only). */
  linking?: () => Linking;
}

export function folder(path: string, formats: readonly Format[], quads: Document['quads'], subject?: string): Document {
  return { path, variant: (ext) => `${path}index.${ext}`, formats, quads, subject, cacheSeconds: 3600 };
}

export function file(path: string, formats: readonly Format[], quads: Document['quads'], subject?: string): Document {
  return { path, variant: (ext) => `${path}.${ext}`, formats, quads, subject, cacheSeconds: 3600 };
}

export function languageOf(req: Req): Lang {
  // Tags are case-insensitive, and a region (lv-LV) still names the language.
  const asked = req.query.get('lang')?.toLowerCase().split('-')[0];
  if (asked === 'lv' || asked === 'en') return asked;
  return negotiateLanguage(req.headers['accept-language']) as Lang;
}

export async function render(ctx: AppContext, doc: Document, format: Format, lang: Lang): Promise<Rendered> {
  const key = `${doc.path}|${format}|${format === 'html' ? lang : ''}`;
  const hit = ctx.rendered.get(key);
  if (hit) return hit;
  let text: string;
  if (format === 'html' && doc.page) text = doc.page(lang);
  else {
    const quads = await doc.quads();
    if (format !== 'html') text = await serialise(quads, format, ctx.rdf);
    else {
      const jsonLd = doc.subject ? await toJsonLd(await embeddedStatements(quads, doc.subject, (iris) => ctx.reader.about(iris)), ctx.rdf, true) : undefined;
      text = resourcePage(doc.subject ?? ctx.base, quads, lang, ctx.site, { path: `${ctx.root}${doc.variant('html')}`, alternates: alternates(ctx, doc, 'html'), jsonLd }, doc.linking?.());
    }
  }
  const language = format === 'html' ? lang : undefined;
  if (doc.partial?.()) {
    const body = Buffer.from(text, 'utf8');
    return { body, type: byFormat(format).type, etag: etagOf(body), language };
  }
  return remember(ctx, key, text, byFormat(format).type, language);
}

function alternates(ctx: AppContext, doc: Document, except: Format) {
  return doc.formats
    .filter((f) => f !== except)
    .map((f) => ({ href: `${ctx.root}${doc.variant(byFormat(f).extension)}`, type: byFormat(f).type, label: byFormat(f).label }));
}

/** The format a request asks of a document: the variant's own, else `?format=`, else Accept. */
export function chooseFormat(req: Req, doc: Document, fixed?: Format): Format {
  if (fixed) return fixed;
  const offered = doc.formats.map((f) => byFormat(f).type);
  const asked = req.query.get('format');
  const chosen = negotiate(req.headers.accept, offered, offered[0]!, asked);
  if (chosen) return byType(chosen)!.format;
  const why = asked && !fromFormatParam(asked, doc.formats) ? `format "${asked}" is not offered, and no offered type matches the Accept header` : undefined;
  throw new NotAcceptable(offered, why);
}

export async function serveDocument(req: Req, ctx: AppContext, doc: Document, fixed?: Format): Promise<AppResponse> {
  const format = chooseFormat(req, doc, fixed);
  const lang = languageOf(req);
  const rendered = await render(ctx, doc, format, lang);
  const headers: Record<string, string> = {
    'content-type': byFormat(format).charset ? `${rendered.type}; charset=utf-8` : rendered.type,
    'content-location': headerIri(`${ctx.base}${doc.variant(byFormat(format).extension)}`),
    link: alternates(ctx, doc, format).map((a) => `<${headerIri(`${ctx.base}${a.href.slice(ctx.root.length)}`)}>; rel="alternate"; type="${a.type}"`).join(', '),
    vary: fixed ? 'Accept-Language' : 'Accept, Accept-Language',
    'cache-control': doc.partial?.() ? 'no-cache' : `public, max-age=${doc.cacheSeconds}`,
  };
  if (rendered.language) headers['content-language'] = rendered.language;
  return conditional(req, rendered, headers, ctx.lastModified);
}

/** The document at a path, or at one of its extension variants (then in that format). */
export function documentAt(path: string, docs: readonly Document[]): { doc: Document; fixed?: Format } | undefined {
  for (const doc of docs) {
    if (path === doc.path) return { doc };
    for (const f of doc.formats) if (path === doc.variant(byFormat(f).extension)) return { doc, fixed: f };
  }
  return undefined;
}

/** The query page for people, in place of the service description's generic page. */
export function queryPageOf(ctx: AppContext): (lang: Lang) => string {
  return (lang) => {
    // The site's own graphs: the ontology (with the reused terms) and the shapes, whatever the store.
    const vocabulary = queryVocabulary([
      ...ctx.store.getQuads(null, null, null, N3.DataFactory.namedNode(graphIri(ctx.base, 'ontology'))),
      ...ctx.project.shapes.getQuads(null, null, null, null),
    ]);
    return queryPage(lang, ctx.site, `${ctx.root}sparql`, {
      prefixes: ctx.prefixes,
      graphs: [...ctx.reader.graphs],
      vocabulary,
      scripts: [ASSETS.yasguiScript, ASSETS.chart, ASSETS.script],
      styles: [ASSETS.yasguiStyle, ASSETS.style],
    });
  };
}

export const triples = (quads: Iterable<Quad>) => [...quads].map((q) => N3.DataFactory.quad(q.subject, q.predicate, q.object));
