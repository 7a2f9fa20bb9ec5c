// A query worker: its own oxigraph store, loaded once from the source files themselves (so it
// loads while the main thread parses); runs one query at a time. The pool terminates a worker
// whose query runs too long, so a runaway query never blocks the server.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import * as ox from 'oxigraph';

export interface WorkerSource {
  file: string;
  /** Media type of the file's syntax. */
  format: string;
  /** Graph for the file's default-graph triples. */
  graph: string;
  /** The hash the file had when it was published; a file that differs is refused. */
  sha256?: string | undefined;
}

export interface WorkerDataset {
  base: string;
  sources: WorkerSource[];
  /** N-Quads loaded after the files (data that has no file of its own: the SPARQL test suites). */
  extra: string[];
}

export interface QueryMessage {
  id: number;
  query: string;
  format: string;
  defaultGraphs?: string[];
  namedGraphs?: string[];
  /** The query names its own dataset (FROM / FROM NAMED): no union default graph then. */
  ownDataset?: boolean;
}

const dataset = workerData as WorkerDataset;
const store = new ox.Store();
const hashes: string[] = [];
for (const source of dataset.sources) {
  const bytes = readFileSync(source.file);
  const hash = createHash('sha256').update(bytes).digest('hex');
  if (source.sha256 && source.sha256 !== hash) {
    throw new Error(`${source.file} has changed since this data version was published; reload the server to publish it`);
  }
  hashes.push(hash);
  store.load(bytes, { format: source.format, base_iri: dataset.base, to_graph_name: ox.namedNode(source.graph) });
}
for (const nquads of dataset.extra) store.load(nquads, { format: 'application/n-quads' });
parentPort!.postMessage({ ready: true, hashes });

parentPort!.on('message', (m: QueryMessage) => {
  try {
    const options: Parameters<ox.Store['query']>[1] = { results_format: m.format };
    // SPARQL 1.1 Protocol §2.1.4: protocol parameters override FROM/FROM NAMED; named graphs
    // alone leave the default graph empty. Without either, the default graph is the union.
    if (m.defaultGraphs?.length || m.namedGraphs?.length) {
      options.default_graph = (m.defaultGraphs ?? []).map((g) => ox.namedNode(g));
      if (m.namedGraphs?.length) options.named_graphs = m.namedGraphs.map((g) => ox.namedNode(g));
    } else if (!m.ownDataset) {
      options.use_default_graph_as_union = true;
    }
    const out = store.query(m.query, options);
    parentPort!.postMessage({ id: m.id, body: typeof out === 'string' ? out : JSON.stringify(out) });
  } catch (error) {
    parentPort!.postMessage({ id: m.id, error: error instanceof Error ? error.message : String(error) });
  }
});
