// Deterministic, readable Turtle: used prefixes only, one block per subject, sorted subjects,
// predicates (rdf:type first) and objects, tree-shaped blank nodes and lists inlined.
// The same quads always give the same bytes, so diffs in review show real changes.
import type { Quad, Term } from '@rdfjs/types';
import { ns } from '../vocab.js';

const RDF_TYPE = ns.rdf + 'type';
const RDF_FIRST = ns.rdf + 'first';
const RDF_REST = ns.rdf + 'rest';
const RDF_NIL = ns.rdf + 'nil';
const XSD = ns.xsd;
/** Predicates written before the alphabetical rest: the type, and a SHACL property's path. */
const FIRST: Record<string, number> = { [RDF_TYPE]: 0, [ns.sh + 'path']: 1 };

export interface TurtleOptions {
  /** prefix → namespace IRI; only the ones used are written. */
  prefixes?: Record<string, string>;
  /** IRIs under this base are written relative to it (for the project's source files). */
  base?: string;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });
export const naturalCompare = (a: string, b: string) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

// PN_LOCAL without escapes; a local name may not end with '.'.
const LOCAL = /^(?:[A-Za-z0-9_\u00C0-\uFFFF]|[A-Za-z0-9_\u00C0-\uFFFF][A-Za-z0-9_.\-\u00B7\u00C0-\uFFFF]*[A-Za-z0-9_\-\u00B7\u00C0-\uFFFF])$/;

export function writeTurtle(quads: Iterable<Quad>, options: TurtleOptions = {}): string {
  const triples = [...quads];
  const bySubject = new Map<string, Quad[]>();
  const objectRefs = new Map<string, number>();
  const parentOf = new Map<string, string>();
  for (const q of triples) {
    const key = termKey(q.subject);
    let list = bySubject.get(key);
    if (!list) bySubject.set(key, (list = []));
    list.push(q);
    if (q.object.termType === 'BlankNode') {
      const k = termKey(q.object);
      objectRefs.set(k, (objectRefs.get(k) ?? 0) + 1);
      parentOf.set(k, key);
    }
  }

  // A blank node is inlined where it is the object of exactly one triple and not its own ancestor.
  const inlinable = (key: string) => key.startsWith('_:') && objectRefs.get(key) === 1;
  const prefixes = Object.entries(options.prefixes ?? {}).sort(([a], [b]) => b.length - a.length || (a < b ? -1 : 1));
  const byNamespaceLength = [...prefixes].sort(([, a], [, b]) => b.length - a.length);
  const used = new Set<string>();
  const labels = new Map<string, string>();

  const iri = (value: string): string => {
    for (const [prefix, namespace] of byNamespaceLength) {
      if (value.startsWith(namespace)) {
        const local = value.slice(namespace.length);
        if (local === '' || LOCAL.test(local)) {
          used.add(prefix);
          return `${prefix}:${local}`;
        }
      }
    }
    if (options.base && value.startsWith(options.base)) return `<${escapeIri(value.slice(options.base.length))}>`;
    return `<${escapeIri(value)}>`;
  };

  const literal = (t: Term & { termType: 'Literal' }): string => {
    const dt = t.datatype.value;
    if (t.language) return `${quote(t.value)}@${t.language}`;
    if (dt === XSD + 'string') return quote(t.value);
    if (dt === XSD + 'integer' && /^[+-]?\d+$/.test(t.value)) return t.value;
    if (dt === XSD + 'decimal' && /^[+-]?\d*\.\d+$/.test(t.value)) return t.value;
    if (dt === XSD + 'boolean' && /^(true|false)$/.test(t.value)) return t.value;
    return `${quote(t.value)}^^${iri(dt)}`;
  };

  const visiting = new Set<string>();
  const object = (t: Term, indent: string): string => {
    if (t.termType === 'Literal') return literal(t as Term & { termType: 'Literal' });
    if (t.termType === 'NamedNode') return t.value === RDF_NIL ? '()' : iri(t.value);
    const key = termKey(t);
    if (inlinable(key) && !visiting.has(key)) {
      const items = listItems(key);
      if (items) return `( ${items.map((i) => object(i, indent)).join(' ')} )`;
      visiting.add(key);
      const body = predicateList(bySubject.get(key) ?? [], indent + '    ');
      visiting.delete(key);
      if (!body) return '[]';
      // A small blank node stays on one line: [ sh:datatype xsd:date ].
      const flat = body.replace(/ ;\n\s*/g, ' ; ');
      if (!flat.includes('\n') && flat.length <= 60) return `[ ${flat} ]`;
      return `[\n${indent}    ${body}\n${indent}]`;
    }
    return blankLabel(key);
  };

  const blankLabel = (key: string) => {
    let label = labels.get(key);
    if (!label) labels.set(key, (label = `_:b${labels.size}`));
    return label;
  };

  // A well-formed list: every cell an inlinable blank node with exactly rdf:first and rdf:rest.
  const listItems = (key: string): Term[] | undefined => {
    const items: Term[] = [];
    let cell = key;
    for (;;) {
      const props = bySubject.get(cell);
      if (!props || props.length !== 2) return undefined;
      const first = props.find((q) => q.predicate.value === RDF_FIRST);
      const rest = props.find((q) => q.predicate.value === RDF_REST);
      if (!first || !rest) return undefined;
      items.push(first.object);
      if (rest.object.termType === 'NamedNode' && rest.object.value === RDF_NIL) return items;
      if (rest.object.termType !== 'BlankNode' || !inlinable(termKey(rest.object))) return undefined;
      cell = termKey(rest.object);
    }
  };

  const predicateList = (props: Quad[], indent: string): string => {
    const groups = new Map<string, Term[]>();
    for (const q of props) {
      let objects = groups.get(q.predicate.value);
      if (!objects) groups.set(q.predicate.value, (objects = []));
      objects.push(q.object);
    }
    const predicates = [...groups.keys()].sort(
      (a, b) => (FIRST[a] ?? 9) - (FIRST[b] ?? 9) || naturalCompare(iri(a), iri(b)),
    );
    return predicates
      .map((p) => {
        const name = p === RDF_TYPE ? 'a' : iri(p);
        const objects = dedupe(groups.get(p)!)
          .map((o) => [rank[o.termType] ?? 3, o, object(o, indent)] as const)
          .sort(([ra, a, ta], [rb, b, tb]) => ra - rb || compareTerms(a, b) || naturalCompare(ta, tb))
          .map(([, , text]) => text);
        const oneLine = `${name} ${objects.join(' , ')}`;
        // Blank nodes open on the predicate's line and close at its indent; long literals go one per line.
        if (oneLine.includes('\n') || oneLine.length + indent.length <= 100) return oneLine;
        return `${name}\n${indent}    ${objects.join(` ,\n${indent}    `)}`;
      })
      .join(` ;\n${indent}`);
  };

  const subjects = [...bySubject.keys()]
    .filter((key) => !inlinable(key) || isCycleRoot(key))
    .sort(compareKeys);
  const blocks = subjects.map((key) => {
    const props = bySubject.get(key)!;
    const subject = key.startsWith('_:') ? blankLabel(key) : iri(key);
    visiting.add(key);
    const body = predicateList(props, '    ');
    visiting.delete(key);
    return `${subject} ${body} .\n`;
  });

  // An inlinable blank node that only other inlinable ones reach (a cycle) would be lost:
  // the smallest key of the cycle is written as a block of its own.
  function isCycleRoot(key: string): boolean {
    const cycle = new Set<string>();
    let k: string | undefined = key;
    while (k !== undefined && inlinable(k) && !cycle.has(k)) {
      cycle.add(k);
      k = parentOf.get(k);
    }
    return k !== undefined && cycle.has(k) && [...cycle].sort()[0] === key;
  }

  const header = prefixes
    .filter(([p]) => used.has(p))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([p, n]) => `@prefix ${p}: <${escapeIri(options.base && n.startsWith(options.base) ? n.slice(options.base.length) : n)}> .\n`)
    .join('');
  return (header ? header + '\n' : '') + blocks.join('\n');
}

function dedupe(terms: Term[]): Term[] {
  const seen = new Set<string>();
  return terms.filter((t) => {
    const k = termKey(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function termKey(t: Term): string {
  switch (t.termType) {
    case 'BlankNode':
      return `_:${t.value}`;
    case 'Literal':
      return `"${t.value}"@${t.language}^^${t.datatype.value}`;
    default:
      return t.value;
  }
}

function compareKeys(a: string, b: string): number {
  const blankA = a.startsWith('_:');
  const blankB = b.startsWith('_:');
  if (blankA !== blankB) return blankA ? 1 : -1;
  return naturalCompare(a, b);
}

const rank: Record<string, number> = { NamedNode: 0, Literal: 1, BlankNode: 2 };
function compareTerms(a: Term, b: Term): number {
  if (a.termType === 'BlankNode' || b.termType === 'BlankNode') return 0;
  if (a.termType === 'Literal' && b.termType === 'Literal') {
    return naturalCompare(a.language, b.language) || naturalCompare(a.value, b.value) ||
      naturalCompare(a.datatype.value, b.datatype.value);
  }
  return naturalCompare(a.value, b.value);
}

function quote(value: string): string {
  return `"${value.replace(/[\\"\n\r\t\b\f]/g, (c) => ESCAPES[c]!)}"`;
}
const ESCAPES: Record<string, string> = {
  '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f',
};

function escapeIri(value: string): string {
  return value.replace(/[\x00-\x20<>"{}|^`\\]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
