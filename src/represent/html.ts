// Quads → HTML for people: labels instead of IRIs, links that navigate the graph, the official
// SDG colours, Latvian or English. Every literal goes through escapeHtml.
import { canonicalBlankNodes } from './rdf.js';
import type { Quad, Term } from '@rdfjs/types';
import { ns, PASSAGE_TYPE } from '../vocab.js';
import type { QueryVocabulary } from './query-vocabulary.js';
import predicateLabels from './predicate-labels.json' with { type: 'json' };

export type Lang = 'lv' | 'en';

export const SDG_COLOURS: Record<number, string> = {
  1: '#E5243B', 2: '#DDA63A', 3: '#4C9F38', 4: '#C5192D', 5: '#FF3A21', 6: '#26BDE2', 7: '#FCC30B', 8: '#A21942', 9: '#FD6925',
  10: '#DD1367', 11: '#FD9D24', 12: '#BF8B2E', 13: '#3F7E44', 14: '#0A97D9', 15: '#56C02B', 16: '#00689D', 17: '#19486A',
};

const T = {
  lv: {
    site: 'IAM saistītie dati', home: 'Sākums', catalog: 'Katalogs', sparql: 'SPARQL', dumps: 'Lejupielādes', search: 'Meklēt',
    formats: 'Citi formāti', referencedBy: 'Uz šo atsaucas', source: 'Vēstulē teikts', sourceMark: '¶', quoted: 'Vārdi, no kuriem ņemti dati', letterText: 'Vēstules teksts; iezīmētas vietas, no kurām ņemti dati', produced: 'No šīs vietas ņemti dati par',
    tookPart: 'Kas piedalījās', participant: 'Dalībnieks', role: 'Loma', sector: 'Sektors (IATI organizācijas veids)', sectorUnknown: 'nav zināms', sectorUnknownTitle: 'Neviens avots nenosauc šīs organizācijas sektoru.', notFound: 'Resurss nav atrasts', notFoundText: 'Šajā datu kopā nav resursa ar šo adresi.',
    latest: (n: number) => `Jaunākās ${n}.`, all: 'Visas (API)',
    activities: 'Aktivitātes', reports: 'Pārskati', perGoal: 'Aktivitātes pa mērķiem', timeline: 'Laika līnija', triples: 'trīskārši', resources: 'resursi',
    results: 'Rezultāti', noResults: 'Nekas netika atrasts.', goal: 'IAM', language: 'Valoda', ontology: 'Ontoloģija', shapes: 'Formas (SHACL)',
    moreLinks: (shown: number, total: number) => `Jaunākie ${shown} no ${total}.`, allOfThem: 'Visi (API)',
    inferred: 'Secinātie apakšmērķi', inferredMark: 'secināts', inferredTitle: 'Vēstule to nenosauc; redaktori to secina no citētajiem vārdiem.', why: 'pamatojums',
  },
  en: {
    site: 'SDG linked data', home: 'Home', catalog: 'Catalogue', sparql: 'SPARQL', dumps: 'Downloads', search: 'Search',
    formats: 'Other formats', referencedBy: 'Referenced by', source: 'The letter says', sourceMark: '¶', quoted: 'The words the data was taken from', letterText: 'The letter\'s text, with the passages the data was taken from marked', produced: 'Data taken from this passage about',
    tookPart: 'Who took part', participant: 'Participant', role: 'Role', sector: 'Sector (IATI organisation type)', sectorUnknown: 'unknown', sectorUnknownTitle: 'No source names this organisation\'s sector.', notFound: 'Resource not found', notFoundText: 'There is no resource with this address in the dataset.',
    latest: (n: number) => `The latest ${n}.`, all: 'All of them (API)',
    activities: 'Activities', reports: 'Reports', perGoal: 'Activities per goal', timeline: 'Timeline', triples: 'triples', resources: 'resources',
    results: 'Results', noResults: 'Nothing was found.', goal: 'SDG', language: 'Language', ontology: 'Ontology', shapes: 'Shapes (SHACL)',
    moreLinks: (shown: number, total: number) => `The latest ${shown} of ${total}.`, allOfThem: 'All of them (API)',
    inferred: 'Inferred targets', inferredMark: 'inferred', inferredTitle: 'The source does not name it; the editors infer it from the words quoted.', why: 'why',
  },
} as const;

/**
 * What the predicates people meet most are called on pages, in lv and en (a page's words, not
 * statements about the vocabularies: dct:subject reads "SDG goals" here); others show as
 * prefixed names.
 */
const PREDICATE_LABELS: Record<string, [string, string]> = Object.fromEntries(
  Object.entries(predicateLabels as Record<string, string[]>).map(([name, [lv, en]]) => [ns[name.split(':')[0] as keyof typeof ns] + name.split(':')[1], [lv!, en!]]),
);

/** Properties shown first, in this order; the rest follow alphabetically. */
const PREDICATE_ORDER = [
  ns.rdf + 'type', ns.schema + 'name', ns.skos + 'altLabel', ns.skos + 'prefLabel', ns.schema + 'description', ns.schema + 'text',
  ns.schema + 'startDate', ns.schema + 'endDate', ns.dct + 'type', ns.dct + 'subject', ns.schema + 'location',
  ns.schema + 'organizer', ns.schema + 'performer', ns.schema + 'contributor', ns.schema + 'superEvent', ns.schema + 'workFeatured',
];

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** What a page needs to know about the site it is part of. */
export interface Site {
  base: string;
  /** Path prefix of the base IRI on this server, e.g. '/' or '/sdg/'. */
  root: string;
  prefixes: Record<string, string>;
  /** Whether the project publishes a catalogue (a project of --data files only does not). */
  catalogue: boolean;
}

/** Looks up labels in a set of quads (a description carries the labels of what it links to). */
export class Labeller {
  private readonly byPredicate = new Map<string, Map<string, Term[]>>();
  constructor(quads: Iterable<Quad>) {
    for (const q of quads) {
      let bySubject = this.byPredicate.get(q.predicate.value);
      if (!bySubject) this.byPredicate.set(q.predicate.value, (bySubject = new Map()));
      bySubject.set(q.subject.value, [...(bySubject.get(q.subject.value) ?? []), q.object]);
    }
  }
  values(subject: string, predicate: string): Term[] {
    return this.byPredicate.get(predicate)?.get(subject) ?? [];
  }
  label(iri: string, lang: Lang): string | undefined {
    const goal = sdgNumber(iri);
    const pick = (p: string) => {
      const vs = this.values(iri, p).filter((t) => t.termType === 'Literal');
      return (vs.find((t) => (t as { language?: string }).language === lang) ?? vs.find((t) => (t as { language?: string }).language === (lang === 'lv' ? 'en' : 'lv')) ?? vs[0])?.value;
    };
    if (goal !== undefined) {
      const name = pick(ns.skos + 'altLabel');
      const code = iri.slice(ns.sdg.length);
      const prefix = `${T[lang].goal} ${code}`;
      return name && !goal.target ? `${prefix} — ${name}` : pick(ns.skos + 'prefLabel') ? `${prefix}: ${pick(ns.skos + 'prefLabel')}` : prefix;
    }
    for (const p of [ns.schema + 'name', ns.skos + 'prefLabel', ns.rdfs + 'label', ns.dct + 'title', ns.skos + 'altLabel']) {
      const v = pick(p);
      if (v) return v;
    }
    return undefined;
  }
}

export function sdgNumber(iri: string): { goal: number; target: boolean } | undefined {
  const m = /^http:\/\/metadata\.un\.org\/sdg\/(\d{1,2})(\.[0-9a-z]+)?$/.exec(iri);
  if (!m) return undefined;
  const goal = Number(m[1]);
  return goal >= 1 && goal <= 17 ? { goal, target: m[2] !== undefined } : undefined;
}

export function shortIri(iri: string, prefixes: Record<string, string>): string {
  let best: [string, string] | undefined;
  for (const [p, n] of Object.entries(prefixes)) if (iri.startsWith(n) && (!best || n.length > best[1].length)) best = [p, n];
  return best ? `${best[0]}:${iri.slice(best[1].length)}` : iri;
}

/** A link to a resource: ours go to their page on this server, others to themselves. */
export function href(iri: string, site: Site, lang: Lang): string {
  if (iri.startsWith(site.base + 'id/')) return `${site.root}doc/${iri.slice(site.base.length + 3)}?lang=${lang}`;
  if (sdgNumber(iri)) return `${site.root}doc/sdg/${iri.slice(ns.sdg.length)}?lang=${lang}`;
  if (iri.startsWith(site.base + 'def/') && iri.length > site.base.length + 4 && !/^\d/.test(iri.slice(site.base.length + 4))) {
    return `${site.root}doc/def/${iri.slice(site.base.length + 4)}?lang=${lang}`;
  }
  if (iri.startsWith(site.base)) return `${site.root}${iri.slice(site.base.length)}`;
  return iri;
}

export interface PageParts {
  title: string;
  lang: Lang;
  site: Site;
  /** Path (with the site root) of this page without query, for the language switch. */
  path: string;
  body: string;
  alternates?: { href: string; type: string; label: string }[];
  jsonLd?: string;
  colour?: string;
  /** Stylesheets of the page's own, by URL. */
  styles?: string[];
}

export function page(p: PageParts): string {
  const t = T[p.lang];
  const other: Lang = p.lang === 'lv' ? 'en' : 'lv';
  const nav = [
    [`${p.site.root}?lang=${p.lang}`, t.home],
    ...(p.site.catalogue ? [[`${p.site.root}catalog`, t.catalog]] : []),
    [`${p.site.root}sparql`, t.sparql],
    [`${p.site.root}dumps/?lang=${p.lang}`, t.dumps],
  ];
  const alternates = (p.alternates ?? [])
    .map((a) => `<link rel="alternate" type="${escapeHtml(a.type)}" href="${escapeHtml(a.href)}">`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${p.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(p.title)} — ${escapeHtml(t.site)}</title>
${alternates}
<style>${CSS}${p.colour ? `:root{--accent:${p.colour}}` : ''}</style>
${(p.styles ?? []).map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">\n`).join('')}${p.jsonLd ? `<script type="application/ld+json">${p.jsonLd.replace(/</g, '\\u003c')}</script>` : ''}
</head>
<body>
<header><a class="site" href="${escapeHtml(`${p.site.root}?lang=${p.lang}`)}">${escapeHtml(t.site)}</a>
<nav>${nav.map(([h, l]) => `<a href="${escapeHtml(h!)}">${escapeHtml(l!)}</a>`).join(' ')}
<form class="search" action="${escapeHtml(p.site.root)}search"><input type="hidden" name="lang" value="${p.lang}"><input name="q" aria-label="${escapeHtml(t.search)}" placeholder="${escapeHtml(t.search)}"></form>
<a class="lang" id="lang-switch" hreflang="${other}" href="${escapeHtml(switchHref(p.path, other))}">${other === 'lv' ? 'Latviski' : 'English'}</a></nav>
</header>
<main>
${p.body}
</main>
<footer>${(p.alternates ?? []).length ? `${escapeHtml(t.formats)}: ${(p.alternates ?? []).map((a) => `<a href="${escapeHtml(a.href)}" type="${escapeHtml(a.type)}">${escapeHtml(a.label)}</a>`).join(' · ')}` : ''}</footer>
</body>
</html>
`;
}

/** The same page in the other language: the path (encoded) with its other parameters kept. */
function switchHref(path: string, lang: Lang): string {
  const [pathname, search = ''] = path.split('?', 2) as [string, string?];
  const params = new URLSearchParams(search);
  params.set('lang', lang);
  return `${encodeURI(pathname)}?${params}`;
}

const CSS = `:root{--accent:#19486A}body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b}header{display:flex;flex-wrap:wrap;gap:1em;align-items:center;justify-content:space-between;padding:.6em 1.2em;background:var(--accent);color:#fff}header a{color:#fff}nav{display:flex;gap:1em;align-items:center;flex-wrap:wrap}.site{font-weight:700;text-decoration:none}main{max-width:60em;margin:1.5em auto;padding:0 1.2em}h1{margin:.2em 0 .1em}.types{color:#555}table.props{border-collapse:collapse;width:100%}table.props th{text-align:left;vertical-align:top;width:14em;padding:.35em .6em .35em 0;color:#444;font-weight:600}table.props td{padding:.35em 0;border-bottom:1px solid #eee}ul.values{margin:0;padding:0;list-style:none}.lang-tag{font-size:.75em;color:#666;border:1px solid #ccc;border-radius:3px;padding:0 .25em;margin-left:.3em}.other-lang{color:#666}.goal{display:inline-block;color:#fff;border-radius:3px;padding:.05em .45em;margin:.1em .2em .1em 0;text-decoration:none;font-weight:600}.inferred{font-size:.75em;color:#555;border:1px dashed #999;border-radius:3px;padding:0 .3em;margin-right:.3em}q{font-style:italic}a.source{font-size:.75em;vertical-align:super;text-decoration:none;color:#666;margin-left:.2em}blockquote.letter{white-space:pre-wrap}.passage{background:#fff8d6;display:inline}.passage:target{outline:2px solid var(--accent)}a.passage-link{text-decoration:none;color:#666;margin-right:.2em}table.grid{border-collapse:collapse}table.grid th,table.grid td{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}.unknown{color:#777;font-style:italic}footer{max-width:60em;margin:2em auto;padding:0 1.2em;color:#555;font-size:.9em}svg text{font:12px system-ui,sans-serif}.chart rect:hover{opacity:.8}.search input{padding:.15em .4em}ol.timeline{list-style:none;padding:0}ol.timeline li{margin:.3em 0}time{font-variant-numeric:tabular-nums;color:#444;margin-right:.5em}`;

export function goalChip(iri: string, label: string, site: Site, lang: Lang): string {
  const n = sdgNumber(iri)!;
  return `<a class="goal" data-goal="${n.goal}" style="background:${SDG_COLOURS[n.goal]}" href="${escapeHtml(href(iri, site, lang))}">${escapeHtml(label)}</a>`;
}

export function predicateLabel(iri: string, lang: Lang, prefixes: Record<string, string>): string {
  const known = PREDICATE_LABELS[iri];
  return known ? known[lang === 'lv' ? 0 : 1] : shortIri(iri, prefixes);
}

/** The page of one resource: its properties, then what links to it. */
/** Where a description holds only some of what links to its resource: how many, and where all are. */
export interface Linking {
  shown: number;
  total: number;
  all?: string;
}

const REIFICATION: ReadonlySet<string> = new Set(['subject', 'predicate', 'object'].map((p) => ns.rdf + p));

/** The objects of a subject and predicate among some statements. */
const objectsIn = (quads: readonly Quad[]) => (s: string, p: string) => quads.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object);

const termKey = (t: Term) => (t.termType === 'Literal' ? `"${t.value}"@${t.language}^${t.datatype.value}` : t.value);

/**
 * The words a fact or a value was taken from, where it says: prov:wasDerivedFrom a (blank)
 * oa:SpecificResource with a quote on its source document.
 */
function quoteOf(of: ReturnType<typeof objectsIn>, node: string): { target: string; exact: string; letter: string | undefined } | undefined {
  for (const target of of(node, ns.prov + 'wasDerivedFrom')) {
    if (target.termType !== 'BlankNode') continue;
    const exact = of(target.value, ns.oa + 'hasSelector').flatMap((sel) => of(sel.value, ns.oa + 'exact'))[0];
    if (exact) return { target: target.value, exact: exact.value, letter: of(target.value, ns.oa + 'hasSource')[0]?.value };
  }
  return undefined;
}

/** The facts the description holds about the subject: for each predicate and value, the passage and words it comes from. */
function factSources(subject: string, quads: readonly Quad[]): Map<string, { passage: string; letter: string | undefined; exact: string }> {
  const of = objectsIn(quads);
  const out = new Map<string, { passage: string; letter: string | undefined; exact: string }>();
  for (const q of quads) {
    if (q.predicate.value !== ns.rdf + 'subject' || q.object.value !== subject) continue;
    const fact = q.subject.value;
    const [p] = of(fact, ns.rdf + 'predicate');
    const [o] = of(fact, ns.rdf + 'object');
    const [passage] = of(fact, ns.dct + 'source');
    const quote = quoteOf(of, fact);
    if (p && o && passage && quote) out.set(`${p.value} ${termKey(o)}`, { passage: passage.value, letter: quote.letter, exact: quote.exact });
  }
  return out;
}

export function resourcePage(subject: string, input: Quad[], lang: Lang, site: Site, extra: Omit<PageParts, 'title' | 'lang' | 'site' | 'body'>, linking?: Linking): string {
  // Blank nodes sort among a property's values by their labels: labels from what they say.
  const quads = canonicalBlankNodes(input);
  const labels = new Labeller(quads);
  const title = labels.label(subject, lang) ?? shortIri(subject, site.prefixes);
  const own = quads.filter((q) => q.subject.value === subject);
  const blank = (id: string) => quads.filter((q) => q.subject.termType === 'BlankNode' && q.subject.value === id);
  const value = (t: Term, depth = 0): string => {
    if (t.termType === 'Literal') {
      const tag = t.language ? `<span class="lang-tag">${escapeHtml(t.language)}</span>` : '';
      return `<span${t.language && t.language !== lang ? ' class="other-lang"' : ''} lang="${escapeHtml(t.language || lang)}">${escapeHtml(t.value)}</span>${tag}`;
    }
    if (t.termType === 'BlankNode') {
      if (depth > 3) return '…';
      // A value the letter quotes (a recommendation's figure) carries its words: a mark, not a table of selectors.
      const quote = quoteOf(of, t.value);
      const letter = quote?.letter;
      const props = letter ? blank(t.value).filter((q) => !(q.predicate.value === ns.prov + 'wasDerivedFrom' && q.object.value === quote.target)) : blank(t.value);
      return `<table class="props">${rows(props, depth + 1)}</table>${letter ? sourceMark(href(letter, site, lang), quote.exact) : ''}`;
    }
    if (sdgNumber(t.value)) return goalChip(t.value, labels.label(t.value, lang) ?? t.value, site, lang);
    const label = labels.label(t.value, lang) ?? shortIri(t.value, site.prefixes);
    // Only web IRIs become links: a javascript: or data: IRI in someone's data stays text.
    if (!/^https?:\/\//i.test(t.value)) return `<code>${escapeHtml(label)}</code>`;
    return `<a href="${escapeHtml(href(t.value, site, lang))}">${escapeHtml(label)}</a>`;
  };
  const rows = (props: Quad[], depth = 0): string => propertyRows(props, depth).map(([, row]) => row).join('\n');
  const of = objectsIn(quads);
  /** A mark beside a value: the words it was taken from on hover, where they stand on a click. */
  const sourceMark = (to: string, exact: string) =>
    ` <a class="source" href="${escapeHtml(to)}" title="${escapeHtml(`${T[lang].source}: “${exact}”`)}">${escapeHtml(T[lang].sourceMark)}</a>`;
  const sources = factSources(subject, quads);
  /** Beside a value the letter states, a mark: its words on hover, its passage on a click. */
  const mark = (p: string, o: Term): string => {
    const source = sources.get(`${p} ${termKey(o)}`);
    if (!source) return '';
    // The letter's page at the passage (the passage's own page where the letter is unknown).
    return sourceMark(source.letter ? `${href(source.letter, site, lang)}#${passageAnchor(source.passage)}` : href(source.passage, site, lang), source.exact);
  };
  const propertyRows = (props: Quad[], depth = 0): [string, string][] => {
    const groups = new Map<string, Term[]>();
    for (const q of props) groups.set(q.predicate.value, [...(groups.get(q.predicate.value) ?? []), q.object]);
    return [...groups]
      .sort(([a], [b]) => rank(a) - rank(b) || predicateLabel(a, lang, site.prefixes).localeCompare(predicateLabel(b, lang, site.prefixes), lang) || (a < b ? -1 : a > b ? 1 : 0))
      .map(([p, objects]) => {
        const sorted = objects.sort((a, b) => langRank(a, lang) - langRank(b, lang) || a.value.localeCompare(b.value, lang, { numeric: true }));
        return [p, `<tr><th>${escapeHtml(predicateLabel(p, lang, site.prefixes))}</th><td><ul class="values">${sorted.map((o) => `<li>${value(o, depth)}${depth ? '' : mark(p, o)}</li>`).join('')}</ul></td></tr>`];
      });
  };
  // Targets inferred from the source's words (classifying annotations), shown beside the stated goals.
  const annotations = inferredTargets(subject, quads, labels, lang);
  const inferredRow = annotations.length
    ? `<tr id="inferred-targets"><th>${escapeHtml(T[lang].inferred)}</th><td><ul class="values">${annotations
      .map((a) => `<li>${sdgNumber(a.target) ? goalChip(a.target, labels.label(a.target, lang) ?? a.target, site, lang) : value({ termType: 'NamedNode', value: a.target } as Term)} <span class="inferred" title="${escapeHtml(T[lang].inferredTitle)}">${escapeHtml(T[lang].inferredMark)}</span>${a.quotes
        .map((q) => ` <q lang="${escapeHtml(q.language || 'lv')}">${escapeHtml(q.value)}</q>`).join('')} <a class="why" href="${escapeHtml(href(a.annotation, site, lang))}"${a.comment ? ` title="${escapeHtml(a.comment)}"` : ''}>${escapeHtml(T[lang].why)}</a></li>`)
      .join('')}</ul></td></tr>`
    : '';
  const ownRows = propertyRows(own);
  const after = ownRows.findIndex(([p]) => rank(p) > rank(ns.dct + 'subject'));
  ownRows.splice(after < 0 ? ownRows.length : after, 0, ['', inferredRow]);
  const shownAnnotations = new Set(annotations.map((a) => a.annotation));
  // Facts about this resource are shown as marks beside its values, not as links to it.
  const statements = new Set(quads.filter((q) => q.predicate.value === ns.rdf + 'type' && q.object.value === ns.rdf + 'Statement').map((q) => q.subject.value));
  const incoming = quads.filter((q) => q.object.value === subject && q.subject.value !== subject && q.subject.termType === 'NamedNode' && !shownAnnotations.has(q.subject.value) && !REIFICATION.has(q.predicate.value) && !statements.has(q.subject.value));
  const byPredicate = new Map<string, string[]>();
  for (const q of incoming) byPredicate.set(q.predicate.value, [...new Set([...(byPredicate.get(q.predicate.value) ?? []), q.subject.value])]);
  const heldHere = quads.filter((q) => q.predicate.value === ns.schema + 'location' && incoming.some((i) => i.subject.value === q.object.value));
  for (const q of heldHere) byPredicate.set(q.predicate.value, [...new Set([...(byPredicate.get(q.predicate.value) ?? []), q.subject.value])]);
  // In a fixed order, not the order the statements came in (an external store gives another).
  const referenced = [...byPredicate]
    .sort(([a], [b]) => predicateLabel(a, lang, site.prefixes).localeCompare(predicateLabel(b, lang, site.prefixes), lang) || (a < b ? -1 : 1))
    .map(([p, subjects]) => `<tr><th>${escapeHtml(predicateLabel(p, lang, site.prefixes))}</th><td><ul class="values">${subjects
      .sort()
      .map((s) => `<li>${value({ termType: 'NamedNode', value: s } as Term)}</li>`)
      .join('')}</ul></td></tr>`)
    .join('\n');
  const goal = sdgNumber(subject);
  const body = `<h1>${escapeHtml(title)}</h1>
<p class="iri"><code>${escapeHtml(subject)}</code></p>
<table class="props" id="properties">${ownRows.map(([, row]) => row).filter(Boolean).join('\n')}</table>
${participants(subject, quads, labels, lang, site, value)}${quotedWords(subject, quads, labels, lang, site)}${referenced ? `<h2>${escapeHtml(T[lang].referencedBy)}</h2><table class="props" id="referenced-by">${referenced}</table>` : ''}${linking && linking.total > linking.shown ? `<p id="more-links">${escapeHtml(T[lang].moreLinks(linking.shown, linking.total))}${linking.all ? ` <a href="${escapeHtml(linking.all)}">${escapeHtml(T[lang].allOfThem)}</a>` : ''}</p>` : ''}`;
  return page({ title, lang, site, body, colour: goal ? SDG_COLOURS[goal.goal] : undefined, ...extra });
}

/**
 * The words that became data, marked in their text, each a link to what was said of it (its
 * predicates on hover): on a passage's page, the passage; on a document's, its whole text with
 * every passage that produced data highlighted, its anchor the one the facts' marks open. Empty
 * for any other resource.
 */
function quotedWords(subject: string, quads: readonly Quad[], labels: Labeller, lang: Lang, site: Site): string {
  const of = objectsIn(quads);
  const position = (s: string) => {
    // A selector a steward wrote may lack its end, or give no number: no position then.
    const selector = of(s, ns.prov + 'wasDerivedFrom').flatMap((t) => of(t.value, ns.oa + 'hasSelector')).find((sel) => of(sel.value, ns.oa + 'start').length && of(sel.value, ns.oa + 'end').length);
    const at = selector ? [Number(of(selector.value, ns.oa + 'start')[0]!.value), Number(of(selector.value, ns.oa + 'end')[0]!.value)] as const : undefined;
    return at && Number.isInteger(at[0]) && Number.isInteger(at[1]) && at[0] <= at[1] ? at : undefined;
  };
  const text = of(subject, ns.schema + 'text').find((t) => (t as { language?: string }).language === 'lv')?.value;
  const passages = quads.filter((q) => q.predicate.value === ns.schema + 'isPartOf' && q.object.value === subject && of(q.subject.value, ns.rdf + 'type').some((t) => t.value === PASSAGE_TYPE)).map((q) => q.subject.value);
  // A passage's selector counts from the start of the letter; a document's text starts at 0.
  const offset = passages.length ? 0 : position(subject)?.[0];
  const sources = new Set(passages.length ? passages : [subject]);
  const facts = quads.filter((q) => q.predicate.value === ns.dct + 'source' && sources.has(q.object.value)).flatMap((q) => {
    const at = position(q.subject.value);
    const about = of(q.subject.value, ns.rdf + 'subject')[0];
    const predicate = of(q.subject.value, ns.rdf + 'predicate')[0];
    return at && about && predicate && offset !== undefined ? [{ start: at[0] - offset, end: at[1] - offset, about: about.value, predicate: predicate.value, passage: q.object.value }] : [];
  });
  if (!text || !facts.length) return '';
  const chars = [...text];
  /** The text from `from` to `to`, its facts' words marked. */
  const marked = (from: number, to: number): string => {
    const cuts = [...new Set([from, to, ...facts.flatMap((f) => [f.start, f.end])])].filter((c) => c >= from && c <= to).sort((a, b) => a - b);
    let html = '';
    for (let i = 0; i + 1 < cuts.length; i++) {
      const [a, b] = [cuts[i]!, cuts[i + 1]!];
      const words = escapeHtml(chars.slice(a, b).join(''));
      const covering = facts.filter((f) => f.start <= a && f.end >= b);
      if (!covering.length) {
        html += words;
        continue;
      }
      // Sorted: the order statements come in differs between stores.
      covering.sort((x, y) => (x.about < y.about ? -1 : x.about > y.about ? 1 : 0));
      const said = [...new Set(covering.map((f) => `${labels.label(f.about, lang) ?? f.about}: ${predicateLabel(f.predicate, lang, site.prefixes)}`))].sort().join('; ');
      html += `<mark><a href="${escapeHtml(href(covering[0]!.about, site, lang))}" title="${escapeHtml(said)}">${words}</a></mark>`;
    }
    return html;
  };
  if (!passages.length) return `<h2>${escapeHtml(T[lang].quoted)}</h2><blockquote id="quoted" lang="lv">${marked(0, chars.length)}</blockquote>\n`;
  // The document: passages that produced data highlighted, in the order of the text.
  const produced = passages.flatMap((p) => {
    const at = position(p);
    const made = facts.filter((f) => f.passage === p);
    return at && made.length ? [{ iri: p, start: at[0], end: at[1], made: [...new Set(made.map((f) => f.about))] }] : [];
  }).sort((a, b) => a.start - b.start);
  let html = '';
  let at = 0;
  for (const p of produced) {
    // Passages do not overlap in our data; one that would is left unmarked rather than printed twice.
    if (p.start < at) continue;
    html += escapeHtml(chars.slice(at, p.start).join(''));
    const what = p.made.map((m) => labels.label(m, lang) ?? m).sort().join('; ');
    html += `<span class="passage" id="${escapeHtml(passageAnchor(p.iri))}"><a class="passage-link" href="${escapeHtml(href(p.iri, site, lang))}" title="${escapeHtml(`${T[lang].produced}: ${what}`)}">${escapeHtml(T[lang].sourceMark)}</a>${marked(p.start, p.end)}</span>`;
    at = p.end;
  }
  html += escapeHtml(chars.slice(at).join(''));
  return `<h2>${escapeHtml(T[lang].letterText)}</h2><blockquote id="quoted" class="letter" lang="lv">${html}</blockquote>\n`;
}

/** How one takes part in an activity: schema.org's roles. */
const PARTICIPATION = ['organizer', 'performer', 'contributor', 'sponsor', 'funder'].map((p) => ns.schema + p);

/**
 * Who took part in an activity, in which role, from which sector: an organisation's IATI type
 * (org:classification; a municipality's is local government) where a source gives it, "unknown"
 * where none does.
 */
function participants(subject: string, quads: readonly Quad[], labels: Labeller, lang: Lang, site: Site, value: (t: Term) => string): string {
  const rows = PARTICIPATION.flatMap((p) => quads
    .filter((q) => q.subject.value === subject && q.predicate.value === p && q.object.termType === 'NamedNode')
    .map((q) => {
      const who = q.object.value;
      const [sector] = labels.values(who, ns.org + 'classification');
      const cell = sector ? value(sector) : `<span class="unknown" title="${escapeHtml(T[lang].sectorUnknownTitle)}">${escapeHtml(T[lang].sectorUnknown)}</span>`;
      return `<tr><td>${value(q.object)}</td><td>${escapeHtml(predicateLabel(p, lang, site.prefixes))}</td><td>${cell}</td></tr>`;
    })
    .sort());
  if (!rows.length) return '';
  return `<h2>${escapeHtml(T[lang].tookPart)}</h2><table class="grid" id="participants"><thead><tr><th>${escapeHtml(T[lang].participant)}</th><th>${escapeHtml(T[lang].role)}</th><th>${escapeHtml(T[lang].sector)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>\n`;
}

/** A passage's anchor on its document's page: the last segment of its IRI. */
const passageAnchor = (iri: string) => iri.slice(iri.lastIndexOf('/') + 1);

interface Inferred {
  annotation: string;
  target: string;
  quotes: { value: string; language: string }[];
  comment: string | undefined;
}

/** The classifying annotations that target the subject: what they link it to, and the words they quote. */
function inferredTargets(subject: string, quads: Quad[], labels: Labeller, lang: Lang): Inferred[] {
  const annotations = quads.filter((q) => q.predicate.value === ns.oa + 'hasTarget' && q.object.value === subject && q.subject.termType === 'NamedNode').map((q) => q.subject.value);
  return [...new Set(annotations)]
    .filter((a) => labels.values(a, ns.oa + 'motivatedBy').some((m) => m.value === ns.oa + 'classifying'))
    .flatMap((a) => {
      const quotes = labels.values(a, ns.oa + 'hasTarget')
        .flatMap((t) => labels.values(t.value, ns.oa + 'hasSelector'))
        .flatMap((sel) => labels.values(sel.value, ns.oa + 'exact'))
        .map((t) => ({ value: t.value, language: (t as { language?: string }).language ?? '' }));
      const comments = labels.values(a, ns.rdfs + 'comment');
      const comment = (comments.find((c) => (c as { language?: string }).language === lang) ?? comments[0])?.value;
      return labels.values(a, ns.oa + 'hasBody').map((body) => ({ annotation: a, target: body.value, quotes, comment }));
    })
    .sort((x, y) => x.target.localeCompare(y.target, 'en', { numeric: true }));
}

function rank(predicate: string): number {
  const i = PREDICATE_ORDER.indexOf(predicate);
  return i === -1 ? PREDICATE_ORDER.length : i;
}

function langRank(t: Term, lang: Lang): number {
  if (t.termType !== 'Literal' || !t.language) return 1;
  return t.language === lang ? 0 : 2;
}

/** `detail`: what is wrong, where it is more than a missing resource. */
export function notFoundPage(iri: string, lang: Lang, site: Site, path: string, detail?: string): string {
  const t = T[lang];
  return page({
    title: t.notFound,
    lang,
    site,
    path,
    body: `<h1>${escapeHtml(t.notFound)}</h1><p>${escapeHtml(t.notFoundText)}</p><p><code>${escapeHtml(iri)}</code></p>${detail ? `<p id="why" lang="en">${escapeHtml(detail)}</p>` : ''}
<form action="${escapeHtml(site.root)}search"><input type="hidden" name="lang" value="${lang}"><input name="q" aria-label="${escapeHtml(t.search)}"> <button>${escapeHtml(t.search)}</button></form>
<p><a href="${escapeHtml(`${site.root}?lang=${lang}`)}">${escapeHtml(t.home)}</a></p>`,
  });
}

export function searchPage(query: string, hits: { iri: string; label: string }[], lang: Lang, site: Site, path: string): string {
  const t = T[lang];
  return page({
    title: `${t.search}: ${query}`,
    lang,
    site,
    path,
    body: `<h1>${escapeHtml(t.results)}: “${escapeHtml(query)}”</h1>
<form action="${escapeHtml(site.root)}search"><input type="hidden" name="lang" value="${lang}"><input name="q" value="${escapeHtml(query)}" aria-label="${escapeHtml(t.search)}"> <button>${escapeHtml(t.search)}</button></form>
${hits.length ? `<ul id="results">${hits.map((h) => `<li><a href="${escapeHtml(href(h.iri, site, lang))}">${escapeHtml(h.label)}</a></li>`).join('')}</ul>` : `<p>${escapeHtml(t.noResults)}</p>`}`,
  });
}

export interface HomeData {
  triples: number;
  /** How many activities there are; `activities` may hold only the latest of them. */
  total: number;
  activities: { iri: string; label: string; date: string; goals: number[] }[];
  perGoal: { goal: number; label: string; count: number }[];
}

export function homePage(data: HomeData, lang: Lang, site: Site, path: string): string {
  const t = T[lang];
  const max = Math.max(1, ...data.perGoal.map((g) => g.count));
  const bar = 26;
  const chart = `<svg class="chart" id="goal-chart" role="img" aria-label="${escapeHtml(t.perGoal)}" width="640" height="${data.perGoal.length * bar + 10}" viewBox="0 0 640 ${data.perGoal.length * bar + 10}">
${data.perGoal
  .map((g, i) => {
    const w = Math.round((g.count / max) * 380);
    return `<g data-goal="${g.goal}" data-count="${g.count}"><text x="0" y="${i * bar + 17}">${escapeHtml(`${g.goal}. ${g.label}`.slice(0, 40))}</text><rect x="250" y="${i * bar + 4}" width="${Math.max(w, 1)}" height="${bar - 8}" fill="${SDG_COLOURS[g.goal]}"><title>${escapeHtml(`${g.label}: ${g.count}`)}</title></rect><text x="${256 + w}" y="${i * bar + 17}">${g.count}</text></g>`;
  })
  .join('\n')}
</svg>`;
  const years = data.activities.map((a) => Number(a.date.slice(0, 4)));
  const first = Math.min(...years, 2019);
  const last = Math.max(...years, first) + 1;
  const x = (date: string) => {
    const d = Date.parse(date);
    const a = Date.UTC(first, 0, 1);
    const b = Date.UTC(last, 0, 1);
    return 20 + Math.round(((d - a) / (b - a)) * 600);
  };
  const timeline = `<svg class="timeline" id="timeline" role="img" aria-label="${escapeHtml(t.timeline)}" width="640" height="70" viewBox="0 0 640 70">
<line x1="20" y1="30" x2="620" y2="30" stroke="#999"/>
${Array.from({ length: last - first + 1 }, (_, i) => first + i)
  .map((y) => `<g><line x1="${x(`${y}-01-01`)}" y1="25" x2="${x(`${y}-01-01`)}" y2="35" stroke="#999"/><text x="${x(`${y}-01-01`) - 14}" y="52">${y}</text></g>`)
  .join('')}
${data.activities
  .map((a) => `<a href="${escapeHtml(href(a.iri, site, lang))}"><circle data-date="${escapeHtml(a.date)}" cx="${x(a.date)}" cy="30" r="6" fill="${SDG_COLOURS[a.goals[0] ?? 17] ?? '#888'}"><title>${escapeHtml(`${a.date}: ${a.label}`)}</title></circle></a>`)
  .join('\n')}
</svg>`;
  const list = `<ol class="timeline" id="activity-list">${data.activities
    .map((a) => `<li><time datetime="${escapeHtml(a.date)}">${escapeHtml(a.date)}</time><a href="${escapeHtml(href(a.iri, site, lang))}">${escapeHtml(a.label)}</a> ${a.goals
      .map((g) => `<span class="goal" style="background:${SDG_COLOURS[g]}">${g}</span>`)
      .join('')}</li>`)
    .join('\n')}</ol>`;
  const body = `<h1>${escapeHtml(t.site)}</h1>
<p>${data.total} ${escapeHtml(t.activities.toLowerCase())} · ${data.triples} ${escapeHtml(t.triples)} · ${site.catalogue ? `<a href="${escapeHtml(site.root)}catalog">${escapeHtml(t.catalog)}</a> · ` : ''}<a href="${escapeHtml(site.root)}sparql">${escapeHtml(t.sparql)}</a> · <a href="${escapeHtml(`${site.root}dumps/?lang=${lang}`)}">${escapeHtml(t.dumps)}</a> · <a id="reports-link" href="${escapeHtml(`${site.root}reports/?lang=${lang}`)}">${escapeHtml(t.reports)}</a> · <a href="${escapeHtml(site.root)}def/">${escapeHtml(t.ontology)}</a> · <a href="${escapeHtml(site.root)}shapes/">${escapeHtml(t.shapes)}</a></p>
<h2>${escapeHtml(t.timeline)}</h2>
${timeline}
${data.total > data.activities.length ? `<p>${escapeHtml(t.latest(data.activities.length))} <a href="${escapeHtml(site.root)}api/activities">${escapeHtml(t.all)}</a></p>` : ''}
${list}
<h2>${escapeHtml(t.perGoal)}</h2>
${chart}
<p><a href="${escapeHtml(`${site.root}reports/goals-by-year?lang=${lang}`)}">${escapeHtml(t.perGoal)}: ${escapeHtml(t.reports.toLowerCase())}</a></p>`;
  return page({ title: t.site, lang, site, path, body });
}

export function dumpsPage(dumps: { href: string; label: string; type: string }[], lang: Lang, site: Site, path: string): string {
  const t = T[lang];
  return page({
    title: t.dumps,
    lang,
    site,
    path,
    body: `<h1>${escapeHtml(t.dumps)}</h1><ul id="dumps">${dumps.map((d) => `<li><a href="${escapeHtml(d.href)}" type="${escapeHtml(d.type)}">${escapeHtml(d.label)}</a> <code>${escapeHtml(d.type)}</code></li>`).join('')}</ul>`,
  });
}

/** Example queries for the main relationships, shown on the query page. */
export const EXAMPLE_QUERIES: { name: [string, string]; query: string }[] = [
  {
    name: ['Aktivitātes pa mērķiem', 'Activities per goal'],
    query: `SELECT ?goal ?name (COUNT(?activity) AS ?activities) WHERE {
  ?activity a lod:Activity ; dct:subject ?goal .
  ?goal skos:altLabel ?name FILTER(lang(?name) = "en")
} GROUP BY ?goal ?name ORDER BY DESC(?activities)`,
  },
  {
    name: ['Mērķi pa pašvaldībām', 'Goals per municipality'],
    query: `SELECT ?municipality ?name ?goal (COUNT(DISTINCT ?activity) AS ?activities) WHERE {
  ?activity a lod:Activity ; dct:subject ?goal .
  { ?activity schema:contributor ?municipality } UNION { ?activity schema:location/schema:containedInPlace ?municipality }
  ?municipality a schema:AdministrativeArea ; schema:name ?name FILTER(lang(?name) = "lv")
} GROUP BY ?municipality ?name ?goal ORDER BY ?name ?goal`,
  },
  {
    name: ['Laika līnija', 'Timeline'],
    query: `SELECT ?start ?activity ?title WHERE {
  ?activity a lod:Activity ; schema:startDate ?start ; schema:name ?title FILTER(lang(?title) = "lv")
} ORDER BY ?start`,
  },
  {
    name: ['Mērķi, kas sastopami kopā', 'Goals that occur together'],
    query: `SELECT ?a ?b (COUNT(?activity) AS ?together) WHERE {
  ?activity a lod:Activity ; dct:subject ?a , ?b .
  FILTER(STR(?a) < STR(?b))
} GROUP BY ?a ?b ORDER BY DESC(?together)`,
  },
  {
    name: ['Katras aktivitātes partneri', 'Partners of each activity'],
    query: `SELECT ?activity ?role ?partner ?name WHERE {
  ?activity a lod:Activity ; ?role ?partner .
  VALUES ?role { schema:organizer schema:performer schema:contributor schema:sponsor }
  ?partner schema:name ?name FILTER(lang(?name) = "lv")
} ORDER BY ?activity ?role`,
  },
];

/** What the query page links to and offers, besides the site. */
export interface QueryPageParts {
  prefixes: Record<string, string>;
  graphs: string[];
  vocabulary: QueryVocabulary;
  /** Paths relative to the site root of the scripts (in order) and stylesheets. */
  scripts: string[];
  styles: string[];
}

/** The prefixes the example queries are written with, in this order. */
const QUERY_PREFIXES = ['lod', 'schema', 'dct', 'skos', 'sdg', 'sdgo', 'prov', 'owl', 'rdfs', 'xsd', 'oa', 'activity', 'municipality', 'organization', 'place'];

/**
 * The query page: a plain form that sends the query to the endpoint (GET), which the query
 * script replaces with YASGUI; the settings it needs go in a JSON block, as pages carry no
 * inline script.
 */
export function queryPage(lang: Lang, site: Site, path: string, parts: QueryPageParts): string {
  const { prefixes } = parts;
  const header = QUERY_PREFIXES.filter((p) => prefixes[p]).map((p) => `PREFIX ${p}: <${prefixes[p]}>`).join('\n');
  const examples = EXAMPLE_QUERIES.map((e) => ({ name: e.name[lang === 'lv' ? 0 : 1], query: `${header}\n\n${e.query}` }));
  const t = lang === 'lv'
    ? { title: 'SPARQL vaicājumi', run: 'Izpildīt', examples: 'Piemēri', format: 'Formāts', graphs: 'Nosauktie grafi (noklusētais grafs ir to apvienojums)', chart: 'Diagramma', label: 'Nosaukumi', value: 'Vērtības', noChart: 'Diagrammai vajag kolonnu ar skaitļiem.', shown: 'Rādīti {n} no {all}.' }
    : { title: 'SPARQL queries', run: 'Run', examples: 'Examples', format: 'Format', graphs: 'Named graphs (the default graph is their union)', chart: 'Chart', label: 'Labels', value: 'Values', noChart: 'A chart needs a column of numbers.', shown: '{n} of {all} shown.' };
  const endpoint = `${site.root}sparql`;
  const config = {
    endpoint,
    storage: `sdg-lod:${site.root}`,
    examples,
    prefixes: Object.fromEntries(Object.entries(prefixes).sort(([a], [b]) => a.localeCompare(b))),
    classes: parts.vocabulary.classes,
    properties: parts.vocabulary.properties,
    words: { chart: t.chart, label: t.label, value: t.value, noChart: t.noChart, shown: t.shown },
  };
  const data = JSON.stringify(config).replace(/</g, '\\u003c');
  const body = `<h1>${escapeHtml(t.title)}</h1>
<nav id="examples" aria-label="${escapeHtml(t.examples)}">${escapeHtml(t.examples)}: ${examples.map(
    (e, i) => `<a class="example" data-i="${i}" href="${escapeHtml(`${endpoint}?query=${encodeURIComponent(e.query)}`)}">${escapeHtml(e.name)}</a>`,
  ).join(' · ')}</nav>
<form id="sparql-form" method="get" action="${escapeHtml(endpoint)}">
<textarea id="query" name="query" spellcheck="false" rows="18" aria-label="SPARQL">${escapeHtml(examples[0]!.query)}</textarea>
<p><label>${escapeHtml(t.format)} <select name="format">${['json', 'xml', 'csv', 'tsv'].map((f) => `<option value="${f}">${f.toUpperCase()}</option>`).join('')}</select></label> <button id="run">${escapeHtml(t.run)}</button></p>
</form>
<div id="yasgui"></div>
<details id="graphs"><summary>${escapeHtml(t.graphs)}</summary><ul>${parts.graphs.map((g) => `<li><code>${escapeHtml(g)}</code></li>`).join('')}</ul></details>
<script type="application/json" id="query-config">${data}</script>
${parts.scripts.map((src) => `<script src="${escapeHtml(site.root + src)}"></script>`).join('\n')}`;
  return page({ title: t.title, lang, site, path, body, styles: parts.styles.map((href) => site.root + href) });
}
