// The figures of the reporting views, from the data: the counts come from SPARQL through the query
// engine (store/report-queries.ts), the names from the reader; both answer alike over the embedded
// store and an external one. Everything is sorted here, not by the store, so that both give the
// same bytes.
import type { Quad, Term } from '@rdfjs/types';
import { ns } from '../vocab.js';
import { bindings } from './remote.js';
import { reportQueries, type ReportQuery } from './report-queries.js';
import type { Reader } from './reader.js';
import type { QueryRunner } from './remote-pool.js';

export type Lang = 'lv' | 'en';
export type Bilingual = Record<Lang, string>;

/** The values of each subject's predicates among some statements. */
class Values {
  private readonly of = new Map<string, Term[]>();
  constructor(quads: Iterable<Quad>) {
    for (const q of quads) {
      const key = `${q.subject.value} ${q.predicate.value}`;
      this.of.set(key, [...(this.of.get(key) ?? []), q.object]);
    }
  }
  values(subject: string, predicate: string): Term[] {
    return this.of.get(`${subject} ${predicate}`) ?? [];
  }
  /** A name in the language, else in the other, else any: the UN's full text of a target before its number. */
  label(iri: string, lang: Lang): string | undefined {
    for (const p of [ns.schema + 'name', ns.skos + 'prefLabel', ns.rdfs + 'label', ns.dct + 'title', ns.skos + 'altLabel']) {
      const vs = this.values(iri, p).filter((t) => t.termType === 'Literal').map((t) => t as Term & { language: string });
      const v = vs.find((t) => t.language === lang) ?? vs.find((t) => t.language === (lang === 'lv' ? 'en' : 'lv')) ?? vs[0];
      if (v) return v.value;
    }
    return undefined;
  }
}

/** Activities per start year ("2019": 2…, every year from the first to the last) and in all. */
export interface ByYear {
  byYear: Record<string, number>;
  total: number;
}

export interface GoalFigures extends ByYear {
  id: string;
  goal: number;
  label: Bilingual;
  /** The API listing of its activities (narrowed to a year with from/to). */
  activities: string;
}

export interface TargetFigures {
  id: string;
  /** The target's code, e.g. "11.3". */
  target: string;
  goal: number;
  label: Bilingual;
  /** Named by dct:subject (a source states it). */
  stated: ByYear;
  /** Linked by a classifying annotation only the editors made (oa:hasBody / oa:hasTarget). */
  inferred: ByYear;
  /** Either way, each activity once. */
  all: ByYear;
  activities: string;
}

export const ROLES = ['organizer', 'performer', 'contributor', 'sponsor'] as const;
export type Role = (typeof ROLES)[number];

export interface OrganisationFigures extends ByYear {
  id: string;
  label: Bilingual;
  role: Role;
  /** Its page. */
  page: string;
}

export interface MunicipalityFigures extends ByYear {
  id: string;
  label: Bilingual;
  /** Its national code (skos:notation: ATVK in Latvia), which tells apart a municipality before and after the 2021 reform. */
  code: string | null;
  country: { id: string; label: Bilingual } | null;
  activities: string | null;
}

/** The recommendation's five sectors (ontology/sectors.ts), in its order. */
export const SECTORS = ['state', 'municipalities', 'ngos', 'education', 'business'] as const;
export type Sector = (typeof SECTORS)[number];

/** Who took part in one activity, by the recommendation's sectors. */
export interface ActivitySectors {
  id: string;
  label: Bilingual;
  year: string;
  page: string;
  /** The participants of each sector. */
  sectors: Record<Sector, string[]>;
  /** Of an IATI type that falls under none of the five (e.g. a foundation). */
  other: string[];
  /** Of no known sector: no source gives their type. */
  unknown: string[];
  /** Whether all five sectors took part. */
  all: boolean;
}

export interface ReportFigures {
  years: string[];
  /** Every activity with a start date, whatever it addressed. */
  activities: ByYear;
  /** All 17 goals, those no activity addressed with zeros. */
  goals: GoalFigures[];
  targets: TargetFigures[];
  organisations: OrganisationFigures[];
  municipalities: MunicipalityFigures[];
  /** The five sectors' names, and each activity's participants by sector. */
  sectors: { names: Record<Sector, Bilingual>; participants: Record<string, Bilingual>; activities: ActivitySectors[] };
}

/** The publisher's own country comes first among municipalities; others follow by name. */
export const HOME_COUNTRY = 'http://publications.europa.eu/resource/authority/country/LVA';

const TARGET = /^http:\/\/metadata\.un\.org\/sdg\/((\d{1,2})\.[0-9a-z]{1,2})$/;

type Counts = Map<string, Map<string, number>>;

async function counts(pool: QueryRunner, base: string, name: ReportQuery, keys: string[]): Promise<{ key: string[]; year: string; n: number }[]> {
  const answer = await pool.run({ query: reportQueries[name](base), format: 'application/sparql-results+json' });
  return bindings(answer.body.toString('utf8')).map((b) => ({ key: keys.map((k) => b[k]!.value), year: b.year!.value, n: Number(b.n!.value) }));
}

function byKey(rows: { key: string[]; year: string; n: number }[], key = (k: string[]) => k[0]!): Counts {
  const out: Counts = new Map();
  for (const r of rows) {
    const m = out.get(key(r.key)) ?? out.set(key(r.key), new Map()).get(key(r.key))!;
    m.set(r.year, (m.get(r.year) ?? 0) + r.n);
  }
  return out;
}

/** Every year from the first to the last (a year without activities is a column of zeros, not a gap). */
function yearsOf(found: Iterable<string>): string[] {
  const years = [...new Set(found)].filter((y) => /^\d{4}$/.test(y)).sort();
  if (!years.length) return [];
  const first = Number(years[0]);
  const span = Number(years[years.length - 1]) - first + 1;
  // A date mistyped by centuries (0201 for 2021: the shapes accept any xsd:date) must not make
  // thousands of empty columns: past a few decades, only the years that have activities.
  if (span > MAX_SPAN) return years;
  return Array.from({ length: span }, (_, i) => String(first + i).padStart(4, '0'));
}

/** Years from the first to the last, at most, as columns of their own, empty ones too. */
const MAX_SPAN = 30;

const byYear = (years: readonly string[], of: Map<string, number> | undefined): ByYear => {
  const counted = Object.fromEntries(years.map((y) => [y, of?.get(y) ?? 0]));
  // The total counts every year, also one the columns leave out (a start date with no 4-digit year).
  return { byYear: counted, total: [...(of?.values() ?? [])].reduce((a, b) => a + b, 0) };
};

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export async function computeReports(pool: QueryRunner, reader: Reader, base: string): Promise<ReportFigures> {
  const [years, stated, inferred, either, roles, municipalities] = await Promise.all([
    counts(pool, base, 'years', []),
    counts(pool, base, 'stated', ['s']),
    counts(pool, base, 'inferred', ['s']),
    counts(pool, base, 'either', ['s']),
    counts(pool, base, 'roles', ['o', 'role']),
    counts(pool, base, 'municipalities', ['m']),
  ]);
  const columns = yearsOf(years.map((r) => r.year));
  const perYear = byKey(years, () => '');
  const statedOf = byKey(stated);
  const inferredOf = byKey(inferred);
  const eitherOf = byKey(either);
  const rolesOf = byKey(roles, (k) => `${k[0]} ${k[1]}`);
  const municipalityOf = byKey(municipalities);

  const goalIris = Array.from({ length: 17 }, (_, i) => `${ns.sdg}${i + 1}`);
  const targetIris = [...new Set([...statedOf.keys(), ...inferredOf.keys()])].filter((iri) => TARGET.test(iri));
  const agents = [...new Set(roles.map((r) => r.key[0]!))];
  const places = [...municipalityOf.keys()];
  const labels = new Values(await reader.about([...goalIris, ...targetIris, ...agents, ...places]));
  const municipalitySet = new Set(agents.concat(places).filter((iri) => labels.values(iri, `${ns.rdf}type`).some((t) => t.value === `${ns.schema}AdministrativeArea`)));
  const countryOf = new Map(places.map((m) => [m, labels.values(m, `${ns.schema}containedInPlace`).map((t) => t.value)]));
  const countryLabels = new Values(await reader.about([...new Set([...countryOf.values()].flat())]));
  const isCountry = (iri: string) => countryLabels.values(iri, `${ns.rdf}type`).some((t) => t.value === `${ns.schema}Country`);
  const bilingual = (l: Values, iri: string): Bilingual => ({ lv: l.label(iri, 'lv') ?? iri, en: l.label(iri, 'en') ?? iri });
  const goalName = (iri: string, lang: Lang) => {
    const names = labels.values(iri, `${ns.skos}altLabel`);
    return (names.find((t) => (t as { language?: string }).language === lang) ?? names[0])?.value ?? iri.slice(ns.sdg.length);
  };
  const listing = (kind: string, code: string) => `${base}api/${kind}/${code}/activities`;
  const doc = (iri: string) => (iri.startsWith(`${base}id/`) ? `${base}doc/${iri.slice(base.length + 3)}` : iri);

  const goals = goalIris.map((id, i): GoalFigures => ({ id, goal: i + 1, label: { lv: goalName(id, 'lv'), en: goalName(id, 'en') }, ...byYear(columns, statedOf.get(id)), activities: listing('goals', String(i + 1)) }));

  const targets = targetIris
    .map((id): TargetFigures => {
      const [, code, goal] = TARGET.exec(id)!;
      return { id, target: code!, goal: Number(goal), label: bilingual(labels, id), stated: byYear(columns, statedOf.get(id)), inferred: byYear(columns, inferredOf.get(id)), all: byYear(columns, eitherOf.get(id)), activities: listing('targets', code!) };
    })
    .filter((t) => t.goal >= 1 && t.goal <= 17)
    .sort((a, b) => a.target.localeCompare(b.target, 'en', { numeric: true }));

  const organisations = [...rolesOf.entries()]
    .map(([key, of]) => [key.split(' ') as [string, string], of] as const)
    .filter(([[agent]]) => !municipalitySet.has(agent))
    .map(([[agent, role], of]): OrganisationFigures => ({ id: agent, label: bilingual(labels, agent), role: role.slice(ns.schema.length) as Role, page: doc(agent), ...byYear(columns, of) }))
    .sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || b.total - a.total || a.label.en.localeCompare(b.label.en, 'en') || compare(a.id, b.id));

  const slug = (iri: string) => (iri.startsWith(`${base}id/municipality/`) && /^[a-z0-9-]+$/.test(iri.slice(base.length + 16)) ? iri.slice(base.length + 16) : null);
  const municipalityRows = places
    .map((id): MunicipalityFigures => {
      const country = countryOf.get(id)!.filter(isCountry).sort()[0];
      const s = slug(id);
      const code = labels.values(id, `${ns.skos}notation`).map((t) => t.value).sort()[0] ?? null;
      return { id, label: bilingual(labels, id), code, country: country ? { id: country, label: bilingual(countryLabels, country) } : null, activities: s ? listing('municipalities', s) : null, ...byYear(columns, municipalityOf.get(id)) };
    })
    .sort((a, b) => countryRank(a) - countryRank(b) || (a.country?.label.en ?? '').localeCompare(b.country?.label.en ?? '', 'en') || compare(a.country?.id ?? '', b.country?.id ?? '')
      || b.total - a.total || a.label.en.localeCompare(b.label.en, 'en') || compare(a.id, b.id));

  return { years: columns, activities: byYear(columns, perYear.get('')), goals, targets, organisations, municipalities: municipalityRows, sectors: await sectorFigures(pool, reader, base, doc) };
}

async function sectorFigures(pool: QueryRunner, reader: Reader, base: string, doc: (iri: string) => string): Promise<ReportFigures['sectors']> {
  const answer = await pool.run({ query: reportQueries.sectors(base), format: 'application/sparql-results+json' });
  const rows = bindings(answer.body.toString('utf8'));
  const sectorIri = (s: Sector) => `${base}def/sector-${s}`;
  const bySector = new Map(SECTORS.map((s) => [sectorIri(s), s]));
  const of = new Map<string, { year: string; sectors: Record<Sector, Set<string>>; other: Set<string>; unknown: Set<string> }>();
  for (const r of rows) {
    const a = r.a!.value;
    const entry = of.get(a) ?? of.set(a, { year: r.year!.value, sectors: Object.fromEntries(SECTORS.map((s) => [s, new Set<string>()])) as Record<Sector, Set<string>>, other: new Set(), unknown: new Set() }).get(a)!;
    const who = r.who!.value;
    const sector = r.sector && bySector.get(r.sector.value);
    if (sector) entry.sectors[sector].add(who);
    else if (r.type) entry.other.add(who);
    else entry.unknown.add(who);
  }
  // One who is of a sector is not also unknown (a second row without the type's sector).
  for (const e of of.values()) for (const who of [...e.other, ...e.unknown]) if (SECTORS.some((s) => e.sectors[s].has(who))) e.other.delete(who), e.unknown.delete(who);
  const people = [...new Set([...of.values()].flatMap((e) => [...SECTORS.flatMap((s) => [...e.sectors[s]]), ...e.other, ...e.unknown]))];
  const labels = new Values(await reader.about([...of.keys(), ...people, ...SECTORS.map(sectorIri)]));
  const bilingual = (iri: string): Bilingual => ({ lv: labels.label(iri, 'lv') ?? iri, en: labels.label(iri, 'en') ?? iri });
  const sorted = (set: Set<string>) => [...set].sort(compare);
  const activities = [...of.entries()]
    .map(([id, e]): ActivitySectors => ({
      id, label: bilingual(id), year: e.year, page: doc(id),
      sectors: Object.fromEntries(SECTORS.map((s) => [s, sorted(e.sectors[s])])) as Record<Sector, string[]>,
      other: sorted(e.other), unknown: sorted(e.unknown), all: SECTORS.every((s) => e.sectors[s].size > 0),
    }))
    .sort((x, y) => compare(x.year, y.year) || compare(x.id, y.id));
  return {
    names: Object.fromEntries(SECTORS.map((s) => [s, bilingual(sectorIri(s))])) as Record<Sector, Bilingual>,
    participants: Object.fromEntries(people.sort(compare).map((p) => [p, bilingual(p)])),
    activities,
  };
}

/** Latvian municipalities first, those of no known country last. */
const countryRank = (m: MunicipalityFigures) => (m.country?.id === HOME_COUNTRY ? 0 : m.country ? 1 : 2);

