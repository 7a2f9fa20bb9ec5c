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
  /** Open connections at most; at the cap the longest idle one makes room, or the new one is refused. */
  readonly maxConnections: number;
  /** How long a client may take to send a request's headers. */
  readonly headerTimeoutMs: number;
  /** How long a connection may stay with no byte moving either way (a client that stops reading). */
  readonly idleTimeoutMs: number;
  /** A reload may lose data files or most of the statements (otherwise refused). */
  readonly allowShrink: boolean;
  /** Accept authenticated writes at {base}store (off unless asked for). */
  readonly writes: boolean;
  /** An external SPARQL 1.1 store (sdg-lod push): its endpoints and credentials. */
  readonly external: ExternalStore | undefined;
  /** Where the public SPARQL endpoint's answers come from: the embedded engine, or the external store. */
  readonly store: 'embedded' | 'sparql';
}

export interface ExternalStore {
  readonly queryEndpoint: string;
  readonly updateEndpoint: string | undefined;
  readonly graphStoreEndpoint: string | undefined;
  readonly user: string | undefined;
  readonly password: string | undefined;
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
  maxConnections?: string | undefined;
  headerTimeout?: string | undefined;
  idleTimeout?: string | undefined;
  allowShrink?: boolean | undefined;
  writes?: boolean | undefined;
  queryEndpoint?: string | undefined;
  updateEndpoint?: string | undefined;
  graphStoreEndpoint?: string | undefined;
  storeUser?: string | undefined;
  storePassword?: string | undefined;
  store?: string | undefined;
}

/** A whole number from a flag, else a variable, else the default, within [min, max]. */
function whole(flag: string | undefined, env: string | undefined, fallback: number, min: number, max: number, name: string, unit: string): number {
  const n = Number(flag ?? env ?? fallback);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} is a whole number${unit} from ${min} to ${max}, not "${flag ?? env}"`);
  return n;
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
  const queryTimeoutMs = whole(flags.queryTimeout, env.SDG_LOD_QUERY_TIMEOUT, 10_000, 1, 3_600_000, 'query-timeout', ' of milliseconds');
  const queryWorkers = whole(flags.queryWorkers, env.SDG_LOD_QUERY_WORKERS, 1, 1, 64, 'query-workers', '');
  return Object.freeze({
    queryTimeoutMs,
    queryWorkers,
    maxConnections: whole(flags.maxConnections, env.SDG_LOD_MAX_CONNECTIONS, 1000, 16, 1_000_000, 'max-connections', ''),
    headerTimeoutMs: whole(flags.headerTimeout, env.SDG_LOD_HEADER_TIMEOUT, 10_000, 100, 600_000, 'header-timeout', ' of milliseconds'),
    idleTimeoutMs: whole(flags.idleTimeout, env.SDG_LOD_IDLE_TIMEOUT, 30_000, 100, 3_600_000, 'idle-timeout', ' of milliseconds'),
    allowShrink: flags.allowShrink ?? env.SDG_LOD_ALLOW_SHRINK === '1',
    writes: flags.writes ?? env.SDG_LOD_WRITES === '1',
    external: externalStore(flags, env),
    store: storeKind(flags.store ?? env.SDG_LOD_STORE, externalStore(flags, env)),
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

function storeKind(value: string | undefined, external: ExternalStore | undefined): Config['store'] {
  if (value === undefined || value === 'embedded') return 'embedded';
  if (value !== 'sparql') throw new UsageError(`--store is embedded or sparql, not "${value}"`);
  if (!external) throw new UsageError('--store sparql needs --query-endpoint (and sdg-lod push to have loaded the data)');
  return 'sparql';
}

function externalStore(flags: ConfigInput, env: Record<string, string | undefined>): ExternalStore | undefined {
  const url = (flag: string | undefined, variable: string, name: string) => {
    const value = flag ?? env[variable];
    if (value !== undefined && !/^https?:\/\//.test(value)) throw new UsageError(`--${name} is an http(s) URL, not "${value}"`);
    if (value !== undefined && new URL(value).username) throw new UsageError(`--${name} carries credentials in its URL: give them as --store-user and SDG_LOD_STORE_PASSWORD`);
    return value;
  };
  const queryEndpoint = url(flags.queryEndpoint, 'SDG_LOD_QUERY_ENDPOINT', 'query-endpoint');
  if (!queryEndpoint) return undefined;
  return Object.freeze({
    queryEndpoint,
    updateEndpoint: url(flags.updateEndpoint, 'SDG_LOD_UPDATE_ENDPOINT', 'update-endpoint'),
    graphStoreEndpoint: url(flags.graphStoreEndpoint, 'SDG_LOD_GRAPH_STORE_ENDPOINT', 'graph-store-endpoint'),
    user: flags.storeUser ?? env.SDG_LOD_STORE_USER,
    // A password on the command line shows in the process list: SDG_LOD_STORE_PASSWORD is better.
    password: flags.storePassword ?? env.SDG_LOD_STORE_PASSWORD,
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
