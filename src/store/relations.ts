// The relationship index: the API's questions answered ahead of time. Built in one pass over
// the store per data version; a page is then a slice of a sorted array, not a query.
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { ns } from '../vocab.js';
import type { CompactStore } from './compact.js';
import type { QuadSource } from '../quads.js';

const { namedNode } = N3.DataFactory;

export interface ActivitySummary {
  id: string;
  name: { lv?: string; en?: string };
  startDate: string;
  endDate?: string;
  kind?: string;
  goals: number[];
}

/** Activities in the API's order: by start date, then IRI (as SPARQL's ORDER BY ?start ?a). */
export type Listing = readonly string[];

export interface Relations {
  /** Activities with a start date, all of them. */
  all: Listing;
  /** Activities whose dct:subject is the goal. */
  ofGoal(goal: number): Listing;
  /** Activities whose dct:subject is the target, or that an annotation links to it. */
  ofTarget(iri: string): Listing;
  /** Activities held in the municipality (location contained in it) or made with it. */
  ofMunicipality(iri: string): Listing;
  /** The part of a listing starting from `from` to `to` (inclusive, YYYY-MM-DD; either may be absent). */
  between(listing: Listing, from: string | undefined, to: string | undefined): Listing;
  /** dct:subject values of the municipality's activities, with counts (any start date or none). */
  subjectsOfMunicipality(iri: string): Map<string, number>;
  /** Pairs of dct:subject values that activities have together, with counts. */
  pairs(): { x: string; y: string; count: number }[];
  summary(id: string): ActivitySummary;
  /** The statements an RDF answer carries about an activity. */
  quads(id: string): Quad[];
  /**
   * Brings the index up to date after a write whose statements had these subjects: activities
   * are indexed again one by one; false when something else changed that the index reads (a
   * place's municipality, an annotation), and it must be built anew.
   */
  update(changes: Iterable<Quad>): boolean;
}

export const MADE_WITH = ['contributor', 'performer', 'sponsor', 'organizer'].map((p) => ns.schema + p);
export const SUMMARY_PREDICATES = [ns.rdf + 'type', ns.schema + 'name', ns.schema + 'startDate', ns.schema + 'endDate', ns.dct + 'type', ns.dct + 'subject'];

/** An activity as the API lists it: its names, earliest start date, end, kind and goals. */
export function summaryOf(store: QuadSource, id: string): ActivitySummary {
  const subject = namedNode(id);
  const s: ActivitySummary = { id, name: {}, startDate: store.getObjects(subject, namedNode(ns.schema + 'startDate'), null).map((d) => d.value).sort()[0] ?? '', goals: [] };
  // Whatever order a store gives them in: the first of each by value, English then Latvian.
  const first = (p: string, lang?: string) => store.getObjects(subject, namedNode(p), null).filter((o) => lang === undefined || (o as N3.Literal).language === lang).map((o) => o.value).sort()[0];
  for (const lang of ['en', 'lv'] as const) {
    const name = first(ns.schema + 'name', lang);
    if (name !== undefined) s.name[lang] = name;
  }
  const end = first(ns.schema + 'endDate');
  if (end) s.endDate = end;
  const kind = first(ns.dct + 'type');
  if (kind) s.kind = kind;
  for (const g of new Set(store.getObjects(subject, namedNode(ns.dct + 'subject'), null).map((o) => o.value))) {
    const m = /^http:\/\/metadata\.un\.org\/sdg\/(\d+)$/.exec(g);
    if (m) s.goals.push(Number(m[1]));
  }
  s.goals.sort((a, b) => a - b);
  return s;
}

export function buildRelations(store: CompactStore, base: string): Relations {
  const objects = (predicate: string) => {
    const map = new Map<string, string[]>();
    for (const q of store.getQuads(null, namedNode(predicate), null, null)) {
      const list = map.get(q.subject.value);
      if (!list) map.set(q.subject.value, [q.object.value]);
      else if (!list.includes(q.object.value)) list.push(q.object.value);
    }
    return map;
  };
  const activities = new Set(store.getSubjects(namedNode(ns.rdf + 'type'), namedNode(`${base}def/Activity`), null).filter((s) => s.termType === 'NamedNode').map((s) => s.value));
  const start = new Map<string, string>();
  for (const [a, dates] of objects(ns.schema + 'startDate')) if (activities.has(a)) start.set(a, dates.sort()[0]!);
  // Each start date looked up once, not twice per comparison.
  const order = (ids: Iterable<string>): Listing =>
    [...new Set(ids)].flatMap((a) => (start.has(a) ? [[start.get(a)!, a] as const] : [])).sort(([sx, x], [sy, y]) => (sx < sy ? -1 : sx > sy ? 1 : x < y ? -1 : x > y ? 1 : 0)).map(([, a]) => a);

  const subjects = objects(ns.dct + 'subject');
  const stated = new Map<string, string[]>();
  const annotated = new Map<string, string[]>();
  const municipal = new Map<string, string[]>();
  const push = (map: Map<string, string[]>, key: string, a: string) => {
    const list = map.get(key);
    if (list) list.push(a);
    else map.set(key, [a]);
  };
  for (const a of activities) for (const s of subjects.get(a) ?? []) push(stated, s, a);
  const bodies = objects(ns.oa + 'hasBody');
  for (const [annotation, targets] of objects(ns.oa + 'hasTarget')) {
    for (const a of targets) if (activities.has(a)) for (const body of bodies.get(annotation) ?? []) push(annotated, body, a);
  }
  const containedIn = objects(ns.schema + 'containedInPlace');
  for (const [a, places] of objects(ns.schema + 'location')) {
    if (activities.has(a)) for (const place of places) for (const m of containedIn.get(place) ?? []) push(municipal, m, a);
  }
  for (const p of MADE_WITH) for (const [a, agents] of objects(p)) if (activities.has(a)) for (const m of agents) push(municipal, m, a);

  const all = order(activities);
  const memo = new Map<string, Listing>();
  const cached = (key: string, make: () => Listing) => {
    let hit = memo.get(key);
    if (!hit) memo.set(key, (hit = make()));
    return hit;
  };
  const EMPTY: Listing = [];
  const firstFrom = (listing: Listing, date: string) => {
    let lo = 0;
    let hi = listing.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (start.get(listing[mid]!)! < date) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let pairs: { x: string; y: string; count: number }[] | undefined;

  const municipalOf = new Map<string, string[]>();
  for (const [m, list] of municipal) for (const a of list) push(municipalOf, a, m);
  const drop = (map: Map<string, string[]>, key: string, a: string) => {
    const list = map.get(key);
    if (list) map.set(key, list.filter((x) => x !== a));
  };
  /** Where an activity goes in a listing: by start date, then IRI. */
  const position = (a: string, listing: Listing = all) => {
    const sa = start.get(a)!;
    let lo = 0;
    let hi = listing.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const sm = start.get(listing[mid]!)!;
      if (sm < sa || (sm === sa && listing[mid]! < a)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  /**
   * A listing kept in order as its activities change, rather than sorted again: in place (a
   * listing is read synchronously, a page sliced from it, never held across a write).
   */
  const without = (listing: Listing, a: string): void => {
    const at = start.has(a) ? position(a, listing) : listing.indexOf(a);
    if (at >= 0 && listing[at] === a) (listing as string[]).splice(at, 1);
  };
  const into = (listing: Listing, a: string): void => void (listing as string[]).splice(position(a, listing), 0, a);
  const goalKeys = (a: string) => (subjects.get(a) ?? []).flatMap((g) => (/^http:\/\/metadata\.un\.org\/sdg\/\d+$/.test(g) ? [`g ${g.slice(ns.sdg.length)}`] : []));
  const unindex = (a: string) => {
    if (!activities.has(a)) return;
    for (const k of goalKeys(a)) {
      const listing = memo.get(k);
      if (listing) without(listing, a);
    }
    if (start.has(a)) without(all, a);
    for (const s of subjects.get(a) ?? []) drop(stated, s, a);
    for (const m of municipalOf.get(a) ?? []) drop(municipal, m, a);
    activities.delete(a);
    start.delete(a);
    subjects.delete(a);
    municipalOf.delete(a);
  };
  const index = (a: string) => {
    const subject = namedNode(a);
    if (!store.countQuads(subject, namedNode(ns.rdf + 'type'), namedNode(`${base}def/Activity`), null)) return;
    activities.add(a);
    const values = (p: string) => [...new Set(store.getObjects(subject, namedNode(p), null).map((o) => o.value))];
    const dates = values(ns.schema + 'startDate').sort();
    const goals = values(ns.dct + 'subject');
    subjects.set(a, goals);
    for (const g of goals) push(stated, g, a);
    const places = values(ns.schema + 'location').flatMap((p) => containedIn.get(p) ?? []);
    for (const m of new Set([...places, ...MADE_WITH.flatMap(values)])) {
      push(municipal, m, a);
      push(municipalOf, a, m);
    }
    if (dates.length) {
      start.set(a, dates[0]!);
      into(all, a);
      for (const k of goalKeys(a)) {
        const listing = memo.get(k);
        if (listing) into(listing, a);
      }
    }
  };
  /** What the index reads besides activities: a change to these means building it anew. */
  const READ_ELSEWHERE = [ns.schema + 'containedInPlace', ns.oa + 'hasBody', ns.oa + 'hasTarget'].map((p) => namedNode(p));
  // A type that comes or goes is an activity that comes or goes: indexed again below.

  return {
    get all() {
      return all;
    },
    ofGoal: (goal) => cached(`g ${goal}`, () => order(stated.get(`${ns.sdg}${goal}`) ?? EMPTY)),
    ofTarget: (iri) => cached(`t ${iri}`, () => order([...(stated.get(iri) ?? EMPTY), ...(annotated.get(iri) ?? EMPTY)])),
    ofMunicipality: (iri) => cached(`m ${iri}`, () => order(municipal.get(iri) ?? EMPTY)),
    // Dates compare as text: YYYY-MM-DD orders as it reads. "to" is inclusive: before the next day's start.
    between: (listing, from, to) =>
      from || to ? listing.slice(from ? firstFrom(listing, from) : 0, to ? firstFrom(listing, `${to}\u0000`) : listing.length) : listing,
    subjectsOfMunicipality(iri) {
      const counts = new Map<string, number>();
      for (const a of new Set(municipal.get(iri) ?? EMPTY)) for (const s of subjects.get(a) ?? []) counts.set(s, (counts.get(s) ?? 0) + 1);
      return counts;
    },
    pairs() {
      if (pairs) return pairs;
      const counts = new Map<string, number>();
      for (const a of activities) {
        const s = subjects.get(a) ?? [];
        for (const x of s) for (const y of s) if (x < y) counts.set(`${x} ${y}`, (counts.get(`${x} ${y}`) ?? 0) + 1);
      }
      return (pairs = [...counts].map(([k, count]) => ({ x: k.slice(0, k.indexOf(' ')), y: k.slice(k.indexOf(' ') + 1), count })));
    },
    summary: (id) => summaryOf(store, id),
    quads: (id) => SUMMARY_PREDICATES.flatMap((p) => [...store.triples(namedNode(id), namedNode(p))]),
    update(changes) {
      const list = new Set<string>();
      for (const q of changes) {
        if (READ_ELSEWHERE.some((p) => p.equals(q.predicate))) return false;
        if (q.subject.termType === 'NamedNode') list.add(q.subject.value);
      }
      for (const a of list) {
        unindex(a);
        index(a);
      }
      // Goals' listings were kept in order above; targets' and municipalities' are sorted again when asked.
      for (const k of [...memo.keys()]) if (!k.startsWith('g ')) memo.delete(k);
      pairs = undefined;
      return true;
    },
  };
}
