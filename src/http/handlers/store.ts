// The SPARQL 1.1 Graph Store Protocol at {base}store?graph=IRI (serve --writes): GET and HEAD read
// a named graph; PUT replaces it, POST merges into it, DELETE removes it. Writes need a token,
// pass the SHACL gate, reach the journal on disk, and are published before the answer leaves.
// {base}store/history tells who changed which graph when, in PROV-O.
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { BadRequest, NotAcceptable, NotFound, ServiceUnavailable, ShapeViolation, UnsupportedMediaType } from '../../errors.js';
import { parseText, type Syntax } from '../../load/parse.js';
import { byFormat, byType, contentType, type Format } from '../../represent/media-types.js';
import { negotiate } from '../../represent/negotiate.js';
import { serialise } from '../../represent/rdf.js';
import { GRAPH_STORE_FORMATS } from '../../represent/descriptions.js';
import { toJson, toText } from '../../validate/report.js';
import type { LocatedResult } from '../../validate/run.js';
import { ns } from '../../vocab.js';
import type { GraphWrite, Prepared } from '../../writes.js';
import { readRows, rowsToQuads, RowsRefused } from '../../rows/activities.js';
import { RemoteQueryPool } from '../../store/remote-pool.js';
import { appendHistory, pushVersion, versionName } from '../../store/versions.js';
import { jsonLogger } from '../listener.js';
import { publishedGraphs } from '../../store/dataset.js';
import type { AppContext } from '../context.js';
import { bytes, conditional, etagOf, json, text, type AppResponse, type Req } from '../core.js';
import type { Route } from '../route.js';

const { namedNode, literal, quad, blankNode } = N3.DataFactory;

const SYNTAX: Partial<Record<Format, Syntax>> = { turtle: 'turtle', ntriples: 'n-triples', jsonld: 'json-ld', rdfxml: 'rdf-xml' };
/** Activities as rows (a spreadsheet's CSV, or the same as JSON): see docs/stewards.md. */
export const ROW_TYPES = ['text/csv', 'application/json'];

export const storeRoutes: Route[] = [
  {
    name: 'graph store history',
    match: (path, ctx) => path === 'store/history' && !!ctx.writes,
    handle: (req, ctx) => history(req, ctx),
  },
  {
    name: 'graph store',
    match: (path, ctx) => path === 'store' && !!ctx.writes,
    methods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'],
    handle: (req, ctx) => (req.method === 'GET' || req.method === 'HEAD' ? read(req, ctx) : write(req, ctx)),
  },
];

function graphOf(req: Req, ctx: AppContext): string {
  if (req.query.has('default')) throw new BadRequest(`the default graph is the union of the published graphs and is not written; name a graph: ?graph=${ctx.base}graph/report/…`);
  const graph = req.query.get('graph');
  if (!graph) throw new BadRequest(`name the graph: ?graph=${ctx.base}graph/report/…`);
  if (!URL.canParse(graph) || /[\s<>"{}|\\^`]/.test(graph)) throw new BadRequest(`?graph= is an absolute IRI, not "${graph}"`);
  return graph;
}

async function read(req: Req, ctx: AppContext): Promise<AppResponse> {
  const graph = graphOf(req, ctx);
  const tag = ctx.project.graphs.get(graph);
  if (!tag) throw new NotFound(`no graph <${graph}> in this store`);
  const offered = GRAPH_STORE_FORMATS.map((f) => byFormat(f).type);
  const chosen = negotiate(req.headers.accept, offered, offered[0]!, req.query.get('format'));
  if (!chosen) throw new NotAcceptable(offered);
  const format = byType(chosen)!.format;
  const quads = ctx.store.getQuads(null, null, null, namedNode(graph)).map((q) => quad(q.subject, q.predicate, q.object));
  const body = Buffer.from(await serialise(quads, format, ctx.rdf), 'utf8');
  // One ETag per representation, the graph's own plus the format: If-Match takes either.
  const etag = tag.replace(/"$/, `.${byFormat(format).extension}"`);
  return conditional(req, { body, type: chosen, etag }, { 'content-type': contentType(chosen), vary: 'Accept', 'cache-control': 'no-cache' }, ctx.lastModified);
}

async function write(req: Req, ctx: AppContext): Promise<AppResponse> {
  const { service } = ctx.writes!;
  const token = await service.authenticate(req.headers.authorization, req.client ?? '');
  const graph = graphOf(req, ctx);
  service.authorize(token, graph);
  const op = req.method === 'PUT' ? 'put' : req.method === 'POST' ? 'post' : 'delete';
  let quads: Quad[] = [];
  try {
    if (op !== 'delete') quads = bodyQuads(req, ctx, graph);
  } catch (error) {
    if (error instanceof RowsRefused) return refusedRows(error);
    throw error;
  }
  if (op === 'delete' && !ctx.project.graphs.has(graph)) throw new NotFound(`no graph <${graph}> to delete`);
  const change: GraphWrite = { graph, op, quads, by: token.name, ifMatch: req.headers['if-match'], ifNoneMatch: req.headers['if-none-match'] };
  try {
    const { record, created } = await commitWrite(ctx, change);
    const headers = { 'cache-control': 'no-store', ...(record.etag ? { etag: record.etag } : {}) };
    const said = `${record.op} <${graph}>: ${record.added} statement(s) added, ${record.removed} removed, by ${token.name}; history: ${ctx.base}store/history?graph=${encodeURIComponent(graph)}`;
    if (created) return text(201, `${said}\n`, { ...headers, location: `${ctx.base}store?graph=${encodeURIComponent(graph)}` });
    return { status: 204, headers: { ...headers, 'x-sdg-lod-write': said.replace(/[^\x20-\x7e]/g, '?') } };
  } catch (error) {
    if (error instanceof ShapeViolation) return violation(req, ctx, error);
    throw error;
  }
}

/** One write, whatever way it came: validated, journaled, applied, published; one at a time. */
export function commitWrite(ctx: AppContext, change: GraphWrite): Promise<Prepared> {
  const { service } = ctx.writes!;
  return service.exclusive(async () => {
    // A reload swapped in another version while this write waited: that one takes it.
    if (ctx.retired) throw new ServiceUnavailable('the data was reloaded while this write waited; send it again', 1);
    const { writer } = ctx.writes!;
    const prepared = await writer.prepare(change, () => service.nextSeq());
    await service.append(prepared.record);
    writer.commit(prepared);
    ctx.changed(prepared);
    if (ctx.pool instanceof RemoteQueryPool) await toExternalStore(ctx, ctx.pool, prepared.record.graph);
    return prepared;
  });
}

/**
 * A reload of a writing server over an external store: the version it validated becomes the
 * store's current one, every graph loaded, before it is swapped in here (so that this server and
 * the others show the same). What is pushed is what this server shows from then on.
 */
export async function pushWhole(ctx: AppContext): Promise<void> {
  const pool = ctx.pool;
  if (!(pool instanceof RemoteQueryPool)) return;
  const pushed = await pushVersion(pool.remote, ctx.store, publishedGraphs(ctx.store, ctx.base), ctx.base, versionName(`r${ctx.project.history.at(-1)?.seq ?? 0}`), { modified: ctx.lastModified, key: `${ctx.project.key.slice(0, 20)}-${ctx.generation}`, prefixes: ctx.project.prefixes });
  for (const [g, part] of pushed.parts) pool.parts.set(g, part);
  pool.followed = pushed.version;
  pool.replaceGraph();
}

/**
 * With an external store (serve --store sparql), a write is a new version there too, made of
 * the graphs it changed and the last version's others, so that the endpoint reads it at once. A
 * store that cannot be reached keeps the graph for the next write; the write itself is stored
 * and published here already.
 */
async function toExternalStore(ctx: AppContext, pool: RemoteQueryPool, graph: string) {
  pool.pending.add(graph);
  const graphs = publishedGraphs(ctx.store, ctx.base);
  const version = versionName(`w${ctx.project.history.at(-1)?.seq ?? 0}`);
  try {
    // The records first (this one, and any the store missed): a server that opens the new
    // version finds them in the history.
    const record = ctx.project.history.at(-1);
    if (record) pool.pendingRecords.push(record);
    while (pool.pendingRecords.length) {
      await appendHistory(pool.remote, ctx.base, pool.pendingRecords[0]!);
      pool.pendingRecords.shift();
    }
    const pushed = await pushVersion(pool.remote, ctx.store, graphs, ctx.base, version, { modified: ctx.lastModified, key: `${ctx.project.key.slice(0, 20)}-${ctx.generation}`, prefixes: ctx.project.prefixes }, undefined, new Set(pool.pending));
    pool.pending.clear();
    // What we pushed is what we show: following it again would fetch our own write back.
    if (pool.parts.size) for (const [g, part] of pushed.parts) pool.parts.set(g, part);
    pool.followed = pushed.version;
  } catch (error) {
    jsonLogger({ time: new Date().toISOString(), level: 'error', message: `the external store did not take the write to <${graph}>: ${error instanceof Error ? error.message : String(error)}; sent again with the next write` });
  }
  pool.replaceGraph();
}

/** 422 for rows that cannot become RDF: each problem with its row and column. */
function refusedRows(error: RowsRefused): AppResponse {
  return json(422, { error: 'some rows cannot be read as activities; nothing was stored', problems: error.problems }, { 'cache-control': 'no-store' });
}

/** The request body as statements: RDF in one of the graph formats, or activities as rows. */
function bodyQuads(req: Req, ctx: AppContext, graph: string): Quad[] {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const format = byType(type)?.format;
  const syntax = format && SYNTAX[format];
  const text = (req.body ?? Buffer.alloc(0)).toString('utf8');
  if (ROW_TYPES.includes(type)) return rowsToQuads(readRows(text, type as 'text/csv'), { base: ctx.base, graph, store: ctx.store });
  if (!syntax) {
    throw new UnsupportedMediaType(`send the graph as ${GRAPH_STORE_FORMATS.map((f) => byFormat(f).type).join(', ')}, or activities as ${ROW_TYPES.join(' or ')}${type ? `, not ${type}` : ' (no Content-Type was given)'}`);
  }
  return parseText(syntax === 'json-ld' ? withOurContext(text, ctx) : text, syntax, ctx.base, 'the request body').quads;
}

/** JSON-LD that names our context by its IRI (as we serve it) gets it inline: nothing is fetched. */
function withOurContext(text: string, ctx: AppContext): string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return text; // the parser says what is wrong, and where
  }
  const ours = (c: unknown): unknown => (c === ctx.rdf.contextIri ? ctx.rdf.context['@context'] : Array.isArray(c) ? c.map(ours) : c);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === '@context' ? ours(x) : walk(x)]));
    return v;
  };
  return JSON.stringify(walk(doc));
}

/** 422: the report, grouped as `sdg-lod validate` groups it, as JSON, Turtle (SHACL's own report) or text. */
async function violation(req: Req, ctx: AppContext, error: ShapeViolation): Promise<AppResponse> {
  const results = error.report as LocatedResult[];
  const outcome = { syntaxErrors: [], report: { conforms: false, results }, config: { base: ctx.base } };
  const offered = ['application/json', 'text/turtle', 'application/ld+json', 'text/plain'];
  const chosen = negotiate(req.headers.accept, offered, offered[0]!) ?? offered[0]!;
  const headers = { vary: 'Accept', 'cache-control': 'no-store' };
  if (chosen === 'application/json') return json(422, { error: error.message, ...toJson(outcome) }, headers);
  if (chosen === 'text/plain') return text(422, `Unprocessable Content: ${error.message}.\n\n${toText(outcome)}`, headers);
  const format = byType(chosen)!.format;
  return bytes(422, Buffer.from(await serialise(reportQuads(results), format, ctx.rdf), 'utf8'), chosen, headers);
}

/** A SHACL validation report (sh:ValidationReport) of the results. */
function reportQuads(results: readonly LocatedResult[]): Quad[] {
  const sh = (l: string) => namedNode(ns.sh + l);
  const type = namedNode(ns.rdf + 'type');
  const report = blankNode('report');
  const out = [quad(report, type, sh('ValidationReport')), quad(report, sh('conforms'), literal('false', namedNode(ns.xsd + 'boolean')))];
  results.forEach((r, i) => {
    const node = blankNode(`result${i}`);
    out.push(quad(report, sh('result'), node), quad(node, type, sh('ValidationResult')), quad(node, sh('resultSeverity'), sh(r.severity)),
      quad(node, sh('focusNode'), r.focusNode as N3.Quad_Object), quad(node, sh('resultMessage'), literal(r.message)), quad(node, sh('sourceConstraintComponent'), sh(r.constraint)));
    const path = /^<([^<>]*)>$/.exec(r.path ?? '')?.[1];
    if (path) out.push(quad(node, sh('resultPath'), namedNode(path)));
    if (r.value) out.push(quad(node, sh('value'), r.value as N3.Quad_Object));
    if (r.shape) out.push(quad(node, sh('sourceShape'), r.shape as N3.Quad_Object));
  });
  return out;
}

/** Who changed which graph when (PROV-O): each write an activity, each version it made an entity. */
async function history(req: Req, ctx: AppContext): Promise<AppResponse> {
  const only = req.query.get('graph');
  const doc = `${ctx.base}store/history`;
  const prov = (l: string) => namedNode(ns.prov + l);
  const type = namedNode(ns.rdf + 'type');
  const dateTime = (at: string) => literal(at, namedNode(ns.xsd + 'dateTime'));
  const version = new Map<string, N3.NamedNode>();
  const out: Quad[] = [];
  for (const r of ctx.project.history) {
    const previous = version.get(r.graph);
    const activity = namedNode(`${doc}#write-${r.seq}`);
    const agent = namedNode(`${doc}#token-${encodeURIComponent(r.by)}`);
    const made = r.etag ? namedNode(`${doc}#version-${r.seq}`) : undefined;
    if (made) version.set(r.graph, made);
    else version.delete(r.graph);
    if (only && r.graph !== only) continue;
    out.push(
      quad(activity, type, prov('Activity')),
      quad(activity, namedNode(ns.rdfs + 'label'), literal(`${r.op.toUpperCase()} ${r.graph}: ${r.added} added, ${r.removed} removed`)),
      quad(activity, prov('startedAtTime'), dateTime(r.at)),
      quad(activity, prov('endedAtTime'), dateTime(r.at)),
      quad(activity, prov('wasAssociatedWith'), agent),
      quad(agent, type, prov('Agent')),
      quad(agent, namedNode(ns.foaf + 'name'), literal(r.by)),
    );
    if (previous) out.push(quad(activity, prov('used'), previous), ...(made ? [] : [quad(activity, prov('invalidated'), previous)]));
    if (made) {
      out.push(
        quad(made, type, prov('Entity')),
        quad(made, prov('specializationOf'), namedNode(r.graph)),
        quad(made, prov('wasGeneratedBy'), activity),
        quad(made, prov('generatedAtTime'), dateTime(r.at)),
        quad(made, prov('wasAttributedTo'), agent),
        quad(made, namedNode(ns.dct + 'identifier'), literal(r.etag!)),
      );
      if (previous) out.push(quad(made, prov('wasRevisionOf'), previous));
    }
  }
  const offered = GRAPH_STORE_FORMATS.map((f) => byFormat(f).type);
  const chosen = negotiate(req.headers.accept, offered, offered[0]!, req.query.get('format'));
  if (!chosen) throw new NotAcceptable(offered);
  const body = Buffer.from(await serialise(out, byType(chosen)!.format, ctx.rdf), 'utf8');
  return conditional(req, { body, type: chosen, etag: etagOf(body) }, { 'content-type': contentType(chosen), vary: 'Accept', 'cache-control': 'no-cache' }, ctx.lastModified);
}
