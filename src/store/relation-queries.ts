// The relationship API's questions written as SPARQL: what the index must answer (the tests
// compare the two), and what the benchmark asks the engine for comparison.
import { ns } from '../vocab.js';

export const prologue = (base: string) =>
  `PREFIX schema: <${ns.schema}> PREFIX dct: <${ns.dct}> PREFIX oa: <${ns.oa}> PREFIX lod: <${base}def/> PREFIX sdg: <${ns.sdg}> PREFIX xsd: <${ns.xsd}>`;

export const patterns = {
  goal: (goal: number) => `?a dct:subject sdg:${goal} .`,
  target: (iri: string) => `{ ?a dct:subject <${iri}> } UNION { ?ann oa:hasBody <${iri}> ; oa:hasTarget ?a }`,
  municipality: (iri: string) =>
    `{ ?a schema:location/schema:containedInPlace <${iri}> } UNION { ?a schema:contributor|schema:performer|schema:sponsor|schema:organizer <${iri}> }`,
  between: (from?: string, to?: string) => {
    const filters = [from && `?start >= "${from}"^^xsd:date`, to && `?start <= "${to}"^^xsd:date`].filter(Boolean).join(' && ');
    return filters ? `FILTER(${filters})` : '';
  },
};

/** One page of activities matching a pattern over ?a, by start date then IRI. */
export function pageQuery(base: string, where: string, limit: number, offset = 0): string {
  return `${prologue(base)} SELECT ?a ?start WHERE { { SELECT DISTINCT ?a ?start WHERE { ?a a lod:Activity ; schema:startDate ?start . ${where} } } } ORDER BY ?start ?a LIMIT ${limit} OFFSET ${offset}`;
}

export function countQuery(base: string, where: string): string {
  return `${prologue(base)} SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a lod:Activity ; schema:startDate ?start . ${where} }`;
}
