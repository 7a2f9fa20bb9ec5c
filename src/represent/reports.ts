// The reporting views as a report writer takes them: each a plain table (caption, header row,
// numbers right-aligned) to paste into a word processor or spreadsheet, with a bar chart drawn
// here as SVG (pages carry no script), the same table as CSV, and the figures as JSON. The
// figures come from store/reports.ts; this file only lays them out, in Latvian or English.
import { toCsv } from '../rows/csv.js';
import { SECTORS, type ByYear, type Lang, type ReportFigures, type Role } from '../store/reports.js';
import { ns } from '../vocab.js';
import { escapeHtml, page, SDG_COLOURS, type Site } from './html.js';

export const REPORTS = ['goals-by-year', 'targets-by-year', 'organisations-by-year', 'municipalities-by-year', 'goals-not-addressed', 'sectors-by-activity'] as const;
export type ReportName = (typeof REPORTS)[number];

const TITLES: Record<ReportName, Record<Lang, string>> = {
  'goals-by-year': { lv: 'Aktivitātes pa mērķiem un gadiem', en: 'Activities per goal by year' },
  'targets-by-year': { lv: 'Aktivitātes pa apakšmērķiem un gadiem', en: 'Activities per target by year' },
  'organisations-by-year': { lv: 'Organizācijas pa lomām un gadiem', en: 'Organisations by role and year' },
  'municipalities-by-year': { lv: 'Pašvaldības pa valstīm un gadiem', en: 'Municipalities by country and year' },
  'goals-not-addressed': { lv: 'Mērķi, kurus neskāra neviena aktivitāte', en: 'Goals no activity addressed' },
  'sectors-by-activity': { lv: 'Iesaistītie sektori pa aktivitātēm', en: 'Sectors involved, activity by activity' },
};

/** How each view counts, said on the page, in the JSON and in docs/data-model.md. */
const COUNTED: Record<ReportName, Record<Lang, string>> = {
  'goals-by-year': {
    lv: 'Katra aktivitāte skaitīta vienreiz katram mērķim, ko tā norāda (dct:subject), sava agrākā sākuma datuma gadā. Pēdējā rindā katra aktivitāte skaitīta vienreiz, lai ko tā skārtu.',
    en: 'Each activity is counted once for each goal it states (dct:subject), in the year of its earliest start date. The last row counts each activity once, whatever it addressed.',
  },
  'targets-by-year': {
    lv: 'Norādīts: avots nosauc apakšmērķi (dct:subject). Secināts: redaktori to piesaista ar tīmekļa anotāciju (oa:hasBody apakšmērķis, oa:hasTarget aktivitāte). Kopā: jebkurā veidā, katra aktivitāte vienreiz. Pēc aktivitātes agrākā sākuma datuma gada.',
    en: 'Stated: the source names the target (dct:subject). Inferred: the editors link it with a Web Annotation (oa:hasBody the target, oa:hasTarget the activity). All: either way, each activity once. By the year of the activity\'s earliest start date.',
  },
  'organisations-by-year': {
    lv: 'Katra aktivitāte skaitīta vienreiz katrai organizācijai, lomai un sava agrākā sākuma datuma gadam: organizēja (schema:organizer), uzstājās (schema:performer), piedalījās (schema:contributor), atbalstīja (schema:sponsor). Pašvaldības ir savā pārskatā.',
    en: 'Each activity is counted once for each organisation, role and the year of its earliest start date: organised (schema:organizer), performed (schema:performer), took part (schema:contributor), sponsored (schema:sponsor). Municipalities have a view of their own.',
  },
  'municipalities-by-year': {
    lv: 'Katra aktivitāte skaitīta vienreiz katrai pašvaldībai un sava agrākā sākuma datuma gadam: ja tā notika kādā pašvaldības vietā (schema:location, schema:containedInPlace) vai tapa kopā ar pašvaldību (organizators, runātājs, dalībnieks, atbalstītājs). Pilsēta ietilpst gan pirmsreformas, gan pašreizējā pašvaldībā, tāpēc aktivitāte tajā skaitās abām.',
    en: 'Each activity is counted once for each municipality and the year of its earliest start date: held in one of its places (schema:location, schema:containedInPlace) or made with it (organiser, performer, contributor, sponsor). A town is in both its pre-reform and its current municipality, so an activity there counts for both.',
  },
  'sectors-by-activity': {
    lv: 'Katras aktivitātes dalībnieki (organizators, runātāji, līdzdalībnieki, atbalstītāji) pēc pieciem sektoriem, ko aicina iesaistīt vēstules ieteikums (inovāciju ekosistēmas princips): valsts, pašvaldības, NVO, izglītība, uzņēmēji. Sektors ir dalībnieka IATI organizācijas veids (org:classification), ko norāda kāds avots; dalībnieki, kuru veidu neviens avots nenorāda, ir “nav zināms”.',
    en: 'Each activity\'s participants (organiser, speakers, contributors, sponsors) by the five sectors the letter\'s recommendation (the innovation ecosystem principle) asks to involve: the state, municipalities, NGOs, education, entrepreneurs. A participant\'s sector is its IATI organisation type (org:classification) where a source gives it; participants whose type no source gives are "unknown".',
  },
  'goals-not-addressed': {
    lv: 'Visi 17 mērķi ar aktivitāšu skaitu, kas tos norāda (dct:subject), visos gados; mērķi bez nevienas aktivitātes ir tie, kurus neskāra neviens. Ja redaktori kādai aktivitātei secinājuši šāda mērķa apakšmērķi (tīmekļa anotācija, sk. apakšmērķu pārskatu), apakšmērķis minēts blakus mērķim, bet nav skaitīts.',
    en: 'All 17 goals with the number of activities that state them (dct:subject), in any year; the goals with none are those nobody addressed. Where the editors inferred one of such a goal\'s targets for an activity (a Web Annotation, see the targets view), the target is named beside the goal but not counted.',
  },
};

const T = {
  lv: {
    reports: 'Pārskati', goal: 'Mērķis', name: 'Nosaukums', total: 'Kopā', target: 'Apakšmērķis', stated: 'norādīts', inferred: 'secināts', all: 'kopā',
    organisation: 'Organizācija', role: 'Loma', country: 'Valsts', municipality: 'Pašvaldība', code: 'Kods', activities: 'Aktivitātes', addressed: 'Skarts', yes: 'jā', no: 'nē',
    everyActivity: 'Visas aktivitātes (katra vienreiz)', noCountry: 'Valsts nav zināma', none: 'Neskartie mērķi', noneAtAll: 'Nav — katru mērķi skāra vismaz viena aktivitāte.',
    inferredTargets: 'redaktoru secināts apakšmērķis', more: (n: number) => `un vēl ${n} tabulā`,
    activity: 'Aktivitāte', year: 'Gads', allFive: 'Visi pieci', unknownSector: 'Sektors nav zināms', otherSector: 'Cits sektors', involving: 'Aktivitātes, kurās piedalījās',
    formats: 'Šis pārskats kā', counted: 'Kā skaitīts', chart: 'Diagramma', intro: 'Tabulas no publicētajiem datiem, ko var ielīmēt pārskatā; katra arī CSV un JSON formātā.',
  },
  en: {
    reports: 'Reports', goal: 'Goal', name: 'Name', total: 'Total', target: 'Target', stated: 'stated', inferred: 'inferred', all: 'all',
    organisation: 'Organisation', role: 'Role', country: 'Country', municipality: 'Municipality', code: 'Code', activities: 'Activities', addressed: 'Addressed', yes: 'yes', no: 'no',
    everyActivity: 'All activities (each once)', noCountry: 'Country not known', none: 'Goals not addressed', noneAtAll: 'None: every goal was addressed by at least one activity.',
    inferredTargets: 'a target the editors inferred', more: (n: number) => `and ${n} more in the table`,
    activity: 'Activity', year: 'Year', allFive: 'All five', unknownSector: 'Sector unknown', otherSector: 'Other sector', involving: 'Activities involving',
    formats: 'This report as', counted: 'How it is counted', chart: 'Chart', intro: 'Tables from the published data, to paste into a report; each also as CSV and JSON.',
  },
} as const;

const ROLE_NAMES: Record<Role, Record<Lang, string>> = {
  organizer: { lv: 'organizēja', en: 'organised' },
  performer: { lv: 'uzstājās', en: 'performed' },
  contributor: { lv: 'piedalījās', en: 'took part' },
  sponsor: { lv: 'atbalstīja', en: 'sponsored' },
};

export const reportTitle = (name: ReportName, lang: Lang) => TITLES[name][lang];

/** A cell: text, or a count (right-aligned, a number in the CSV), with where it leads. */
interface Cell {
  text: string;
  count?: number;
  /** An absolute IRI (made relative to the site on pages). */
  link?: string;
  title?: string;
}

interface Bar {
  label: string;
  /** Segments, one per year (or one), drawn end to end. */
  parts: { value: number; title: string }[];
  colour: string;
}

interface Table {
  head: string[];
  /** Groups of rows (a tbody each: the municipalities of one country). */
  groups: Cell[][][];
  foot?: Cell[];
  bars: Bar[];
  /** What the chart's segments are, in order (years), if more than one. */
  legend?: string[];
  /** A sentence above the table (the goals nobody addressed, by name). */
  lead?: string;
}

const text = (t: string, link?: string, title?: string): Cell => ({ text: t, ...(link ? { link } : {}), ...(title ? { title } : {}) });
const count = (n: number, link?: string): Cell => ({ text: String(n), count: n, ...(link && n > 0 ? { link } : {}) });
const inYear = (listing: string, year: string) => `${listing}?from=${year}-01-01&to=${year}-12-31`;
const yearCells = (years: readonly string[], of: ByYear, listing?: string) => years.map((y) => count(of.byYear[y] ?? 0, listing && inYear(listing, y)));
const GREY = '#6b6b6b';
const capital = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);

function yearBar(label: string, of: ByYear, years: readonly string[], colour: string): Bar {
  return { label, colour, parts: years.map((y) => ({ value: of.byYear[y] ?? 0, title: `${label} — ${y}: ${of.byYear[y] ?? 0}` })) };
}

function table(name: ReportName, f: ReportFigures, lang: Lang, base: string): Table {
  const t = T[lang];
  const years = f.years;
  const sdgPage = (code: string) => `${base}doc/sdg/${code}`;
  switch (name) {
    case 'goals-by-year':
      return {
        head: [t.goal, t.name, ...years, t.total],
        groups: [f.goals.map((g) => [text(String(g.goal), sdgPage(String(g.goal))), text(g.label[lang]), ...yearCells(years, g, g.activities), count(g.total, g.activities)])],
        foot: [text(''), text(t.everyActivity), ...yearCells(years, f.activities, `${base}api/activities`), count(f.activities.total, `${base}api/activities`)],
        bars: f.goals.map((g) => yearBar(`${g.goal}. ${g.label[lang]}`, g, years, SDG_COLOURS[g.goal]!)),
        legend: years,
      };
    case 'targets-by-year':
      return {
        head: [t.target, t.goal, ...years.flatMap((y) => [`${y} ${t.stated}`, `${y} ${t.inferred}`, `${y} ${t.all}`]), `${t.total} ${t.stated}`, `${t.total} ${t.inferred}`, t.total],
        groups: [f.targets.map((x) => [
          text(x.target, sdgPage(x.target), x.label[lang]), text(String(x.goal), sdgPage(String(x.goal))),
          ...years.flatMap((y) => [count(x.stated.byYear[y] ?? 0), count(x.inferred.byYear[y] ?? 0), count(x.all.byYear[y] ?? 0, inYear(x.activities, y))]),
          count(x.stated.total), count(x.inferred.total), count(x.all.total, x.activities),
        ])],
        bars: f.targets.map((x) => yearBar(x.target, x.all, years, SDG_COLOURS[x.goal]!)),
        legend: years,
      };
    case 'organisations-by-year':
      return {
        head: [t.organisation, t.role, ...years, t.total],
        groups: [f.organisations.map((o) => [text(o.label[lang], o.page), text(ROLE_NAMES[o.role][lang]), ...yearCells(years, o), count(o.total)])],
        bars: f.organisations.map((o) => yearBar(`${o.label[lang]} (${ROLE_NAMES[o.role][lang]})`, o, years, GREY)),
        legend: years,
      };
    case 'municipalities-by-year': {
      const countries = [...new Set(f.municipalities.map((m) => m.country?.id ?? ''))];
      const row = (m: ReportFigures['municipalities'][number]) => [
        text(m.country?.label[lang] ?? t.noCountry), text(m.label[lang], m.id.startsWith(`${base}id/`) ? `${base}doc/${m.id.slice(base.length + 3)}` : undefined), text(m.code ?? ''),
        ...yearCells(years, m, m.activities ?? undefined), count(m.total, m.activities ?? undefined),
      ];
      return {
        head: [t.country, t.municipality, t.code, ...years, t.total],
        groups: countries.map((c) => f.municipalities.filter((m) => (m.country?.id ?? '') === c).map(row)),
        bars: f.municipalities.map((m) => yearBar(m.code ? `${m.label[lang]} (${m.code})` : m.label[lang], m, years, GREY)),
        legend: years,
      };
    }
    case 'sectors-by-activity': {
      const { names, participants, activities } = f.sectors;
      const who = (iris: string[]) => iris.map((i) => participants[i]?.[lang] ?? i).join('; ');
      const cell = (iris: string[]) => ({ ...count(iris.length), ...(iris.length ? { title: who(iris) } : {}) });
      const involving = (has: (a: (typeof activities)[number]) => boolean) => count(activities.filter(has).length);
      return {
        head: [t.activity, t.year, ...SECTORS.map((s) => capital(names[s][lang])), t.allFive, t.otherSector, t.unknownSector],
        groups: [activities.map((a) => [text(a.label[lang], a.page), text(a.year), ...SECTORS.map((s) => cell(a.sectors[s])), text(a.all ? t.yes : t.no), cell(a.other), cell(a.unknown)])],
        foot: [text(t.involving), text(''), ...SECTORS.map((s) => involving((a) => a.sectors[s].length > 0)), involving((a) => a.all), involving((a) => a.other.length > 0), involving((a) => a.unknown.length > 0)],
        bars: [...SECTORS.map((s) => ({ label: capital(names[s][lang]), colour: GREY, parts: [{ value: activities.filter((a) => a.sectors[s].length).length, title: `${names[s][lang]}: ${activities.filter((a) => a.sectors[s].length).length}` }] })),
          { label: t.allFive, colour: SDG_COLOURS[17]!, parts: [{ value: activities.filter((a) => a.all).length, title: `${t.allFive}: ${activities.filter((a) => a.all).length}` }] }],
      };
    }
    case 'goals-not-addressed': {
      const none = f.goals.filter((g) => g.total === 0);
      // The editors may link an activity to one of its targets by inference: said beside the goal, not counted.
      const inferredOnly = (goal: number) => {
        const targets = f.targets.filter((x) => x.goal === goal && x.inferred.total > 0).map((x) => x.target);
        return targets.length ? ` (${t.inferredTargets}: ${targets.join(', ')})` : '';
      };
      return {
        head: [t.goal, t.name, t.activities, t.addressed],
        groups: [f.goals.map((g) => [text(String(g.goal), sdgPage(String(g.goal))), text(g.label[lang]), count(g.total, g.activities), text(g.total ? t.yes : t.no)])],
        bars: f.goals.map((g) => ({ label: `${g.goal}. ${g.label[lang]}`, colour: SDG_COLOURS[g.goal]!, parts: [{ value: g.total, title: `${g.goal}. ${g.label[lang]}: ${g.total}` }] })),
        lead: `${t.none}: ${none.length ? none.map((g) => `${g.goal}. ${g.label[lang]}${inferredOnly(g.goal)}`).join('; ') : t.noneAtAll}`,
      };
    }
  }
}

/** The view as CSV (RFC 4180, UTF-8 with a byte order mark so that spreadsheets read its letters right): the header row, then one row per item. */
export function reportCsv(name: ReportName, f: ReportFigures, lang: Lang, base: string): string {
  const t = table(name, f, lang, base);
  return '\uFEFF' + toCsv([t.head, ...t.groups.flat().map((row) => row.map((c) => c.text))]);
}

/** The figures of one view, language-neutral (names in both languages), as the API answers them. */
export function reportJson(name: ReportName, f: ReportFigures, base: string): Record<string, unknown> {
  const head = { report: name, title: TITLES[name], counted: COUNTED[name], formats: formatLinks(name, base) };
  switch (name) {
    case 'goals-by-year':
      return { ...head, years: f.years, items: f.goals, allActivities: f.activities };
    case 'targets-by-year':
      return { ...head, years: f.years, items: f.targets };
    case 'organisations-by-year':
      return { ...head, years: f.years, items: f.organisations.map((o) => ({ ...o, roleProperty: `${ns.schema}${o.role}` })) };
    case 'municipalities-by-year':
      return { ...head, years: f.years, items: f.municipalities };
    case 'sectors-by-activity':
      return {
        ...head,
        sectors: SECTORS.map((s) => ({ key: s, id: `${base}def/sector-${s}`, label: f.sectors.names[s] })),
        items: f.sectors.activities,
        participants: f.sectors.participants,
        allFive: f.sectors.activities.filter((a) => a.all).map((a) => a.id),
      };
    case 'goals-not-addressed':
      return {
        ...head,
        items: f.goals.map((g) => ({ id: g.id, goal: g.goal, label: g.label, activities: g.total, addressed: g.total > 0, listing: g.activities })),
        notAddressed: f.goals.filter((g) => g.total === 0).map((g) => g.goal),
      };
  }
}

export function formatLinks(name: ReportName, base: string) {
  return { html: `${base}reports/${name}`, csv: `${base}reports/${name}.csv`, json: `${base}api/reports/${name}` };
}

/** A link on a page: the site's own IRIs relative to its root (so the pages work under any host). */
const local = (iri: string, site: Site, lang: Lang) =>
  iri.startsWith(`${site.base}doc/`) ? `${site.root}${iri.slice(site.base.length)}?lang=${lang}` : iri.startsWith(site.base) ? `${site.root}${iri.slice(site.base.length)}` : iri;

function cellHtml(c: Cell, tag: 'td' | 'th', site: Site, lang: Lang): string {
  const inner = c.link ? `<a href="${escapeHtml(local(c.link, site, lang))}"${c.title ? ` title="${escapeHtml(c.title)}"` : ''}>${escapeHtml(c.text)}</a>` : c.title ? `<span title="${escapeHtml(c.title)}">${escapeHtml(c.text)}</span>` : escapeHtml(c.text);
  // The alignment inline as well as in the style sheet: it survives a paste into a word processor.
  return c.count !== undefined ? `<${tag} class="n" style="text-align:right">${inner}</${tag}>` : `<${tag}>${inner}</${tag}>`;
}

const BAR_HEIGHT = 22;
/** Bars a chart draws at most. */
const MAX_BARS = 60;
const LABEL_WIDTH = 300;
const PLOT_WIDTH = 320;

/** Horizontal bars, one per row, each year a segment (lighter to darker), with the years as a legend. */
function chart(table: Table, title: string, more: (n: number) => string): string {
  // A view of a large dataset has thousands of rows: the chart shows the first, the table all.
  const t = { ...table, bars: table.bars.slice(0, MAX_BARS) };
  const left = table.bars.length - t.bars.length;
  const max = Math.max(1, ...t.bars.map((b) => b.parts.reduce((a, p) => a + p.value, 0)));
  const legend = t.legend && t.legend.length > 1 ? t.legend : undefined;
  const shade = (i: number, n: number) => (n <= 1 ? 1 : 0.35 + (0.65 * i) / (n - 1));
  const top = legend ? 24 : 4;
  const height = top + (t.bars.length + (left ? 1 : 0)) * BAR_HEIGHT + 6;
  const width = LABEL_WIDTH + PLOT_WIDTH + 50;
  const bars = t.bars.map((b, i) => {
    const y = top + i * BAR_HEIGHT;
    let x = LABEL_WIDTH;
    const total = b.parts.reduce((a, p) => a + p.value, 0);
    const segments = b.parts.map((p, j) => {
      const w = Math.round((p.value / max) * PLOT_WIDTH);
      const rect = w > 0 ? `<rect x="${x}" y="${y + 3}" width="${w}" height="${BAR_HEIGHT - 6}" fill="${b.colour}" fill-opacity="${shade(j, b.parts.length).toFixed(2)}"><title>${escapeHtml(p.title)}</title></rect>` : '';
      x += w;
      return rect;
    }).join('');
    const chars = [...b.label];
    const label = chars.length > 44 ? `${chars.slice(0, 43).join('')}…` : b.label;
    return `<g data-total="${total}"><text x="0" y="${y + 15}">${escapeHtml(label)}</text>${segments}<text x="${x + 6}" y="${y + 15}">${total}</text></g>`;
  });
  const key = legend ? legend.map((l, i) => `<rect x="${LABEL_WIDTH + i * 70}" y="4" width="14" height="14" fill="${GREY}" fill-opacity="${shade(i, legend.length).toFixed(2)}"/><text x="${LABEL_WIDTH + 18 + i * 70}" y="16">${escapeHtml(l)}</text>`).join('') : '';
  const rest = left ? `\n<text x="0" y="${top + t.bars.length * BAR_HEIGHT + 15}">${escapeHtml(more(left))}</text>` : '';
  return `<svg class="chart report-chart" id="report-chart" role="img" aria-label="${escapeHtml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${key}\n${bars.join('\n')}${rest}\n</svg>`;
}

const STYLE = '<style>table.report{border-collapse:collapse;margin:1em 0}table.report caption{text-align:left;font-weight:600;padding:.3em 0}table.report th,table.report td{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}table.report .n{text-align:right;font-variant-numeric:tabular-nums}table.report tfoot{font-weight:600}</style>';

export function reportPage(name: ReportName, f: ReportFigures, lang: Lang, site: Site, path: string): string {
  const t = table(name, f, lang, site.base);
  const title = TITLES[name][lang];
  const alternates = [
    { href: `${site.root}reports/${name}.csv?lang=${lang}`, type: 'text/csv', label: 'CSV' },
    { href: `${site.root}api/reports/${name}`, type: 'application/json', label: 'JSON' },
  ];
  // A column of counts has its heading right-aligned too.
  const numeric = t.head.map((_, i) => t.groups.flat().some((r) => r[i]?.count !== undefined));
  const row = (cells: Cell[]) => `<tr>${cells.map((c) => cellHtml(c, 'td', site, lang)).join('')}</tr>`;
  const body = `${STYLE}<h1>${escapeHtml(title)}</h1>
<p><a href="${escapeHtml(`${site.root}reports/?lang=${lang}`)}">${escapeHtml(T[lang].reports)}</a> · ${escapeHtml(T[lang].formats)}: ${alternates.map((a) => `<a href="${escapeHtml(a.href)}" type="${a.type}">${a.label}</a>`).join(' · ')}</p>
<p id="counted"><strong>${escapeHtml(T[lang].counted)}:</strong> ${escapeHtml(COUNTED[name][lang])}</p>
${t.lead ? `<p id="lead">${escapeHtml(t.lead)}</p>\n` : ''}<table class="report" id="report-table" data-report="${name}">
<caption>${escapeHtml(title)}</caption>
<thead><tr>${t.head.map((h, i) => `<th scope="col"${numeric[i] ? ' class="n" style="text-align:right"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead>
${t.groups.map((g) => `<tbody>\n${g.map(row).join('\n')}\n</tbody>`).join('\n')}
${t.foot ? `<tfoot>${row(t.foot)}</tfoot>\n` : ''}</table>
<h2>${escapeHtml(T[lang].chart)}</h2>
${chart(t, title, T[lang].more)}`;
  return page({ title, lang, site, path, body, alternates });
}

/** The list of views, each with its formats. */
export function reportsIndexPage(lang: Lang, site: Site, path: string): string {
  const t = T[lang];
  const items = REPORTS.map((name) => `<li><a href="${escapeHtml(`${site.root}reports/${name}?lang=${lang}`)}">${escapeHtml(TITLES[name][lang])}</a> — <a href="${escapeHtml(`${site.root}reports/${name}.csv?lang=${lang}`)}" type="text/csv">CSV</a> · <a href="${escapeHtml(`${site.root}api/reports/${name}`)}" type="application/json">JSON</a><br><small>${escapeHtml(COUNTED[name][lang])}</small></li>`);
  return page({ title: t.reports, lang, site, path, body: `<h1>${escapeHtml(t.reports)}</h1>\n<p>${escapeHtml(t.intro)}</p>\n<ul id="reports">${items.join('\n')}</ul>` });
}

/** The API's list of views. */
export function reportsIndexJson(base: string) {
  return { reports: REPORTS.map((name) => ({ report: name, title: TITLES[name], counted: COUNTED[name], formats: formatLinks(name, base) })) };
}
