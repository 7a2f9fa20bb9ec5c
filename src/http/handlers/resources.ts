// Things and their descriptions: {base}id/… answers 303 to {base}doc/… in the negotiated
// format; {base}doc/… is the description, negotiated or by extension. UN goals and targets are
// described at doc/sdg/{code}, our terms at doc/def/{term}.
import N3 from 'n3';
import { NotFound } from '../../errors.js';
import { byExtension, byFormat, byType, DESCRIPTION_FORMATS, type Format } from '../../represent/media-types.js';
import { negotiate } from '../../represent/negotiate.js';
import { catalogGraph, graphFragment } from '../../store/dataset.js';
import { exists, MAX_LINKING } from '../../store/describe.js';
import type { Quad } from '@rdfjs/types';
import { ns } from '../../vocab.js';
import type { AppContext } from '../context.js';
import { redirect, type AppResponse, type Req } from '../core.js';
import { serveDocument, type Document } from '../documents.js';
import { NotAcceptable } from '../../errors.js';
import { pageFiles, type ExportFile, type Route } from '../route.js';

const { namedNode } = N3.DataFactory;

/** doc/{kind}/{slug} describes {base}id/{kind}/{slug}; doc/sdg/{code} the UN's sdg:{code}; doc/def/{term} our term. */
function subjectOf(rest: string, base: string): string {
  if (rest.startsWith('sdg/')) return ns.sdg + rest.slice(4);
  if (rest.startsWith('def/')) return `${base}${rest}`;
  return `${base}id/${rest}`;
}

/** The description of a thing (rest = kind/slug), of a UN goal (sdg/13) or of a term (def/Activity). */
export function resourceDocument(ctx: AppContext, rest: string): Document {
  const subject = subjectOf(rest, ctx.base);
  let described: { quads: Quad[]; linking: number } | undefined;
  return {
    path: `doc/${rest}`,
    variant: (ext) => `doc/${rest}.${ext}`,
    formats: DESCRIPTION_FORMATS,
    quads: async () => (described ??= await ctx.reader.describe(subject)).quads,
    subject,
    cacheSeconds: 300,
    // Asked after the quads.
    linking: () => ({ shown: Math.min(MAX_LINKING, described?.linking ?? 0), total: described?.linking ?? 0, all: listingOf(ctx, rest) }),
  };
}

/** The API listing that holds every activity linked to a goal, target or municipality. */
function listingOf(ctx: AppContext, rest: string): string | undefined {
  const m = /^sdg\/(\d{1,2}(?:\.\w+)?)$/.exec(rest);
  if (m) return `${ctx.root}api/${m[1]!.includes('.') ? 'targets' : 'goals'}/${m[1]}/activities`;
  if (rest.startsWith('municipality/')) return `${ctx.root}api/municipalities/${rest.slice('municipality/'.length)}/activities`;
  return undefined;
}

const known = (ctx: AppContext, iri: string) => ctx.reader.exists(iri);
const missing = (ctx: AppContext, path: string) => new NotFound(`no resource <${ctx.base}${path}> in this dataset. Search: ${ctx.base}search?q=… — home: ${ctx.base}`, `${ctx.base}${path}`);

/** The target of a redirect, with the parameters it reads that the request gave (a language chosen on a page, a format). */
function keep(req: Req, url: string, names: readonly string[] = ['lang', 'format']): string {
  const kept = new URLSearchParams(names.flatMap((n): [string, string][] => (req.query.has(n) ? [[n, req.query.get(n)!]] : [])));
  return kept.size ? `${url}${url.includes('?') ? '&' : '?'}${kept}` : url;
}

/** 303 from a thing to its description in the negotiated format. */
function redirectToDescription(req: Req, ctx: AppContext, rest: string): AppResponse {
  const doc = resourceDocument(ctx, rest);
  const offered = doc.formats.map((f) => byFormat(f).type);
  const chosen = negotiate(req.headers.accept, offered, offered[0]!, req.query.get('format'));
  if (!chosen) throw new NotAcceptable(offered);
  const url = `${ctx.base}${doc.variant(byType(chosen)!.extension)}`;
  return redirect(chosen === 'text/html' ? keep(req, url, ['lang']) : url, 'Accept');
}

export const resourceRoutes: Route[] = [
  {
    // A graph's IRI tells what the graph is: its VoID subset (statistics, the dumps that hold it),
    // or for the catalogue's graph, the catalogue.
    name: 'named graph',
    match: (path, ctx) => path.startsWith('graph/') && (ctx.reader.graphs.includes(ctx.base + path) || (ctx.site.catalogue && ctx.base + path === catalogGraph(ctx.base))),
    handle: (req, ctx) => (ctx.base + req.path === catalogGraph(ctx.base)
      ? redirect(keep(req, `${ctx.base}catalog`), 'Accept')
      : redirect(`${keep(req, `${ctx.base}.well-known/void`)}#${graphFragment(ctx.base + req.path, ctx.base)}`)),
  },
  {
    name: 'ontology version',
    match: (path) => /^def\/\d+\.\d+\.\d+$/.test(path),
    handle: (req, ctx) => redirect(keep(req, `${ctx.base}def/`)),
  },
  {
    name: 'term',
    // The ontology is the site's own: held here with an external store too.
    match: (path, ctx) => path.startsWith('def/') && !path.includes('.') && exists(ctx.store, namedNode(ctx.base + path)),
    handle: (req, ctx) => redirectToDescription(req, ctx, req.path),
  },
  {
    name: 'shape',
    match: (path, ctx) => path.startsWith('shapes/') && !path.includes('.') && ctx.project.shapes.countQuads(namedNode(ctx.base + path), null, null, null) > 0,
    handle: (req, ctx) => redirect(keep(req, `${ctx.base}shapes/`), 'Accept'),
  },
  {
    name: 'thing',
    match: (path) => path.startsWith('id/'),
    handle: async (req, ctx) => {
      const rest = req.path.slice(3);
      if (!rest || !(await known(ctx, `${ctx.base}id/${rest}`))) throw missing(ctx, req.path);
      return redirectToDescription(req, ctx, rest);
    },
  },
  {
    name: 'description',
    match: (path) => path.startsWith('doc/'),
    handle: async (req, ctx) => {
      let rest = req.path.slice(4);
      let fixed: Format | undefined;
      const dot = rest.lastIndexOf('.');
      const ext = dot > rest.lastIndexOf('/') ? rest.slice(dot + 1) : '';
      const m = ext ? byExtension(ext) : undefined;
      // A slug may itself contain a dot: an extension counts only where the whole path names nothing.
      if (m && DESCRIPTION_FORMATS.includes(m.format) && !(await known(ctx, subjectOf(rest, ctx.base)))) {
        rest = rest.slice(0, dot);
        fixed = m.format;
      }
      if (!rest || !(await known(ctx, subjectOf(rest, ctx.base)))) throw missing(ctx, req.path);
      return serveDocument(req, ctx, resourceDocument(ctx, rest), fixed);
    },
    files: (ctx) => ctx.resourcePaths().flatMap((p): ExportFile[] =>
      DESCRIPTION_FORMATS.flatMap((f) => {
        const { extension, type } = byFormat(f);
        return f === 'html' ? pageFiles(`doc/${p}.html`, `doc/${p}`) : [{ url: `doc/${p}.${extension}`, file: `doc/${p}.${extension}`, accept: type }];
      })),
  },
];
