// A checker of JSON-LD against schema.org's own vocabulary definitions (the release subset in
// tests/fixtures/schema-org/vocabulary.json, made by scripts/schema-org-subset.mjs): what search
// engines read of a page's embedded description. The rules are in docs/data-model.md ("Search
// engines: schema.org structure"); in short, for every node of the expanded, flattened document:
// its schema.org types exist and are current; each schema.org property exists, is current, and
// its domainIncludes holds one of the node's types or their superclasses; each value fits its
// rangeIncludes. Terms of other vocabularies are not checked, but their nodes are.
import { readFileSync } from 'node:fs';
import jsonld from 'jsonld';

interface Term { supersededBy?: string[]; section?: string[] }
export interface Vocabulary {
  source: { repository: string; path: string; release: string; sha256: string; commit?: string };
  classes: Record<string, Term & { subClassOf?: string[]; dataType?: true }>;
  properties: Record<string, Term & { domainIncludes?: string[]; rangeIncludes?: string[] }>;
  members: Record<string, Term & { type?: string[] }>;
  superseded: Record<string, string[]>;
  all: { classes: string[]; properties: string[]; members: string[] };
}

export interface Finding {
  node: string;
  property?: string;
  message: string;
}

export function loadVocabulary(): Vocabulary {
  return JSON.parse(readFileSync(new URL('fixtures/schema-org/vocabulary.json', import.meta.url), 'utf8')) as Vocabulary;
}

/** schema.org's local name of an IRI, http or https (search engines take both), else undefined. */
export const schemaName = (iri: string) => /^https?:\/\/schema\.org\/([A-Za-z][A-Za-z0-9]*)$/.exec(iri)?.[1];

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';
/** XSD datatypes as schema.org data types (a year or a month is an ISO 8601 date of reduced precision); others fit none. */
const DATATYPES: Record<string, string> = {
  string: 'Text', anyURI: 'URL', boolean: 'Boolean', date: 'Date', gYearMonth: 'Date', gYear: 'Date', dateTime: 'DateTime', dateTimeStamp: 'DateTime', time: 'Time', duration: 'Duration',
  decimal: 'Number', double: 'Float', float: 'Float',
  ...Object.fromEntries(['integer', 'int', 'long', 'short', 'byte', 'nonNegativeInteger', 'positiveInteger', 'nonPositiveInteger', 'negativeInteger',
    'unsignedLong', 'unsignedInt', 'unsignedShort', 'unsignedByte'].map((t) => [t, 'Integer'])),
};
const ISO_DATE = /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const ISO_DATE_TIME = /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;
const ISO_TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;
const ISO_DURATION = /^-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:\S+$/i;

interface ValueObject { '@value': string | number | boolean; '@type'?: string; '@language'?: string }
type Value = ValueObject | { '@id': string } | { '@list': Value[] };
/** A node of a flattened, expanded document: its id, its types, and each property's values. */
export type Node = { '@id': string; '@type'?: string[]; [property: string]: string | string[] | Value[] | undefined };
/** The values of a property of a node (not of @id or @type). */
const valuesOf = (n: Node, key: string): Value[] => (key.startsWith('@') ? [] : (n[key] as Value[] | undefined) ?? []);

/** The schema.org data types a literal is (the most specific ones: Integer, not Number). */
export function literalKinds(v: ValueObject): string[] {
  const value = v['@value'];
  if (typeof value === 'boolean') return ['Boolean'];
  if (typeof value === 'number') return [Number.isInteger(value) ? 'Integer' : 'Float'];
  if (v['@language'] || v['@type'] === RDF_LANG_STRING) return ['Text'];
  if (v['@type'] && v['@type'] !== `${XSD}string`) {
    const kind = v['@type'].startsWith(XSD) ? DATATYPES[v['@type'].slice(XSD.length)] : undefined;
    return kind && matchesLexical(kind, value) ? [kind] : [];
  }
  // A plain string is Text, and the data type whose lexical form it has (a plain ISO date is a Date).
  return ['Text', ...['Date', 'DateTime', 'Time', 'Duration', 'URL'].filter((k) => matchesLexical(k, value))];
}

function matchesLexical(kind: string, value: string): boolean {
  switch (kind) {
    case 'Date': return /^-?\d{4,}(-(0[1-9]|1[0-2]))?$/.test(value) || ISO_DATE.test(value) && !Number.isNaN(Date.parse(value.replace(/^-/, '')));
    case 'DateTime': return ISO_DATE_TIME.test(value);
    case 'Time': return ISO_TIME.test(value);
    case 'Duration': return ISO_DURATION.test(value);
    case 'URL': return ABSOLUTE_URL.test(value);
    case 'Boolean': return value === 'true' || value === 'false';
    case 'Integer': return /^[+-]?\d+$/.test(value);
    case 'Number': case 'Float': return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^[+-]?INF$|^NaN$/.test(value);
    default: return true;
  }
}

export class SchemaChecker {
  constructor(readonly vocab: Vocabulary) {}

  /** A class and its superclasses. */
  ancestors(name: string, into = new Set<string>()): Set<string> {
    if (into.has(name)) return into;
    into.add(name);
    for (const s of this.vocab.classes[name]?.subClassOf ?? []) this.ancestors(s, into);
    return into;
  }

  /** Why a name is not a usable term of the given kind, or undefined when it is. */
  private unusable(name: string, kind: 'classes' | 'properties' | 'members'): string | undefined {
    const { release } = this.vocab.source;
    const word = { classes: 'type', properties: 'property', members: 'enumeration value' }[kind];
    if (!this.vocab.all[kind].includes(name)) {
      const other = (['classes', 'properties', 'members'] as const).find((k) => this.vocab.all[k].includes(name));
      return other ? `schema:${name} is not a ${word} in schema.org ${release} (it is a ${{ classes: 'type', properties: 'property', members: 'enumeration value' }[other]})` : `schema:${name} is not a ${word} of schema.org ${release}`;
    }
    const by = this.vocab.superseded[name];
    if (by) return `schema:${name} is superseded by ${by.map((s) => `schema:${s}`).join(', ')}`;
    if (!this.vocab[kind][name]) return `schema:${name} is in schema.org ${release} but not in the fixture: rerun scripts/schema-org-subset.mjs`;
    return undefined;
  }

  /** Findings for a document's nodes (flattened(doc)). */
  check(nodes: readonly Node[]): Finding[] {
    const byId = new Map(nodes.map((n) => [n['@id'], n]));
    return nodes.flatMap((n) => this.checkNode(n, byId));
  }

  /** The schema.org types of a node in the document, or of a schema.org enumeration value. */
  typesOf(id: string, byId: Map<string, Node>): string[] {
    const declared = (byId.get(id)?.['@type'] ?? []).map(schemaName).filter((t): t is string => !!t);
    if (declared.length) return declared;
    const member = schemaName(id);
    return member ? this.vocab.members[member]?.type ?? [] : [];
  }

  private checkNode(node: Node, byId: Map<string, Node>): Finding[] {
    const findings: Finding[] = [];
    const at = node['@id'];
    const types = this.typesOf(at, byId);
    for (const t of (node['@type'] ?? []).filter((x) => schemaName(x))) {
      const why = this.unusable(schemaName(t)!, 'classes');
      if (why) findings.push({ node: at, message: why });
    }
    const member = schemaName(at);
    if (member && this.vocab.all.members.includes(member)) {
      const why = this.unusable(member, 'members');
      if (why) findings.push({ node: at, message: why });
    }
    const own = new Set(types.flatMap((t) => [...this.ancestors(t)]));
    for (const key of Object.keys(node)) {
      const values = valuesOf(node, key);
      const name = schemaName(key);
      if (key.startsWith('@') || !name) continue;
      const why = this.unusable(name, 'properties');
      if (why) {
        findings.push({ node: at, property: name, message: why });
        continue;
      }
      const property = this.vocab.properties[name]!;
      const domain = property.domainIncludes ?? [];
      if (!types.length) findings.push({ node: at, property: name, message: `schema:${name} on a node with no schema.org type (its domain: ${domain.join(', ')})` });
      else if (!domain.some((d) => own.has(d))) findings.push({ node: at, property: name, message: `schema:${name} is not for ${types.join(', ')} (its domain: ${domain.join(', ')})` });
      for (const value of values.flatMap(listItems)) {
        const misfit = this.misfit(value, property.rangeIncludes ?? [], byId);
        if (misfit) findings.push({ node: at, property: name, message: `${misfit} (its range: ${(property.rangeIncludes ?? []).join(', ')})` });
      }
    }
    return findings;
  }

  /** Why a value does not fit a range, or undefined when it does. */
  misfit(value: Value, range: readonly string[], byId: Map<string, Node>): string | undefined {
    const within = (kinds: readonly string[]) => kinds.some((k) => range.some((r) => this.ancestors(k).has(r)));
    if ('@value' in value) {
      const kinds = literalKinds(value);
      return within(kinds) ? undefined : `the literal ${JSON.stringify(value['@value'])}${value['@type'] ? `^^<${value['@type']}>` : ''} is ${kinds.length ? kinds.join(' or ') : 'no schema.org data type'}`;
    }
    const id = (value as { '@id': string })['@id'];
    // Everything is a Thing; an IRI is a URL wherever one is allowed; otherwise the thing referred to must be typed within the range.
    if (range.includes('Thing') || (!id.startsWith('_:') && within(['URL']))) return undefined;
    const types = this.typesOf(id, byId);
    if (!types.length) return `<${id}> has no schema.org type in this document`;
    return within(types) ? undefined : `<${id}> is ${types.join(', ')}`;
  }
}

const listItems = (v: Value): Value[] => ('@list' in v ? v['@list'].flatMap(listItems) : [v]);

async function refuseRemote(url: string): Promise<never> {
  throw new Error(`the check loads no remote context: ${url}`);
}

/** What schema.org's Event and search engines' event guidance ask of each event described: name, startDate, location or eventAttendanceMode, organizer; a named organizer and location. */
export function eventFindings(doc: readonly Node[], checker: SchemaChecker): Finding[] {
  const byId = new Map(doc.map((n) => [n['@id'], n]));
  const has = (n: Node, p: string) => Object.keys(n).some((k) => schemaName(k) === p && valuesOf(n, k).length > 0);
  const values = (n: Node, p: string) => Object.keys(n).filter((k) => schemaName(k) === p).flatMap((k) => valuesOf(n, k));
  const findings: Finding[] = [];
  for (const n of doc) {
    if (!checker.typesOf(n['@id'], byId).some((t) => checker.ancestors(t).has('Event'))) continue;
    // A linked event given by its type and name only (a superEvent) is described on its own page.
    if (Object.keys(n).every((k) => k === '@id' || k === '@type' || schemaName(k) === 'name')) continue;
    const missing = ['name', 'startDate', 'organizer'].filter((p) => !has(n, p));
    if (!has(n, 'location') && !has(n, 'eventAttendanceMode')) missing.push('location or eventAttendanceMode');
    for (const m of missing) findings.push({ node: n['@id'], message: `an event without ${m}` });
    for (const p of ['organizer', 'location']) {
      for (const v of values(n, p)) {
        const target = '@id' in v ? byId.get(v['@id']) : undefined;
        if ('@id' in v && !(target && has(target, 'name'))) findings.push({ node: n['@id'], property: p, message: `its ${p} <${v['@id']}> has no name in this document` });
      }
    }
  }
  return findings;
}

/** The document's nodes, expanded and flattened (what both checks read). */
export async function flattened(doc: object): Promise<Node[]> {
  const expanded = await jsonld.expand(doc as jsonld.JsonLdDocument, { documentLoader: refuseRemote as never });
  return (await jsonld.flatten(expanded as jsonld.JsonLdDocument)) as unknown as Node[];
}

/** Every finding for a JSON-LD document: the vocabulary's structure and the events' needs. */
export async function checkDocument(doc: object, checker: SchemaChecker): Promise<Finding[]> {
  const nodes = await flattened(doc);
  return [...checker.check(nodes), ...eventFindings(nodes, checker)];
}
