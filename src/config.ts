// Settings come from flags, then environment variables, then defaults; validated once here
// and passed down as a frozen object. No module reads process.env elsewhere.
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { UsageError } from './errors.js';

export type ShaclEngine = 'shacl-engine' | 'rdf-validate-shacl';

export interface Config {
  /** Base IRI of every published resource; ends with '/'. */
  readonly base: string;
  /** Project folder holding ontology/, data/, shapes/. */
  readonly root: string;
  /** Where `import-sdg` writes; git-ignored. */
  readonly importDir: string;
  /** Files to publish instead of the bundled data (serve --data). */
  readonly dataFiles: readonly string[] | undefined;
  readonly host: string;
  readonly port: number;
  readonly engine: ShaclEngine;
  /** How long one SPARQL query may run. */
  readonly queryTimeoutMs: number;
  /** SPARQL query workers; each holds its own copy of the data. */
  readonly queryWorkers: number;
  /** Reuse validation reports of unchanged content (kept in {importDir}/cache). */
  readonly validationCache: boolean;
}

export const DEFAULT_BASE = 'http://localhost:8080/';
export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export interface ConfigInput {
  base?: string | undefined;
  root?: string | undefined;
  importDir?: string | undefined;
  dataFiles?: readonly string[] | undefined;
  host?: string | undefined;
  port?: string | number | undefined;
  engine?: string | undefined;
  queryTimeout?: string | undefined;
  queryWorkers?: string | undefined;
  validationCache?: boolean | undefined;
}

/** Flags win over environment variables (PORT, HOST, BASE_IRI, SDG_LOD_ROOT). */
export function loadConfig(flags: ConfigInput = {}, env: Record<string, string | undefined> = {}): Config {
  const root = resolve(flags.root ?? env.SDG_LOD_ROOT ?? projectRoot);
  const base = checkBase(flags.base ?? env.BASE_IRI ?? DEFAULT_BASE);
  const port = Number(flags.port ?? env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`port must be a whole number from 0 to 65535, not "${flags.port ?? env.PORT}"`);
  }
  const engine = flags.engine ?? env.SDG_LOD_SHACL ?? 'shacl-engine';
  if (engine !== 'shacl-engine' && engine !== 'rdf-validate-shacl') {
    throw new UsageError(`--engine is shacl-engine or rdf-validate-shacl, not "${engine}"`);
  }
  const queryTimeoutMs = Number(flags.queryTimeout ?? env.SDG_LOD_QUERY_TIMEOUT ?? 10_000);
  if (!Number.isInteger(queryTimeoutMs) || queryTimeoutMs < 1) {
    throw new UsageError(`--query-timeout is a whole number of milliseconds, not "${flags.queryTimeout ?? env.SDG_LOD_QUERY_TIMEOUT}"`);
  }
  const queryWorkers = Number(flags.queryWorkers ?? env.SDG_LOD_QUERY_WORKERS ?? 1);
  if (!Number.isInteger(queryWorkers) || queryWorkers < 1 || queryWorkers > 64) {
    throw new UsageError(`--query-workers is a whole number from 1 to 64, not "${flags.queryWorkers ?? env.SDG_LOD_QUERY_WORKERS}"`);
  }
  return Object.freeze({
    queryTimeoutMs,
    queryWorkers,
    validationCache: flags.validationCache ?? env.SDG_LOD_VALIDATION_CACHE !== '0',
    base,
    root,
    importDir: resolve(root, flags.importDir ?? env.SDG_LOD_IMPORT_DIR ?? 'var'),
    dataFiles: flags.dataFiles?.length ? Object.freeze(flags.dataFiles.map((f) => resolve(f))) : undefined,
    host: flags.host ?? env.HOST ?? '127.0.0.1',
    port,
    engine,
  });
}

function checkBase(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`base IRI "${value}" is not an absolute IRI; use e.g. --base https://data.example.lv/sdg/`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`base IRI "${value}" must start with http:// or https://`);
  }
  if (url.search || url.hash) throw new UsageError(`base IRI "${value}" must not have a query or fragment`);
  return url.href.endsWith('/') ? url.href : url.href + '/';
}
