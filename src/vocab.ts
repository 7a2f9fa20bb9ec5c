// Namespaces used across the pipeline. Our own ontology lives at `{base}def/`.
/** The DCMI type of the letter's passages (not among the prefixes: data and pages name it in full). */
export const PASSAGE_TYPE = 'http://purl.org/dc/dcmitype/Text';

export const ns = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  sh: 'http://www.w3.org/ns/shacl#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  dct: 'http://purl.org/dc/terms/',
  dcat: 'http://www.w3.org/ns/dcat#',
  prov: 'http://www.w3.org/ns/prov#',
  org: 'http://www.w3.org/ns/org#',
  foaf: 'http://xmlns.com/foaf/0.1/',
  void: 'http://rdfs.org/ns/void#',
  sd: 'http://www.w3.org/ns/sparql-service-description#',
  formats: 'http://www.w3.org/ns/formats/',
  oa: 'http://www.w3.org/ns/oa#',
  as: 'https://www.w3.org/ns/activitystreams#',
  schema: 'http://schema.org/',
  sdg: 'http://metadata.un.org/sdg/',
  sdgo: 'http://metadata.un.org/sdg/ontology#',
  wd: 'http://www.wikidata.org/entity/',
  country: 'http://publications.europa.eu/resource/authority/country/',
} as const;

/** Prefixes for our own IRIs, relative to `{base}`. */
export const ownPrefixes = {
  lod: 'def/',
  activity: 'id/activity/',
  annotation: 'id/annotation/',
  document: 'id/document/',
  event: 'id/event/',
  municipality: 'id/municipality/',
  organization: 'id/organization/',
  place: 'id/place/',
  recommendation: 'id/recommendation/',
  video: 'id/video/',
  work: 'id/work/',
  shape: 'shapes/',
} as const;

/** All well-known prefixes resolved against a base IRI. */
export function prefixesFor(base: string): Record<string, string> {
  const own = Object.fromEntries(Object.entries(ownPrefixes).map(([p, rel]) => [p, base + rel]));
  return { ...ns, ...own };
}
