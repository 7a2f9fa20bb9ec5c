// openProject: load → validate → store. The one path shared by the CLI, the server and the
// static export, so that what is published is exactly what was validated.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import type { Config } from './config.js';
import type { RdfSyntaxError } from './errors.js';
import { loadFiles, type LoadedFile, type Progress } from './load/files.js';
import { CompactStore } from './store/compact.js';
import { catalogAdditions, type DataVersion } from './store/dataset.js';
import { cacheKey, readCached, reportFromJson, writeCached, type ReportJson } from './validate/cache.js';
import { locate, shapeQuads, shapesWithAxioms, validateStore, withConsistency, type LocatedReport } from './validate/run.js';
import { targetsOf } from './validate/incremental.js';
import { createValidator } from './validate/shacl.js';
import { revalidate } from './store/revalidate.js';
import type { ValidationReport } from './validate/shacl.js';
import { workerPath } from './workers.js';
import { writeAtomic } from './atomic.js';
import { applyRecord, readWrites, type WriteRecord } from './store/writes.js';

export type { LoadedFile, Progress } from './load/files.js';
export type { LocatedResult } from './validate/run.js';
export type { DataVersion } from './store/dataset.js';

export interface Project {
  readonly config: Config;
  readonly files: readonly LoadedFile[];
  /** Everything loaded: ontology, data and catalogue, one named graph per source, plus what the catalogue derives. */
  readonly store: CompactStore;
  /** What the project derived from its sources when it opened (the catalogue's dates), also in `store`. */
  readonly derived: readonly N3.Quad[];
  readonly shapes: N3.Store;
  readonly prefixes: Record<string, string>;
  readonly syntaxErrors: readonly RdfSyntaxError[];
  readonly report: LocatedReport;
  /** When the data last changed (Last-Modified, dct:modified). */
  readonly version: DataVersion;
  /** A hash of every source, the base IRI and this program: names what is derived from them (dumps). */
  readonly key: string;
  /** The ETag of each named graph: its files' hashes, or the last write's. */
  readonly graphs: Map<string, string>;
  /** The writes replayed from the journal, in order (their content left out). */
  readonly history: WriteHistory[];
  /** Bytes of the journal replayed: what a reload catches up from. */
  readonly journalBytes: number;
  readonly validation: Validation;
}

export type WriteHistory = Omit<WriteRecord, 'nquads'>;

export interface OpenOptions {
  progress?: Progress | undefined;
  /** The data version's date, instead of the newest file's modification time (tests, reproducible builds). */
  modified?: Date | undefined;
  /** The version this one follows (a reload): what its files' edits changed is validated, not everything. */
  previous?: Project | undefined;
}

export async function openProject(config: Config, options: OpenOptions | Progress = {}): Promise<Project> {
  const { progress, modified, previous } = typeof options === 'function' ? { progress: options, modified: undefined, previous: undefined } : options;
  const store = new CompactStore();
  const { files, syntaxErrors } = await loadFiles(config, store, progress);
  progress?.('indexing');
  store.freeze();
  // Writes accepted over HTTP, replayed over the files' content in the order they came.
  const writes = config.dataFiles ? { records: [], bytes: 0 } : await readWrites(config);
  const graphs = graphTags(files);
  for (const record of writes.records) {
    applyRecord(store, record);
    if (record.etag) graphs.set(record.graph, record.etag);
    else graphs.delete(record.graph);
  }
  const last = writes.records.at(-1);
  const fileVersion = modified ? toSecond(modified) : await versionOf(config, files);
  const version = { modified: last && Date.parse(last.at) > fileVersion.getTime() ? toSecond(new Date(last.at)) : fileVersion };
  // What the catalogue derives from the data is published, so it is validated with the rest.
  const additions = catalogAdditions(store, config.base, version);
  store.addQuads(additions);
  const shapes = new N3.Store(shapeQuads(files, config.base));
  const prefixes: Record<string, string> = {};
  for (const file of files) if (file.role !== 'shapes') Object.assign(prefixes, file.prefixes);
  if (!syntaxErrors.length) progress?.('validating');
  const derived = new N3.Writer({ format: 'N-Quads' }).quadsToString(additions);
  const journal = writes.records.length ? createHash('sha256').update(JSON.stringify(writes.records)).digest('base64url') : '';
  const key = await cacheKey({ engine: config.engine, base: config.base, sources: files, extra: derived + journal });
  const started = performance.now();
  let how: Validation['how'] = 'full';
  let report: LocatedReport = { conforms: false, results: [] };
  if (!syntaxErrors.length) {
    const cached = config.validationCache ? await readCached(join(config.importDir, 'cache'), key) : undefined;
    const incremental = !cached && previous ? await revalidateAfter(previous, store, files, additions, shapes, config) : undefined;
    if (incremental) {
      how = 'incremental';
      // Kept as the SHACL part, as a full run keeps it; the checks beside SHACL run on reading.
      if (config.validationCache) await writeCached(join(config.importDir, 'cache'), key, shaclPart(incremental));
    } else how = cached ? 'cached' : 'full';
    const full = incremental ?? withConsistency(cached ?? (await validateAndKeep(store, shapes, key, config, files, derived, writes.bytes)), store, config.base);
    report = locate(full, store, files, config);
  }
  const validation = { how, ms: performance.now() - started };
  progress?.('');
  const history = writes.records.map(({ nquads: _, ...meta }) => meta);
  return { config, files, store, derived: additions as N3.Quad[], shapes, prefixes, syntaxErrors, report, version, key, graphs, history, journalBytes: writes.bytes, validation };
}

/** How this version was validated, and how long that took (a reload logs it). */
export interface Validation {
  how: 'full' | 'cached' | 'incremental';
  ms: number;
}

async function revalidateAfter(previous: Project, store: CompactStore, files: readonly LoadedFile[], derived: readonly Quad[], shapes: N3.Store, config: Config): Promise<ValidationReport | undefined> {
  if (previous.syntaxErrors.length || previous.config.base !== config.base || previous.config.engine !== config.engine) return undefined;
  const withAxioms = shapesWithAxioms(shapes, store);
  // The shapes themselves changed: everything is validated.
  if (previous.files.filter((f) => f.role !== 'data').map((f) => f.hash).join() !== files.filter((f) => f.role !== 'data').map((f) => f.hash).join()) return undefined;
  return revalidate({
    before: { store: previous.store, files: previous.files, derived: previous.derived, report: previous.report },
    after: { store, files, derived },
    validate: createValidator(withAxioms, config.engine),
    targets: targetsOf(withAxioms),
    base: config.base,
  });
}

/** The results SHACL gives (the cache keeps these), without those of the checks beside it. */
function shaclPart(report: ValidationReport): ValidationReport {
  const results = report.results.filter((r) => r.shape !== undefined || !BESIDE_SHACL.includes(r.constraint));
  return { conforms: !results.some((r) => r.severity === 'Violation'), results };
}
const BESIDE_SHACL: readonly string[] = ['DatatypeConstraintComponent', 'SlugMatchesCode', 'UniqueCode'];

/** A graph's ETag from the files that fill it (the catalogue has several). */
function graphTags(files: readonly LoadedFile[]): Map<string, string> {
  const hashes = new Map<string, string[]>();
  for (const f of files) hashes.set(f.graph, [...(hashes.get(f.graph) ?? []), f.hash]);
  return new Map([...hashes].map(([graph, list]) => [graph, `"f-${createHash('sha256').update(list.join()).digest('base64url').slice(0, 16)}"`]));
}

/** To the second: HTTP dates have no more, and If-Modified-Since compares them. */
const toSecond = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

/**
 * When the data last changed. Versions only move forward: the same content keeps its date (a
 * touched file changes nothing), and other content gets the newest file's time, or a second after
 * the last version's when that is later (a restored older file must not look older than what
 * clients hold, or they would get a false 304). Kept in {importDir}/version.json.
 */
async function versionOf(config: Config, files: readonly LoadedFile[]): Promise<Date> {
  const times = await Promise.all(files.map(async (f) => (await stat(f.file)).mtime.getTime()));
  const newest = toSecond(new Date(Math.max(0, ...times)));
  const content = createHash('sha256').update(config.base);
  for (const f of files) content.update('\0').update(f.role).update('\0').update(f.graph).update('\0').update(f.hash);
  const key = content.digest('hex');
  const file = join(config.importDir, 'version.json');
  const last = await readFile(file, 'utf8').then((text) => JSON.parse(text) as { key: string; modified: string }, () => undefined);
  if (last?.key === key) return new Date(last.modified);
  const modified = last && Date.parse(last.modified) >= newest.getTime() ? new Date(Date.parse(last.modified) + 1000) : newest;
  await writeAtomic(file, JSON.stringify({ key, modified: modified.toISOString() }))
    .catch(() => {}); // a folder that cannot be written only loses the memory of versions
  return modified;
}

/** SHACL validation in full; its report kept in the cache (openProject reads the cache first). */
async function validateAndKeep(store: CompactStore, shapes: N3.Store, key: string, config: Config, files: readonly LoadedFile[], derived: string, journalBytes: number): Promise<ValidationReport> {
  // Large data is validated in a worker thread, so that the event loop (a running server,
  // during a reload) keeps going; small data here, where a thread would cost more than it saves.
  const report = await (store.size > IN_THREAD_LIMIT ? validateInWorker(config, files, derived, journalBytes) : validateStore(store, shapes, config));
  if (config.validationCache) await writeCached(join(config.importDir, 'cache'), key, report);
  return report;
}

const IN_THREAD_LIMIT = 100_000;

/** The same validation as validateStore, in a worker thread that reads the same files. */
export function validateInWorker(config: Config, files: readonly LoadedFile[], derived: string, journalBytes = 0): Promise<ValidationReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerPath(new URL('./validate-worker.js', import.meta.url)), { workerData: { config, hashes: files.map((f) => f.hash), derived, journalBytes } });
    worker.once('message', (json: ReportJson) => {
      resolve(reportFromJson(json));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the validation worker stopped (exit code ${code})`)));
  });
}
