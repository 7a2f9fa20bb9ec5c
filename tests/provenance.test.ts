// Every fact taken from the letter points to its words: the quotes occur verbatim, once with
// their context, where their positions say; every stated fact of the letter has one; and
// data/provenance.ttl is what data/sources/ make.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import N3 from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/config.js';
import { openProject, type Project } from '../src/pipeline.js';
import { writeTurtle } from '../src/represent/turtle.js';
import { provenanceTurtle, select } from '../src/sources/provenance.js';
import { ns } from '../src/vocab.js';
import { BASE, bundledConfig } from './helpers.js';

const { namedNode } = N3.DataFactory;
const LETTER = namedNode(`${BASE}id/document/2022-01-lps-vestule-pkc`);
const one = (project: Project, s: Term, p: string) => project.store.getObjects(s, namedNode(p), null)[0];

let project: Project;
let text: string;
beforeAll(async () => {
  project = await openProject(bundledConfig());
  text = project.store.getObjects(LETTER, namedNode(`${ns.schema}text`), null).find((o) => (o as N3.Literal).language === 'lv')!.value;
});

/** Each fact: its statement, and the quote and position of the words it comes from. */
function facts() {
  return project.store.getSubjects(namedNode(`${ns.rdf}type`), namedNode(`${ns.rdf}Statement`), null).map((fact) => {
    const target = one(project, fact, `${ns.prov}wasDerivedFrom`)!;
    const selectors = project.store.getObjects(target, namedNode(`${ns.oa}hasSelector`), null);
    const of = (type: string) => selectors.find((s) => project.store.countQuads(s, namedNode(`${ns.rdf}type`), namedNode(ns.oa + type), null) > 0)!;
    const quote = of('TextQuoteSelector');
    const position = of('TextPositionSelector');
    return {
      fact: fact.value,
      source: one(project, target, `${ns.oa}hasSource`)?.value,
      statement: [one(project, fact, `${ns.rdf}subject`)!, one(project, fact, `${ns.rdf}predicate`)!, one(project, fact, `${ns.rdf}object`)!] as const,
      exact: one(project, quote, `${ns.oa}exact`)!.value,
      prefix: one(project, quote, `${ns.oa}prefix`)!.value,
      suffix: one(project, quote, `${ns.oa}suffix`)!.value,
      start: Number(one(project, position, `${ns.oa}start`)!.value),
      end: Number(one(project, position, `${ns.oa}end`)!.value),
    };
  });
}

const occurrences = (haystack: string, needle: string) => {
  let n = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) n++;
  return n;
};

describe('each fact taken from the letter', () => {
  it('quotes the letter\'s words verbatim, once with their context, where its position says', () => {
    const all = facts();
    expect(all.length).toBeGreaterThan(70);
    const chars = [...text];
    for (const f of all) {
      expect(f.source, f.fact).toBe(LETTER.value);
      expect(occurrences(text, f.exact), f.fact).toBeGreaterThan(0);
      expect(occurrences(text, f.prefix + f.exact + f.suffix), `${f.fact}: “${f.exact}” with its context`).toBe(1);
      expect(chars.slice(f.start, f.end).join(''), f.fact).toBe(f.exact);
      expect(chars.slice(f.start - [...f.prefix].length, f.start).join('') + f.exact + chars.slice(f.end, f.end + [...f.suffix].length).join(''), f.fact).toBe(f.prefix + f.exact + f.suffix);
    }
  });

  it('quotes, for each figure a recommendation cites, the words that give its value and year', () => {
    const figures = project.store.getObjects(null, namedNode(`${BASE}def/quotedFigure`), null);
    expect(figures.length).toBe(2);
    const chars = [...text];
    for (const figure of figures) {
      const target = one(project, figure, `${ns.prov}wasDerivedFrom`)!;
      expect(one(project, target, `${ns.oa}hasSource`)?.value).toBe(LETTER.value);
      const selectors = project.store.getObjects(target, namedNode(`${ns.oa}hasSelector`), null);
      const exact = selectors.map((sel) => one(project, sel, `${ns.oa}exact`)).find(Boolean)!.value;
      const prefix = selectors.map((sel) => one(project, sel, `${ns.oa}prefix`)).find(Boolean)!.value;
      const suffix = selectors.map((sel) => one(project, sel, `${ns.oa}suffix`)).find(Boolean)!.value;
      const start = Number(selectors.map((sel) => one(project, sel, `${ns.oa}start`)).find(Boolean)!.value);
      const end = Number(selectors.map((sel) => one(project, sel, `${ns.oa}end`)).find(Boolean)!.value);
      expect(occurrences(text, prefix + exact + suffix), exact).toBe(1);
      expect(chars.slice(start, end).join('')).toBe(exact);
      // The words hold the figure's value with its unit, and its year where it has one.
      expect(exact).toContain(`${one(project, figure, `${ns.schema}value`)!.value}${one(project, figure, `${ns.schema}unitText`)?.value ?? ''}`);
      const year = one(project, figure, `${ns.dct}date`);
      if (year) expect(exact).toContain(year.value);
    }
  });

  it('states what the published data says', () => {
    for (const f of facts()) {
      const [s, p, o] = f.statement;
      expect(project.store.countQuads(s, p, o, null), `${f.fact}: <${s.value}> <${p.value}> ${o.value}`).toBeGreaterThan(0);
    }
  });

  it('covers every stated fact of the letter: dates, places, kinds, goals, organiser, partners, municipalities, titles', () => {
    const STATED = ['startDate', 'endDate', 'location', 'organizer', 'performer', 'contributor'].map((p) => ns.schema + p).concat(['type', 'subject'].map((p) => ns.dct + p));
    const traced = new Set(facts().map((f) => f.statement.map((t) => N3.termToId(t as N3.Term)).join(' ')));
    const key = (q: Quad) => [q.subject, q.predicate, q.object].map((t) => N3.termToId(t as N3.Term)).join(' ');
    const letter = namedNode(`${BASE}graph/letter`);
    const activities = project.store.getSubjects(namedNode(`${ns.rdf}type`), namedNode(`${BASE}def/Activity`), letter);
    const recommendations = project.store.getSubjects(namedNode(`${ns.schema}isPartOf`), LETTER, letter);
    expect(activities.length).toBe(8);
    expect(recommendations.length).toBe(2);
    const missing: string[] = [];
    for (const s of [...activities, ...recommendations]) {
      for (const q of project.store.getQuads(s, null, null, letter)) {
        const stated = STATED.includes(q.predicate.value) || q.predicate.value === `${ns.schema}author`
          || (q.predicate.value === `${ns.schema}name` && (q.object as N3.Literal).language === 'lv');
        if (stated && !traced.has(key(q))) missing.push(key(q));
      }
    }
    expect(missing).toEqual([]);
  });

  it('has its passage, aligned with the English translation one for one', () => {
    const passages = project.store.getSubjects(namedNode(`${ns.schema}isPartOf`), LETTER, namedNode(`${BASE}graph/provenance`));
    expect(passages.length).toBe(14);
    const chars = [...text];
    for (const p of passages) {
      const texts = project.store.getObjects(p, namedNode(`${ns.schema}text`), null) as N3.Literal[];
      expect(texts.map((t) => t.language).sort(), p.value).toEqual(['en', 'lv']);
      const position = project.store.getObjects(one(project, p, `${ns.prov}wasDerivedFrom`)!, namedNode(`${ns.oa}hasSelector`), null)[0]!;
      const [start, end] = [one(project, position, `${ns.oa}start`)!, one(project, position, `${ns.oa}end`)!].map((t) => Number(t.value));
      expect(chars.slice(start, end).join(''), p.value).toBe(texts.find((t) => t.language === 'lv')!.value);
    }
  });
});

describe('data/provenance.ttl', () => {
  it('is what `sdg-lod provenance` writes from data/sources/', async () => {
    const source = (name: string) => readFile(join(projectRoot, 'data', 'sources', name), 'utf8');
    const written = provenanceTurtle(await source('letter.lv.txt'), await source('letter.en.txt'), await source('letter-facts.tsv'), (quads, prefixes) => writeTurtle(quads, { prefixes }));
    expect(await readFile(join(projectRoot, 'data', 'provenance.ttl'), 'utf8')).toBe(written);
  });

  it.each([
    ['words not in the passage', 4, 'Rīgā', /does not hold/],
    ['words the passage holds twice', 4, 'seminār', /more than once: give more words/],
    ['a passage the letter does not have', 40, 'LPS', /has 14 passages/],
  ])('refuses %s', (_, passage, words, message) => {
    expect(() => select(text, passage, words)).toThrow(message);
  });
});

describe('shown where people read', () => {
  it('marks each stated value on an activity\'s page with its words, linked to the letter at its passage; the passage marks the words, linked back', async () => {
    const { createApp } = await import('../src/http/app.js');
    const app = createApp(project);
    const page = async (url: string) => (await app.handle({ method: 'GET', url, headers: { accept: 'text/html', 'accept-language': 'en' } })).body!.toString();
    const activity = await page('/doc/activity/2019-06-05-dzimumu-lidztiesiba');
    const marks = [...activity.matchAll(/<a class="source" href="([^"]+)" title="([^"]+)">/g)].map((m) => ({ href: m[1]!, title: m[2]! }));
    // Date, place, kind, goal, title, organiser, three speakers' organisations, attendance.
    expect(marks.length).toBe(10);
    expect(marks).toContainEqual({ href: '/doc/document/2022-01-lps-vestule-pkc?lang=en#2022-01-lps-vestule-pkc-5', title: 'The letter says: “Salacgrīvā”' });
    const passage = await page('/doc/passage/2022-01-lps-vestule-pkc-5');
    expect(passage).toMatch(/<mark><a href="\/doc\/activity\/2019-06-05-dzimumu-lidztiesiba\?lang=en" title="[^"]*location">Salacgrīvā<\/a><\/mark>/);
    // Facts are marks, not links to the resource.
    expect(activity).not.toMatch(/id\/fact\//);
    expect(passage).not.toContain('id="referenced-by"');
  });

  it('marks each figure a recommendation cites with its words', async () => {
    const { createApp } = await import('../src/http/app.js');
    const html = (await createApp(project).handle({ method: 'GET', url: '/doc/recommendation/2022-01-lps-uzmaniba-iam-11', headers: { accept: 'text/html', 'accept-language': 'en' } })).body!.toString();
    const marks = [...html.matchAll(/<a class="source" href="([^"]+)" title="The letter says: “([^”]+)”">/g)].map((m) => [m[1], m[2]]);
    expect(marks).toContainEqual(['/doc/document/2022-01-lps-vestule-pkc?lang=en', 'pasaulē dzīvo 56% iedzīvotāju']);
    expect(marks).toContainEqual(['/doc/document/2022-01-lps-vestule-pkc?lang=en', 'līdz 2030. gadam sasniedzot 60%']);
    // Not a table of selectors (the embedded JSON-LD carries them, as every RDF format does).
    expect(html.replace(/<script type="application\/ld\+json">[\s\S]*?<\/script>/, '')).not.toContain('TextQuoteSelector');
  });

  it('shows the letter\'s whole text with each passage that produced data highlighted, its words linked to what they produced', async () => {
    const { createApp } = await import('../src/http/app.js');
    const app = createApp(project);
    const html = (await app.handle({ method: 'GET', url: '/doc/document/2022-01-lps-vestule-pkc', headers: { accept: 'text/html', 'accept-language': 'en' } })).body!.toString();
    const letter = /<blockquote id="quoted" class="letter" lang="lv">([\s\S]*?)<\/blockquote>/.exec(html)?.[1];
    expect(letter).toBeDefined();
    // The whole text, in order: tags taken away, the Latvian original less the passages' marks.
    const plain = letter!.replace(/<a class="passage-link"[^>]*>¶<\/a>/g, '').replace(/<[^>]+>/g, '').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(plain).toBe(text);
    // Every passage a fact was taken from is highlighted, with its anchor and a link to its page; no other.
    const passages = [...letter!.matchAll(/<span class="passage" id="([^"]+)"><a class="passage-link" href="([^"]+)" title="([^"]+)">/g)];
    const sourceOf = (fact: string) => project.store.getObjects(namedNode(fact), namedNode(`${ns.dct}source`), null)[0]!.value;
    const fromFacts = [...new Set(facts().map((f) => Number(sourceOf(f.fact).replace(/.*-/, ''))))].sort((a, b) => a - b);
    expect(passages.map((m) => m[1])).toEqual(fromFacts.map((n) => `2022-01-lps-vestule-pkc-${n}`));
    expect(passages.map((m) => m[2])).toEqual(fromFacts.map((n) => `/doc/passage/2022-01-lps-vestule-pkc-${n}?lang=en`));
    // Each fact's words link to the resource the fact is about.
    const linked = new Set([...letter!.matchAll(/<mark><a href="\/doc\/([^"?]+)\?lang=en"/g)].map((m) => m[1]));
    for (const f of facts()) expect(linked).toContain(f.statement[0].value.slice(`${BASE}id/`.length));
  });
});
