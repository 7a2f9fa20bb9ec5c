// What a page embeds as <script type="application/ld+json"> for search engines: the subject's own
// statements (and its blank nodes'), not what others say of it; and, for each resource it links
// to with a schema.org property, that resource's schema.org types and names. Search engines read
// the page alone: an organizer or a location given by IRI only is, to them, of no known type
// (tests/schema-org.test.ts checks the result against schema.org's definitions).
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { ns } from '../vocab.js';

const RDF_TYPE = `${ns.rdf}type`;
const NAME = `${ns.schema}name`;

export async function embeddedStatements(quads: readonly Quad[], subject: string, about: (iris: readonly string[]) => Promise<Quad[]>): Promise<Quad[]> {
  const own = ownStatements(quads, subject);
  const linked = [...new Set(own
    .filter((q) => q.predicate.value.startsWith(ns.schema) && q.object.termType === 'NamedNode' && !q.object.value.startsWith(ns.schema) && q.object.value !== subject)
    .map((q) => q.object.value))].sort();
  if (!linked.length) return own;
  const told = (await about(linked)).filter((q) => (q.predicate.value === RDF_TYPE && q.object.value.startsWith(ns.schema)) || q.predicate.value === NAME);
  return [...own, ...told.map((q) => N3.DataFactory.quad(q.subject, q.predicate, q.object))];
}

/** The subject's statements and those of the blank nodes it holds. */
function ownStatements(quads: readonly Quad[], subject: string): Quad[] {
  const out: Quad[] = [];
  const seen = new Set<string>();
  const queue = [subject];
  while (queue.length) {
    const s = queue.shift();
    for (const q of quads) {
      if (q.subject.value !== s || (s !== subject && q.subject.termType !== 'BlankNode')) continue;
      out.push(q);
      if (q.object.termType === 'BlankNode' && !seen.has(q.object.value)) {
        seen.add(q.object.value);
        queue.push(q.object.value);
      }
    }
  }
  return out;
}
