// The query store of a process that answers queries itself (the CLI, the tests): oxigraph loaded
// with the dataset's named graphs (store/dataset.ts); the default graph of a query is their union.
import N3 from 'n3';
import type * as Ox from 'oxigraph';
import { oxigraph } from '../lazy.js';
import type { QuadSource } from '../quads.js';
import { datasetGraphs } from './dataset.js';

export function createQueryStore(store: QuadSource, base: string): Ox.Store {
  const query = new (oxigraph().Store)();
  const writer = new N3.Writer({ format: 'N-Quads' });
  for (const g of datasetGraphs(store, base)) query.load(writer.quadsToString(store.getQuads(null, null, null, g)), { format: 'application/n-quads' });
  return query;
}

export type Binding = Record<string, string>;

/** SELECT → rows of plain values (IRIs and literal lexical forms), for tests and the CLI. */
export function select(store: Ox.Store, sparql: string): Binding[] {
  const result = store.query(sparql, { use_default_graph_as_union: true });
  if (!Array.isArray(result)) throw new Error('not a SELECT query');
  return (result as Map<string, Ox.Term>[]).map((row) => Object.fromEntries([...row].map(([k, v]) => [k, v.value])));
}
