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
  /** The same, with the (folded) name each was found by. */
  entries(query: string, limit: number): { text: string; iri: string }[];
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
  // Postings in two passes, counting then filling typed arrays: lists of JS numbers for a
  // million names would cost several times the index they make.
  const counts = new Map<string, number>();
  for (let i = 0; i < entries.length; i++) {
    for (const t of trigrams(entries[i]!.text)) counts.set(t, (counts.get(t) ?? 0) + 1);
    if (i % SLICE === SLICE - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  const postings = new Map<string, Uint32Array>();
  for (const [t, n] of counts) postings.set(t, new Uint32Array(n));
  counts.clear();
  const filled = new Map<string, number>();
  for (let i = 0; i < entries.length; i++) {
    for (const t of trigrams(entries[i]!.text)) {
      const at = filled.get(t) ?? 0;
      postings.get(t)![at] = i;
      filled.set(t, at + 1);
    }
    if (i % SLICE === SLICE - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  filled.clear();

  const index: SearchIndex = {
    find: (query, limit) => index.entries(query, limit).map((e) => e.iri),
    entries(query, limit) {
      const needle = fold(query);
      if (!needle) return [];
      // The rarest run of the query narrows the names to check; a query shorter than a run checks all.
      let candidates: ArrayLike<number> | undefined;
      for (const t of trigrams(needle)) {
        const list = postings.get(t);
        if (!list) return [];
        if (!candidates || list.length < candidates.length) candidates = list;
      }
      const found: { text: string; iri: string }[] = [];
      const seen = new Set<string>();
      const count = candidates ? candidates.length : entries.length;
      for (let k = 0; k < count && found.length < limit; k++) {
        const entry = entries[candidates ? candidates[k]! : k]!;
        if (!seen.has(entry.iri) && entry.text.includes(needle)) {
          seen.add(entry.iri);
          found.push(entry);
        }
      }
      return found;
    },
  };
  return index;
}

/**
 * Several indexes searched as one (a reading server's, one per store graph): each one's first
 * matches, merged in name order, each resource once. The same as one index over all the names:
 * a resource among the first `limit` of all is among the first `limit` of the index holding its
 * first matching name.
 */
export function searchIndexes(indexes: readonly SearchIndex[]): SearchIndex {
  const entries = (query: string, limit: number) => {
    const all = indexes.flatMap((index) => index.entries(query, limit)).sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : a.iri < b.iri ? -1 : a.iri > b.iri ? 1 : 0));
    const seen = new Set<string>();
    return all.filter((e) => !seen.has(e.iri) && seen.add(e.iri)).slice(0, limit);
  };
  return { entries, find: (query, limit) => entries(query, limit).map((e) => e.iri) };
}
