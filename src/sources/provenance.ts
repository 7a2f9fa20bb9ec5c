// Each fact taken from the letter, traced to its words. The letter's text (data/sources/letter.lv.txt,
// the Latvian original as extracted, one passage a paragraph or list item; letter.en.txt the English
// working translation, passage for passage) and a table of facts and the words each comes from
// (letter-facts.tsv) become data/provenance.ttl: the text published on the letter's resource, its
// passages aligned, and one rdf:Statement per fact whose source is a W3C Web Annotation
// SpecificResource on the letter with a TextQuoteSelector (the words, with the text before and
// after them) and a TextPositionSelector (where they stand, in code points).
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { ns, PASSAGE_TYPE } from '../vocab.js';

const { namedNode, literal, quad, blankNode } = N3.DataFactory;

/** Code points of context on each side of a quote: enough that the quote with its context occurs once. */
const CONTEXT = 32;

export const LETTER = 'document/2022-01-lps-vestule-pkc';

export interface Fact {
  /** The line of the table it came from (for messages). */
  line: number;
  subject: string;
  predicate: string;
  object: N3.Term;
  /** The passage the words are in (0 is the first) and the words themselves. */
  passage: number;
  exact: string;
}

export interface Selection {
  exact: string;
  prefix: string;
  suffix: string;
  start: number;
  end: number;
}

/** The passages of a text: paragraphs separated by a blank line. */
export const passagesOf = (text: string): string[] => text.trimEnd().split('\n\n');

/** Where a passage starts in the text, in code points. */
function passageStart(passages: readonly string[], n: number): number {
  let at = 0;
  for (let i = 0; i < n; i++) at += [...passages[i]!].length + 2;
  return at;
}

/**
 * The words in a passage, and the text around them. Refused when the passage holds them more
 * than once (give more words) or not at all.
 */
export function select(text: string, passage: number, exact: string): Selection {
  const passages = passagesOf(text);
  const p = passages[passage];
  if (p === undefined) throw new Error(`the letter has ${passages.length} passages, not ${passage + 1}`);
  const first = p.indexOf(exact);
  if (first < 0) throw new Error(`passage ${passage} does not hold the words “${exact}”`);
  if (p.indexOf(exact, first + 1) >= 0) throw new Error(`passage ${passage} holds “${exact}” more than once: give more words`);
  const chars = [...text];
  const start = passageStart(passages, passage) + [...p.slice(0, first)].length;
  const end = start + [...exact].length;
  return { exact, prefix: chars.slice(Math.max(0, start - CONTEXT), start).join(''), suffix: chars.slice(end, end + CONTEXT).join(''), start, end };
}

/** The table: subject, predicate, object, passage and words, tab-separated; # starts a comment. */
export function readFacts(tsv: string, prefixes: Record<string, string>): Fact[] {
  const term = (value: string, line: number): N3.Term => {
    const literalMatch = /^"(.*)"(?:@([a-z-]+)|\^\^(\S+))?$/.exec(value);
    if (literalMatch) return literal(literalMatch[1]!, literalMatch[2] ?? (literalMatch[3] ? namedNode(expand(literalMatch[3], line)) : undefined));
    return namedNode(expand(value, line));
  };
  const expand = (name: string, line: number) => {
    if (name.startsWith('<') && name.endsWith('>')) return name.slice(1, -1);
    const colon = name.indexOf(':');
    const ns = prefixes[name.slice(0, colon)];
    if (colon < 0 || ns === undefined) throw new Error(`line ${line}: no prefix for ${name}`);
    return ns + name.slice(colon + 1);
  };
  return tsv.split('\n').flatMap((row, i) => {
    if (!row.trim() || row.startsWith('#')) return [];
    const cells = row.split('\t');
    if (cells.length !== 5) throw new Error(`line ${i + 1}: subject, predicate, object, passage and words, tab-separated; found ${cells.length} cells`);
    const [s, p, o, passage, exact] = cells as [string, string, string, string, string];
    return [{ line: i + 1, subject: expand(s, i + 1), predicate: expand(p, i + 1), object: term(o, i + 1), passage: Number(passage), exact }];
  });
}

/** The statements of data/provenance.ttl. */
export function provenanceQuads(base: string, lv: string, en: string, facts: readonly Fact[]): Quad[] {
  const letter = namedNode(`${base}id/${LETTER}`);
  const lvPassages = passagesOf(lv);
  const enPassages = passagesOf(en);
  if (lvPassages.length !== enPassages.length) throw new Error(`the translation has ${enPassages.length} passages, the letter ${lvPassages.length}: they are aligned one for one`);
  const p = (local: string) => namedNode(local);
  const out: Quad[] = [
    quad(letter, p(`${ns.schema}text`), literal(lv.trimEnd(), 'lv')),
    quad(letter, p(`${ns.schema}text`), literal(en.trimEnd(), 'en')),
  ];
  const passageIri = (n: number) => namedNode(`${base}id/passage/2022-01-lps-vestule-pkc-${n + 1}`);
  const positioned = (subject: N3.Quad_Subject, id: string, start: number, end: number, quote?: Selection) => {
    const target = blankNode(`${id}-target`);
    const position = blankNode(`${id}-position`);
    out.push(
      quad(subject, p(`${ns.prov}wasDerivedFrom`), target),
      quad(target, p(`${ns.rdf}type`), p(`${ns.oa}SpecificResource`)),
      quad(target, p(`${ns.oa}hasSource`), letter),
      quad(target, p(`${ns.oa}hasSelector`), position),
      quad(position, p(`${ns.rdf}type`), p(`${ns.oa}TextPositionSelector`)),
      quad(position, p(`${ns.oa}start`), literal(String(start), p(`${ns.xsd}nonNegativeInteger`))),
      quad(position, p(`${ns.oa}end`), literal(String(end), p(`${ns.xsd}nonNegativeInteger`))),
    );
    if (quote) {
      const words = blankNode(`${id}-quote`);
      out.push(
        quad(target, p(`${ns.oa}hasSelector`), words),
        quad(words, p(`${ns.rdf}type`), p(`${ns.oa}TextQuoteSelector`)),
        quad(words, p(`${ns.oa}exact`), literal(quote.exact)),
        quad(words, p(`${ns.oa}prefix`), literal(quote.prefix)),
        quad(words, p(`${ns.oa}suffix`), literal(quote.suffix)),
      );
    }
  };
  lvPassages.forEach((text, n) => {
    const passage = passageIri(n);
    const start = passageStart(lvPassages, n);
    out.push(
      quad(passage, p(`${ns.rdf}type`), p(PASSAGE_TYPE)),
      // And schema.org's, for search engines (its isPartOf, position, text and name are CreativeWork's).
      quad(passage, p(`${ns.rdf}type`), p(`${ns.schema}CreativeWork`)),
      quad(passage, p(`${ns.schema}isPartOf`), letter),
      quad(passage, p(`${ns.schema}position`), literal(String(n + 1), p(`${ns.xsd}integer`))),
      quad(passage, p(`${ns.schema}name`), literal(`The letter, passage ${n + 1}`, 'en')),
      quad(passage, p(`${ns.schema}name`), literal(`Vēstule, ${n + 1}. fragments`, 'lv')),
      quad(passage, p(`${ns.schema}text`), literal(text, 'lv')),
      quad(passage, p(`${ns.schema}text`), literal(enPassages[n]!, 'en')),
    );
    positioned(passage, `p${n + 1}`, start, start + [...text].length);
  });
  const counts = new Map<string, number>();
  for (const fact of facts) {
    const slug = fact.subject.slice(`${base}id/`.length).replace(/\//g, '-');
    const n = (counts.get(slug) ?? 0) + 1;
    counts.set(slug, n);
    const statement = namedNode(`${base}id/fact/${slug}-${n}`);
    let selection: Selection;
    try {
      selection = select(lv, fact.passage, fact.exact);
    } catch (error) {
      throw new Error(`letter-facts.tsv line ${fact.line}: ${(error as Error).message}`);
    }
    out.push(
      quad(statement, p(`${ns.rdf}type`), p(`${ns.rdf}Statement`)),
      quad(statement, p(`${ns.rdf}subject`), namedNode(fact.subject)),
      quad(statement, p(`${ns.rdf}predicate`), namedNode(fact.predicate)),
      quad(statement, p(`${ns.rdf}object`), fact.object as N3.Quad_Object),
      quad(statement, p(`${ns.dct}source`), passageIri(fact.passage)),
    );
    positioned(statement, `f-${slug}-${n}`, selection.start, selection.end, selection);
  }
  return out;
}

/** The base the file is written against, then left out: data files name our IRIs relative to the configured base. */
const PLACEHOLDER = 'http://base.invalid/';

/** The prefixes the table and the file use (those of data/letter.ttl). */
export const PREFIXES: Record<string, string> = {
  activity: `${PLACEHOLDER}id/activity/`, document: `${PLACEHOLDER}id/document/`, event: `${PLACEHOLDER}id/event/`,
  fact: `${PLACEHOLDER}id/fact/`, lod: `${PLACEHOLDER}def/`, municipality: `${PLACEHOLDER}id/municipality/`,
  organization: `${PLACEHOLDER}id/organization/`, passage: `${PLACEHOLDER}id/passage/`, place: `${PLACEHOLDER}id/place/`,
  recommendation: `${PLACEHOLDER}id/recommendation/`, video: `${PLACEHOLDER}id/video/`, work: `${PLACEHOLDER}id/work/`,
  dct: ns.dct, oa: ns.oa, prov: ns.prov, rdf: ns.rdf, schema: ns.schema, sdg: ns.sdg, xsd: ns.xsd,
};

/** data/provenance.ttl from the letter's text, its translation and the table of facts. */
export function provenanceTurtle(lv: string, en: string, tsv: string, write: (quads: Quad[], prefixes: Record<string, string>) => string): string {
  const quads = provenanceQuads(PLACEHOLDER, lv, en, readFacts(tsv, PREFIXES));
  const head = '# Written by `sdg-lod provenance` from data/sources/ (the letter\'s text, its translation and\n# letter-facts.tsv): edit those and run it again, not this file.\n';
  return head + write(quads, PREFIXES).replaceAll(PLACEHOLDER, '');
}
