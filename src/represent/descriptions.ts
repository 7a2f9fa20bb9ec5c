// Descriptions derived from the published store: the VoID description with the statistics of
// the dataset and each of its graphs, and the SPARQL service description. Both describe the
// dataset as store/dataset.ts defines it, as the endpoint and the dumps serve it.
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import type { Statistics } from '../store/reader.js';
import { graphFragment } from '../store/dataset.js';
import { ns } from '../vocab.js';
import { byFormat, GRAPH_FORMATS, RESULT_FORMATS } from './media-types.js';

const { namedNode: iri, literal, quad, blankNode } = N3.DataFactory;
const RDF_TYPE = iri(ns.rdf + 'type');
const int = (n: number) => literal(String(n), iri(ns.xsd + 'integer'));

/** The VoID description served at {base}.well-known/void. */
export function voidDescription(stats: Statistics, base: string, dumps: readonly { path: string }[], catalogue = true): Quad[] {
  const d = iri(`${base}.well-known/void#dataset`);
  const v = (p: string) => iri(ns.void + p);
  const graphs = [...stats.perGraph.keys()].map((g) => iri(g));
  const out: Quad[] = [
    quad(d, RDF_TYPE, v('Dataset')),
    quad(d, iri(ns.dct + 'title'), literal('Municipal activities on the Sustainable Development Goals', 'en')),
    quad(d, iri(ns.dct + 'title'), literal('Pašvaldību aktivitātes ilgtspējīgas attīstības mērķu īstenošanā', 'lv')),
    quad(d, iri(ns.dct + 'license'), iri('http://publications.europa.eu/resource/authority/licence/CC_BY_4_0')),
    quad(d, iri(ns.foaf + 'homepage'), iri(base)),
    quad(d, v('uriSpace'), literal(`${base}id/`)),
    quad(d, v('sparqlEndpoint'), iri(`${base}sparql`)),
    quad(d, v('triples'), int(stats.triples)),
    quad(d, v('distinctSubjects'), int(stats.subjects)),
    quad(d, v('properties'), int(stats.properties)),
    quad(d, v('classes'), int(stats.classes)),
    // A project of --data files only has no catalogue to point at.
    ...(catalogue ? [quad(d, v('rootResource'), iri(`${base}catalog`))] : []),
  ];
  for (const dump of dumps) out.push(quad(d, v('dataDump'), iri(base + dump.path)));
  for (const vocab of [ns.schema, ns.dct, ns.skos, ns.prov, ns.sdgo, ns.oa, ns.owl, `${base}def/`]) out.push(quad(d, v('vocabulary'), iri(vocab)));
  for (const graph of graphs) {
    const subset = iri(`${base}.well-known/void#${graphFragment(graph.value, base)}`);
    out.push(
      quad(d, v('subset'), subset),
      quad(subset, RDF_TYPE, v('Dataset')),
      quad(subset, iri(ns.sd + 'name'), graph),
      quad(subset, v('triples'), int(stats.perGraph.get(graph.value)!)),
    );
  }
  return out;
}

/** The SPARQL 1.1 service description served at GET {base}sparql without a query. */
/** What the Graph Store Protocol reads and writes. */
export const GRAPH_STORE_FORMATS = ['turtle', 'ntriples', 'jsonld', 'rdfxml'] as const;

export function serviceDescription(stats: Statistics, base: string, graphStore = false): Quad[] {
  const sd = (p: string) => iri(ns.sd + p);
  const service = iri(`${base}sparql#service`);
  const dataset = blankNode('dataset');
  const graphs = [...stats.perGraph.keys()].map((g) => iri(g));
  const out: Quad[] = [
    quad(service, RDF_TYPE, sd('Service')),
    quad(service, sd('endpoint'), iri(`${base}sparql`)),
    quad(service, sd('supportedLanguage'), sd('SPARQL11Query')),
    quad(service, sd('feature'), sd('UnionDefaultGraph')),
    quad(service, iri(ns.dct + 'title'), literal('SPARQL endpoint of the SDG data', 'en')),
    quad(service, sd('defaultDataset'), dataset),
    quad(dataset, RDF_TYPE, sd('Dataset')),
  ];
  for (const f of [...RESULT_FORMATS, ...GRAPH_FORMATS]) {
    const name = byFormat(f).w3c;
    if (name) out.push(quad(service, sd('resultFormat'), iri(ns.formats + name)));
  }
  const defaultGraph = blankNode('default');
  out.push(quad(dataset, sd('defaultGraph'), defaultGraph), quad(defaultGraph, RDF_TYPE, sd('Graph')),
    quad(defaultGraph, iri(ns.void + 'triples'), int(stats.triples)));
  for (const [i, g] of graphs.entries()) {
    const named = blankNode(`g${i}`);
    out.push(quad(dataset, sd('namedGraph'), named), quad(named, RDF_TYPE, sd('NamedGraph')), quad(named, sd('name'), g));
  }
  if (graphStore) {
    // The Graph Store Protocol beside it (serve --writes): the same dataset, written graph by graph.
    const store = iri(`${base}store#service`);
    out.push(
      quad(service, iri(ns.rdfs + 'seeAlso'), store),
      quad(store, RDF_TYPE, sd('Service')),
      quad(store, sd('endpoint'), iri(`${base}store`)),
      quad(store, iri(ns.dct + 'conformsTo'), iri('http://www.w3.org/TR/sparql11-http-rdf-update/')),
      quad(store, iri(ns.dct + 'title'), literal('Graph Store Protocol: reports written with a token, checked by the shapes', 'en')),
      quad(store, sd('defaultDataset'), dataset),
    );
    for (const f of GRAPH_STORE_FORMATS) {
      out.push(quad(store, sd('inputFormat'), iri(ns.formats + byFormat(f).w3c!)), quad(store, sd('resultFormat'), iri(ns.formats + byFormat(f).w3c!)));
    }
  }
  return out;
}
