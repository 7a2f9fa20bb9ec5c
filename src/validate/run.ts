// Validation of a loaded project: the SHACL report over the union of its graphs, the checks SHACL
// Core cannot express, and each result located in the file and line a steward would open.
import { readFileSync } from 'node:fs';
import N3 from 'n3';
import type { DatasetCore, Term } from '@rdfjs/types';
import type { Config } from '../config.js';
import { displayPath, type LoadedFile } from '../load/files.js';
import { subjectLines } from '../load/parse.js';
import type { QuadSource } from '../quads.js';
import { ns } from '../vocab.js';
import { consistencyResults } from './consistency.js';
import { literalResults } from './literals.js';
import { createValidator, type ValidationReport, type ValidationResult } from './shacl.js';

const { DataFactory: df } = N3;
const RDFS_SUBCLASS = df.namedNode(ns.rdfs + 'subClassOf');

/** A store that can show SHACL the union of its graphs without copying it. */
export interface UnionSource extends QuadSource {
  union(): DatasetCore;
}

export interface LocatedResult extends ValidationResult {
  /** The described resource a person would open: the focus node, or its nearest named ancestor. */
  resource: Term;
  /** File (relative to the project) and line of the resource's block, where known. */
  file: string | undefined;
  line: number | undefined;
}

export interface LocatedReport {
  conforms: boolean;
  results: LocatedResult[];
}

const SH_PATTERN = ns.sh + 'pattern';
const SH_MESSAGE = ns.sh + 'message';

/** The shapes graph, with "{base}" in patterns and messages replaced by the configured base. */
export function shapeQuads(files: readonly LoadedFile[], base: string): N3.Quad[] {
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return files
    .filter((f) => f.role === 'shapes')
    .flatMap((f) => f.quads)
    .map((q) => {
      const p = q.predicate.value;
      const o = q.object;
      if ((p === SH_PATTERN || p === SH_MESSAGE) && o.termType === 'Literal' && o.value.includes('{base}')) {
        const value = o.value.replaceAll('{base}', p === SH_PATTERN ? escaped : base);
        return df.quad(q.subject, q.predicate, o.language ? df.literal(value, o.language) : df.literal(value, o.datatype));
      }
      return df.quad(q.subject, q.predicate, q.object);
    });
}

/** SHACL sees the union of all published graphs as one default graph (a view, not a copy). */
export async function validateStore(store: UnionSource, shapes: N3.Store, config: Pick<Config, 'engine'>): Promise<ValidationReport> {
  return storeValidator(shapes, store, config.engine)(store);
}

/**
 * A validator for stores that share an ontology (`axioms`), to reuse across them. SHACL reads
 * rdfs:subClassOf from the data graph; shacl-engine reads it from the shapes graph. Giving both
 * graphs the ontology's axioms makes the engines agree.
 */
export function storeValidator(shapes: N3.Store, axioms: QuadSource, engine: Config['engine']): (store: UnionSource) => Promise<ValidationReport> {
  const validate = createValidator(shapesWithAxioms(shapes, axioms), engine);
  return (store) => validate(store.union());
}

/** A class and every class below it by rdfs:subClassOf (an NGO is an organisation). */
export function subclassesOf(source: Pick<QuadSource, 'getSubjects'>, root: Term): Term[] {
  const found = new Map<string, Term>([[root.value, root]]);
  for (const todo = [root]; todo.length; ) {
    for (const c of source.getSubjects(RDFS_SUBCLASS, todo.pop()!, null)) if (!found.has(c.value)) (found.set(c.value, c), todo.push(c));
  }
  return [...found.values()];
}

/** The shapes graph with the data's rdfs:subClassOf axioms (see storeValidator). */
export function shapesWithAxioms(shapes: N3.Store, axioms: QuadSource): N3.Store {
  const withAxioms = new N3.Store([...shapes]);
  for (const q of axioms.getQuads(null, RDFS_SUBCLASS, null, null)) withAxioms.addQuad(q.subject, q.predicate, q.object);
  return withAxioms;
}

/** The SHACL report plus the code-level checks (codes that SHACL Core cannot compare). */
export function withConsistency(report: ValidationReport, store: QuadSource, base: string): ValidationReport {
  const extra = [...literalResults(store), ...consistencyResults(store, base)];
  return extra.length ? { conforms: false, results: [...report.results, ...extra] } : report;
}

export function locate(report: ValidationReport, store: QuadSource, files: readonly LoadedFile[], config: Pick<Config, 'root' | 'base'>): LocatedReport {
  const lineCache = new Map<LoadedFile, Map<string, number>>();
  const results = report.results.map((result): LocatedResult => {
    const resource = namedAncestor(result.focusNode, store);
    // A Turtle-family or JSON-LD file fills a graph of its own; the first one that describes it.
    const file = files.find((f) => f.role !== 'shapes' && store.countQuads(resource, null, null, df.namedNode(f.graph)) > 0);
    let line: number | undefined;
    if (file && /\.(ttl|trig)$/.test(file.file)) {
      let lines = lineCache.get(file);
      if (!lines) lineCache.set(file, (lines = subjectLines(readFileSync(file.file, 'utf8'), config.base, file.prefixes)));
      line = lines.get(resource.value);
    }
    return { ...result, resource, file: file && displayPath(file.file, config), line };
  });
  return { conforms: report.conforms, results };
}

/** Blank nodes (an audience, a quoted figure) are reported under the resource that holds them. */
function namedAncestor(term: Term, store: QuadSource): Term {
  const seen = new Set<string>();
  let current = term;
  while (current.termType === 'BlankNode' && !seen.has(current.value)) {
    seen.add(current.value);
    const parent = store.getQuads(null, null, current, null)[0];
    if (!parent) break;
    current = parent.subject;
  }
  return current;
}
