// What the query page's editor offers to complete: the classes and properties of our own
// vocabulary (the ontology, with the reused terms it names) and of the shapes (which name every
// reused class and property the data may use). Read from the site's own graphs, never from a
// service on the network, so the page works offline and under the pages' CSP.
import type { Quad } from '@rdfjs/types';
import { ns } from '../vocab.js';

export interface QueryVocabulary {
  classes: string[];
  properties: string[];
}

const CLASS_TYPES: ReadonlySet<string> = new Set([ns.owl + 'Class', ns.rdfs + 'Class']);
const PROPERTY_TYPES: ReadonlySet<string> = new Set([ns.owl + 'ObjectProperty', ns.owl + 'DatatypeProperty', ns.owl + 'AnnotationProperty', ns.rdf + 'Property']);
/** Predicates whose object is a class, and whose subject is one for the first two. */
const CLASS_OBJECTS: ReadonlySet<string> = new Set([ns.rdfs + 'subClassOf', ns.owl + 'equivalentClass', ns.rdfs + 'domain', ns.rdfs + 'range', ns.sh + 'class', ns.sh + 'targetClass']);
const PROPERTY_OBJECTS: ReadonlySet<string> = new Set([ns.rdfs + 'subPropertyOf', ns.owl + 'inverseOf', ns.sh + 'path']);

/** The named classes and properties the quads speak of, each list sorted. */
export function queryVocabulary(quads: Iterable<Quad>): QueryVocabulary {
  const classes = new Set<string>();
  const properties = new Set<string>([ns.rdf + 'type']);
  const named = (term: Quad['object'], into: Set<string>) => {
    if (term.termType === 'NamedNode') into.add(term.value);
  };
  for (const q of quads) {
    const p = q.predicate.value;
    if (p === ns.rdf + 'type') {
      if (CLASS_TYPES.has(q.object.value)) named(q.subject, classes);
      if (PROPERTY_TYPES.has(q.object.value)) named(q.subject, properties);
    } else if (CLASS_OBJECTS.has(p)) {
      named(q.object, classes);
      if (p === ns.rdfs + 'subClassOf' || p === ns.owl + 'equivalentClass') named(q.subject, classes);
      if (p === ns.rdfs + 'domain' || p === ns.rdfs + 'range') named(q.subject, properties);
    } else if (PROPERTY_OBJECTS.has(p)) {
      named(q.object, properties);
      if (p !== ns.sh + 'path') named(q.subject, properties);
    }
  }
  // A datatype or a shape is no class to query for.
  for (const c of classes) if (c.startsWith(ns.xsd) || c.startsWith(ns.sh)) classes.delete(c);
  return { classes: [...classes].sort(), properties: [...properties].sort() };
}
