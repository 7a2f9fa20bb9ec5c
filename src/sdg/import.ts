// Merges the UN's official SDG KOS into our authored SDG reference: official labels in every
// language, indicators and their links (both ways), owl:deprecated respected. Our own facts stay;
// where the KOS says otherwise for a one-per-language label, the KOS wins and that is reported.
import N3 from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { termKey } from '../represent/turtle.js';
import { ns } from '../vocab.js';

const { DataFactory: df } = N3;
const SDGO = ns.sdgo;
const SKOS = ns.skos;
const RDF_TYPE = ns.rdf + 'type';
const LANG_STRING = ns.rdf + 'langString';

const CLASSES = { [SDGO + 'Goal']: 'goal', [SDGO + 'Target']: 'target', [SDGO + 'Indicator']: 'indicator' } as const;
type Kind = (typeof CLASSES)[keyof typeof CLASSES];

/** Labels: language-tagged strings only; names at most one per language. */
const LABELS: ReadonlySet<string> = new Set([SKOS + 'prefLabel', SKOS + 'altLabel', SKOS + 'note', SKOS + 'definition']);
const ONE_PER_LANGUAGE: ReadonlySet<string> = new Set([SKOS + 'prefLabel', SKOS + 'altLabel']);
const KEPT: ReadonlySet<string> = new Set([
  RDF_TYPE, SKOS + 'notation', SKOS + 'inScheme', SKOS + 'topConceptOf', SKOS + 'exactMatch',
  ns.owl + 'deprecated', SDGO + 'tier', ...LABELS,
]);
/** Hierarchy links and their inverses; written both ways, between known concepts only. */
const LINKS: Record<string, string> = {
  [SDGO + 'hasTarget']: SDGO + 'isTargetOf',
  [SDGO + 'isTargetOf']: SDGO + 'hasTarget',
  [SDGO + 'hasIndicator']: SDGO + 'isIndicatorOf',
  [SDGO + 'isIndicatorOf']: SDGO + 'hasIndicator',
  [SKOS + 'narrower']: SKOS + 'broader',
  [SKOS + 'broader']: SKOS + 'narrower',
};
/** Links that point down the hierarchy; not added towards a deprecated concept. */
const DOWNWARD: ReadonlySet<string> = new Set([SDGO + 'hasTarget', SDGO + 'hasIndicator', SKOS + 'narrower']);

export interface Change {
  subject: string;
  predicate: string;
  language: string;
  from: string;
  to: string;
}
export interface Rejection {
  subject: string;
  predicate: string;
  object: string;
  reason: string;
}
export interface ImportReport {
  read: number;
  concepts: Record<Kind, number>;
  deprecated: string[];
  added: number;
  /** Added triples by predicate (labels also by language), e.g. "skos:prefLabel@fr". */
  addedBy: Record<string, number>;
  changed: Change[];
  rejected: Rejection[];
  /** Triples about other things (series, subject tags…) or with other predicates, left out. */
  ignored: number;
}

export function mergeKos(reference: Quad[], kos: Quad[]): { quads: Quad[]; report: ImportReport } {
  const kind = new Map<string, Kind>();
  for (const q of [...reference, ...kos]) {
    const k = q.predicate.value === RDF_TYPE ? CLASSES[q.object.value] : undefined;
    if (k && q.subject.termType === 'NamedNode' && q.subject.value.startsWith(ns.sdg)) kind.set(q.subject.value, k);
  }
  const deprecated = new Set(
    kos.filter((q) => q.predicate.value === ns.owl + 'deprecated' && q.object.value === 'true').map((q) => q.subject.value),
  );
  // A current target no longer lists a deprecated indicator; the indicator keeps its own links.
  const dropped = (p: string, from: string, to: string) =>
    DOWNWARD.has(p) && deprecated.has(to) && !deprecated.has(from) && kind.get(to) === 'indicator';
  const report: ImportReport = {
    read: kos.length,
    concepts: { goal: 0, target: 0, indicator: 0 },
    deprecated: [...deprecated].filter((s) => kind.has(s)).sort(),
    added: 0,
    addedBy: {},
    changed: [],
    rejected: [],
    ignored: 0,
  };
  for (const s of new Set(kos.map((q) => q.subject.value))) {
    const k = kind.get(s);
    if (k) report.concepts[k]++;
  }

  const result = new Map<string, Quad>(reference.map((q) => [key(q), strip(q)]));
  // One value per (subject, label predicate, language): the KOS's value replaces ours.
  const labelIndex = new Map<string, Quad>();
  for (const q of result.values()) if (ONE_PER_LANGUAGE.has(q.predicate.value)) labelIndex.set(labelKey(q), q);
  const seenLabel = new Set<string>();

  const add = (q: Quad) => {
    const k = key(q);
    if (result.has(k)) return;
    result.set(k, q);
    report.added++;
    const name = short(q.predicate.value) + (q.object.termType === 'Literal' && q.object.language ? `@${q.object.language}` : '');
    report.addedBy[name] = (report.addedBy[name] ?? 0) + 1;
  };

  const sorted = [...kos].sort((a, b) => (key(a) < key(b) ? -1 : 1));
  for (const q of sorted) {
    const s = q.subject.value;
    const p = q.predicate.value;
    if (!kind.has(s)) {
      report.ignored++;
      continue;
    }
    if (LINKS[p]) {
      const target = q.object.value;
      if (!kind.has(target)) {
        report.ignored++; // a link to a series or another thing outside the reference
        continue;
      }
      for (const [from, pred, to] of [[s, p, target], [target, LINKS[p]!, s]] as const) {
        if (dropped(pred, from, to)) continue;
        add(df.quad(df.namedNode(from), df.namedNode(pred), df.namedNode(to)));
      }
      continue;
    }
    if (!KEPT.has(p)) {
      report.ignored++;
      continue;
    }
    if (p === RDF_TYPE && !CLASSES[q.object.value] && q.object.value !== SKOS + 'Concept') {
      report.ignored++;
      continue;
    }
    if (LABELS.has(p)) {
      const o = q.object;
      if (o.termType !== 'Literal' || o.datatype.value !== LANG_STRING) {
        report.rejected.push(rejection(q, 'a label must be a language-tagged string'));
        continue;
      }
      const lk = labelKey(q);
      if (!ONE_PER_LANGUAGE.has(p)) {
        add(strip(q));
        continue;
      }
      if (seenLabel.has(lk)) {
        report.rejected.push(rejection(q, `a second ${short(p)} in language "${o.language}"`));
        continue;
      }
      seenLabel.add(lk);
      const ours = labelIndex.get(lk);
      if (ours && !ours.object.equals(o)) {
        result.delete(key(ours));
        report.changed.push({ subject: s, predicate: p, language: o.language, from: ours.object.value, to: o.value });
        result.set(key(q), strip(q));
        continue;
      }
    }
    if (p === ns.owl + 'deprecated' && !(q.object.termType === 'Literal' && q.object.datatype.value === ns.xsd + 'boolean')) {
      report.rejected.push(rejection(q, 'owl:deprecated must be an xsd:boolean'));
      continue;
    }
    add(strip(q));
  }
  for (const [k, q] of result) {
    if (dropped(q.predicate.value, q.subject.value, q.object.value)) result.delete(k);
  }
  return { quads: [...result.values()], report };
}

function strip(q: Quad): Quad {
  return df.quad(q.subject, q.predicate, q.object);
}
function key(q: Quad): string {
  return `${termKey(q.subject)} ${q.predicate.value} ${termKey(q.object)}`;
}
function labelKey(q: Quad): string {
  return `${q.subject.value} ${q.predicate.value} ${(q.object as Term & { language: string }).language}`;
}
function rejection(q: Quad, reason: string): Rejection {
  const o = q.object;
  const object = o.termType === 'Literal' ? `"${o.value}"${o.language ? '@' + o.language : '^^<' + o.datatype.value + '>'}` : `<${o.value}>`;
  return { subject: q.subject.value, predicate: q.predicate.value, object, reason };
}
function short(iri: string): string {
  for (const [p, n] of [['skos', SKOS], ['sdgo', SDGO], ['owl', ns.owl], ['rdf', ns.rdf]] as const) {
    if (iri.startsWith(n)) return `${p}:${iri.slice(n.length)}`;
  }
  return `<${iri}>`;
}
