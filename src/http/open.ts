// openApp(config): a project loaded, validated and indexed into an app, its query workers loaded
// from what was published. What `serve`, a reload and the benchmark start from.
import type { Config } from '../config.js';
import { openProject, type Progress, type Project } from '../pipeline.js';
import { datasetSize } from '../store/dataset.js';
import { isValid, toText } from '../validate/report.js';
import { createApp, type App } from './app.js';
import type { Monitor } from './monitor.js';
import type { WriteService } from '../writes.js';
import { RemoteStore } from '../store/remote.js';
import { RemoteQueryPool, type QueryRunner } from '../store/remote-pool.js';
import N3 from 'n3';
import { ServiceUnavailable } from '../errors.js';
import { loadFiles } from '../load/files.js';
import { graphIri } from '../load/sources.js';
import { CompactStore } from '../store/compact.js';
import { catalogGraph } from '../store/dataset.js';
import { fromStore, RemoteReader, type PartScans } from '../store/remote-reader.js';
import { currentGraphs, versionMeta } from '../store/versions.js';
import { shapeQuads } from '../validate/run.js';

export type Opened = { app: App; triples: number } | { report: string };

/** The app with its query workers loaded, or the report that explains why the data cannot be published. */
/** The external store's endpoint for {base}sparql (serve --store sparql); the embedded engine otherwise. */
function externalPool(config: Config): QueryRunner | undefined {
  if (config.store !== 'sparql' || !config.external) return undefined;
  return new RemoteQueryPool(new RemoteStore({ ...config.external, timeoutMs: config.queryTimeoutMs }), config.base, config.queryTimeoutMs, publicQueries(config));
}

/**
 * The public endpoint's queries on connections of their own, four at a time and kept between
 * short answers (store/remote.ts): a slow query never holds up a push or the pages, and a query
 * does not open a connection of its own.
 */
function publicQueries(config: Config): RemoteStore {
  return new RemoteStore({ ...config.external!, timeoutMs: config.queryTimeoutMs, maxSockets: 4, reuse: true });
}

/**
 * An app over an external store's current version, holding none of its data (serve --store
 * sparql without --writes): every answer is asked of the store (store/remote-reader.ts); only the
 * site's own small graphs are read whole (the ontology, for its terms' routes, and the
 * catalogue), and the shapes come from this server's files. The version was validated when it
 * was pushed: nothing is pushed that fails.
 */
export type RemoteApp = App & {
  /** The store's version this app serves. */
  version: string;
  /** The version the store's registry names current now. */
  currentVersion(): Promise<string | undefined>;
  /** The indexes read from each store graph, for the next version to reuse. */
  scans: PartScans;
};

export async function openRemoteApp(config: Config, monitor?: Monitor, options: { pageRows?: number; graphRows?: number; scans?: PartScans } = {}): Promise<RemoteApp> {
  const remote = new RemoteStore({ ...config.external!, timeoutMs: config.queryTimeoutMs });
  const { version, graphs: parts } = await currentGraphs(remote, config.base);
  if (!version) throw new ServiceUnavailable('the external store holds no version of this data: run sdg-lod push', 30);
  const meta = await versionMeta(remote, config.base, version);
  const store = new CompactStore();
  for (const name of [graphIri(config.base, 'ontology'), catalogGraph(config.base)]) {
    const part = parts.get(name);
    if (!part) continue;
    const g = N3.DataFactory.namedNode(name);
    await remote.eachStatement(part, `${name.slice(name.lastIndexOf('/') + 1)}-`, (q) => store.addQuad(q.subject, q.predicate, fromStore(q.object), g));
  }
  store.freeze();
  const { files } = await loadFiles({ ...config, dataFiles: [] }, { addQuad: () => {} });
  const project: Project = {
    config, files, store, derived: [], shapes: new N3.Store(shapeQuads(files, config.base)), prefixes: meta.prefixes, syntaxErrors: [],
    report: { conforms: true, results: [] }, version: { modified: meta.modified }, key: meta.key, graphs: new Map(), history: [], journalBytes: 0,
    validation: { how: 'cached', ms: 0 },
  };
  const dataset = [...parts.keys()].filter((g) => g !== catalogGraph(config.base)).sort();
  const reader = new RemoteReader(remote, config.base, parts, dataset, options.pageRows, options.graphRows, options.scans);
  // The change feed: the writes of every server over the store.
  project.history.push(...(await reader.history()));
  // The indexes that need every statement (home page, search, sitemap) are read meanwhile.
  reader.prepare();
  const pool = new RemoteQueryPool(remote, config.base, config.queryTimeoutMs, publicQueries(config));
  const app = createApp(project, { monitor, reader, dumpSource: reader.dumpSource(), pool });
  await app.start();
  // The follower's look at the registry, every second, is the queries' too.
  return Object.assign(app, { version, currentVersion: async () => (await pool.registry()).version, scans: reader.scans });
}

export async function openApp(config: Config, progress?: Progress, monitor?: Monitor, writes?: WriteService, previous?: Project): Promise<Opened> {
  const project = await openProject(config, { progress, previous });
  if (!isValid(project)) {
    progress?.('');
    return { report: toText(project) };
  }
  const app = createApp(project, { sparql: { timeoutMs: config.queryTimeoutMs, workers: config.queryWorkers }, monitor, writes, pool: externalPool(config) });
  progress?.('starting the query engine');
  // Workers that cannot load (a cache folder that cannot be written) leave SPARQL answering 503,
  // which /ready reports; everything else is served.
  await app.start().catch(() => {});
  progress?.('');
  return { app, triples: datasetSize(project.store, config.base) };
}

/**
 * A reading server follows the store: when its registry names another version than the one
 * served, that version is opened beside it and swapped in whole. Resolves with whether it was.
 */
export async function followRemote(current: { app: App }, config: Config, monitor?: Monitor): Promise<boolean> {
  const served = current.app as RemoteApp;
  if ((await served.currentVersion()) === served.version) return false;
  const next = await openRemoteApp(config, monitor, { scans: served.scans });
  current.app = next;
  served.retire();
  await served.close();
  return true;
}
