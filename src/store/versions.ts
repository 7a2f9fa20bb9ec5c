// A validated version pushed to an external store whole: each named graph is loaded under a
// graph of its own for this version ({base}graph/versions/{version}/{name}), then one small
// graph, the registry ({base}graph/versions), is replaced to name the new version current
// (dcat:hasCurrentVersion), in one request; the version before the last goes after. A reader
// that follows the registry sees the old version or the new one, never half of either.
import { randomBytes } from 'node:crypto';
import N3 from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { toNTriples, type QuadSource } from '../quads.js';
import { ns } from '../vocab.js';
import { bindings, type RemoteStore } from './remote.js';
import type { WriteRecord } from './writes.js';

/** A write's record without its content. */
export type WriteHistory = Omit<WriteRecord, 'nquads'>;
import { ServiceUnavailable } from '../errors.js';

const { namedNode, quad, literal } = N3.DataFactory;

/** Statements per request: a graph larger than this goes in several, each resource whole. */
const CHUNK = 50_000;

export const registryGraph = (base: string) => `${base}graph/versions`;

/**
 * What each write did (its journal record, the statements left out), for the change feed of every
 * server over the store: one rdf:JSON literal a write, in a graph beside the registry that no
 * version names, so the dataset never holds it.
 */
export const historyGraph = (base: string) => `${base}graph/versions/history`;

/** Appends a write's record to the store's history (before its version is made current). */
export async function appendHistory(remote: RemoteStore, base: string, record: WriteHistory): Promise<void> {
  const id = namedNode(`${historyGraph(base)}#${record.at.replace(/[^0-9A-Za-z]/g, '')}-${randomBytes(4).toString('hex')}`);
  await remote.postGraph(historyGraph(base), toNTriples([quad(id, namedNode(`${ns.rdf}value`), literal(JSON.stringify(record), namedNode(`${ns.rdf}JSON`)))]));
}

/** The writes the store's history holds, in the order they were accepted, numbered from 1 across every server. */
export function ordered(records: readonly WriteHistory[]): WriteHistory[] {
  return [...records].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.by < b.by ? -1 : a.by > b.by ? 1 : a.seq - b.seq)).map((r, i) => ({ ...r, seq: i + 1 }));
}

/** A new version's name: when, to the millisecond, and a few random letters (two pushes in one millisecond). */
export const versionName = (tag: string) => `${new Date().toISOString().replace(/[-:.]/g, '')}-${tag}-${randomBytes(3).toString('hex')}`;

/** The versions' graphs the registry names current (or the one before): logical graph → the graph holding it. */
export async function currentGraphs(remote: RemoteStore, base: string, which: 'hasCurrentVersion' | 'previousVersion' = 'hasCurrentVersion'): Promise<{ version: string | undefined; graphs: Map<string, string> }> {
  const registry = registryGraph(base);
  const from = which === 'hasCurrentVersion' ? `<${registry}> <${ns.dcat}hasCurrentVersion> ?version` : `<${registry}> <${ns.dcat}hasCurrentVersion> ?current . ?current <${ns.dcat}previousVersion> ?version`;
  const answer = await remote.query(`SELECT ?version ?part ?of WHERE { GRAPH <${registry}> { ${from} . OPTIONAL { ?version <${ns.dct}hasPart> ?part . ?part <${ns.dct}isVersionOf> ?of } } }`, 'application/sparql-results+json', { namedGraphs: [registry] });
  if (answer.status !== 200) throw new Error(`the store did not answer the registry query: ${answer.status} ${answer.text.slice(0, 200)}`);
  const rows = bindings(answer.text);
  const graphs = new Map<string, string>();
  for (const r of rows) if (r.part && r.of) graphs.set(r.of.value, r.part.value);
  return { version: rows[0]?.version?.value, graphs };
}

/** Each resource with the blank nodes it holds, in requests of about CHUNK statements (a request scopes its blank nodes). */
function* chunks(store: QuadSource, graph: Term): Generator<Quad[]> {
  const all = store.getQuads(null, null, null, graph);
  const bySubject = new Map<string, Quad[]>();
  const held = new Set<string>();
  let shared = false;
  for (const q of all) {
    const key = `${q.subject.termType}:${q.subject.value}`;
    (bySubject.get(key) ?? bySubject.set(key, []).get(key)!).push(q);
    if (q.object.termType === 'BlankNode') {
      if (held.has(q.object.value)) shared = true;
      held.add(q.object.value);
    }
  }
  // A blank node two resources hold could fall on both sides of a cut: such a graph goes whole.
  if (shared) {
    yield all;
    return;
  }
  let chunk: Quad[] = [];
  const take = (key: string, seen: Set<string>) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const q of bySubject.get(key) ?? []) {
      chunk.push(q);
      if (q.object.termType === 'BlankNode') take(`BlankNode:${q.object.value}`, seen);
    }
  };
  const seen = new Set<string>();
  // Named resources and the blank nodes no one holds start a closure; held blank nodes go with their holder.
  for (const key of bySubject.keys()) {
    if (key.startsWith('BlankNode:') && held.has(key.slice('BlankNode:'.length))) continue;
    take(key, seen);
    if (chunk.length >= CHUNK) {
      yield chunk;
      chunk = [];
    }
  }
  // Blank nodes only held by each other (a cycle) go last, together.
  for (const key of bySubject.keys()) take(key, seen);
  if (chunk.length) yield chunk;
}


export interface Pushed {
  version: string;
  graphs: number;
  statements: number;
  /** The version it replaced, whose graphs were then deleted. */
  replaced: string | undefined;
  /** Each graph and the store's graph now holding it. */
  parts: Map<string, string>;
}

/**
 * What a server reading the version needs besides its graphs: when the data last changed (its
 * Last-Modified), the hash that names what is derived from it (dumps), and the prefixes its
 * files declared (the Turtle it serves), as SHACL declares prefixes.
 */
export interface VersionMeta {
  modified: Date;
  key: string;
  prefixes: Record<string, string>;
}

function metaQuads(version: N3.NamedNode, meta: VersionMeta): Quad[] {
  const out: Quad[] = [
    quad(version, namedNode(`${ns.dct}modified`), literal(meta.modified.toISOString(), namedNode(`${ns.xsd}dateTime`))),
    quad(version, namedNode(`${ns.dct}identifier`), literal(meta.key)),
  ];
  for (const [i, [prefix, iri]] of Object.entries(meta.prefixes).sort(([a], [b]) => (a < b ? -1 : 1)).entries()) {
    const d = N3.DataFactory.blankNode(`p${i}`);
    out.push(quad(version, namedNode(`${ns.sh}declare`), d), quad(d, namedNode(`${ns.sh}prefix`), literal(prefix)), quad(d, namedNode(`${ns.sh}namespace`), literal(iri, namedNode(`${ns.xsd}anyURI`))));
  }
  return out;
}

/** The version's own description in the registry. */
export async function versionMeta(remote: RemoteStore, base: string, version: string): Promise<VersionMeta> {
  const registry = registryGraph(base);
  const answer = await remote.query(`SELECT ?modified ?key ?prefix ?namespace WHERE { GRAPH <${registry}> { <${version}> <${ns.dct}modified> ?modified ; <${ns.dct}identifier> ?key . OPTIONAL { <${version}> <${ns.sh}declare> ?d . ?d <${ns.sh}prefix> ?prefix ; <${ns.sh}namespace> ?namespace } } }`, 'application/sparql-results+json', { namedGraphs: [registry] });
  if (answer.status !== 200) throw new Error(`the store did not answer the registry query: ${answer.status} ${answer.text.slice(0, 200)}`);
  const rows = bindings(answer.text);
  if (!rows.length) throw new ServiceUnavailable(`the registry does not describe <${version}>: push it again with this version of sdg-lod`, 30);
  const prefixes: Record<string, string> = {};
  for (const r of rows) if (r.prefix && r.namespace) prefixes[r.prefix.value] = r.namespace.value;
  return { modified: new Date(rows[0]!.modified!.value), key: rows[0]!.key!.value, prefixes };
}

/** Loads every graph under the new version, switches the registry to it, then drops the last one. */
export async function pushVersion(remote: RemoteStore, store: QuadSource, graphs: readonly string[], base: string, version: string, meta: VersionMeta, progress?: (step: string) => void, only?: ReadonlySet<string>): Promise<Pushed> {
  const registry = registryGraph(base);
  const last = await currentGraphs(remote, base);
  const beforeLast = await currentGraphs(remote, base, 'previousVersion');
  const versionIri = `${registry}/${version}`;
  const parts: [string, string][] = [];
  let statements = 0;
  for (const graph of graphs) {
    // A write's version loads the graphs it changed; the others are the last version's, shared.
    const kept = only && !only.has(graph) ? last.graphs.get(graph) : undefined;
    if (kept) {
      parts.push([graph, kept]);
      continue;
    }
    const part = `${versionIri}/${graph.startsWith(`${base}graph/`) ? graph.slice(`${base}graph/`.length) : encodeURIComponent(graph)}`;
    progress?.(`loading <${graph}>`);
    let first = true;
    for (const chunk of chunks(store, namedNode(graph))) {
      // The first request replaces (a retried push starts clean), the next ones add.
      if (first) await remote.putGraph(part, toNTriples(chunk));
      else await remote.postGraph(part, toNTriples(chunk));
      first = false;
      statements += chunk.length;
    }
    if (first) await remote.putGraph(part, '');
    parts.push([graph, part]);
  }
  // The switch: one request that replaces the small registry graph.
  // The last version stays one more push, for readers that still name it (a server reads the
  // registry every few seconds); the one before it goes.
  const v = namedNode(versionIri);
  const describe = (version: string, of: Iterable<[string, string]>) => [...of].flatMap(([graph, part]) => [quad(namedNode(version), namedNode(`${ns.dct}hasPart`), namedNode(part)), quad(namedNode(part), namedNode(`${ns.dct}isVersionOf`), namedNode(graph))]);
  const pointer = [
    quad(namedNode(registry), namedNode(`${ns.dcat}hasCurrentVersion`), v),
    quad(v, namedNode(`${ns.dct}created`), literal(new Date().toISOString(), namedNode(`${ns.xsd}dateTime`))),
    ...metaQuads(v, meta),
    ...describe(versionIri, parts),
    ...(last.version ? [quad(v, namedNode(`${ns.dcat}previousVersion`), namedNode(last.version)), ...describe(last.version, last.graphs)] : []),
  ];
  await remote.putGraph(registry, toNTriples(pointer));
  const keep = new Set([...parts.map(([, p]) => p), ...last.graphs.values()]);
  for (const part of beforeLast.graphs.values()) if (!keep.has(part)) await remote.deleteGraph(part);
  return { version: versionIri, graphs: parts.length, statements, replaced: last.version, parts: new Map(parts) };
}
