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
import type { RemoteStore } from './remote.js';
import { currentGraphs } from './versions.js';
import { catalogGraph } from './dataset.js';

/** What the endpoint needs of a query engine: the embedded pool or an external store. */
export interface QueryRunner {
  run(message: Omit<QueryMessage, 'id'>): Promise<QueryAnswer>;
  start(): Promise<void>;
  close(): Promise<void>;
  replaceGraph(graph: string, nquads: string): void;
  stats(): { loaded: boolean; replaced: number; workers: number; ready: number; busy: number; queued: number };
}

export class RemoteQueryPool implements QueryRunner {
  private version: Promise<{ version: string | undefined; graphs: Map<string, string> }> | undefined;
  private busy = 0;

  constructor(
    private readonly remote: RemoteStore,
    private readonly base: string,
    private readonly timeoutMs: number,
  ) {}

  /** The current version's graphs, read from the registry (again after a write or a push). */
  private graphs() {
    return (this.version ??= currentGraphs(this.remote, this.base).catch((error: unknown) => {
      this.version = undefined;
      throw new QueryUnavailable('the external store cannot be read', error);
    }));
  }

  async start(): Promise<void> {
    const { version } = await this.graphs();
    if (!version) throw new QueryUnavailable(`the external store holds no version of this data: run sdg-lod push`);
  }

  async close(): Promise<void> {}

  /** A write changes the store through push; the next query reads the registry again. */
  replaceGraph(): void {
    this.version = undefined;
  }

  stats() {
    return { loaded: this.version !== undefined, replaced: 0, workers: 1, ready: 1, busy: this.busy, queued: 0 };
  }

  async run(message: Omit<QueryMessage, 'id'>): Promise<QueryAnswer> {
    // The dataset, as the embedded engine's: every graph but the catalogue's (store/dataset.ts).
    const graphs = new Map([...(await this.graphs()).graphs].filter(([g]) => g !== catalogGraph(this.base)));
    const physical = (g: string) => graphs.get(g) ?? `${this.base}graph/versions/none`;
    // The dataset named always: the protocol's graphs, or the union of ours.
    const named = message.namedGraphs?.length ? message.namedGraphs.map(physical) : [...graphs.values()];
    const defaults = message.defaultGraphs?.length ? message.defaultGraphs.map(physical) : message.namedGraphs?.length ? [] : [...graphs.values()];
    // GRAPH <{base}graph/letter> in the query names the version's graph; answers name ours.
    // A query that names its own dataset names ours only: never the store's other graphs.
    for (const m of message.query.matchAll(/\bFROM\s+(?:NAMED\s+)?<([^>]*)>/gi)) {
      if (!graphs.has(m[1]!)) throw new QueryFailed(`FROM <${m[1]}>: this endpoint queries the dataset's graphs (${[...graphs.keys()].join(', ')})`);
    }
    let query = message.query;
    for (const [logical, part] of graphs) query = query.replaceAll(`<${logical}>`, `<${part}>`);
    const dataset = message.ownDataset ? '' : [...defaults.map((g) => `FROM <${g}>`), ...named.map((g) => `FROM NAMED <${g}>`)].join(' ');
    const text = dataset ? withDataset(query, dataset) : query;
    this.busy++;
    const started = Date.now();
    let answer;
    try {
      answer = await this.remote.query(text, message.format);
    } catch (error) {
      if (Date.now() - started >= this.timeoutMs) throw new QueryTimeout(`the query ran longer than ${this.timeoutMs} ms`, this.timeoutMs, true);
      throw new QueryUnavailable('the external store did not answer', error);
    } finally {
      this.busy--;
    }
    if (answer.status === 500 && /timeout|estimated execution time|exceeds the limit/i.test(answer.text)) {
      throw /estimated/i.test(answer.text) ? new Unprocessable('the store refuses this query as too costly; narrow it') : new QueryTimeout(`the query ran longer than the store allows`, this.timeoutMs, true);
    }
    if (answer.status >= 400) throw new QueryFailed(answer.text.slice(0, 500));
    const maxRows = answer.headers.get('x-sparql-maxrows');
    if (maxRows) throw new Unprocessable(`the store cut the answer at ${maxRows} rows; add a LIMIT, or page with LIMIT and OFFSET`);
    let body = answer.text;
    for (const [logical, part] of graphs) body = body.replaceAll(part, logical);
    // Virtuoso's SPARQL JSON writes an ASK's boolean as 1 or 0.
    if (/sparql-results\+json/.test(message.format)) body = body.replace(/("boolean"\s*:\s*)"?([01])"?/, (_, k: string, v: string) => `${k}${v === '1'}`);
    const bytes = Buffer.from(body, 'utf8');
    return { body: bytes, etag: `"${createHash('sha1').update(bytes).digest('base64url').slice(0, 22)}"` };
  }
}

/** The dataset clauses go before the query's WHERE (after its prologue and its result clause). */
function withDataset(query: string, dataset: string): string {
  const where = /\bWHERE\s*\{/i.exec(query) ?? /\{/.exec(query);
  return where ? `${query.slice(0, where.index)} ${dataset} ${query.slice(where.index)}` : `${query} ${dataset}`;
}
