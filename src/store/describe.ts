// describe(iri): the resource's own triples with the closure of the blank nodes it holds.
import type N3 from 'n3';
import type { Quad, Term } from '@rdfjs/types';

export function describe(store: N3.Store, subject: Term): Quad[] {
  const out: Quad[] = [];
  const seen = new Set<string>();
  const queue: Term[] = [subject];
  while (queue.length) {
    const s = queue.shift()!;
    for (const q of store.getQuads(s, null, null, null)) {
      out.push(q);
      if (q.object.termType === 'BlankNode' && !seen.has(q.object.value)) {
        seen.add(q.object.value);
        queue.push(q.object);
      }
    }
  }
  return out;
}
