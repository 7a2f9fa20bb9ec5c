// sdg-lod sparql-conformance DIR: runs the W3C SPARQL 1.1 query-evaluation tests that need only
// a default graph through the real endpoint (request core, protocol layer, query workers).
import { readFile, readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import N3 from 'n3';
import type { Config } from '../config.js';
import { createApp } from '../http/app.js';
import { toNQuads } from '../represent/rdf.js';
import { QueryPool } from '../store/query-pool.js';
import { CompactStore } from '../store/compact.js';
import { parseText, syntaxOf } from '../load/parse.js';
import { graphIri } from '../load/sources.js';
import type { Project } from '../pipeline.js';
import type { Io } from './io.js';

const MF = 'http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#';
const QT = 'http://www.w3.org/2001/sw/DataAccess/tests/test-query#';
const { namedNode } = N3.DataFactory;

interface Term { type: string; value: string; 'xml:lang'?: string; datatype?: string }
interface Results { vars: string[]; boolean?: boolean; rows: Record<string, Term>[] }

export async function sparqlConformanceCommand(config: Config, dir: string, io: Io): Promise<number> {
  const folders = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory() && d.name !== 'syntax-query').map((d) => d.name).sort();
  let passed = 0;
  let skipped = 0;
  const failed: string[] = [];
  const byValueOnly: string[] = [];
  for (const folder of folders) {
    const manifestFile = join(dir, folder, 'manifest.ttl');
    const base = pathToFileURL(manifestFile).href;
    const m = new N3.Store(parseText(await readFile(manifestFile, 'utf8'), 'turtle', base, manifestFile).quads);
    for (const test of m.getSubjects(namedNode(`http://www.w3.org/1999/02/22-rdf-syntax-ns#type`), namedNode(`${MF}QueryEvaluationTest`), null)) {
      const name = `${folder}/${test.value.split('#').pop()}`;
      const action = m.getObjects(test, namedNode(`${MF}action`), null)[0]!;
      const queryFile = m.getObjects(action, namedNode(`${QT}query`), null)[0]?.value;
      const data = m.getObjects(action, namedNode(`${QT}data`), null).map((t) => t.value);
      const graphData = m.getObjects(action, namedNode(`${QT}graphData`), null);
      const result = m.getObjects(test, namedNode(`${MF}result`), null)[0]?.value;
      if (!queryFile || !result || data.length > 1 || graphData.length) {
        skipped++;
        continue;
      }
      try {
        const ok = await runTest(config, new URL(queryFile), data.map((d) => new URL(d)), new URL(result), false);
        if (ok === true) passed++;
        else {
          const again = await runTest(config, new URL(queryFile), data.map((d) => new URL(d)), new URL(result), true);
          if (again === true) byValueOnly.push(name);
          failed.push(`${name}: ${ok}${again === true ? ' (equal by value)' : ''}`);
        }
      } catch (error) {
        failed.push(`${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      }
    }
  }
  for (const f of failed) io.out(`FAIL ${f}\n`);
  io.out(`W3C SPARQL 1.1 query evaluation, single default graph: ${passed} passed, ${failed.length} failed, ${skipped} skipped (need named graphs or several data files)\n`);
  io.out(`Of the failures, ${byValueOnly.length} give the right numbers or booleans in another lexical form (the engine writes canonical values).\n`);
  return failed.length ? 1 : 0;
}

/** `byValue` also accepts another lexical form of the same number or boolean. */
async function runTest(config: Config, queryUrl: URL, dataUrls: URL[], resultUrl: URL, byValue: boolean): Promise<true | string> {
  const store = new CompactStore();
  const graph = namedNode(graphIri(config.base, 'data'));
  for (const d of dataUrls) {
    const text = await readFile(d, 'utf8');
    for (const q of parseText(text, syntaxOf(d.pathname), d.href, d.pathname).quads) store.addQuad(q.subject as N3.Quad_Subject, q.predicate as N3.Quad_Predicate, q.object as N3.Quad_Object, graph);
  }
  const project = {
    config, files: [], store: store.freeze(), derived: [], shapes: new N3.Store(), prefixes: {}, syntaxErrors: [], report: { conforms: true, results: [] }, key: 'w3c-sparql-tests', version: { modified: new Date(0) },
    graphs: new Map(), history: [], journalBytes: 0, validation: { how: 'full', ms: 0 },
  } satisfies Omit<Project, 'files' | 'store' | 'shapes'> & Record<string, unknown> as unknown as Project;
  // The files have bases of their own, so the worker loads the parsed quads rather than the files.
  const pool = new QueryPool(async () => ({ base: config.base, sources: [], extra: [toNQuads(store.getQuads(null, null, null, null))], maxResultBytes: 50 * 2 ** 20 }), { size: 1, timeoutMs: 20_000 });
  const app = createApp(project, { sparql: { workers: 1, timeoutMs: 20_000 }, pool });
  try {
    let query = await readFile(queryUrl, 'utf8');
    if (!/^\s*BASE\b/im.test(query)) query = `BASE <${queryUrl.href}>\n${query}`;
    const ext = extname(resultUrl.pathname);
    const graphResult = ext === '.ttl' || ext === '.rdf' || ext === '.nt';
    const accept = ext === '.csv' ? 'text/csv' : ext === '.tsv' ? 'text/tab-separated-values' : graphResult ? 'application/n-triples' : 'application/sparql-results+json';
    const res = await app.handle({ method: 'GET', url: `${app.site.root}sparql?${new URLSearchParams({ query })}`, headers: { accept } });
    const body = res.body?.toString('utf8') ?? '';
    if (res.status !== 200) return `HTTP ${res.status}: ${body.trim().slice(0, 200)}`;
    const expectedText = await readFile(resultUrl, 'utf8');
    if (ext === '.csv' || ext === '.tsv') {
      // Blank-node labels may differ; the rest must match to the byte.
      const norm = (s: string) => s.replace(/\r\n/g, '\n').replace(/_:[\w-]+/g, '_:').trim().split('\n').sort().join('\n');
      return norm(body) === norm(expectedText) ? true : 'different CSV/TSV';
    }
    if (graphResult) {
      const got = new N3.Parser({ format: 'N-Triples' }).parse(body);
      const expected = parseText(expectedText, syntaxOf(resultUrl.pathname), resultUrl.href).quads as N3.Quad[];
      return sameGraph(got, expected) ? true : `different graph (${got.length} triples, expected ${expected.length})`;
    }
    const got = fromJson(JSON.parse(body));
    const expected = ext === '.srj' ? fromJson(JSON.parse(expectedText)) : fromXml(expectedText);
    if (expected.boolean !== undefined) return got.boolean === expected.boolean ? true : `ASK ${got.boolean}, expected ${expected.boolean}`;
    const ordered = /\bORDER\s+BY\b/i.test(query);
    return sameRows(got, expected, ordered, byValue);
  } finally {
    await app.close();
  }
}

function fromJson(j: { head: { vars?: string[] }; boolean?: boolean; results?: { bindings: Record<string, Term>[] } }): Results {
  return { vars: j.head.vars ?? [], boolean: j.boolean, rows: j.results?.bindings ?? [] };
}

function fromXml(xml: string): Results {
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const vars = [...xml.matchAll(/<variable\s+name=["']([^"']+)["']\s*\/>/g)].map((m) => m[1]!);
  const bool = /<boolean>\s*(true|false)\s*<\/boolean>/.exec(xml);
  const rows: Record<string, Term>[] = [];
  for (const r of xml.matchAll(/<result>([\s\S]*?)<\/result>|<result\s*\/>/g)) {
    const row: Record<string, Term> = {};
    for (const b of (r[1] ?? '').matchAll(/<binding\s+name=["']([^"']+)["']\s*>\s*([\s\S]*?)\s*<\/binding>/g)) {
      const inner = b[2]!;
      let m: RegExpExecArray | null;
      if ((m = /^<uri>([\s\S]*)<\/uri>$/.exec(inner))) row[b[1]!] = { type: 'uri', value: unescape(m[1]!) };
      else if ((m = /^<bnode>([\s\S]*)<\/bnode>$/.exec(inner))) row[b[1]!] = { type: 'bnode', value: m[1]! };
      else if ((m = /^<literal([^>]*)>([\s\S]*)<\/literal>$|^<literal([^>]*)\/>$/.exec(inner))) {
        const attrs = m[1] ?? m[3] ?? '';
        const lang = /xml:lang=["']([^"']+)["']/.exec(attrs)?.[1];
        const dt = /datatype=["']([^"']+)["']/.exec(attrs)?.[1];
        row[b[1]!] = { type: 'literal', value: unescape(m[2] ?? ''), ...(lang ? { 'xml:lang': lang } : {}), ...(dt ? { datatype: dt } : {}) };
      }
    }
    rows.push(row);
  }
  return { vars, boolean: bool ? bool[1] === 'true' : undefined, rows };
}

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const NUMERIC: ReadonlySet<string> = new Set(['integer', 'decimal', 'double', 'float'].map((t) => XSD + t));

function termKey(t: Term | undefined, byValue: boolean): string {
  if (!t) return '-';
  if (t.type === 'bnode') return '_:';
  if (t.type === 'uri') return `<${t.value}>`;
  const dt = t.datatype && t.datatype !== `${XSD}string` ? `^^${t.datatype}` : '';
  let value = t.value;
  if (byValue && t.datatype && NUMERIC.has(t.datatype) && !Number.isNaN(Number(value))) value = String(Number(value));
  if (byValue && t.datatype === `${XSD}boolean`) value = value === '1' || value === 'true' ? 'true' : 'false';
  return `"${value}"${t['xml:lang'] ? `@${t['xml:lang'].toLowerCase()}` : dt}`;
}

function sameRows(got: Results, expected: Results, ordered: boolean, byValue: boolean): true | string {
  const vars = expected.vars.length ? expected.vars : got.vars;
  const key = (row: Record<string, Term>) => vars.map((v) => termKey(row[v], byValue)).join(' ');
  const a = got.rows.map(key);
  const b = expected.rows.map(key);
  if (!ordered) {
    a.sort();
    b.sort();
  }
  if (a.length !== b.length) return `${a.length} rows, expected ${b.length}`;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return `row ${i}: ${a[i]} ≠ ${b[i]}`;
  return true;
}

function sameGraph(a: N3.Quad[], b: N3.Quad[]): boolean {
  const key = (q: N3.Quad) => [q.subject, q.predicate, q.object].map((t) => (t.termType === 'BlankNode' ? '_:' : t.termType === 'Literal' ? `"${t.value}"@${t.language}^^${t.datatype.value}` : t.value)).join(' ');
  const ka = a.map(key).sort();
  const kb = b.map(key).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

