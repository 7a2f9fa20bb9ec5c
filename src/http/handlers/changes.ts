// {base}changes: what changed, in order and paged, for harvesters: each write's created, updated
// and deleted resources, as an Activity Streams 2.0 OrderedCollection (JSON-LD) or a Linked Data
// Event Stream (Turtle and the other RDF syntaxes). Made from the journal's records, so it is the
// same after a restart; a page of writes 1–50, 51–100… never changes once full, so a harvester
// that keeps the last page it read reads only what is new.
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { BadRequest, NotAcceptable, NotFound } from '../../errors.js';
import type { WriteHistory } from '../../pipeline.js';
import { escapeHtml, page } from '../../represent/html.js';
import { byFormat, byType, contentType, type Format } from '../../represent/media-types.js';
import { negotiate } from '../../represent/negotiate.js';
import { serialise } from '../../represent/rdf.js';
import { ns } from '../../vocab.js';
import type { AppContext } from '../context.js';
import { conditional, etagOf, type AppResponse, type Req } from '../core.js';
import { languageOf } from '../documents.js';
import type { Route } from '../route.js';

const { namedNode, literal, quad, blankNode } = N3.DataFactory;

/** Writes per page. */
export const CHANGES_PAGE = 50;
const LDES = 'https://w3id.org/ldes#';
const TREE = 'https://w3id.org/tree#';
const FORMATS: readonly Format[] = ['turtle', 'jsonld', 'activity', 'ntriples', 'rdfxml', 'html'];
const KINDS = [['created', 'Create'], ['updated', 'Update'], ['deleted', 'Delete']] as const;

export const changesRoute: Route = {
  name: 'change feed',
  match: (path) => path === 'changes',
  handle: (req, ctx) => changes(req, ctx),
};

interface Item {
  id: string;
  type: 'Create' | 'Update' | 'Delete';
  object: string;
  published: string;
  target: string;
  actor: string;
}

/** One item per resource a write changed, in the order of the writes. */
function items(records: readonly WriteHistory[], base: string): Item[] {
  return records.flatMap((r) => KINDS.flatMap(([kind, type]) => (r.resources?.[kind] ?? []).map((object, i) => ({
    id: `${base}changes#w${r.seq}-${kind}-${i}`, type, object, published: r.at, target: r.graph, actor: r.by,
  }))));
}

async function changes(req: Req, ctx: AppContext): Promise<AppResponse> {
  const base = ctx.base;
  const records = ctx.project.history;
  const lastSeq = records.at(-1)?.seq ?? 0;
  const pages = Math.max(1, Math.ceil(lastSeq / CHANGES_PAGE));
  const asked = req.query.get('page');
  if (asked !== null && !/^[1-9]\d{0,8}$/.test(asked)) throw new BadRequest('page is a whole number from 1');
  const number = asked === null ? undefined : Number(asked);
  if (number !== undefined && number > pages) throw new NotFound(`the change feed has ${pages} page(s); page ${number} is not one of them yet`);
  const offered = FORMATS.map((f) => byFormat(f).type);
  const chosen = negotiate(req.headers.accept, offered, offered[0]!, req.query.get('format'));
  if (!chosen) throw new NotAcceptable(offered);
  const format = byType(chosen)!.format;
  const feed = `${base}changes`;
  const url = (n: number) => `${feed}?page=${n}`;
  const onPage = number === undefined ? [] : items(records.filter((r) => r.seq > (number - 1) * CHANGES_PAGE && r.seq <= number * CHANGES_PAGE), base);
  const total = items(records, base).length;
  let body: string;
  if (format === 'activity' || format === 'jsonld') {
    const context = 'https://www.w3.org/ns/activitystreams';
    body = JSON.stringify(number === undefined
      ? { '@context': context, id: feed, type: 'OrderedCollection', summary: 'What changed in the SDG data, oldest first', totalItems: total, first: url(1), last: url(pages) }
      : {
        '@context': context, id: url(number), type: 'OrderedCollectionPage', partOf: feed,
        ...(number > 1 ? { prev: url(number - 1) } : {}), ...(number < pages ? { next: url(number + 1) } : {}),
        orderedItems: onPage.map((i) => ({ id: i.id, type: i.type, object: i.object, published: i.published, target: i.target, actor: { type: 'Application', name: i.actor } })),
      }, null, 2) + '\n';
  } else if (format === 'html') {
    const lang = languageOf(req);
    const rows = onPage.map((i) => `<tr><td><time>${escapeHtml(i.published)}</time></td><td>${i.type}</td><td><a href="${escapeHtml(i.object)}">${escapeHtml(i.object)}</a></td><td>${escapeHtml(i.actor)}</td></tr>`).join('');
    const nav = number === undefined ? `<p>${total} ${lang === 'lv' ? 'izmaiņas' : 'changes'}: <a href="${escapeHtml(`${ctx.root}changes?page=1`)}">${lang === 'lv' ? 'pirmā lapa' : 'first page'}</a> · <a href="${escapeHtml(`${ctx.root}changes?page=${pages}`)}">${lang === 'lv' ? 'pēdējā lapa' : 'last page'}</a></p>`
      : `<p>${number > 1 ? `<a rel="prev" href="${ctx.root}changes?page=${number - 1}">←</a> ` : ''}${number}/${pages}${number < pages ? ` <a rel="next" href="${ctx.root}changes?page=${number + 1}">→</a>` : ''}</p><table class="props">${rows}</table>`;
    body = page({ title: lang === 'lv' ? 'Izmaiņu plūsma' : 'Change feed', lang, site: ctx.site, path: `${ctx.root}changes${number ? `?page=${number}` : ''}`, body: `<h1>${lang === 'lv' ? 'Izmaiņu plūsma' : 'Change feed'}</h1>${nav}` });
  } else {
    body = await serialise(eventStream(feed, number, pages, onPage, url), format, { ...ctx.rdf, prefixes: { ...ctx.rdf.prefixes, ldes: LDES, tree: TREE, as: ns.as } });
  }
  const bytes = Buffer.from(body, 'utf8');
  // A page whose writes are all there never changes again.
  const full = number !== undefined && number < pages;
  return conditional(req, { body: bytes, type: chosen, etag: etagOf(bytes) }, {
    'content-type': contentType(chosen), vary: format === 'html' ? 'Accept, Accept-Language' : 'Accept', 'cache-control': full ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...(format === 'html' ? { 'content-language': languageOf(req) } : {}),
  }, ctx.lastModified);
}

/** The LDES view: the stream, its pages as tree nodes, each page's members (the same items, in RDF). */
function eventStream(feed: string, number: number | undefined, pages: number, onPage: Item[], url: (n: number) => string): Quad[] {
  const type = namedNode(ns.rdf + 'type');
  const stream = namedNode(feed);
  const out: Quad[] = [
    quad(stream, type, namedNode(`${LDES}EventStream`)),
    quad(stream, namedNode(`${LDES}timestampPath`), namedNode(`${ns.as}published`)),
    quad(stream, namedNode(`${LDES}versionOfPath`), namedNode(`${ns.as}object`)),
    quad(stream, namedNode(`${TREE}view`), namedNode(url(number ?? 1))),
  ];
  if (number === undefined) return out;
  const node = namedNode(url(number));
  out.push(quad(node, type, namedNode(`${TREE}Node`)));
  if (number < pages) {
    const relation = blankNode('next');
    out.push(quad(node, namedNode(`${TREE}relation`), relation), quad(relation, type, namedNode(`${TREE}Relation`)), quad(relation, namedNode(`${TREE}node`), namedNode(url(number + 1))));
  }
  for (const i of onPage) {
    const member = namedNode(i.id);
    const actor = blankNode(`actor-${i.id.slice(i.id.indexOf('#') + 1)}`);
    out.push(
      quad(stream, namedNode(`${TREE}member`), member),
      quad(member, type, namedNode(`${ns.as}${i.type}`)),
      quad(member, namedNode(`${ns.as}object`), namedNode(i.object)),
      quad(member, namedNode(`${ns.as}published`), literal(i.published, namedNode(`${ns.xsd}dateTime`))),
      quad(member, namedNode(`${ns.as}target`), namedNode(i.target)),
      quad(member, namedNode(`${ns.as}actor`), actor),
      quad(actor, namedNode(`${ns.as}name`), literal(i.actor)),
    );
  }
  return out;
}
