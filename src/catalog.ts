// What the catalogue and VoID descriptions add from the loaded data: dates, temporal coverage,
// and the statistics of each named graph.
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { graphIri } from './load/sources.js';
import { ns } from './vocab.js';
import type { QuadSource } from './store/compact.js';

const { namedNode: iri, literal, quad, blankNode } = N3.DataFactory;
const XSD_DATE = iri(ns.xsd + 'date');
const RDF_TYPE = iri(ns.rdf + 'type');

export interface DataVersion {
  /** The newest source file's modification time. */
  modified: Date;
}

/** Dates computed from the data: dct:modified, and the dataset's temporal coverage. */
export function catalogAdditions(store: QuadSource, base: string, version: DataVersion): Quad[] {
  const catalog = iri(`${base}catalog`);
  const dataset = iri(`${base}id/dataset/sdg-lod`);
  if (store.countQuads(catalog, null, null, null) === 0) return [];
  const g = iri(graphIri(base, 'catalog'));
  const day = literal(version.modified.toISOString().slice(0, 10), XSD_DATE);
  const out = [quad(catalog, iri(ns.dct + 'modified'), day, g), quad(dataset, iri(ns.dct + 'modified'), day, g)];
  const dates: string[] = [];
  for (const a of store.getSubjects(RDF_TYPE, iri(`${base}def/Activity`), null)) {
    for (const p of ['startDate', 'endDate']) for (const d of store.getObjects(a, iri(ns.schema + p), null)) dates.push(d.value);
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

/** The VoID description served at {base}.well-known/void. */
export function voidDescription(store: QuadSource, base: string, dumps: { path: string }[]): Quad[] {
  const d = iri(`${base}.well-known/void#dataset`);
  const v = (p: string) => iri(ns.void + p);
  const int = (n: number) => literal(String(n), iri(ns.xsd + 'integer'));
  const out: Quad[] = [
    quad(d, RDF_TYPE, v('Dataset')),
    quad(d, iri(ns.dct + 'title'), literal('Municipal activities on the Sustainable Development Goals', 'en')),
    quad(d, iri(ns.dct + 'title'), literal('Pašvaldību aktivitātes ilgtspējīgas attīstības mērķu īstenošanā', 'lv')),
    quad(d, iri(ns.dct + 'license'), iri('http://publications.europa.eu/resource/authority/licence/CC_BY_4_0')),
    quad(d, iri(ns.foaf + 'homepage'), iri(base)),
    quad(d, v('uriSpace'), literal(`${base}id/`)),
    quad(d, v('sparqlEndpoint'), iri(`${base}sparql`)),
    quad(d, v('rootResource'), iri(`${base}catalog`)),
    quad(d, v('triples'), int(store.size)),
    quad(d, v('distinctSubjects'), int(store.getSubjects(null, null, null).length)),
    quad(d, v('properties'), int(store.getPredicates(null, null, null).length)),
    quad(d, v('classes'), int(store.getObjects(null, RDF_TYPE, null).length)),
  ];
  for (const dump of dumps) out.push(quad(d, v('dataDump'), iri(base + dump.path)));
  for (const vocab of [ns.schema, ns.dct, ns.skos, ns.prov, ns.sdgo, ns.oa, ns.owl, `${base}def/`]) out.push(quad(d, v('vocabulary'), iri(vocab)));
  for (const graph of store.getGraphs(null, null, null)) {
    const subset = iri(`${base}.well-known/void#${graph.value.slice(graph.value.lastIndexOf('/') + 1)}`);
    out.push(
      quad(d, v('subset'), subset),
      quad(subset, RDF_TYPE, v('Dataset')),
      quad(subset, iri('http://www.w3.org/ns/sparql-service-description#name'), graph as N3.NamedNode),
      quad(subset, v('triples'), int(store.countQuads(null, null, null, graph))),
    );
  }
  return out;
}

/** The SPARQL 1.1 service description served at GET {base}sparql without a query. */
export function serviceDescription(store: QuadSource, base: string): Quad[] {
  const sd = (p: string) => iri(`http://www.w3.org/ns/sparql-service-description#${p}`);
  const formats = (f: string) => iri(`http://www.w3.org/ns/formats/${f}`);
  const service = iri(`${base}sparql#service`);
  const dataset = blankNode('dataset');
  const out: Quad[] = [
    quad(service, RDF_TYPE, sd('Service')),
    quad(service, sd('endpoint'), iri(`${base}sparql`)),
    quad(service, sd('supportedLanguage'), sd('SPARQL11Query')),
    quad(service, sd('feature'), sd('UnionDefaultGraph')),
    quad(service, iri(ns.dct + 'title'), literal('SPARQL endpoint of the SDG data', 'en')),
    quad(service, sd('defaultDataset'), dataset),
    quad(dataset, RDF_TYPE, sd('Dataset')),
  ];
  for (const f of ['SPARQL_Results_JSON', 'SPARQL_Results_XML', 'SPARQL_Results_CSV', 'SPARQL_Results_TSV', 'Turtle', 'N-Triples', 'RDF_XML', 'JSON-LD', 'N-Quads']) {
    out.push(quad(service, sd('resultFormat'), formats(f)));
  }
  const defaultGraph = blankNode('default');
  out.push(quad(dataset, sd('defaultGraph'), defaultGraph), quad(defaultGraph, RDF_TYPE, sd('Graph')),
    quad(defaultGraph, iri(ns.void + 'triples'), literal(String(store.size), iri(ns.xsd + 'integer'))));
  for (const g of store.getGraphs(null, null, null)) {
    const named = blankNode(`g-${g.value.slice(g.value.lastIndexOf('/') + 1)}`);
    out.push(quad(dataset, sd('namedGraph'), named), quad(named, RDF_TYPE, sd('NamedGraph')), quad(named, sd('name'), g as N3.NamedNode));
  }
  return out;
}
