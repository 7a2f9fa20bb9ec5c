// The public SPARQL endpoint answered by an external store (serve --store sparql), with the same
// protections as the embedded engine: the request core has already refused updates, SERVICE and
// queries too complex (http/handlers/sparql.ts); here the store is asked for the current version's
// graphs only, never its default graph (Virtuoso's holds its system graphs), with our own timeout
// (its `timeout=` returns partial answers as if final: never sent), and its ways of failing read:
// a result cut at ResultSetMaxRows (200 with an X-SPARQL-MaxRows header) is refused, not passed on;
// a timeout or cost refusal (a 500) is a 503 or a 422.
import { createHash } from 'node:crypto';
import { Unprocessable } from '../errors.js';
import type { QueryAnswer } from './query-pool.js';
import { QueryFailed, QueryTimeout, QueryUnavailable } from './query-pool.js';
import type { QueryMessage } from './sparql-protocol.js';
import type { JsonTerm, RemoteAnswer, RemoteStore } from './remote.js';
import { currentGraphs, type WriteHistory } from './versions.js';
import { catalogGraph } from './dataset.js';

/** What the endpoint needs of a query engine: the embedded pool or an external store. */
export interface QueryRunner {
  run(message: Omit<QueryMessage, 'id'>): Promise<QueryAnswer>;
  start(): Promise<void>;
  close(): Promise<void>;
  replaceGraph(graph: string, nquads: string): void;
  stats(): { loaded: boolean; replaced: number; workers: number; ready: number; busy: number; queued: number };
}

/**
 * How long the registry's answer (which graphs are current) is trusted. Past it, the next query
 * reads the registry again beside it, going on with the answer known; twice past it (no query
 * came meanwhile), the query waits for the registry. A push from elsewhere shows within 4 s.
 */
const REGISTRY_MS = 2000;

export class RemoteQueryPool implements QueryRunner {
  private version: { at: number; graphs: Promise<{ version: string | undefined; graphs: Map<string, string> }> } | undefined;
  private busy = 0;
  private known = false;

  /** Graphs written here that the store has not taken yet (it was unreachable): sent with the next write. */
  readonly pending = new Set<string>();
  /** Writes' records the store's history has not taken yet, likewise. */
  readonly pendingRecords: WriteHistory[] = [];
  /** The store's graph each of our graphs is in step with (what this process's pages show); empty until the first follow. */
  readonly parts = new Map<string, string>();
  /** The version last followed. */
  followed: string | undefined;

  constructor(
    /** The store, for what a writing server sends and follows (pushes, graphs read whole). */
    readonly remote: RemoteStore,
    private readonly base: string,
    private readonly timeoutMs: number,
    /** The public endpoint's queries and the registry reads, on connections of their own. */
    private readonly queries: RemoteStore = remote,
  ) {}

  /** The current version's graphs, read from the registry (again after a write, or after a while). */
  private graphs() {
    const known = this.version;
    const age = known ? Date.now() - known.at : Infinity;
    if (age > 2 * REGISTRY_MS) {
      const graphs = currentGraphs(this.queries, this.base).catch((error: unknown) => {
        if (this.version?.graphs === graphs) this.version = undefined;
        throw new QueryUnavailable('the external store cannot be read', error);
      });
      this.version = { at: Date.now(), graphs };
      return graphs;
    }
    if (age > REGISTRY_MS && !this.refreshing) this.refreshing = this.registry().then(() => {}, () => {}).finally(() => (this.refreshing = undefined));
    return known!.graphs;
  }

  /**
   * The registry read now, on the queries' kept connections, and taken as the known answer unless
   * a write here replaced it meanwhile; a failure leaves the known one. The follower reads it so
   * every second, which keeps the queries from reading it again themselves.
   */
  async registry(): Promise<{ version: string | undefined; graphs: Map<string, string> }> {
    const known = this.version;
    // Trusted from when it was asked, as a read in front of a query is: a push meanwhile is not hidden longer.
    const asked = Date.now();
    const read = await currentGraphs(this.queries, this.base);
    if (this.version === known) this.version = { at: asked, graphs: Promise.resolve(read) };
    return read;
  }

  /** A read of the registry under way beside the queries. */
  private refreshing: Promise<void> | undefined;

  async start(): Promise<void> {
    const { version } = await this.graphs();
    if (!version) throw new QueryUnavailable('the external store holds no version of this data: run sdg-lod push');
    this.known = true;
  }

  async close(): Promise<void> {}

  /** A write or a reload: the next query reads the registry again. */
  replaceGraph(): void {
    this.version = undefined;
  }

  stats() {
    return { loaded: this.known, replaced: 0, workers: 1, ready: this.known ? 1 : 0, busy: this.busy, queued: 0 };
  }

  /** The dataset of the registry's answer last read (`of`), worked out once for all its queries. */
  private dataset: { of: Map<string, string>; graphs: Map<string, string>; all: string[] } | undefined;

  async run(message: Omit<QueryMessage, 'id'>): Promise<QueryAnswer> {
    const current = await this.graphs();
    if (this.dataset?.of !== current.graphs) {
      // The dataset, as the embedded engine's: every graph but the catalogue's (store/dataset.ts).
      const graphs = new Map([...current.graphs].filter(([g]) => g !== catalogGraph(this.base)));
      this.dataset = { of: current.graphs, graphs, all: [...graphs.values()] };
    }
    const { graphs, all } = this.dataset;
    // No version: no dataset to name, and an unnamed one would be the whole store.
    if (!current.version || !graphs.size) throw new QueryUnavailable('the external store holds no version of this data: run sdg-lod push');
    this.known = true;
    refuseStoreSpecific(message.query);
    const physical = (g: string) => graphs.get(g) ?? `${this.base}graph/versions/none`;
    // The dataset always named, in the protocol's parameters (never written into the query text):
    // the protocol's graphs, or the union of ours.
    const named = message.namedGraphs?.length ? message.namedGraphs.map(physical) : all;
    const defaults = message.defaultGraphs?.length ? message.defaultGraphs.map(physical) : message.namedGraphs?.length ? [] : all;
    // GRAPH <{base}graph/letter> in the query names the version's graph; answers name ours.
    let query = message.query;
    if (query.includes(`<${this.base}graph/`)) for (const [logical, part] of graphs) query = query.replaceAll(`<${logical}>`, `<${part}>`);
    this.busy++;
    const started = Date.now();
    let answer;
    try {
      answer = await this.queries.query(query, message.format, { defaultGraphs: defaults, namedGraphs: named });
    } catch (error) {
      if (Date.now() - started >= this.timeoutMs) throw new QueryTimeout(`the query ran longer than ${this.timeoutMs} ms`, this.timeoutMs, true);
      throw new QueryUnavailable('the external store did not answer', error);
    } finally {
      this.busy--;
    }
    const failure = storeFailure(answer, this.timeoutMs);
    if (failure) throw failure;
    const maxRows = answer.headers.get('x-sparql-maxrows');
    if (maxRows) throw new Unprocessable(`the store cut the answer at ${maxRows} rows; add a LIMIT, or page with LIMIT and OFFSET`);
    let body = answer.text;
    if (body.includes(`${this.base}graph/versions/`)) for (const [logical, part] of graphs) body = body.replaceAll(part, logical);
    if (/sparql-results\+json/.test(message.format)) body = w3cJson(body);
    const bytes = Buffer.from(body, 'utf8');
    // Hashed only when asked for: a POST's answer carries no validator.
    let etag: string | undefined;
    return { body: bytes, get etag() {
      return (etag ??= `"${createHash('sha1').update(bytes).digest('base64url').slice(0, 22)}"`);
    } };
  }
}

/**
 * What the store would read beyond the dataset: a dataset of the query's own (FROM, FROM NAMED;
 * the protocol's parameters name ours instead), and Virtuoso's extensions (DEFINE pragmas, bif:
 * and sql: functions). Refused rather than rewritten: a query is text, and patching text misses
 * comments, strings and spellings.
 */
function refuseStoreSpecific(query: string): void {
  // Most queries hold none of these letters anywhere: nothing to read closer then.
  if (!/from|define|bif|sql/i.test(query)) return;
  const code = query.replace(/"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^>\s]*>|#[^\n]*/g, ' ');
  if (/\bFROM\b/i.test(code)) throw new QueryFailed('this endpoint answers from the dataset\'s graphs: leave out FROM and FROM NAMED (the protocol\'s default-graph-uri and named-graph-uri choose among them)');
  // IRIs kept this time: <bif:sleep>(5), or a prefix bound to <bif:>, call Virtuoso's functions too.
  const withIris = query.replace(/"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^>\s]*>|#[^\n]*/g, (m) => (m.startsWith('<') ? m : ' '));
  if (/\bDEFINE\b/i.test(code) || /\b(bif|sql):/i.test(code) || /<\s*(bif|sql):/i.test(withIris)) throw new QueryFailed('store-specific extensions (DEFINE, bif:, sql:) are not answered here');
}

/**
 * What a store's answer means when it is not a whole answer: a cost refusal (Virtuoso's 500
 * "The estimated execution time … exceeds the limit") is the client's to narrow, 422; its own
 * timeout (a 500) or an "anytime" answer cut at its MaxQueryExecutionTime (a 200 marked only by
 * X-SQL-State) a 503; any other refusal the store's message, 400.
 */
export function storeFailure(answer: Pick<RemoteAnswer, 'status' | 'text' | 'headers'>, timeoutMs: number): Error | undefined {
  if (answer.status === 500 && /estimated execution time/i.test(answer.text)) return new Unprocessable('the store refuses this query as too costly; narrow it');
  if (answer.status === 500 && /time-?out|timed out|exceeds the limit/i.test(answer.text)) return new QueryTimeout('the query ran longer than the store allows', timeoutMs, true);
  if (answer.status >= 400) return new QueryFailed(answer.text.slice(0, 500));
  if (answer.headers.get('x-sql-state')) return new QueryTimeout('the store stopped the query at its own time limit and gave a partial answer', timeoutMs, true);
  return undefined;
}

/**
 * Virtuoso's SPARQL JSON as the W3C format writes it, and as the embedded engine does, compact:
 * an ASK's boolean as 1 or 0, literals with a datatype as "typed-literal" (the 2005 draft's
 * type), and "link", "distinct" and "ordered" members the format does not have.
 */
export function w3cJson(text: string): string {
  let json: { head?: { vars?: string[]; link?: string[] }; boolean?: unknown; results?: { bindings: Record<string, JsonTerm>[] } };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    return text;
  }
  const head = json.head?.vars ? { vars: json.head.vars } : {};
  if ('boolean' in json) return JSON.stringify({ head, boolean: json.boolean === true || json.boolean === 1 || json.boolean === '1' || json.boolean === 'true' });
  // Plain loops and object literals: this runs on every answer the endpoint forwards.
  const term = (t: JsonTerm): JsonTerm => {
    const type = t.type === 'typed-literal' ? 'literal' : t.type;
    const lang = t['xml:lang'];
    return lang ? { type, value: t.value, 'xml:lang': lang } : t.datatype ? { type, value: t.value, datatype: t.datatype } : { type, value: t.value };
  };
  const rows = json.results?.bindings ?? [];
  const bindings: Record<string, JsonTerm>[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const out: Record<string, JsonTerm> = {};
    for (const k in row) out[k] = term(row[k]!);
    bindings[i] = out;
  }
  return JSON.stringify({ head, results: { bindings } });
}
