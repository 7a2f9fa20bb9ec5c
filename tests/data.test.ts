// The bundled dataset: it conforms, and it says what the letter says.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { openProject, type Project } from '../src/pipeline.js';
import { createQueryStore, select } from '../src/store/sparql.js';
import { BASE, bundledConfig, openWith } from './helpers.js';
import type * as ox from 'oxigraph';

const PREFIXES = `PREFIX schema: <http://schema.org/> PREFIX dct: <http://purl.org/dc/terms/>
PREFIX sdg: <http://metadata.un.org/sdg/> PREFIX sdgo: <http://metadata.un.org/sdg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX lod: <${BASE}def/> PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX country: <http://publications.europa.eu/resource/authority/country/>`;

let project: Project;
let store: ox.Store;
const q = (sparql: string) => select(store, `${PREFIXES} ${sparql}`);
const id = (path: string) => `${BASE}id/${path}`;

beforeAll(async () => {
  project = await openProject(bundledConfig());
  store = createQueryStore(project.store, project.config.base);
});

describe('validation of the bundled data', () => {
  it.each(['shacl-engine', 'rdf-validate-shacl'] as const)('conforms with no result of any severity (%s)', async (engine) => {
    // Validated here, not taken from the run's cache of reports.
    const p = await openProject(bundledConfig({ engine, validationCache: false }));
    expect(p.syntaxErrors).toEqual([]);
    expect(p.report.results.map((r) => `${r.resource.value} ${r.path} ${r.message}`)).toEqual([]);
    expect(p.report.conforms).toBe(true);
  });

  it('keeps each source in its own named graph', () => {
    const graphs = new Set(project.store.getGraphs(null, null, null).map((g) => g.value));
    expect([...graphs].sort()).toEqual(
      ['annotations', 'catalog', 'letter', 'municipalities', 'ontology', 'project', 'provenance', 'sdg'].map((g) => `${BASE}graph/${g}`),
    );
  });
});

describe('the letter’s facts', () => {
  it('has eight activities, in the letter’s order by date', () => {
    const rows = q(`SELECT ?a ?start WHERE { ?a a lod:Activity ; schema:startDate ?start } ORDER BY ?start`);
    expect(rows.map((r) => r.start)).toEqual([
      '2019-06-05', '2019-09-25', '2020-08-26', '2020-11-14', '2021-04-15', '2021-05-12', '2021-06-01', '2021-11-03',
    ]);
  });

  it('names which activities addressed goal 13, and in which order', () => {
    const rows = q(`SELECT ?a WHERE { ?a a lod:Activity ; dct:subject sdg:13 ; schema:startDate ?d } ORDER BY ?d`);
    expect(rows.map((r) => r.a)).toEqual([
      id('activity/2020-08-26-daba-balstiti-risinajumi'),
      id('activity/2020-11-14-video-par-iam'),
      id('activity/2021-05-12-tehnologijas-ir-atbilde'),
      id('activity/2021-06-01-muzikas-un-makslas-video'),
    ]);
  });

  it.each([
    ['2019-06-05-dzimumu-lidztiesiba', ['5']],
    ['2019-09-25-ilgtspejigas-pasvaldibas', ['11']],
    ['2020-08-26-daba-balstiti-risinajumi', ['13', '6']],
    ['2020-11-14-video-par-iam', ['13', '15', '17']],
    ['2021-04-15-labjutiba-un-veseliba', ['3', '5']],
    ['2021-05-12-tehnologijas-ir-atbilde', ['13']],
    ['2021-06-01-muzikas-un-makslas-video', ['13']],
    ['2021-11-03-attistiba-nav-iespejama-bez-planosanas', []],
  ])('%s addressed goals %j, as stated', (slug, goals) => {
    const rows = q(`SELECT ?n WHERE { <${id('activity/' + slug)}> dct:subject/skos:notation ?n } ORDER BY ?n`);
    expect(rows.map((r) => r.n)).toEqual(goals);
  });

  it.each([
    ['2019-06-05-dzimumu-lidztiesiba', 'place/salacgriva', 'seminar'],
    ['2019-09-25-ilgtspejigas-pasvaldibas', 'place/riga', 'international-seminar'],
    ['2020-08-26-daba-balstiti-risinajumi', 'place/ikskile', 'seminar'],
    ['2021-04-15-labjutiba-un-veseliba', null, 'webinar'],
    ['2021-05-12-tehnologijas-ir-atbilde', null, 'international-webinar'],
    ['2021-06-01-muzikas-un-makslas-video', null, 'video-release'],
    ['2021-11-03-attistiba-nav-iespejama-bez-planosanas', null, 'discussion'],
    ['2020-11-14-video-par-iam', null, 'video-campaign'],
  ])('%s: place %s, kind %s', (slug, place, kind) => {
    const rows = q(`SELECT ?place ?kind WHERE { <${id('activity/' + slug)}> dct:type ?kind OPTIONAL { <${id('activity/' + slug)}> schema:location ?place } }`);
    expect(rows).toEqual([{ kind: `${BASE}def/activity-kind-${kind}`, ...(place ? { place: id(place) } : {}) }]);
  });

  it('places events of 2019–2021 in the pre-reform municipality and its successor', () => {
    const rows = q(`SELECT ?m ?until ?next WHERE { <${id('place/salacgriva')}> schema:containedInPlace ?m .
      OPTIONAL { ?m schema:dissolutionDate ?until ; dct:isReplacedBy ?next } } ORDER BY ?m`);
    expect(rows).toEqual([
      { m: id('municipality/lv-0035000') },
      { m: id('municipality/lv-0661400'), until: '2021-06-30', next: id('municipality/lv-0035000') },
    ]);
  });

  it('lists the municipalities that made the Music and Art video, in three countries', () => {
    const rows = q(`SELECT ?c (COUNT(?m) AS ?n) WHERE { <${id('activity/2021-06-01-muzikas-un-makslas-video')}> schema:contributor ?m .
      ?m schema:containedInPlace ?c } GROUP BY ?c ORDER BY ?c`);
    expect(rows.map((r) => [r.c!.slice(-3), r.n])).toEqual([['GEO', '1'], ['LVA', '3'], ['UKR', '1']]);
  });

  it('names the speakers’ organisations of the gender-equality seminar', () => {
    const rows = q(`SELECT ?name WHERE { <${id('activity/2019-06-05-dzimumu-lidztiesiba')}> schema:performer/schema:name ?name FILTER(lang(?name) = "lv") } ORDER BY ?name`);
    expect(rows.map((r) => r.name)).toEqual(['BlueOrangeBank', 'Latvijas Platforma attīstības sadarbībai', 'Resursu centrs “Marta”']);
  });

  it('gives the campaign, the framework and the tool', () => {
    expect(q(`SELECT ?e WHERE { <${id('activity/2020-11-14-video-par-iam')}> schema:superEvent ?e }`)).toEqual([
      { e: id('event/eiropas-vietejas-solidaritates-dienas-2020') },
    ]);
    expect(q(`SELECT ?w WHERE { <${id('activity/2019-09-25-ilgtspejigas-pasvaldibas')}> schema:workFeatured ?w }`)).toEqual([{ w: id('work/rfsc') }]);
    expect(q(`SELECT ?c WHERE { <${id('activity/2021-11-03-attistiba-nav-iespejama-bez-planosanas')}> schema:workFeatured/schema:creator ?c }`)).toEqual([
      { c: id('organization/latvijas-universitate') },
    ]);
  });

  it('does not claim which YouTube link is which video', () => {
    expect(q(`SELECT ?v WHERE { ?v a schema:VideoObject ; schema:url ?u }`)).toEqual([]);
    expect(q(`SELECT (COUNT(?u) AS ?n) WHERE { <${id('document/2022-01-lps-vestule-pkc')}> dct:references ?u }`)).toEqual([{ n: '6' }]);
  });

  it('describes the letter: sender, addressee, the letter it answers, period', () => {
    const [row] = q(`SELECT ?from ?to ?reply ?no ?start WHERE { <${id('document/2022-01-lps-vestule-pkc')}> schema:sender ?from ; schema:recipient ?to ;
      <https://www.w3.org/ns/activitystreams#inReplyTo> ?reply ; dct:temporal/<http://www.w3.org/ns/dcat#startDate> ?start . ?reply schema:identifier ?no }`);
    expect(row).toEqual({
      from: id('organization/lps'), to: id('organization/pkc'), reply: id('document/2022-01-04-pkc-1-2-4-2'), no: '1.2-4/2', start: '2018-03',
    });
  });

  it('keeps the two recommendations, with goal 11 and the figures quoted', () => {
    expect(q(`SELECT ?r WHERE { ?r a lod:Recommendation } ORDER BY ?r`)).toHaveLength(2);
    const figures = q(`SELECT ?v WHERE { ?r dct:subject sdg:11 ; lod:quotedFigure/schema:value ?v } ORDER BY ?v`);
    expect(figures.map((r) => r.v)).toEqual(['56', '60']);
  });

  it('records inferred targets only as Web Annotations quoting the source', () => {
    expect(q(`SELECT ?s WHERE { ?s dct:subject ?t . ?t a sdgo:Target }`)).toEqual([]);
    const rows = q(`SELECT ?target ?body ?quote WHERE { ?a oa:motivatedBy oa:classifying ; oa:hasBody ?body ;
      oa:hasTarget ?target , [ oa:hasSelector/oa:exact ?quote ] . FILTER(isIRI(?target)) } ORDER BY ?body`);
    expect(rows.map((r) => r.body!.replace('http://metadata.un.org/sdg/', ''))).toEqual(['11.3', '17.17', '17.19', '5.5', '6.3', '7.1']);
    for (const row of rows) {
      const texts = q(`SELECT ?t WHERE { <${row.target}> schema:name|schema:description|schema:text ?t FILTER(lang(?t) = "lv") }`);
      expect(texts.some((t) => t.t!.includes(row.quote!)), `${row.quote} in ${row.target}`).toBe(true);
    }
  });

  it('derives every resource about the letter’s content from the letter', () => {
    const rows = q(`SELECT ?s WHERE { GRAPH <${BASE}graph/letter> { ?s ?p ?o } FILTER(isIRI(?s))
      FILTER NOT EXISTS { ?s prov:wasDerivedFrom ?src } FILTER(?s != <${id('document/2022-01-lps-vestule-pkc')}>) }`);
    expect(rows).toEqual([]);
  });
});

describe('the SDG reference', () => {
  it('has 17 goals and 169 targets linked both ways', () => {
    expect(q(`SELECT (COUNT(?g) AS ?n) WHERE { ?g a sdgo:Goal }`)).toEqual([{ n: '17' }]);
    expect(q(`SELECT (COUNT(?t) AS ?n) WHERE { ?t a sdgo:Target ; sdgo:isTargetOf ?g . ?g sdgo:hasTarget ?t }`)).toEqual([{ n: '169' }]);
  });

  it.each([
    ['3', 'Laba veselība un labklājība'],
    ['5', 'Dzimumu līdztiesība'],
    ['6', 'Tīrs ūdens un sanitārija'],
    ['11', 'Ilgtspējīgas pilsētas un kopienas'],
    ['13', 'Rīcība klimata jomā'],
  ])('uses the letter’s Latvian name for goal %s', (goal, name) => {
    expect(q(`SELECT ?l WHERE { sdg:${goal} skos:altLabel ?l FILTER(lang(?l) = "lv") }`)).toEqual([{ l: name }]);
  });

  it('names every goal and target for generic clients (rdfs:label) in Latvian and English, beside the UN’s skos:prefLabel', () => {
    const unnamed = q(`SELECT ?c ?lang WHERE { { ?c a sdgo:Goal } UNION { ?c a sdgo:Target } VALUES ?lang { "lv" "en" }
      FILTER NOT EXISTS { ?c <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(lang(?l) = ?lang) } }`);
    expect(unnamed).toEqual([]);
    expect(q(`SELECT ?l WHERE { sdg:13 <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l`).map((r) => r.l)).toEqual(['Climate action', 'Rīcība klimata jomā']);
    expect(q(`SELECT ?l WHERE { sdg:11.3 <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(lang(?l) = "en") }`)).toEqual([{ l: 'Target 11.3' }]);
  });

  it('refuses a target without a Latvian rdfs:label', async () => {
    const text = readFileSync(new URL('../data/sdg.ttl', import.meta.url), 'utf8').replace('rdfs:label "Target 11.3"@en , "IAM apakšmērķis 11.3"@lv ;', 'rdfs:label "Target 11.3"@en ;');
    const p = await openWith({ 'sdg.ttl': text }, [], { validationCache: false });
    expect(p.report.results.map((r) => [r.resource.value, r.path, r.message])).toEqual([
      ['http://metadata.un.org/sdg/11.3', '<http://www.w3.org/2000/01/rdf-schema#label>', 'Add a Latvian name that any client shows: rdfs:label "…"@lv.'],
    ]);
  });

  it('says which Latvian goal names are the editors’ translations', () => {
    const rows = q(`SELECT ?n WHERE { ?g a sdgo:Goal ; skos:notation ?n ; skos:editorialNote ?e FILTER(CONTAINS(?e, "translation")) }`);
    expect(rows.map((r) => Number(r.n)).sort((a, b) => a - b)).toEqual([4, 7, 8, 9, 10, 12, 14, 15, 16, 17]);
  });
});

describe('municipalities', () => {
  it('has all 43 municipalities of the 2021 reform with seven-digit ATVK codes', () => {
    const rows = q(`SELECT ?code WHERE { ?m a schema:AdministrativeArea ; schema:foundingDate "2021-07-01"^^xsd:date ; skos:notation ?code }`);
    expect(rows).toHaveLength(43);
    expect(rows.every((r) => /^00[0-5][0-9]000$/.test(r.code!))).toBe(true);
    expect(new Set(rows.map((r) => r.code)).size).toBe(43);
  });

  it('has the municipalities where events took place before the reform, and the two foreign ones', () => {
    const rows = q(`SELECT ?m WHERE { ?m schema:dissolutionDate "2021-06-30"^^xsd:date }`);
    expect(rows.map((r) => r.m!.slice(-7)).sort()).toEqual(['0010000', '0620200', '0661400', '0740600', '0760202', '0940200']);
    expect(q(`SELECT ?m WHERE { ?m schema:containedInPlace country:UKR }`)).toEqual([{ m: id('municipality/ua-nizhyn') }]);
    expect(q(`SELECT ?m WHERE { ?m schema:containedInPlace country:GEO }`)).toEqual([{ m: id('municipality/ge-ozurgeti') }]);
  });

  it('states owl:sameAs Wikidata only where the reference marks the item confirmed', () => {
    const rows = q(`SELECT ?s ?w WHERE { ?s owl:sameAs ?w } ORDER BY ?s`);
    const linked = rows.map((r) => `${r.s!.replace(`${BASE}id/`, '')} ${r.w!.replace('http://www.wikidata.org/entity/', '')}`);
    expect(linked).toEqual([
      'municipality/ge-ozurgeti Q510761',
      'municipality/lv-0001000 Q1773',
      'organization/eiropas-komisija Q8880',
      'place/ikskile Q753029',
      'place/salacgriva Q659665',
    ]);
  });

  it('links the other state cities to their Wikidata city items only as close matches', () => {
    const rows = q(`SELECT ?s WHERE { ?s skos:closeMatch ?w } ORDER BY ?s`);
    expect(rows.map((r) => r.s!.slice(-7))).toEqual(['0002000', '0003000', '0004000', '0005000', '0006000', '0007000']);
  });

  it('cites a source for every resource it describes', () => {
    const rows = q(`SELECT DISTINCT ?s WHERE { ?s a ?t FILTER(isIRI(?s) && STRSTARTS(STR(?s), "${BASE}id/"))
      FILTER NOT EXISTS { ?s prov:wasDerivedFrom|prov:wasAttributedTo|<http://purl.org/dc/terms/creator> ?src }
      FILTER NOT EXISTS { GRAPH <${BASE}graph/catalog> { ?s ?p ?o } } }`);
    expect(rows).toEqual([]);
  });
});

it('hard-codes no host in data, ontology or shapes', () => {
  const hosts = project.files.flatMap((f) => (/localhost|data\.example/.test(readFileSync(f.file, 'utf8')) ? [f.file] : []));
  expect(hosts).toEqual([]);
});
