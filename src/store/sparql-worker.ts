// A query worker: its own oxigraph store, loaded once from what was published (the N-Quads dump
// of the dataset, written from the published store, never the sources, which may have changed);
// runs one query at a time. The answer leaves as bytes (transferred, not copied) with its ETag,
// so the main thread neither copies nor hashes it. After an engine trap (its WebAssembly memory
// may be corrupt) or a stack overflow the worker says so; the pool ends it and starts another.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import * as ox from 'oxigraph';
import { STALE, type QueryMessage, type QueryReply, type ReplaceMessage, type WorkerDataset } from './sparql-protocol.js';

const dataset = workerData as WorkerDataset;
const store = new ox.Store();
for (const source of dataset.sources) {
  let size: number;
  try {
    size = statSync(source.file).size;
  } catch {
    throw new Error(STALE);
  }
  if (source.size !== undefined && size !== source.size) throw new Error(STALE);
  store.load(readFileSync(source.file), { format: source.format, base_iri: dataset.base, ...(source.graph ? { to_graph_name: ox.namedNode(source.graph) } : {}) });
}
for (const nquads of dataset.extra) store.load(nquads, { format: 'application/n-quads' });
for (const [graph, nquads] of dataset.graphs ?? []) replace(graph, nquads);

/** A graph's content replaced by what a write made of it (each load scopes its own blank nodes). */
function replace(graph: string, nquads: string) {
  try {
    store.update(`DROP SILENT GRAPH <${graph}>`);
    if (nquads) store.load(nquads, { format: 'application/n-quads' });
  } catch {
    // Writes are checked against this engine's parser before they are accepted (store/strict.ts);
    // a graph that still fails stays as it was rather than ending the worker.
  }
}
/** The engine's memory and this thread's heap. */
const used = () => {
  const m = process.memoryUsage();
  return m.external + m.heapUsed;
};
const limit = used() + (dataset.growthBytes ?? Math.max(256 * 2 ** 20, 4 * dataset.maxResultBytes));
parentPort!.postMessage({ ready: true });

const encoder = new TextEncoder();

parentPort!.on('message', (m: QueryMessage | ReplaceMessage) => {
  if ('replace' in m) return replace(m.replace, m.nquads);
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
    const text = typeof out === 'string' ? out : JSON.stringify(out);
    // UTF-8 takes at least a byte per UTF-16 unit: a text this long is too large before it is
    // encoded (encoding a few hundred MB more is what ran a worker out of heap).
    if (text.length > dataset.maxResultBytes) return reply({ id: m.id, tooLarge: text.length, cap: dataset.maxResultBytes });
    const body = encoder.encode(text);
    if (body.byteLength > dataset.maxResultBytes) return reply({ id: m.id, tooLarge: body.byteLength, cap: dataset.maxResultBytes });
    const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
    reply({ id: m.id, body, etag }, [body.buffer as ArrayBuffer]);
  } catch (error) {
    // A trap of the engine's WebAssembly, or a stack overflow: this store cannot be trusted again.
    const fatal = (error instanceof Error && error.constructor.name === 'RuntimeError') || error instanceof RangeError;
    reply({ id: m.id, error: error instanceof Error ? error.message : String(error), fatal });
  }
});

function reply(message: QueryReply, transfer: ArrayBuffer[] = []) {
  parentPort!.postMessage(used() > limit ? { ...message, recycle: true } : message, transfer);
}
