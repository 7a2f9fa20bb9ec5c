// openProject: load → validate → store. The one path shared by the CLI, the server and the
// static export, so that what is published is exactly what was validated.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { cacheKey, readCached, reportFromJson, writeCached, type ReportJson } from './validate/cache.js';
import N3 from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import type { Config } from './config.js';
import { ns } from './vocab.js';
import { workerPath } from './workers.js';
import { CompactStore, type QuadSource } from './store/compact.js';
import { RdfSyntaxError, UsageError } from './errors.js';
import { listSources, type Source } from './load/sources.js';
import { parseInto, subjectLines, syntaxOf } from './load/parse.js';
import { consistencyResults } from './validate/consistency.js';
import { createValidator, type ValidationReport, type ValidationResult } from './validate/shacl.js';

const { DataFactory: df } = N3;
const RDFS_SUBCLASS = df.namedNode('http://www.w3.org/2000/01/rdf-schema#subClassOf');

export interface LoadedFile extends Source {
  /** sha256 of the file's bytes: the validation cache's key. */
  readonly hash: string;
  readonly triples: number;
  /** The parsed quads of shapes files only; data goes straight into the store. */
  readonly quads: Quad[];
  readonly prefixes: Record<string, string>;
}

/** Reports progress of long steps; the CLI shows it on a terminal, everything else ignores it. */
export type Progress = (step: string, done?: number) => void;

export interface LocatedResult extends ValidationResult {
  /** The described resource a person would open: the focus node, or its nearest named ancestor. */
  resource: Term;
  /** File (relative to the project) and line of the resource's block, where known. */
  file: string | undefined;
  line: number | undefined;
}

export interface Project {
  readonly config: Config;
  readonly files: readonly LoadedFile[];
  /** Everything published: ontology and data, one named graph per source. */
  readonly store: CompactStore;
  readonly shapes: N3.Store;
  readonly prefixes: Record<string, string>;
  readonly syntaxErrors: readonly RdfSyntaxError[];
  readonly report: { conforms: boolean; results: LocatedResult[] };
  /** A hash of every source, the base IRI and this program: names what is derived from them (dumps). */
  readonly key: string;
}

/**
 * Reads and parses every source in order. Data quads go straight into `store`, in their file's
 * graph, so that no second copy of a large dataset is ever held; shapes are kept as quads.
 */
export async function loadFiles(config: Config, store: { addQuad(s: Term, p: Term, o: Term, g: Term): void }, progress: Progress = () => {}) {
  const sources = await listSources(config);
  const files: LoadedFile[] = [];
  const syntaxErrors: RdfSyntaxError[] = [];
  for (const source of sources) {
    const bytes = await readFile(source.file).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read ${source.file}: ${error.code ?? error.message}`);
    });
    const hash = createHash('sha256').update(bytes).digest('hex');
    const name = displayPath(source.file, config);
    const graph = df.namedNode(source.graph);
    const kept: Quad[] = [];
    let triples = 0;
    const sink = source.role === 'shapes'
      ? (q: Quad) => void kept.push(q)
      : (q: Quad) => {
        store.addQuad(q.subject as N3.Quad_Subject, q.predicate as N3.Quad_Predicate, q.object as N3.Quad_Object,
          // Turtle-family and JSON-LD sources land in their own graph; N-Quads/TriG keep theirs.
          q.graph.termType === 'DefaultGraph' ? graph : (q.graph as N3.Quad_Graph));
        if (++triples % 100_000 === 0) progress(`loading ${name}`, triples);
      };
    try {
      const prefixes = await parseInto(bytes.toString('utf8'), syntaxOf(source.file), config.base, name, sink);
      if (source.role === 'shapes') triples = kept.length;
      files.push({ ...source, hash, triples, quads: kept, prefixes });
    } catch (error) {
      if (error instanceof RdfSyntaxError) syntaxErrors.push(error);
      else throw error;
    }
  }
  syntaxErrors.sort((a, b) => (a.file < b.file ? -1 : 1));
  return { files, syntaxErrors };
}

/** Paths in reports: relative to the project folder where the file is inside it. */
function displayPath(file: string, config: Config): string {
  const rel = relative(config.root, file);
  return rel.startsWith('..') ? file : rel;
}

export async function openProject(config: Config, progress?: Progress): Promise<Project> {
  const store = new CompactStore();
  const { files, syntaxErrors } = await loadFiles(config, store, progress);
  progress?.('indexing');
  store.freeze();
  const shapes = new N3.Store();
  const prefixes: Record<string, string> = {};
  shapes.addQuads(shapeQuads(files, config.base));
  for (const file of files) if (file.role !== 'shapes') Object.assign(prefixes, file.prefixes);
  if (!syntaxErrors.length) progress?.('validating');
  const key = await cacheKey({ engine: config.engine, base: config.base, sources: files });
  const report = syntaxErrors.length
    ? { conforms: false, results: [] }
    : locate(withConsistency(await validateCached(store, shapes, key, config, files), store, config.base), store, files, config);
  progress?.('');
  return { config, files, store, shapes, prefixes, syntaxErrors, report, key };
}

const SH_PATTERN = ns.sh + 'pattern';
const SH_MESSAGE = ns.sh + 'message';

/** The shapes graph, with "{base}" in patterns and messages replaced by the configured base. */
export function shapeQuads(files: readonly LoadedFile[], base: string): N3.Quad[] {
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return files
    .filter((f) => f.role === 'shapes')
    .flatMap((f) => f.quads)
    .map((q) => {
      const p = q.predicate.value;
      const o = q.object;
      if ((p === SH_PATTERN || p === SH_MESSAGE) && o.termType === 'Literal' && o.value.includes('{base}')) {
        const value = o.value.replaceAll('{base}', p === SH_PATTERN ? escaped : base);
        return df.quad(q.subject, q.predicate, o.language ? df.literal(value, o.language) : df.literal(value, o.datatype));
      }
      return df.quad(q.subject, q.predicate, q.object);
    });
}

/** The data version: when its newest source file changed (for Last-Modified and dct:modified). */
export async function dataVersion(project: Project): Promise<{ modified: Date }> {
  const times = await Promise.all(project.files.map(async (f) => (await stat(f.file)).mtime.getTime()));
  return { modified: new Date(Math.max(0, ...times)) };
}

function withConsistency(report: ValidationReport, store: QuadSource, base: string): ValidationReport {
  const extra = consistencyResults(store, base);
  return extra.length ? { conforms: false, results: [...report.results, ...extra] } : report;
}

/** SHACL validation, or its cached report when nothing that could change it has changed. */
async function validateCached(store: CompactStore, shapes: N3.Store, key: string, config: Config, files: readonly LoadedFile[]): Promise<ValidationReport> {
  // Large data is validated in a worker thread, so that the event loop (a running server,
  // during a reload) keeps going; small data here, where a thread would cost more than it saves.
  const validate = () => (store.size > IN_THREAD_LIMIT ? validateInWorker(config, files) : validateStore(store, shapes, config));
  if (!config.validationCache) return validate();
  const dir = join(config.importDir, 'cache');
  const hit = await readCached(dir, key);
  if (hit) return hit;
  const report = await validate();
  await writeCached(dir, key, report);
  return report;
}

const IN_THREAD_LIMIT = 100_000;


/** The same validation as validateStore, in a worker thread that reads the same files. */
export function validateInWorker(config: Config, files: readonly LoadedFile[]): Promise<ValidationReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerPath(new URL('./validate/worker.js', import.meta.url)), { workerData: { config, hashes: files.map((f) => f.hash) } });
    worker.once('message', (json: ReportJson) => {
      resolve(reportFromJson(json));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the validation worker stopped (exit code ${code})`)));
  });
}

/** SHACL sees the union of all published graphs as one default graph (a view, not a copy). */
export async function validateStore(store: CompactStore, shapes: N3.Store, config: Config): Promise<ValidationReport> {
  // SHACL reads rdfs:subClassOf from the data graph; shacl-engine reads it from the shapes
  // graph. Giving both graphs the ontology's axioms makes the engines agree.
  const withAxioms = new N3.Store([...shapes]);
  for (const q of store.getQuads(null, RDFS_SUBCLASS, null, null)) withAxioms.addQuad(q.subject, q.predicate, q.object);
  return createValidator(withAxioms, config.engine)(store.union());
}

function locate(report: ValidationReport, store: QuadSource, files: LoadedFile[], config: Config) {
  const lineCache = new Map<LoadedFile, Map<string, number>>();
  const results = report.results.map((result): LocatedResult => {
    const resource = namedAncestor(result.focusNode, store);
    // A Turtle-family or JSON-LD file fills a graph of its own; the first one that describes it.
    const file = files.find(
      (f) => f.role !== 'shapes' && store.countQuads(resource, null, null, df.namedNode(f.graph)) > 0,
    );
    let line: number | undefined;
    if (file && /\.(ttl|trig)$/.test(file.file)) {
      let lines = lineCache.get(file);
      if (!lines) lineCache.set(file, (lines = subjectLines(readFileSync(file.file, 'utf8'), config.base, file.prefixes)));
      line = lines.get(resource.value);
    }
    return { ...result, resource, file: file && displayPath(file.file, config), line };
  });
  return { conforms: report.conforms, results };
}

/** Blank nodes (an audience, a quoted figure) are reported under the resource that holds them. */
function namedAncestor(term: Term, store: QuadSource): Term {
  const seen = new Set<string>();
  let current = term;
  while (current.termType === 'BlankNode' && !seen.has(current.value)) {
    seen.add(current.value);
    const parent = store.getQuads(null, null, current, null)[0];
    if (!parent) break;
    current = parent.subject;
  }
  return current;
}
