// What the handlers read of a data version, asked as questions rather than by walking a store:
// the embedded store answers them from memory (here), an external one with SPARQL
// (store/remote-reader.ts), so that a server over a store of any size holds none of its data.
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { describeLinked } from './describe.js';
import { datasetGraphs, datasetSize } from './dataset.js';
import type { CompactStore } from './compact.js';
import type { ActivitySummary, Relations } from './relations.js';
import type { SearchIndex } from './search.js';
import type { QuadSource } from '../quads.js';
import { ns } from '../vocab.js';

const { namedNode } = N3.DataFactory;

/** Counts over the dataset's graphs: statements, distinct subjects, properties and classes. */
export interface Statistics {
  triples: number;
  subjects: number;
  properties: number;
  classes: number;
  perGraph: Map<string, number>;
}

/** Which activities an API listing holds. */
export type ListingOf = { all: true } | { goal: number } | { target: string } | { municipality: string };

/** Activities by start date, then IRI; `starts` beside `ids`, for narrowing to dates. */
export interface Listing {
  ids: readonly string[];
  starts: readonly string[];
}

export interface Reader {
  /** The dataset's named graphs, in IRI order (the catalogue's is not one). */
  readonly graphs: readonly string[];
  describe(subject: string): Promise<{ quads: Quad[]; linking: number }>;
  exists(iri: string): Promise<boolean>;
  /** The statements whose subject is one of these (labels of search hits). */
  about(iris: readonly string[]): Promise<Quad[]>;
  statistics(): Promise<Statistics>;
  /** Statements in the dataset (what statistics() counts as triples, more cheaply where it can). */
  size(): Promise<number>;
  /** Every resource with a description, relative to {base}doc/. */
  resourcePaths(): Promise<string[]>;
  search(): Promise<SearchIndex>;
  /** The activities of a listing whose start dates fall from `from` to `to` (inclusive, YYYY-MM-DD), in order. */
  listing(of: ListingOf, from?: string, to?: string): Promise<readonly string[]>;
  /** How many activities with a start date each goal has (the home page's counts). */
  goalCounts(): Promise<Map<number, number>>;
  /** The API's items and the statements an RDF answer carries about them. */
  activities(ids: readonly string[]): Promise<{ summaries: ActivitySummary[]; quads: Quad[] }>;
  subjectsOfMunicipality(iri: string): Promise<Map<string, number>>;
  pairs(): Promise<{ x: string; y: string; count: number }[]>;
  /** After a write: what was counted is counted again. */
  changed(): void;
}

/** The part of a listing whose start dates fall from `from` to `to` (inclusive, YYYY-MM-DD). */
export function between(listing: Listing, from: string | undefined, to: string | undefined): readonly string[] {
  if (!from && !to) return listing.ids;
  const first = (date: string) => {
    let lo = 0;
    let hi = listing.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (listing.starts[mid]! < date) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // "to" is inclusive: before the next day's start.
  return listing.ids.slice(from ? first(from) : 0, to ? first(`${to}\u0000`) : listing.ids.length);
}

/** What an IRI's description is called under {base}doc/: id/… things, UN goals and targets, our defined terms. */
export function describedPath(iri: string, base: string, defined: () => boolean): string | undefined {
  if (iri.includes('#')) return undefined;
  if (iri.startsWith(`${base}id/`)) return iri.slice(base.length + 3);
  const m = /^http:\/\/metadata\.un\.org\/sdg\/(\d{1,2})(\.[0-9a-z]+)?$/.exec(iri);
  if (m) return Number(m[1]) >= 1 && Number(m[1]) <= 17 ? `sdg/${iri.slice(ns.sdg.length)}` : undefined;
  if (iri.startsWith(`${base}def/`) && defined()) return iri.slice(base.length);
  return undefined;
}

/** Counts over the given graphs of a store held in memory. */
export function statisticsOf(store: QuadSource, graphs: readonly string[]): Statistics {
  const subjects = new Set<string>();
  const properties = new Set<string>();
  const classes = new Set<string>();
  const perGraph = new Map<string, number>();
  for (const name of graphs) {
    const g = namedNode(name);
    perGraph.set(name, store.countQuads(null, null, null, g));
    for (const s of store.getSubjects(null, null, g)) subjects.add(N3.termToId(s as N3.Term));
    for (const p of store.getPredicates(null, null, g)) properties.add(p.value);
    for (const c of store.getObjects(null, namedNode(ns.rdf + 'type'), g)) classes.add(N3.termToId(c as N3.Term));
  }
  const triples = [...perGraph.values()].reduce((a, b) => a + b, 0);
  return { triples, subjects: subjects.size, properties: properties.size, classes: classes.size, perGraph };
}

/** The embedded store's answers: from memory, through the relationship and search indexes. */
export function embeddedReader(store: CompactStore, base: string, relations: () => Relations, search: () => Promise<SearchIndex>, resourcePaths: () => string[]): Reader {
  let stats: Statistics | undefined;
  return {
    get graphs() {
      return datasetGraphs(store, base).map((g) => g.value);
    },
    describe: async (subject) => describeLinked(store, namedNode(subject)),
    exists: async (iri) => store.countQuads(namedNode(iri), null, null, null) > 0,
    about: async (iris) => iris.flatMap((iri) => store.getQuads(namedNode(iri), null, null, null)),
    statistics: async () => (stats ??= statisticsOf(store, datasetGraphs(store, base).map((g) => g.value))),
    size: async () => datasetSize(store, base),
    resourcePaths: async () => resourcePaths(),
    search,
    async listing(of, from, to) {
      const r = relations();
      return r.between('all' in of ? r.all : 'goal' in of ? r.ofGoal(of.goal) : 'target' in of ? r.ofTarget(of.target) : r.ofMunicipality(of.municipality), from, to);
    },
    async activities(ids) {
      const r = relations();
      return { summaries: ids.map((id) => r.summary(id)), quads: ids.flatMap((id) => r.quads(id)) };
    },
    goalCounts: async () => new Map(Array.from({ length: 17 }, (_, i) => [i + 1, relations().ofGoal(i + 1).length] as const).filter(([, n]) => n > 0)),
    subjectsOfMunicipality: async (iri) => relations().subjectsOfMunicipality(iri),
    pairs: async () => relations().pairs(),
    changed: () => void (stats = undefined),
  };
}
