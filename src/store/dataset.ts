// What is published as the dataset, defined once: every named graph the project loads except the
// catalogue, which describes the dataset (its distributions, their sizes and dates) and so is not
// part of it. The SPARQL endpoint, the VoID statistics and the dumps all read this definition.
// Also the statements the catalogue derives from the data when a project opens.
import { createHash } from 'node:crypto';
import N3 from 'n3';
import type { NamedNode, Quad } from '@rdfjs/types';
import { graphIri, type Source } from '../load/sources.js';
import type { QuadSource } from '../quads.js';
import { ns } from '../vocab.js';

const { namedNode: iri, literal, quad, blankNode } = N3.DataFactory;
const RDF_TYPE = iri(ns.rdf + 'type');
const XSD_DATE = iri(ns.xsd + 'date');

export const catalogGraph = (base: string): string => graphIri(base, 'catalog');

/** Whether a source's statements belong to the dataset (not the shapes, not the catalogue). */
export function inDataset(source: Pick<Source, 'role' | 'graph'>, base: string): boolean {
  return source.role !== 'shapes' && source.graph !== catalogGraph(base);
}

/** The dataset's named graphs in the store, in IRI order. */
export function datasetGraphs(store: Pick<QuadSource, 'getGraphs'>, base: string): NamedNode[] {
  const catalog = catalogGraph(base);
  return store.getGraphs(null, null, null)
    .filter((g): g is NamedNode => g.termType === 'NamedNode' && g.value !== catalog)
    .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/** What is published: the dataset's graphs and the catalogue's, those that hold anything (what push loads into a store). */
export function publishedGraphs(store: Pick<QuadSource, 'getGraphs' | 'countQuads'>, base: string): string[] {
  const catalog = N3.DataFactory.namedNode(catalogGraph(base));
  return [...datasetGraphs(store, base), ...(store.countQuads(null, null, null, catalog) ? [catalog] : [])].map((g) => g.value);
}

/**
 * The fragment that names a graph in the VoID description ({base}.well-known/void#…): its path
 * under {base}graph/, or for a graph named elsewhere a hash of its IRI.
 */
export function graphFragment(graph: string, base: string): string {
  const ours = `${base}graph/`;
  return graph.startsWith(ours) ? graph.slice(ours.length) : `g-${createHash('sha1').update(graph).digest('hex').slice(0, 12)}`;
}

/** How many statements the dataset holds, counted per graph (as VoID and the N-Quads dump count them). */
export function datasetSize(store: Pick<QuadSource, 'getGraphs' | 'countQuads'>, base: string): number {
  return datasetGraphs(store, base).reduce((n, g) => n + store.countQuads(null, null, null, g), 0);
}

export interface DataVersion {
  /** When the data last changed: the newest source file's modification time. */
  modified: Date;
}

/** Dates computed from the data: dct:modified of the catalogue, dataset and distributions, and the temporal coverage. */
export function catalogAdditions(store: QuadSource, base: string, version: DataVersion, bounds?: { first: string; last: string }): Quad[] {
  const catalog = iri(`${base}catalog`);
  const dataset = iri(`${base}id/dataset/sdg-lod`);
  if (store.countQuads(catalog, null, null, null) === 0) return [];
  const g = iri(catalogGraph(base));
  const day = literal(version.modified.toISOString().slice(0, 10), XSD_DATE);
  const modified = iri(ns.dct + 'modified');
  const out = [catalog, dataset, ...store.getObjects(dataset, iri(ns.dcat + 'distribution'), g)].map((s) => quad(s as NamedNode, modified, day, g));
  // The bounds when a write could only have widened them (see writes.ts); else every activity's dates.
  const dates: string[] = bounds ? [bounds.first, bounds.last] : [];
  if (!bounds) {
    for (const a of store.getSubjects(RDF_TYPE, iri(`${base}def/Activity`), null)) {
      for (const p of ['startDate', 'endDate']) for (const d of store.getObjects(a, iri(ns.schema + p), null)) dates.push(d.value);
    }
  }
  if (dates.length) {
    dates.sort();
    const period = blankNode('coverage');
    out.push(
      quad(dataset, iri(ns.dct + 'temporal'), period, g),
      quad(period, RDF_TYPE, iri(ns.dct + 'PeriodOfTime'), g),
      quad(period, iri(ns.dcat + 'startDate'), literal(dates[0]!, XSD_DATE), g),
      quad(period, iri(ns.dcat + 'endDate'), literal(dates[dates.length - 1]!, XSD_DATE), g),
    );
  }
  return out;
}

