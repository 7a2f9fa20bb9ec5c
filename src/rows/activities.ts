// Activities as rows of a spreadsheet (CSV, or the same as JSON), to and from RDF in the
// project's model (docs/stewards.md has the template). A row names goals by number, places,
// organisations and municipalities by slug, name or ATVK code; what cannot be resolved is
// reported by row and column, with the closest names, and nothing is written.
import N3 from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import type { QuadSource } from '../quads.js';
import { illTyped } from '../validate/literals.js';
import { subclassesOf } from '../validate/run.js';
import { ns } from '../vocab.js';
import { fromCell, parseCsv, toCsv } from './csv.js';

const { namedNode, literal, blankNode, quad } = N3.DataFactory;

export const COLUMNS = [
  'id', 'start_date', 'end_date', 'kind', 'title_lv', 'title_en', 'description_lv', 'description_en', 'goals', 'targets',
  'attendance', 'place', 'about', 'municipalities', 'organiser', 'performers', 'partners', 'published_by', 'super_event',
  'works', 'audience_lv', 'audience_en', 'source', 'note_lv', 'note_en',
] as const;
export type Column = (typeof COLUMNS)[number];
export type Row = Partial<Record<Column, string>>;

export interface RowProblem {
  /** The spreadsheet's row (the header is row 1), or the JSON array's item (from 1). */
  row: number;
  column: Column | undefined;
  message: string;
}

/** Rows that cannot become RDF: every problem, by row and column. */
export class RowsRefused extends Error {
  constructor(readonly problems: RowProblem[]) {
    super(problems.map((p) => `row ${p.row}${p.column ? `, ${p.column}` : ''}: ${p.message}`).join('\n'));
  }
}

const ATTENDANCE: Record<string, string> = { online: 'OnlineEventAttendanceMode', offline: 'OfflineEventAttendanceMode', mixed: 'MixedEventAttendanceMode' };
const EDUCATIONAL = ['seminar', 'international-seminar', 'webinar', 'international-webinar', 'discussion'];
/** The longest cell (a description), the most values in a list, the longest name looked up. */
const MAX_CELL = 20_000;
const MAX_LIST = 200;
const MAX_NAME = 300;
const MAX_SUGGESTIONS = 20;
/** Columns holding several values, separated by ";". */
const LISTS: readonly Column[] = ['goals', 'targets', 'municipalities', 'performers', 'partners', 'works'];

/** Rows from CSV (a header row of column names) or JSON (an array of objects with those keys). */
export function readRows(text: string, type: 'text/csv' | 'application/json'): { row: number; values: Row }[] {
  const problems: RowProblem[] = [];
  let records: { row: number; values: Record<string, unknown> }[];
  if (type === 'application/json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new RowsRefused([{ row: 0, column: undefined, message: `not JSON: ${(error as Error).message}` }]);
    }
    if (!Array.isArray(data) || data.some((d) => !d || typeof d !== 'object' || Array.isArray(d))) {
      throw new RowsRefused([{ row: 0, column: undefined, message: 'JSON rows are an array of objects, one per activity, keyed by the template\'s column names' }]);
    }
    records = data.map((values: Record<string, unknown>, i) => ({ row: i + 1, values }));
  } else {
    let parsed;
    try {
      parsed = parseCsv(text);
    } catch (error) {
      throw new RowsRefused([{ row: 0, column: undefined, message: (error as Error).message }]);
    }
    const [header, ...body] = parsed;
    if (!header) throw new RowsRefused([{ row: 1, column: undefined, message: 'the file is empty: the first row names the columns' }]);
    const names = header.fields.map((f) => f.trim());
    records = body.map((r, i) => ({ row: i + 2, values: Object.fromEntries(names.map((n, k) => [n, r.fields[k] ?? ''])) }));
    if (body.some((r) => r.fields.length > names.length)) problems.push({ row: 1, column: undefined, message: 'a row has more fields than the header has names' });
  }
  const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  const rows = records.map(({ row, values }) => {
    const out: Row = {};
    for (const [k, v] of Object.entries(values)) {
      if (!(COLUMNS as readonly string[]).includes(k)) {
        problems.push({ row, column: undefined, message: `"${k}" is not a column of the template (${COLUMNS.join(', ')})` });
        continue;
      }
      if (!(v === null || v === undefined || scalar(v) || (Array.isArray(v) && v.every(scalar)))) {
        problems.push({ row, column: k as Column, message: 'a value is text, a number, or a list of them' });
        continue;
      }
      const text = fromCell(Array.isArray(v) ? v.map(String).join(';') : v === null || v === undefined ? '' : String(v)).trim();
      if (text.length > MAX_CELL) problems.push({ row, column: k as Column, message: `at most ${MAX_CELL} characters` });
      else if (text) out[k as Column] = text;
    }
    return { row, values: out };
  });
  if (problems.length) throw new RowsRefused(dedupe(problems));
  return rows;
}

const dedupe = (problems: RowProblem[]) => [...new Map(problems.map((p) => [`${p.row} ${p.column} ${p.message}`, p])).values()];

/** A lowercase ASCII slug: Latvian letters transliterated (ā→a…), other marks dropped. */
export function slugify(text: string, words = 6): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim().split(' ').slice(0, words).join('-');
}

const fold = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();

function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const here = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = here;
    }
  }
  return d[b.length]!;
}

interface Known {
  iri: string;
  slug: string;
  names: string[];
  code?: string | undefined;
  /** Validity (municipalities before and after Latvia's 2021 reform share names). */
  from?: string | undefined;
  through?: string | undefined;
}

/** What rows may name, by kind: the described places, organisations, municipalities… of the data. */
function directory(store: QuadSource, base: string) {
  const cache = new Map<string, Known[]>();
  let suggested = 0;
  const TYPES: Record<string, string> = {
    place: ns.schema + 'Place', organization: ns.schema + 'Organization', municipality: ns.schema + 'AdministrativeArea',
    event: ns.schema + 'Event', document: ns.schema + 'CreativeWork', video: ns.schema + 'CreativeWork', work: ns.schema + 'CreativeWork',
  };
  const of = (kind: string): Known[] => {
    let list = cache.get(kind);
    if (list) return list;
    const prefix = `${base}id/${kind}/`;
    // Instances of the type or of its subclasses (an NGO is an organisation).
    const found = new Map<string, Term>();
    for (const c of subclassesOf(store, namedNode(TYPES[kind]!))) for (const s of store.getSubjects(namedNode(ns.rdf + 'type'), c, null)) if (s.value.startsWith(prefix)) found.set(s.value, s);
    const subjects = [...found.values()];
    list = subjects.map((s) => ({
      iri: s.value,
      slug: s.value.slice(prefix.length),
      // Latvian first: the names stewards write.
      names: store.getObjects(s, namedNode(ns.schema + 'name'), null).sort((a, b) => Number((b as N3.Literal).language === 'lv') - Number((a as N3.Literal).language === 'lv')).map((n) => n.value),
      code: store.getObjects(s, namedNode(ns.skos + 'notation'), null)[0]?.value,
      from: store.getObjects(s, namedNode(ns.schema + 'foundingDate'), null)[0]?.value,
      through: store.getObjects(s, namedNode(ns.schema + 'dissolutionDate'), null)[0]?.value,
    }));
    cache.set(kind, list);
    return list;
  };
  /**
   * The IRI a value names (an IRI, "kind/slug", a slug, a name or an ATVK code), or why none. A
   * name several share is the one valid on `on` (the activity's date), if exactly one is.
   */
  const lookup = (kind: string, value: string, on?: string): string | { error: string } => {
    if (/^https?:\/\//.test(value)) return store.countQuads(namedNode(value), null, null, null) ? value : { error: `<${value}> is not described in the data` };
    const m = /^([a-z]+)\/(.+)$/.exec(value);
    if (m && TYPES[m[1]!]) return of(m[1]!).find((k) => k.slug === m[2]) ? `${base}id/${value}` : { error: `${value} is not described in the data` };
    const list = of(kind);
    const bySlug = list.find((k) => k.slug === value);
    if (bySlug) return bySlug.iri;
    const byCode = list.filter((k) => k.code === value);
    if (byCode.length === 1) return byCode[0]!.iri;
    if (value.length > MAX_NAME) return { error: `no ${kind} has a name of ${value.length} characters` };
    const wanted = fold(value);
    let byName = list.filter((k) => k.names.some((n) => fold(n) === wanted));
    if (byName.length > 1 && on) {
      const valid = byName.filter((k) => (!k.from || k.from <= on) && (!k.through || on <= k.through));
      if (valid.length) byName = valid;
    }
    if (byName.length === 1) return byName[0]!.iri;
    const label = (k: Known) => {
      const name = k.names.find((n) => fold(n) === wanted) ?? k.names[0] ?? k.slug;
      const when = k.from ? `, from ${k.from}` : k.through ? `, until ${k.through}` : '';
      return `${name} (${k.code ?? k.slug}${when})`;
    };
    if (byName.length > 1) return { error: `"${value}" names several: ${byName.map(label).join(', ')}; give the ${kind === 'municipality' ? 'ATVK code or ' : ''}slug` };
    // The closest names cost a comparison with every name: for the first few unknown ones only.
    if (++suggested > MAX_SUGGESTIONS) return { error: `no ${kind} "${value}"` };
    const closest = list
      .map((k) => ({ k, d: Math.min(distance(fold(k.slug), wanted), ...k.names.map((n) => distance(fold(n), wanted))) }))
      .sort((a, b) => a.d - b.d).slice(0, 3).map(({ k }) => label(k));
    return { error: `no ${kind} "${value}"${closest.length ? `; the closest: ${closest.join(', ')}` : ''}` };
  };
  return Object.assign(lookup, { of });
}

export interface Choice {
  /** What a row says to name it: its slug (or kind/slug where the column takes several kinds). */
  value: string;
  label: string;
}

/** What a form offers for each column that names described things, with labels in `lang`. */
export function choices(store: QuadSource, base: string, lang: 'lv' | 'en'): Record<'place' | 'municipality' | 'organization' | 'event' | 'document' | 'work', Choice[]> {
  const { of } = directory(store, base);
  const label = (k: Known) => {
    const named = store.getObjects(namedNode(k.iri), namedNode(ns.schema + 'name'), null).find((n) => (n as N3.Literal).language === lang)?.value ?? k.names[0] ?? k.slug;
    const when = k.from ? `, ${lang === 'lv' ? 'no' : 'from'} ${k.from}` : k.through ? `, ${lang === 'lv' ? 'līdz' : 'until'} ${k.through}` : '';
    return k.code || when ? `${named} (${k.code ?? k.slug}${when})` : named;
  };
  const list = (kind: string, prefix = '') => of(kind).map((k) => ({ value: `${prefix}${k.slug}`, label: label(k) })).sort((a, b) => a.label.localeCompare(b.label, lang));
  return {
    place: list('place'), municipality: list('municipality'), organization: list('organization'), event: list('event'), document: list('document'),
    work: [...list('work'), ...list('video', 'video/')],
  };
}

export interface RowsContext {
  base: string;
  /** The graph the rows go to (names the report document made for rows that name no source). */
  graph: string;
  /** The data rows may refer to. */
  store: QuadSource;
  /** Today, for the report document's date. */
  today?: string;
}

/** The report a graph's rows come from, when they name no source document: described with them. */
export function reportDocument(base: string, graph: string): string {
  return `${base}id/document/report-${slugify(graph.replace(`${base}graph/`, ''), 12)}`;
}

/** RDF of the rows, or RowsRefused with every problem. */
export function rowsToQuads(rows: readonly { row: number; values: Row }[], { base, graph, store, today }: RowsContext): Quad[] {
  const problems: RowProblem[] = [];
  const lookup = directory(store, base);
  const out: Quad[] = [];
  const seen = new Map<string, number>();
  const iri = (v: string) => namedNode(v);
  const schema = (p: string) => namedNode(ns.schema + p);
  const report = reportDocument(base, graph);
  let needsReport = false;
  let reporter: string | undefined;
  for (const { row, values } of rows) {
    const problem = (column: Column | undefined, message: string) => void problems.push({ row, column, message });
    const list = (c: Column) => {
      const all = (values[c] ?? '').split(/\s*;\s*/).filter(Boolean);
      if (all.length > MAX_LIST) problem(c, `at most ${MAX_LIST} values`);
      return all.slice(0, MAX_LIST);
    };
    const date = (c: Column) => {
      const v = values[c];
      if (!v) return undefined;
      const why = illTyped(literal(v, namedNode(ns.xsd + 'date')) as never);
      if (why || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return void problem(c, `${v} is not a date that exists (YYYY-MM-DD)`);
      return literal(v, namedNode(ns.xsd + 'date'));
    };
    const start = date('start_date');
    const end = date('end_date');
    if (!values.start_date) problem('start_date', 'every activity has its start date (YYYY-MM-DD)');
    const title = values.title_lv ?? values.title_en;
    if (!title) problem('title_lv', 'every activity has a title, in Latvian (title_lv) and English (title_en)');
    const id = values.id ?? (values.start_date && title ? `${values.start_date}-${slugify(title)}` : '');
    if (values.id && !/^\d{4}-\d{2}-\d{2}(-[a-z0-9]+)+$/.test(values.id)) problem('id', `"${values.id}" is not an activity slug: its date, then lowercase ASCII words joined by "-", e.g. 2023-05-12-ilgtspejas-seminars`);
    if (id && seen.has(id)) problem('id', `${id} is also row ${seen.get(id)}'s: each activity once`);
    if (id) seen.set(id, row);
    const a = iri(`${base}id/activity/${id}`);
    const add = (p: N3.NamedNode, o: Term) => void out.push(quad(a, p, o as N3.Quad_Object));
    const kind = (values.kind ?? '').replace(/^.*activity-kind-/, '');
    const kindIri = `${base}def/activity-kind-${kind}`;
    if (!values.kind) problem('kind', 'name the kind of activity (seminar, webinar, discussion, video-campaign, …)');
    else if (!store.countQuads(iri(kindIri), namedNode(ns.skos + 'inScheme'), iri(`${base}def/activity-kinds`), null)) {
      const kinds = store.getSubjects(namedNode(ns.skos + 'inScheme'), iri(`${base}def/activity-kinds`), null).map((k) => k.value.replace(/^.*activity-kind-/, '')).sort();
      problem('kind', `${values.kind} is not a kind of activity; the kinds: ${kinds.join(', ')}`);
    }
    add(namedNode(ns.rdf + 'type'), iri(`${base}def/Activity`));
    add(namedNode(ns.rdf + 'type'), schema(kind === 'video-release' ? 'PublicationEvent' : EDUCATIONAL.includes(kind) ? 'EducationEvent' : 'Event'));
    if (values.kind) add(namedNode(ns.dct + 'type'), iri(kindIri));
    if (start) add(schema('startDate'), start);
    if (end) add(schema('endDate'), end);
    for (const [c, p, lang] of [['title_lv', 'name', 'lv'], ['title_en', 'name', 'en'], ['description_lv', 'description', 'lv'], ['description_en', 'description', 'en']] as const) {
      if (values[c]) add(schema(p), literal(values[c]!, lang));
    }
    for (const g of list('goals')) {
      if (!/^\d{1,2}$/.test(g) || Number(g) < 1 || Number(g) > 17) problem('goals', `${g} is not an SDG goal (1–17)`);
      else add(namedNode(ns.dct + 'subject'), iri(`${ns.sdg}${Number(g)}`));
    }
    for (const t of list('targets')) {
      if (!store.countQuads(iri(ns.sdg + t), namedNode(ns.rdf + 'type'), namedNode(ns.sdgo + 'Target'), null)) problem('targets', `${t} is not an SDG target (such as 11.3 or 5.a)`);
      else add(namedNode(ns.dct + 'subject'), iri(ns.sdg + t));
    }
    if (values.attendance) {
      const mode = Object.hasOwn(ATTENDANCE, values.attendance.toLowerCase()) ? ATTENDANCE[values.attendance.toLowerCase()] : undefined;
      if (!mode) problem('attendance', `${values.attendance} is online, offline or mixed`);
      else add(schema('eventAttendanceMode'), schema(mode));
    }
    const refs: [Column, string, string][] = [
      ['place', 'place', 'location'], ['about', 'place', 'about'], ['municipalities', 'municipality', 'contributor'], ['organiser', 'organization', 'organizer'],
      ['performers', 'organization', 'performer'], ['partners', 'organization', 'contributor'], ['published_by', 'organization', 'publishedBy'],
      ['super_event', 'event', 'superEvent'], ['works', 'work', 'workFeatured'],
    ];
    for (const [c, kindOf, p] of refs) {
      for (const v of LISTS.includes(c) ? list(c) : values[c] ? [values[c]!] : []) {
        const found = lookup(kindOf, v, values.start_date);
        if (typeof found === 'string') {
          add(schema(p), iri(found));
          if (c === 'organiser') reporter ??= found;
        } else problem(c, found.error);
      }
    }
    if (!values.organiser) problem('organiser', 'name the organiser (an organisation\'s slug or name, e.g. lps)');
    if (values.audience_lv || values.audience_en) {
      const audience = blankNode(`audience-${row}`);
      add(schema('audience'), audience);
      out.push(quad(audience, namedNode(ns.rdf + 'type'), schema('Audience')));
      if (values.audience_en) out.push(quad(audience, schema('audienceType'), literal(values.audience_en, 'en')));
      if (values.audience_lv) out.push(quad(audience, schema('audienceType'), literal(values.audience_lv, 'lv')));
    }
    if (values.note_lv) add(namedNode(ns.skos + 'editorialNote'), literal(values.note_lv, 'lv'));
    if (values.note_en) add(namedNode(ns.skos + 'editorialNote'), literal(values.note_en, 'en'));
    if (!values.source || values.source === report || values.source === report.slice(`${base}id/document/`.length)) {
      needsReport = true;
      add(namedNode(ns.prov + 'wasDerivedFrom'), iri(report));
    } else {
      const found = lookup('document', values.source);
      if (typeof found === 'string') add(namedNode(ns.prov + 'wasDerivedFrom'), iri(found));
      else problem('source', found.error);
    }
  }
  if (problems.length) throw new RowsRefused(dedupe(problems));
  if (needsReport) {
    // Rows that name no source come from the report itself: it is described with them.
    const doc = iri(report);
    const name = graph.replace(`${base}graph/`, '');
    out.push(
      quad(doc, namedNode(ns.rdf + 'type'), schema('DigitalDocument')),
      quad(doc, schema('name'), literal(`Atskaite ${name}`, 'lv')),
      quad(doc, schema('name'), literal(`Report ${name}`, 'en')),
      quad(doc, schema('dateCreated'), literal(today ?? new Date().toISOString().slice(0, 10), namedNode(ns.xsd + 'date'))),
      // Who states what the report says: the organiser of its first activity.
      ...(reporter ? [quad(doc, namedNode(ns.prov + 'wasAttributedTo'), iri(reporter))] : []),
    );
  }
  return out;
}

/** The activities of the data (or of one graph) as rows: what `sdg-lod export-csv` writes. */
export function activitiesToRows(store: QuadSource, base: string, graph?: string): Row[] {
  const g = graph ? namedNode(graph) : null;
  const activities = store.getSubjects(namedNode(ns.rdf + 'type'), namedNode(`${base}def/Activity`), g).filter((s) => s.termType === 'NamedNode').sort((x, y) => (x.value < y.value ? -1 : 1));
  const schema = (p: string) => namedNode(ns.schema + p);
  return activities.map((a) => {
    const objects = (p: N3.NamedNode) => store.getObjects(a, p, g);
    const text = (p: string, lang: string) => objects(schema(p)).find((o) => o.termType === 'Literal' && (o as N3.Literal).language === lang)?.value;
    const ref = (kind: string, t: Term) => (t.value.startsWith(`${base}id/${kind}/`) ? t.value.slice(`${base}id/${kind}/`.length) : t.value.startsWith(`${base}id/`) ? t.value.slice(`${base}id/`.length) : t.value);
    const refs = (p: string, kind: string, keep: (t: Term) => boolean = () => true) => objects(schema(p)).filter(keep).map((t) => ref(kind, t)).sort().join(';');
    const isArea = (t: Term) => store.countQuads(t, namedNode(ns.rdf + 'type'), schema('AdministrativeArea'), null) > 0;
    const subjects = objects(namedNode(ns.dct + 'subject')).map((s) => s.value.slice(ns.sdg.length));
    const audience = objects(schema('audience'))[0];
    const audienceText = (lang: string) => audience && store.getObjects(audience, schema('audienceType'), g).find((o) => (o as N3.Literal).language === lang)?.value;
    const note = (lang: string) => objects(namedNode(ns.skos + 'editorialNote')).find((o) => (o as N3.Literal).language === lang)?.value;
    const row: Row = {
      id: a.value.slice(`${base}id/activity/`.length),
      start_date: objects(schema('startDate'))[0]?.value,
      end_date: objects(schema('endDate'))[0]?.value,
      kind: objects(namedNode(ns.dct + 'type'))[0]?.value.replace(/^.*activity-kind-/, ''),
      title_lv: text('name', 'lv'), title_en: text('name', 'en'), description_lv: text('description', 'lv'), description_en: text('description', 'en'),
      goals: subjects.filter((s) => /^\d+$/.test(s)).sort((x, y) => Number(x) - Number(y)).join(';'),
      targets: subjects.filter((s) => !/^\d+$/.test(s)).sort().join(';'),
      attendance: objects(schema('eventAttendanceMode'))[0]?.value.replace(/^.*\/(\w+?)EventAttendanceMode$/, '$1').toLowerCase(),
      place: refs('location', 'place'), about: refs('about', 'place'),
      municipalities: refs('contributor', 'municipality', isArea), organiser: refs('organizer', 'organization'),
      performers: refs('performer', 'organization'), partners: refs('contributor', 'organization', (t) => !isArea(t)),
      published_by: refs('publishedBy', 'organization'), super_event: refs('superEvent', 'event'), works: refs('workFeatured', 'work'),
      audience_lv: audienceText('lv'), audience_en: audienceText('en'),
      source: objects(namedNode(ns.prov + 'wasDerivedFrom')).map((t) => ref('document', t)).join(';'),
      note_lv: note('lv'), note_en: note('en'),
    };
    return Object.fromEntries(Object.entries(row).filter(([, v]) => v)) as Row;
  });
}

export function rowsToCsv(rows: readonly Row[]): string {
  return toCsv([[...COLUMNS], ...rows.map((r) => COLUMNS.map((c) => r[c] ?? ''))]);
}
