// sdg-lod query: a SPARQL query against the bundled data (or a running server's endpoint),
// printed as a table, JSON, CSV or TSV (graph results as Turtle, N-Triples or JSON-LD).
import { readFile } from 'node:fs/promises';
import type { Config } from '../config.js';
import { UsageError } from '../errors.js';
import { byFormat, fromFormatParam, GRAPH_FORMATS, RESULT_FORMATS } from '../represent/media-types.js';
import { queryForm } from '../store/sparql-text.js';
import { openProject } from '../pipeline.js';
import { createQueryStore } from '../store/sparql.js';
import { shortener } from '../validate/report.js';
import type { Io } from './io.js';


export interface QueryArgs {
  text?: string;
  file?: string;
  endpoint?: string;
  format?: string;
}

export async function queryCommand(config: Config, args: QueryArgs, io: Io): Promise<number> {
  const query = args.file ? await readFile(args.file, 'utf8').catch(() => { throw new UsageError(`cannot read ${args.file}`); }) : args.text;
  if (!query?.trim()) throw new UsageError('query takes a SPARQL query: sdg-lod query "SELECT …" or --file query.rq');
  const form = queryForm(query);
  if (form === 'UPDATE') throw new UsageError('the data is read-only: SPARQL Update is not accepted');
  const graph = form === 'CONSTRUCT' || form === 'DESCRIBE';
  // The names ?format= takes (media-types.ts), and `table` for people.
  const offered = graph ? GRAPH_FORMATS : RESULT_FORMATS.filter((f) => f !== 'json');
  const format = args.format ?? 'table';
  const chosen = format === 'table' ? offered[0]! : fromFormatParam(format, offered);
  if (!chosen) throw new UsageError(`--format for this query is table or one of ${offered.map((f) => byFormat(f).aliases[0] ?? byFormat(f).extension).join(', ')}`);
  const type = byFormat(chosen).type;

  let body: string;
  if (args.endpoint) {
    const res = await fetch(args.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/sparql-query', accept: type },
      body: query,
    }).catch((error: Error) => { throw new UsageError(`cannot reach ${args.endpoint}: ${error.message}`); });
    body = await res.text();
    if (!res.ok) {
      io.err(`sdg-lod: ${args.endpoint} answered ${res.status}: ${body}`);
      return 1;
    }
  } else {
    const project = await openProject(config, io.progress);
    if (project.syntaxErrors.length) throw project.syntaxErrors[0]!;
    try {
      body = String(createQueryStore(project.store, project.config.base).query(query, { results_format: type, use_default_graph_as_union: true }));
    } catch (error) {
      io.err(`sdg-lod: SPARQL error: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  }
  io.out(format === 'table' && !graph ? table(JSON.parse(body), shortener(config.base)) : body.endsWith('\n') ? body : body + '\n');
  return 0;
}

type Term = { type: string; value: string; 'xml:lang'?: string; datatype?: string };

function table(results: { head: { vars?: string[] }; boolean?: boolean; results?: { bindings: Record<string, Term>[] } }, short: ReturnType<typeof shortener>): string {
  if (results.boolean !== undefined) return `${results.boolean}\n`;
  const vars = results.head.vars ?? [];
  const cell = (t: Term | undefined) => {
    if (!t) return '';
    if (t.type === 'uri') return short({ termType: 'NamedNode', value: t.value } as never);
    if (t.type === 'bnode') return `_:${t.value}`;
    return t['xml:lang'] ? `${t.value} @${t['xml:lang']}` : t.value;
  };
  const rows = (results.results?.bindings ?? []).map((b) => vars.map((v) => cell(b[v])));
  const widths = vars.map((v, i) => Math.min(60, Math.max(v.length, ...rows.map((r) => r[i]!.length))));
  const fit = (s: string, w: number) => (s.length > w ? s.slice(0, w - 1) + '…' : s.padEnd(w));
  const line = (cells: string[]) => cells.map((c, i) => fit(c, widths[i]!)).join(' | ').trimEnd();
  return [line(vars), widths.map((w) => '-'.repeat(w)).join('-+-'), ...rows.map(line), `(${rows.length} row${rows.length === 1 ? '' : 's'})`].join('\n') + '\n';
}
