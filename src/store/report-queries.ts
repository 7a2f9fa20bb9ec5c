// The reporting views' questions in SPARQL: counts of activities per goal, target, organisation
// and municipality, by start year. Asked of the query engine (the embedded workers or the external
// store answer the same text alike), so a reading server holds none of the data to answer them;
// the counting is the store's, only the sums that are a few hundred rows come back.
import { MADE_WITH } from './relations.js';
import { prologue } from './relation-queries.js';
import { ns } from '../vocab.js';

/**
 * Each activity once, with the year of its earliest start date (the date the API lists it by).
 * The year is cut from the date's text: YEAR() is defined on xsd:dateTime, not xsd:date.
 */
const activityYears = `{ SELECT ?a (SUBSTR(MIN(STR(?d)), 1, 4) AS ?year) WHERE { ?a a lod:Activity ; schema:startDate ?d . FILTER(isIRI(?a)) } GROUP BY ?a }`;

const roles = MADE_WITH.map((p) => `<${p}>`);

export const reportQueries = {
  /** Activities per start year, whatever they addressed. */
  years: (base: string) => `${prologue(base)} SELECT ?year (COUNT(?a) AS ?n) WHERE { ${activityYears} } GROUP BY ?year`,
  /** Activities per stated subject (goals, and targets a source states) and year. */
  stated: (base: string) => `${prologue(base)} SELECT ?s ?year (COUNT(DISTINCT ?a) AS ?n) WHERE { ${activityYears} ?a dct:subject ?s . FILTER(isIRI(?s)) } GROUP BY ?s ?year`,
  /** Activities per target that an annotation links them to (inferred), and year. */
  inferred: (base: string) => `${prologue(base)} SELECT ?s ?year (COUNT(DISTINCT ?a) AS ?n) WHERE { ${activityYears} ?ann oa:hasTarget ?a ; oa:hasBody ?s . FILTER(isIRI(?s)) } GROUP BY ?s ?year`,
  /** Either way, each activity once: the API's target listing holds these. */
  either: (base: string) => `${prologue(base)} SELECT ?s ?year (COUNT(DISTINCT ?a) AS ?n) WHERE { ${activityYears} { ?a dct:subject ?s } UNION { ?ann oa:hasTarget ?a ; oa:hasBody ?s } FILTER(isIRI(?s)) } GROUP BY ?s ?year`,
  /** Activities per agent, role (organiser, performer, contributor, sponsor) and year. */
  roles: (base: string) => `${prologue(base)} SELECT ?o ?role ?year (COUNT(DISTINCT ?a) AS ?n) WHERE { ${activityYears} VALUES ?role { ${roles.join(' ')} } ?a ?role ?o . FILTER(isIRI(?o)) } GROUP BY ?o ?role ?year`,
  /**
   * Activities per municipality and year: held in one of its places or made with it, as the
   * API's municipality listing takes them.
   */
  municipalities: (base: string) =>
    `${prologue(base)} SELECT ?m ?year (COUNT(DISTINCT ?a) AS ?n) WHERE { ${activityYears} { ?a schema:location ?pl . ?pl schema:containedInPlace ?m } UNION { ?a ${roles.join('|')} ?m } ?m a <${ns.schema}AdministrativeArea> . } GROUP BY ?m ?year`,
  /**
   * Who took part in each activity, in which role, and the sector each is of: its IATI
   * organisation type (org:classification) and the recommendation's sector that type falls under
   * (skos:broadMatch); unbound where no source gives them. Rows, not counts: a few per activity.
   */
  sectors: (base: string) =>
    `${prologue(base)} PREFIX org: <${ns.org}> PREFIX skos: <${ns.skos}> SELECT ?a ?year ?who ?role ?type ?sector WHERE { ${activityYears} VALUES ?role { ${roles.join(' ')} } ?a ?role ?who . FILTER(isIRI(?who)) OPTIONAL { ?who org:classification ?type . OPTIONAL { ?type skos:broadMatch ?sector . ?sector skos:inScheme lod:recommendation-sectors } } }`,
};

export type ReportQuery = keyof typeof reportQueries;
