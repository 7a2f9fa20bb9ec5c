// Our JSON-LD context, published at {base}context.jsonld: short terms for the properties the
// data uses, language maps for @lv/@en texts, and schema.org class names that search engines read.
import { ns } from '../vocab.js';

const LANGUAGE_MAPS = {
  name: 'schema:name', description: 'schema:description', text: 'schema:text', alternateName: 'schema:alternateName',
  audienceType: 'schema:audienceType', prefLabel: 'skos:prefLabel', altLabel: 'skos:altLabel', note: 'skos:note',
  editorialNote: 'skos:editorialNote', label: 'rdfs:label', comment: 'rdfs:comment', title: 'dct:title',
};
const LINKS = {
  location: 'schema:location', organizer: 'schema:organizer', performer: 'schema:performer', contributor: 'schema:contributor',
  sponsor: 'schema:sponsor', publishedBy: 'schema:publishedBy', superEvent: 'schema:superEvent', workFeatured: 'schema:workFeatured',
  audience: 'schema:audience', containedInPlace: 'schema:containedInPlace', creator: 'schema:creator', publisher: 'schema:publisher',
  author: 'schema:author', isPartOf: 'schema:isPartOf', hasPart: 'schema:hasPart', sender: 'schema:sender', recipient: 'schema:recipient',
  about: 'schema:about', mentions: 'schema:mentions', parentOrganization: 'schema:parentOrganization', url: 'schema:url',
  eventAttendanceMode: 'schema:eventAttendanceMode', subject: 'dct:subject', kind: 'dct:type', replaces: 'dct:replaces',
  isReplacedBy: 'dct:isReplacedBy', references: 'dct:references', language: 'dct:language', temporal: 'dct:temporal',
  wasDerivedFrom: 'prov:wasDerivedFrom', sameAs: 'owl:sameAs', exactMatch: 'skos:exactMatch', inScheme: 'skos:inScheme',
  topConceptOf: 'skos:topConceptOf', broader: 'skos:broader', narrower: 'skos:narrower', hasTopConcept: 'skos:hasTopConcept',
  hasTarget: 'sdgo:hasTarget', isTargetOf: 'sdgo:isTargetOf', hasIndicator: 'sdgo:hasIndicator', isIndicatorOf: 'sdgo:isIndicatorOf',
  inReplyTo: 'as:inReplyTo', quotedFigure: 'lod:quotedFigure', isDefinedBy: 'rdfs:isDefinedBy',
};
const DATES = {
  startDate: 'schema:startDate', endDate: 'schema:endDate', foundingDate: 'schema:foundingDate', dissolutionDate: 'schema:dissolutionDate',
  datePublished: 'schema:datePublished',
};
const CLASSES = [
  'Event', 'EducationEvent', 'PublicationEvent', 'Place', 'AdministrativeArea', 'Country', 'Organization', 'GovernmentOrganization',
  'NGO', 'CollegeOrUniversity', 'EducationalOrganization', 'BankOrCreditUnion', 'CreativeWork', 'VideoObject', 'DigitalDocument',
  'Message', 'Dataset', 'Audience', 'QuantitativeValue',
];

export function contextFor(base: string) {
  const context: Record<string, unknown> = {
    '@version': 1.1,
    schema: ns.schema, dct: ns.dct, dcat: ns.dcat, skos: ns.skos, prov: ns.prov, owl: ns.owl, rdfs: ns.rdfs, xsd: ns.xsd,
    oa: ns.oa, as: ns.as, sdg: ns.sdg, sdgo: ns.sdgo, wd: ns.wd, lod: `${base}def/`,
    id: '@id',
    type: '@type',
    Activity: 'lod:Activity',
    Recommendation: 'lod:Recommendation',
    Goal: 'sdgo:Goal',
    Target: 'sdgo:Target',
    Indicator: 'sdgo:Indicator',
    Concept: 'skos:Concept',
    Annotation: 'oa:Annotation',
  };
  for (const c of CLASSES) context[c] = `schema:${c}`;
  for (const [term, id] of Object.entries(LANGUAGE_MAPS)) context[term] = { '@id': id, '@container': '@language' };
  for (const [term, id] of Object.entries(LINKS)) context[term] = { '@id': id, '@type': '@id' };
  for (const [term, id] of Object.entries(DATES)) context[term] = { '@id': id, '@type': 'xsd:date' };
  return { '@context': context };
}
