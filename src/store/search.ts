// Search by name: the names (schema:name, skos:altLabel, rdfs:label) of every resource, folded
// (lower case, no diacritics) and indexed by their three-letter runs, once per data version.
// A search reads the shortest posting list of its query's runs and checks only those names, so
// it costs little however large the data, and the build yields to requests while it runs.
import N3 from 'n3';
import type { QuadSource } from '../quads.js';
import { ns } from '../vocab.js';

export const NAMES = [ns.schema + 'name', ns.skos + 'altLabel', ns.rdfs + 'label'];
/** Names indexed between two yields to the event loop while building. */
const SLICE = 5000;

export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function trigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 3 <= text.length; i++) out.add(text.slice(i, i + 3));
  return out;
}

export interface SearchIndex {
  /** IRIs of resources with a name that contains the query (folded), in name order, at most `limit`. */
  find(query: string, limit: number): string[];
}

export async function buildSearchIndex(store: QuadSource): Promise<SearchIndex> {
  const names: [string, string][] = [];
  for (const p of NAMES) {
    for (const q of store.getQuads(null, N3.DataFactory.namedNode(p), null, null)) {
      if (q.subject.termType === 'NamedNode' && q.object.termType === 'Literal') names.push([q.subject.value, q.object.value]);
    }
  }
  return searchIndexOf(names);
}

/** The index of these names: each a resource's IRI and one of its names. */
export async function searchIndexOf(names: Iterable<readonly [string, string]>): Promise<SearchIndex> {
  const entries: { text: string; iri: string }[] = [];
  for (const [iri, name] of names) entries.push({ text: fold(name), iri });
  entries.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : a.iri < b.iri ? -1 : 1));
  const lists = new Map<string, number[]>();
  for (let i = 0; i < entries.length; i++) {
    for (const t of trigrams(entries[i]!.text)) {
      let list = lists.get(t);
      if (!list) lists.set(t, (list = []));
      list.push(i);
    }
    if (i % SLICE === SLICE - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  const postings = new Map<string, Uint32Array>();
  for (const [t, list] of lists) postings.set(t, Uint32Array.from(list));
  lists.clear();

  return {
    find(query, limit) {
      const needle = fold(query);
      if (!needle) return [];
      // The rarest run of the query narrows the names to check; a query shorter than a run checks all.
      let candidates: ArrayLike<number> | undefined;
      for (const t of trigrams(needle)) {
        const list = postings.get(t);
        if (!list) return [];
        if (!candidates || list.length < candidates.length) candidates = list;
      }
      const found: string[] = [];
      const seen = new Set<string>();
      const count = candidates ? candidates.length : entries.length;
      for (let k = 0; k < count && found.length < limit; k++) {
        const entry = entries[candidates ? candidates[k]! : k]!;
        if (!seen.has(entry.iri) && entry.text.includes(needle)) {
          seen.add(entry.iri);
          found.push(entry.iri);
        }
      }
      return found;
    },
  };
}
