// The state of one app (one data version): what every handler reads, built once when the app is
// created. Its caches are bounded and die with it, so a reload starts them empty.
import { join } from 'node:path';
import N3 from 'n3';
import { BoundedCache } from '../cache.js';
import type { Project } from '../pipeline.js';
import { contextFor } from '../represent/context.js';
import { createDumps, storeSource, type DumpSource, type Dumps } from '../represent/dumps.js';
import type { Site } from '../represent/html.js';
import type { RdfOptions } from '../represent/rdf.js';
import type { CompactStore } from '../store/compact.js';
import { catalogGraph } from '../store/dataset.js';
import { QueryPool, type WorkerDataset } from '../store/query-pool.js';
import type { QueryRunner } from '../store/remote-pool.js';
import { byFormat } from '../represent/media-types.js';
import { buildRelations, type Relations } from '../store/relations.js';
import { buildSearchIndex, type SearchIndex } from '../store/search.js';
import { computeReports, type ReportFigures } from '../store/reports.js';
import type { Inspection } from '../store/sparql-text.js';
import { ns, prefixesFor } from '../vocab.js';
import { toNQuads } from '../quads.js';
import type { Term } from '@rdfjs/types';
import { describedPath, embeddedReader, type Reader } from '../store/reader.js';
import { createWriter, type Prepared, type Writer, type WriteService } from '../writes.js';
import type { Rendered } from './core.js';
import type { Monitor } from './monitor.js';

export interface SparqlOptions {
  timeoutMs: number;
  maxResultBytes: number;
  workers: number;
}

// One worker by default: each holds a copy of the data (see QueryPool).
export const DEFAULT_SPARQL_OPTIONS: SparqlOptions = { timeoutMs: 10_000, maxResultBytes: 50 * 1024 * 1024, workers: 1 };

export interface AppOptions {
  sparql?: Partial<SparqlOptions>;
  /** Query workers of one's own (the SPARQL test suites load data that has no file), or an external store. */
  pool?: QueryRunner;
  /** The process's monitor (serve's), for the readiness and metrics endpoints. */
  monitor?: Monitor;
  /** Accept writes (serve --writes). */
  writes?: WriteService;
  /** An external store's answers (serve --store sparql with no copy held here); the embedded store's otherwise. */
  reader?: Reader;
  /** What the dumps are written from, with `reader`. */
  dumpSource?: DumpSource;
}

export interface AppContext {
  readonly project: Project;
  readonly base: string;
  /** Path prefix of the base IRI on this server, e.g. '/' or '/sdg/'. */
  readonly root: string;
  readonly site: Site;
  /** Everything loaded, with the embedded store; with an external one, the site's own graphs only (ontology, catalogue). */
  readonly store: CompactStore;
  /** What the handlers ask of the data: the embedded store's answers, or the external store's. */
  readonly reader: Reader;
  readonly prefixes: Record<string, string>;
  readonly rdf: RdfOptions;
  readonly lastModified: Date;
  readonly dumps: Dumps;
  readonly pool: QueryRunner;
  readonly sparql: SparqlOptions;
  /** Rendered representations and pages, by key. */
  readonly rendered: BoundedCache<Rendered>;
  /** Answers to GET queries (POST is never cached), by query, format and dataset. */
  readonly queryResults: BoundedCache<Rendered>;
  /** Queries that ran out of time or memory lately, answered so again without running (see handlers/sparql.ts). */
  readonly costlyQueries: BoundedCache<Costly>;
  /**
   * What the endpoint's checks read off the last query texts (store/sparql-text.ts): clients (a
   * dashboard, a page's script, a person running a query again) send the same texts over and over.
   */
  readonly inspections: BoundedCache<Inspection>;
  /** Every resource with a description, relative to {base}doc/ (for the static export and the sitemap). */
  resourcePaths(): string[];
  /** The reporting views' figures, computed once per version and again after a change; shared by the requests that ask at once. */
  reportFigures(): Promise<ReportFigures>;
  readonly monitor: Monitor | undefined;
  /** Writes (serve --writes): the process's journal and tokens, and this version's writer. */
  readonly writes: { service: WriteService; writer: Writer } | undefined;
  /** After a write: what it touched is rendered again on the next request; the rest is kept. */
  changed(write: Pick<Prepared, 'record' | 'content' | 'graphNQuads' | 'touched' | 'changes'>): void;
  /** How many changes (writes, or graphs followed from an external store) this version has taken. */
  readonly generation: number;
  /** A reload swapped in another version: writes still waiting on this one go to that one. */
  readonly retired: boolean;
  retire(): void;
}

/** A query that ran out of time or memory, and until when that is the answer to it. */
export interface Costly {
  error: Error;
  until: number;
}

/** A goal's page lists thousands of activities at 100,000 of them (JSON-LD near 10 MB): those are kept too. */
const RENDERED = { entries: 20_000, bytes: 64 * 1024 * 1024, entryBytes: 16 * 1024 * 1024 };
const QUERY_RESULTS = { entries: 10_000, bytes: 64 * 1024 * 1024 };

const { namedNode } = N3.DataFactory;

export function createContext(project: Project, options: AppOptions = {}): AppContext {
  const { base } = project.config;
  const root = new URL(base).pathname;
  const prefixes = { ...prefixesFor(base), ...project.prefixes };
  delete prefixes['']; // an empty prefix would make every other IRI look like ours
  const store = project.store;
  const sparql = { ...DEFAULT_SPARQL_OPTIONS, ...options.sparql };
  const dumpsFor = (version: string) => {
    const dumps = createDumps(options.dumpSource ?? storeSource(store, base), { dir: join(project.config.importDir, 'cache', 'dumps', `${project.key.slice(0, 20)}${version}`), prefixes, base, supersedes: version ? `${project.key.slice(0, 20)}-` : undefined });
    // A dump is written with no write under way, so that it holds one version whole.
    return options.writes ? { ...dumps, file: (format: Parameters<Dumps['file']>[0]) => dumps.written(format) ? dumps.file(format) : options.writes!.exclusive(() => dumps.file(format)) } : dumps;
  };
  // The opening version's N-Quads, for the query workers: writes since reach them as graphs.
  const opening = dumpsFor('');
  let dumps = opening;
  // Built with the version, as before writes: the first API request does not pay for it.
  let relations: Relations | undefined = options.reader ? undefined : buildRelations(store, base);
  let paths: string[] | undefined;
  let search: Promise<SearchIndex> | undefined;
  let figures: Promise<ReportFigures> | undefined;
  const pool = options.pool ?? new QueryPool(() => snapshot(opening, base, sparql.maxResultBytes), { size: sparql.workers, timeoutMs: sparql.timeoutMs, onStale: () => opening.forget('nquads') });
  const rendered = new BoundedCache<Rendered>(RENDERED, (r) => r.body?.length ?? 0);
  const queryResults = new BoundedCache<Rendered>(QUERY_RESULTS, (r) => r.body?.length ?? 0);
  let retired = false;
  let generation = 0;
  const reader = options.reader ?? embeddedReader(store, base, () => (relations ??= buildRelations(store, base)), () => (search ??= buildSearchIndex(store)), () => (paths ??= resourcePaths(store, base)));
  return {
    reader,
    get generation() {
      return generation;
    },
    get retired() {
      return retired;
    },
    retire: () => void (retired = true),
    project,
    base,
    root,
    site: { base, root, prefixes, catalogue: store.countQuads(null, null, null, namedNode(catalogGraph(base))) > 0 },
    store,
    prefixes,
    rdf: { prefixes, context: contextFor(base), contextIri: `${base}context.jsonld` },
    get lastModified() {
      return project.version.modified;
    },
    get dumps() {
      return dumps;
    },
    pool,
    sparql,
    rendered,
    queryResults,
    costlyQueries: new BoundedCache<Costly>({ entries: 1000, bytes: 16 * 1024 * 1024 }, () => 0),
    inspections: new BoundedCache<Inspection>({ entries: 256, bytes: 4 * 1024 * 1024, entryBytes: 16 * 1024 }, () => 0),
    resourcePaths: () => (paths ??= resourcePaths(store, base)),
    reportFigures() {
      if (figures) return figures;
      const computing = (figures = computeReports(pool, reader, base));
      // A failure (the store unreachable) is not kept: the next request asks again.
      computing.catch(() => figures === computing && (figures = undefined));
      return computing;
    },
    monitor: options.monitor,
    writes: options.writes && { service: options.writes, writer: createWriter(project) },
    changed({ record, content, graphNQuads, touched, changes }) {
      generation++;
      dumps = dumpsFor(`-${record.seq}-${generation}`);
      // The relationship index follows activity by activity; built anew on next use otherwise.
      if (relations && !relations.update(changes)) relations = undefined;
      paths = undefined;
      search = undefined;
      figures = undefined;
      reader.changed();
      queryResults.clear();
      // A page shows the labels of what it links to and what links to it, and a municipality's
      // page the activities held in its places: all of those around a changed resource go too.
      const around = new Map<string, Term>(touched.map((t) => [t.value, t]));
      const changedSubjects = new Map<string, Term>();
      for (const q of changes) if (q.subject.termType === 'NamedNode') changedSubjects.set(q.subject.value, q.subject);
      for (const s of changedSubjects.values()) {
        around.set(s.value, s);
        for (const o of store.getObjects(s, null, null)) if (o.termType === 'NamedNode') around.set(o.value, o);
        for (const x of store.getSubjects(null, s, null)) if (x.termType === 'NamedNode') around.set(x.value, x);
      }
      for (const q of changes) if (q.predicate.value === ns.schema + 'location') for (const m of store.getObjects(q.object, namedNode(ns.schema + 'containedInPlace'), null)) around.set(m.value, m);
      for (const s of changedSubjects.values()) for (const p of store.getObjects(s, namedNode(ns.schema + 'location'), null)) for (const m of store.getObjects(p, namedNode(ns.schema + 'containedInPlace'), null)) around.set(m.value, m);
      const docs = new Set([...around.values()].flatMap((t) => (t.termType === 'NamedNode' ? [docPathOf(t.value, base)] : [])));
      rendered.deleteWhere((key) => !key.startsWith('doc/') || docs.has(key.slice(0, key.indexOf('|'))));
      pool.replaceGraph(record.graph, graphNQuads ?? toNQuads(content));
    },
  };
}

/** The path of an IRI's description: doc/{kind}/{slug}, doc/sdg/{code} or doc/def/{term}. */
export function docPathOf(iri: string, base: string): string {
  if (iri.startsWith(`${base}id/`)) return `doc/${iri.slice(base.length + 3)}`;
  if (iri.startsWith(ns.sdg)) return `doc/sdg/${iri.slice(ns.sdg.length)}`;
  return `doc/${iri.slice(base.length)}`;
}

/**
 * What the query workers load: the N-Quads dump of the dataset, written from the published store
 * (so queries see what pages see, and a source edited since changes nothing until a reload).
 */
async function snapshot(dumps: Dumps, base: string, maxResultBytes: number): Promise<WorkerDataset> {
  const { path, size } = await dumps.file('nquads');
  return { base, sources: [{ file: path, format: byFormat('nquads').type, size }], extra: [], maxResultBytes };
}

function resourcePaths(store: CompactStore, base: string): string[] {
  const resources = new Set<string>();
  const defined = namedNode(ns.rdfs + 'isDefinedBy');
  for (const s of store.getSubjects(null, null, null)) {
    const path = s.termType === 'NamedNode' ? describedPath(s.value, base, () => store.countQuads(s, defined, null, null) > 0) : undefined;
    if (path) resources.add(path);
  }
  return [...resources].sort();
}
