// Search by name from its index: the same hits as reading every name, diacritics or not, and in
// name order, for queries cut from the data's own names and for ones that match nothing.
import N3 from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openProject, type Project } from '../src/pipeline.js';
import { buildSearchIndex, fold, type SearchIndex } from '../src/store/search.js';
import { ns } from '../src/vocab.js';
import { BASE, bundledConfig } from './helpers.js';

let project: Project;
let index: SearchIndex;
let names: { text: string; iri: string }[];

beforeAll(async () => {
  project = await openProject(bundledConfig());
  index = await buildSearchIndex(project.store);
  names = [ns.schema + 'name', ns.skos + 'altLabel', ns.rdfs + 'label'].flatMap((p) =>
    project.store.getQuads(null, N3.DataFactory.namedNode(p), null, null).filter((q) => q.subject.termType === 'NamedNode').map((q) => ({ text: fold(q.object.value), iri: q.subject.value })));
});

/** What reading every name gives: each resource once, in the order of its first matching name. */
function byReading(query: string, limit: number): string[] {
  const needle = fold(query);
  const hits = names.filter((n) => n.text.includes(needle)).sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : a.iri < b.iri ? -1 : 1));
  return [...new Set(hits.map((h) => h.iri))].slice(0, limit);
}

describe('search', () => {
  it.each([
    ['tehnologijas', `${BASE}id/activity/2021-05-12-tehnologijas-ir-atbilde`],
    ['Tehnoloģijas', `${BASE}id/activity/2021-05-12-tehnologijas-ir-atbilde`],
    ['RĪGA', `${BASE}id/place/riga`],
    ['climate action', 'http://metadata.un.org/sdg/13'],
  ])('finds %j', (query, iri) => {
    expect(index.find(query, 100)).toContain(iri);
  });

  it.each(['', 'zzzqqq', 'q'])('finds nothing wrong for %j', (query) => {
    expect(index.find(query, 100)).toEqual(byReading(query, 100).filter(() => query !== ''));
  });

  it('gives what reading every name gives, for pieces of every name, long and short', () => {
    const queries = new Set<string>();
    for (const [i, n] of names.entries()) {
      if (i % 7) continue;
      queries.add(n.text.slice(0, 2));
      queries.add(n.text.slice(1, 6));
      queries.add(n.text.slice(-9));
    }
    for (const q of queries) if (q.trim()) expect(index.find(q, 25), q).toEqual(byReading(q, 25));
  });
});
