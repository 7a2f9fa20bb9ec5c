// The description of a resource: its own triples with the closure of its blank nodes, the
// labels of every resource it links to, and the resources that link to it (with their labels).
import N3 from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { ns, PASSAGE_TYPE } from '../vocab.js';
import type { QuadSource } from '../quads.js';

const { DataFactory: df } = N3;

/** Predicates that name a resource; copied for every linked resource so that pages show labels. */
export const LABEL_PREDICATES = [
  ns.schema + 'name', ns.rdfs + 'label', ns.skos + 'prefLabel', ns.skos + 'altLabel', ns.skos + 'notation', ns.dct + 'title',
].map((p) => df.namedNode(p));

/** An organisation's sector is shown wherever it is named (its page says who took part, from which sector). */
export const SECTOR = df.namedNode(ns.org + 'classification');

/** Incoming links through a place reach its municipality: activities held there. */
const CONTAINED_IN = df.namedNode(ns.schema + 'containedInPlace');
const LOCATION = df.namedNode(ns.schema + 'location');
/** An annotation about a resource (an inferred target, with the words it quotes) is part of its description. */
const HAS_TARGET = df.namedNode(ns.oa + 'hasTarget');
/** A fact about the resource (an rdf:Statement with the words it comes from) is part of its description too. */
const STATEMENT_SUBJECT = df.namedNode(ns.rdf + 'subject');
/** A passage of the letter is described with the facts taken from it. */
const SOURCE = df.namedNode(ns.dct + 'source');
/** A document is described with its passages, and the facts taken from each (its page shows them in its text). */
const PART_OF = df.namedNode(ns.schema + 'isPartOf');
export const PASSAGE = df.namedNode(PASSAGE_TYPE);
const TYPE = df.namedNode(ns.rdf + 'type');

/** Resources linking to a described one, at most: a goal or an organisation may have 100,000. */
export const MAX_LINKING = 200;

export function describe(store: QuadSource, subject: Term): Quad[] {
  return describeLinked(store, subject).quads;
}

/**
 * The description, and how many resources link to the subject in all. Of those, the description
 * holds the `max` (MAX_LINKING) with the greatest IRIs (activities' IRIs begin with their date: the
 * latest), so that no description, and no rendering of it, grows with the whole dataset.
 */
export function describeLinked(store: QuadSource, subject: Term, max = MAX_LINKING): { quads: Quad[]; linking: number } {
  const out = new N3.Store();
  const add = (q: Quad) => out.addQuad(q.subject, q.predicate, q.object);
  /** Adds a resource's statements and those of its blank nodes; returns them. */
  const closure = (s: Term): Quad[] => {
    const read: Quad[] = [];
    const seen = new Set<string>();
    const queue: Term[] = [s];
    while (queue.length) {
      const current = queue.shift()!;
      for (const q of store.getQuads(current, null, null, null)) {
        add(q);
        read.push(q);
        if (q.object.termType === 'BlankNode' && !seen.has(q.object.value)) {
          seen.add(q.object.value);
          queue.push(q.object);
        }
      }
    }
    return read;
  };
  closure(subject);
  if (out.size === 0) return { quads: [], linking: 0 };
  const labelled = new Set<string>([subject.value]);
  const labels = (t: Term) => {
    if (t.termType !== 'NamedNode' || labelled.has(t.value)) return;
    labelled.add(t.value);
    for (const p of LABEL_PREDICATES) for (const q of store.getQuads(t, p, null, null)) add(q);
    for (const q of store.getQuads(t, SECTOR, null, null)) {
      add(q);
      labels(q.object);
    }
  };
  for (const q of out.getQuads(null, null, null, null)) labels(q.object);
  // What links here, directly or (for a municipality) through a place in it.
  const incoming = store.getQuads(null, null, subject, null).filter((q) => q.subject.termType === 'NamedNode');
  const through = incoming.filter((q) => q.predicate.equals(CONTAINED_IN)).flatMap((q) => store.getQuads(null, LOCATION, q.subject, null));
  const linking = [...new Set([...incoming, ...through].map((q) => q.subject.value))].sort().reverse();
  const kept = new Set(linking.slice(0, max));
  for (const q of incoming) {
    if (!kept.has(q.subject.value) && !q.predicate.equals(CONTAINED_IN)) continue;
    add(q);
    labels(q.subject);
    if (q.predicate.equals(HAS_TARGET)) for (const about of closure(q.subject)) labels(about.object);
    if (q.predicate.equals(STATEMENT_SUBJECT) || q.predicate.equals(SOURCE)) for (const about of closure(q.subject)) labels(about.object);
    if (q.predicate.equals(PART_OF) && store.countQuads(q.subject, TYPE, PASSAGE, null)) {
      closure(q.subject);
      for (const fact of store.getQuads(null, SOURCE, q.subject, null)) for (const about of closure(fact.subject)) labels(about.object);
    }
  }
  for (const held of through) {
    if (!kept.has(held.subject.value)) continue;
    add(held);
    labels(held.subject);
  }
  return { quads: out.getQuads(null, null, null, null), linking: linking.length };
}

/** True when the store says anything about the resource as a subject. */
export function exists(store: QuadSource, subject: Term): boolean {
  return store.countQuads(subject, null, null, null) > 0;
}
