// Validation report → text a steward can act on (grouped by file and resource) or JSON.
import type { Term } from '@rdfjs/types';
import type { RdfSyntaxError } from '../errors.js';
import { prefixesFor } from '../vocab.js';
import type { LocatedReport, LocatedResult } from './run.js';

/** A validated project, or anything shaped like one. */
export interface Outcome {
  readonly syntaxErrors: readonly RdfSyntaxError[];
  readonly report: LocatedReport;
  readonly config: { readonly base: string };
}

export function summary(outcome: Outcome) {
  const count = (s: string) => outcome.report.results.filter((r) => r.severity === s).length;
  return {
    syntaxErrors: outcome.syntaxErrors.length,
    violations: count('Violation'),
    warnings: count('Warning'),
    infos: count('Info'),
  };
}

export function isValid(outcome: Outcome): boolean {
  return outcome.syntaxErrors.length === 0 && outcome.report.conforms;
}

export function toJson(outcome: Outcome) {
  const term = (t: Term | undefined) =>
    t === undefined ? undefined : t.termType === 'Literal' ? { literal: t.value, language: t.language || undefined, datatype: t.language ? undefined : t.datatype.value } : t.termType === 'BlankNode' ? `_:${t.value}` : t.value;
  return {
    valid: isValid(outcome),
    summary: summary(outcome),
    syntaxErrors: outcome.syntaxErrors.map((e: RdfSyntaxError) => ({ file: e.file, line: e.line, message: e.detail })),
    results: outcome.report.results.map((r) => ({
      severity: r.severity,
      file: r.file,
      line: r.line,
      resource: term(r.resource),
      focusNode: term(r.focusNode),
      path: r.path?.replace(/^<([^<>]*)>$/, '$1'),
      value: term(r.value),
      message: r.message,
      constraint: r.constraint,
      shape: term(r.shape),
    })),
  };
}

export function toText(outcome: Outcome): string {
  const short = shortener(outcome.config.base);
  const out: string[] = [];
  for (const e of outcome.syntaxErrors) {
    out.push(`${e.file}${e.line === undefined ? '' : `:${e.line}`}: syntax error: ${e.detail}`);
  }
  const byFile = new Map<string, LocatedResult[]>();
  for (const r of outcome.report.results) {
    const key = r.file ?? '(resource described in no file)';
    byFile.set(key, [...(byFile.get(key) ?? []), r]);
  }
  for (const [file, results] of [...byFile].sort(([a], [b]) => (a < b ? -1 : 1))) {
    out.push(file);
    const byResource = new Map<string, LocatedResult[]>();
    for (const r of results) byResource.set(r.resource.value, [...(byResource.get(r.resource.value) ?? []), r]);
    for (const group of byResource.values()) {
      const first = group[0]!;
      out.push(`  ${short(first.resource)}${first.line === undefined ? '' : `  (line ${first.line})`}`);
      for (const r of group) {
        const where = [r.path && short(r.path), r.value && !r.value.equals(r.focusNode) && `value ${short(r.value)}`].filter(Boolean).join('  ');
        const inner = r.focusNode.equals(r.resource) ? '' : ` (in ${short(r.focusNode)})`;
        out.push(`    ${r.severity.padEnd(9)} ${where}${inner}`);
        out.push(`      ${r.message}`);
        out.push(`      [${r.constraint}${r.shape ? `, ${short(r.shape)}` : ''}]`);
      }
    }
  }
  const s = summary(outcome);
  const verdict = isValid(outcome)
    ? 'valid: the data can be published.'
    : 'NOT valid: nothing is published until the syntax errors and violations above are fixed.';
  out.push(
    `${s.syntaxErrors} syntax error(s), ${s.violations} violation(s), ${s.warnings} warning(s), ${s.infos} info — ${verdict}`,
  );
  return out.join('\n') + '\n';
}

/** Renders IRIs with the project's prefixes, literals in Turtle syntax. */
export function shortener(base: string) {
  const prefixes = Object.entries(prefixesFor(base)).sort(([, a], [, b]) => b.length - a.length);
  const iri = (value: string) => {
    for (const [p, n] of prefixes) {
      if (value.startsWith(n) && /^[\w.\-]*$/.test(value.slice(n.length)) && !value.endsWith('.')) return `${p}:${value.slice(n.length)}`;
    }
    return `<${value}>`;
  };
  return (t: Term | string): string => {
    if (typeof t === 'string') return t.replace(/<([^>]*)>/g, (_, v: string) => iri(v));
    if (t.termType === 'NamedNode') return iri(t.value);
    if (t.termType === 'BlankNode') return `_:${t.value}`;
    if (t.termType === 'Literal') {
      const text = JSON.stringify(t.value.length > 60 ? t.value.slice(0, 57) + '…' : t.value);
      if (t.language) return `${text}@${t.language}`;
      return t.datatype.value.endsWith('#string') ? text : `${text}^^${iri(t.datatype.value)}`;
    }
    return t.value;
  };
}
