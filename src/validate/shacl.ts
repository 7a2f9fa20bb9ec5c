// Shapes over data → a normalised validation report. Both candidate engines produce a W3C
// sh:ValidationReport; we read that, so their reports compare one-to-one.
import N3 from 'n3';
import type { DatasetCore, Quad, Term } from '@rdfjs/types';
import type { ShaclEngine } from '../config.js';
import { ns } from '../vocab.js';

const { DataFactory: df } = N3;
const sh = (local: string) => df.namedNode(ns.sh + local);

export type Severity = 'Violation' | 'Warning' | 'Info';

export interface ValidationResult {
  severity: Severity;
  focusNode: Term;
  /** SHACL path in SPARQL property-path syntax, with full IRIs. */
  path: string | undefined;
  value: Term | undefined;
  message: string;
  /** Local name of the constraint component, e.g. MinCountConstraintComponent. */
  constraint: string;
  /** The named node shape that the failing constraint belongs to. */
  shape: Term | undefined;
}

export interface ValidationReport {
  conforms: boolean;
  results: ValidationResult[];
}

const factory = { ...df, dataset: (quads?: Quad[]) => new N3.Store(quads) };

/** Focus nodes to validate against one shape (a write's neighbourhood), instead of every target. */
export interface Focus {
  shape: Term;
  nodes: Term[];
}

/**
 * A validator bound to one shapes graph; reuse it across data versions. Given focus nodes, it
 * validates only those (shacl-engine); rdf-validate-shacl validates the whole graph.
 */
export function createValidator(shapes: N3.Store, engine: ShaclEngine = 'shacl-engine') {
  // The engines load on first use: a start whose report is cached never needs them.
  let run: Promise<(data: DatasetCore, focus?: Focus[]) => Promise<DatasetCore[]>> | undefined;
  const prepare = async () => {
    if (engine === 'shacl-engine') {
      const { Validator } = await import('shacl-engine');
      const validator = new Validator(shapes, { factory });
      return async (data: DatasetCore, focus?: Focus[]) => {
        if (!focus) return [(await validator.validate({ dataset: data })).dataset as DatasetCore];
        const out: DatasetCore[] = [];
        for (const f of focus) if (f.nodes.length) out.push((await validator.validate({ dataset: data, terms: f.nodes }, [{ terms: [f.shape] }])).dataset as DatasetCore);
        return out;
      };
    }
    const { default: SHACLValidator } = await import('rdf-validate-shacl');
    const validator = new SHACLValidator(shapes);
    return async (data: DatasetCore) => [(await validator.validate(data)).dataset as DatasetCore];
  };
  const validate = async (data: DatasetCore, focus?: Focus[]): Promise<ValidationReport> => {
    const reports = await (await (run ??= prepare()))(data, focus);
    const results = reports.flatMap((r) => readReport(r, shapes).results).sort(compareResults);
    return { conforms: !results.some((r) => r.severity === 'Violation'), results };
  };
  /** Whether focus nodes are honoured (otherwise the whole graph is validated). */
  validate.focused = engine === 'shacl-engine';
  return validate;
}

export function readReport(report: DatasetCore, shapes: DatasetCore): ValidationReport {
  const one = (s: Term, p: string) => first(report.match(s as Quad['subject'], sh(p), null));
  const results: ValidationResult[] = [];
  for (const q of report.match(null, sh('result'), null)) {
    const r = q.object;
    const severity = one(r, 'resultSeverity')?.value.slice(ns.sh.length) as Severity | undefined;
    const constraint = one(r, 'sourceConstraintComponent')?.value.slice(ns.sh.length) ?? 'Constraint';
    const path = one(r, 'resultPath');
    const sourceShape = one(r, 'sourceShape');
    const message = one(r, 'resultMessage')?.value ?? constraint;
    results.push({
      severity: severity ?? 'Violation',
      focusNode: one(r, 'focusNode')!,
      path: path && renderPath(path, [report, shapes]),
      value: one(r, 'value'),
      message,
      constraint,
      shape: sourceShape && namedShape(sourceShape, shapes),
    });
  }
  results.sort(compareResults);
  return { conforms: !results.some((r) => r.severity === 'Violation'), results };
}

function first(quads: Iterable<Quad>): Term | undefined {
  for (const q of quads) return q.object;
  return undefined;
}

/** Walks up sh:property / sh:node / logical lists to the nearest named shape. */
function namedShape(shape: Term, shapes: DatasetCore): Term | undefined {
  const seen = new Set<string>();
  let current: Term | undefined = shape;
  while (current && current.termType === 'BlankNode' && !seen.has(current.value)) {
    seen.add(current.value);
    let parent: Term | undefined;
    for (const q of shapes.match(null, null, current as Quad['object'])) {
      parent = q.subject;
      break;
    }
    current = parent;
  }
  return current && current.termType === 'NamedNode' ? current : undefined;
}

export function renderPath(path: Term, graphs: DatasetCore[]): string {
  if (path.termType === 'NamedNode') return `<${path.value}>`;
  const get = (s: Term, p: string) => {
    for (const g of graphs) {
      const o = first(g.match(s as Quad['subject'], df.namedNode(p), null));
      if (o) return o;
    }
    return undefined;
  };
  const inverse = get(path, ns.sh + 'inversePath');
  if (inverse) return `^${renderPath(inverse, graphs)}`;
  for (const [p, op] of [['zeroOrMorePath', '*'], ['oneOrMorePath', '+'], ['zeroOrOnePath', '?']] as const) {
    const inner = get(path, ns.sh + p);
    if (inner) return `(${renderPath(inner, graphs)})${op}`;
  }
  const alternatives = get(path, ns.sh + 'alternativePath');
  if (alternatives) return `(${listItems(alternatives, get).map((t) => renderPath(t, graphs)).join('|')})`;
  const items = listItems(path, get);
  return items.map((t) => renderPath(t, graphs)).join('/');
}

function listItems(list: Term, get: (s: Term, p: string) => Term | undefined): Term[] {
  const items: Term[] = [];
  for (let cell: Term | undefined = list; cell && cell.value !== ns.rdf + 'nil'; cell = get(cell, ns.rdf + 'rest')) {
    const item = get(cell, ns.rdf + 'first');
    if (!item) break;
    items.push(item);
  }
  return items;
}

const severityRank: Record<Severity, number> = { Violation: 0, Warning: 1, Info: 2 };
export function compareResults(a: ValidationResult, b: ValidationResult): number {
  return (
    cmp(a.focusNode.value, b.focusNode.value) ||
    severityRank[a.severity] - severityRank[b.severity] ||
    cmp(a.path ?? '', b.path ?? '') ||
    cmp(a.constraint, b.constraint) ||
    cmp(a.value?.value ?? '', b.value?.value ?? '') ||
    cmp(a.message, b.message)
  );
}
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
