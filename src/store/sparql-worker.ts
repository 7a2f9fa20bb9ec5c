// A query worker: its own oxigraph store, loaded once; runs one query at a time. The pool
// terminates a worker whose query runs too long, so a runaway query never blocks the server.
import { parentPort, workerData } from 'node:worker_threads';
import * as ox from 'oxigraph';

export interface QueryMessage {
  id: number;
  query: string;
  format: string;
  defaultGraphs?: string[];
  namedGraphs?: string[];
  /** The query names its own dataset (FROM / FROM NAMED): no union default graph then. */
  ownDataset?: boolean;
}

const store = new ox.Store();
store.load(workerData.nquads as string, { format: 'application/n-quads' });
parentPort!.postMessage({ ready: true });

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
