// The write path every way in shares (HTTP, the form, CSV): a change to one named graph is
// validated with the data it links to, appended to the journal (on disk before it is
// acknowledged), then applied to the published store. Writes run one at a time.
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import N3 from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { readTokens, verifyToken, type TokenRecord } from './auth/tokens.js';
import type { Config } from './config.js';
import { BadRequest, Forbidden, PreconditionFailed, ShapeViolation, Unauthorized } from './errors.js';
import { strictParse } from './store/strict.js';
import { toNQuads } from './quads.js';
import type { Project, WriteHistory } from './pipeline.js';
import { catalogAdditions } from './store/dataset.js';
import { ns } from './vocab.js';
import { Journal } from './store/journal.js';
import { applyRecord, changedResources, journalFile, PatchedSource, readWrites, recordQuads, writeEtag, type WriteOp, type WriteRecord } from './store/writes.js';
import { checkChange, targetsOf } from './validate/incremental.js';
import { locate, shapesWithAxioms, type LocatedResult } from './validate/run.js';
import { createValidator, type ValidationReport } from './validate/shacl.js';

const { namedNode, blankNode, quad } = N3.DataFactory;

export interface GraphWrite {
  graph: string;
  op: WriteOp;
  /** The statements sent (put, post); their graph is ignored. */
  quads: readonly Quad[];
  /** The token's name. */
  by: string;
  /** If-Match: the ETag the writer last saw ("*": any version, so long as the graph exists). */
  ifMatch?: string | undefined;
  /** If-None-Match: "*" creates only. */
  ifNoneMatch?: string | undefined;
  /** For put: the new content from the graph's current one (an edit of one activity in it), in place of `quads`. */
  edit?: ((current: Quad[]) => Quad[]) | undefined;
}

export interface WriteOutcome {
  record: WriteRecord;
  /** The graph did not exist before. */
  created: boolean;
  /** Subjects and objects of the statements that changed: what to render again. */
  touched: Term[];
}

/** The graphs no write may change: what validates writes, and what describes them. */
export const FIXED_GRAPHS = ['shapes', 'ontology', 'catalog'];

/** Per data version: validates a change and applies it to the project. */
export function createWriter(project: Project) {
  const { store, config } = project;
  const shapes = shapesWithAxioms(project.shapes, store);
  const validate = createValidator(shapes, config.engine);
  const targets = targetsOf(shapes);

  /** The change validated against the data as it would be after it. */
  async function check(graph: N3.NamedNode, content: Quad[]) {
    const before = store.getQuads(null, null, null, graph);
    const { removed, added } = difference(before, content);
    const touched = [...removed, ...added];
    const after = new PatchedSource(store, graph, content);
    const checked = await checkChange({ validate, targets, before: store, after, touched, previous: project.report, base: config.base });
    // A result the files do not hold is in the graph written.
    const results = locate({ conforms: checked.report.conforms, results: checked.results }, after, project.files, config).results.map((r) => ({ ...r, file: r.file ?? graph.value }));
    return { touched, removed, added, after, checked, results };
  }

  /** Applies a journaled change: synchronous, so no request sees half of it. */
  function commit(prepared: Prepared): void {
    const { record, content, report } = prepared;
    applyRecord(store, { ...record, op: 'put' }, content);
    if (record.etag) project.graphs.set(record.graph, record.etag);
    else project.graphs.delete(record.graph);
    const { nquads: _, ...meta } = record;
    (project.history as WriteHistory[]).push(meta);
    // Results already located stay; the write's own are located now (never in files it replaced).
    const fresh = report.results.filter((r) => !('resource' in r));
    const files = project.files.filter((f) => !project.graphs.get(f.graph)?.startsWith('"w'));
    const placed = locate({ conforms: true, results: fresh }, store, files, config).results;
    const located = new Map(fresh.map((r, i) => [r, placed[i]!]));
    Object.assign(project.report, { conforms: report.conforms, results: report.results.map((r) => located.get(r) ?? r) });
    (project.version as { modified: Date }).modified = new Date(Math.floor(Date.parse(record.at) / 1000) * 1000);
    refreshCatalogue(project, prepared.changes);
  }

  return {
    /** Validates the write against the data as it would be; throws (412, 422), or returns what to journal and commit. */
    async prepare(write: GraphWrite, nextSeq: () => number): Promise<Prepared> {
      const graph = namedNode(write.graph);
      const current = project.graphs.get(write.graph);
      if (write.ifMatch !== undefined && !matches(write.ifMatch, current)) {
        throw new PreconditionFailed(current ? `the graph has changed since (its ETag is now ${current}); GET it again and redo the change` : 'the graph does not exist');
      }
      if (write.ifNoneMatch?.trim() === '*' && current) throw new PreconditionFailed(`the graph exists (ETag ${current}); If-None-Match: * only creates`);
      const sent = relabel(write.quads, graph);
      if (write.op !== 'delete' && !write.edit && !sent.length) throw new BadRequest('the body holds no statements; DELETE removes a graph');
      const existing = store.getQuads(null, null, null, graph);
      const content = write.op === 'delete' ? [] : write.op === 'put' ? (write.edit ? edited(existing, write.edit(existing), graph) : sent) : union(existing, sent);
      // The graph's new content as N-Quads, once: checked by the query engine's parser, journaled (a put), sent to the query workers.
      const graphNQuads = toNQuads(content);
      refuseForeign(content, existing, graph, store, config.base, graphNQuads);
      const { touched, removed, added, after, checked, results } = await check(graph, content);
      if (!checked.report.conforms) {
        throw new ShapeViolation(`the data does not conform to the shapes (${results.filter((r) => r.severity === 'Violation').length} violation(s)); nothing was stored`, results);
      }
      const nquads = write.op === 'post' ? toNQuads(sent) : graphNQuads;
      const seq = nextSeq();
      const record: WriteRecord = {
        seq, at: new Date().toISOString(), by: write.by, graph: write.graph, op: content.length ? write.op : 'delete',
        previous: current ?? null, etag: content.length ? writeEtag(seq, nquads) : null,
        added: added.length, removed: removed.length, nquads,
        resources: changedResources(touched, store, after),
      };
      return { record, content, graphNQuads, created: !current && content.length > 0, touched: [...termsOf(touched).values()], changes: touched, results, report: checked.report };
    },
    commit,
    /** A record journaled by another version (a reload that was loading meanwhile), validated again and applied. */
    async replay(record: WriteRecord): Promise<Prepared> {
      const graph = namedNode(record.graph);
      const quads = recordQuads(record);
      const content = record.op === 'post' ? union(store.getQuads(null, null, null, graph), quads) : record.op === 'put' ? quads : [];
      const { touched, checked, results } = await check(graph, content.map((q) => quad(q.subject, q.predicate, q.object, graph)));
      if (!checked.report.conforms) throw new Error(`write ${record.seq} (to ${record.graph}) does not conform to this version's shapes and data`);
      const prepared = { record, content, created: false, touched: [...termsOf(touched).values()], changes: touched, results, report: checked.report };
      commit(prepared);
      return prepared;
    },
  };
}

export interface Prepared {
  record: WriteRecord;
  /** The graph's content after the write. */
  content: Quad[];
  /** The same as N-Quads, where it was written out already. */
  graphNQuads?: string;
  created: boolean;
  /** Subjects and objects of the statements that changed: what to render again. */
  touched: Term[];
  /** The statements that came or went. */
  changes: Quad[];
  /** The affected nodes' results (warnings, when the write is accepted). */
  results: LocatedResult[];
  /** The whole report after the write. */
  report: ValidationReport;
}

export type Writer = ReturnType<typeof createWriter>;

/** The catalogue's derived statements (dct:modified, temporal coverage) for the data as it now is. */
function refreshCatalogue(project: Project, changes: readonly Quad[]) {
  const { store, config } = project;
  // The temporal coverage only widens, unless a date at either end went: then it is computed anew.
  const bound = (p: string) => project.derived.find((q) => q.predicate.value === ns.dcat + p)?.object.value;
  const [first, last] = [bound('startDate'), bound('endDate')];
  let bounds = first && last ? { first, last } : undefined;
  const activity = namedNode(`${config.base}def/Activity`);
  for (const q of changes) {
    if (!bounds || (q.predicate.value !== ns.schema + 'startDate' && q.predicate.value !== ns.schema + 'endDate')) continue;
    const d = q.object.value;
    if (d === bounds.first || d === bounds.last) bounds = undefined;
    else if (store.countQuads(q.subject, namedNode(ns.rdf + 'type'), activity, null)) bounds = { first: d < bounds.first ? d : bounds.first, last: d > bounds.last ? d : bounds.last };
  }
  for (const q of project.derived) store.deleteQuad(q);
  const additions = catalogAdditions(store, config.base, project.version, bounds) as N3.Quad[];
  store.addQuads(additions);
  (project.derived as N3.Quad[]).splice(0, project.derived.length, ...additions);
}

function matches(header: string, current: string | undefined): boolean {
  if (!current) return false;
  // A representation's ETag (the graph's, with the format and the gzip variant marked) names the graph's version too.
  const variants = new Set([current, ...['ttl', 'nt', 'jsonld', 'rdf'].map((ext) => current.replace(/"$/, `.${ext}"`))]);
  for (const v of [...variants]) variants.add(v.replace(/"$/, '-gz"'));
  return header.split(',').some((t) => t.trim() === '*' || variants.has(t.trim()));
}

/** Predicates that change what the shapes target or mean: the ontology's and the shapes' own, never written over HTTP. */
const SCHEMA_PREDICATES = [/^http:\/\/www\.w3\.org\/2000\/01\/rdf-schema#(subClassOf|subPropertyOf|domain|range)$/, /^http:\/\/www\.w3\.org\/2002\/07\/owl#(equivalentClass|equivalentProperty|inverseOf|unionOf|intersectionOf|disjointWith|imports)$/, /^http:\/\/www\.w3\.org\/ns\/shacl#/];

/**
 * A write describes its own resources only: not one that another graph describes (a token for
 * one report would otherwise edit every activity), nor the ontology or the shapes; and every term
 * must be one the query engine takes as well (oxigraph is stricter than N3.js).
 */
function refuseForeign(content: readonly Quad[], existing: readonly Quad[], graph: Term, store: Project['store'], base: string, nquads: string) {
  const own = new Set(existing.map((q) => q.subject.value));
  const checked = new Set<string>();
  for (const q of content) {
    if (SCHEMA_PREDICATES.some((p) => p.test(q.predicate.value))) throw new Forbidden(`<${q.predicate.value}> is the ontology's or the shapes': not written over HTTP`);
    const s = q.subject;
    if (s.termType !== 'NamedNode' || own.has(s.value) || checked.has(s.value)) continue;
    checked.add(s.value);
    if (s.value.startsWith(`${base}def/`) || s.value.startsWith(`${base}shapes/`)) throw new Forbidden(`<${s.value}> is the ontology's or the shapes': not written over HTTP`);
    const elsewhere = store.getGraphs(s, null, null).find((g) => !g.equals(graph));
    if (elsewhere) throw new Forbidden(`<${s.value}> is described in <${elsewhere.value}>: change it there (a write describes the resources of its own graph)`);
  }
  try {
    strictParse(nquads);
  } catch (error) {
    throw new BadRequest(`a term is not valid RDF for the query engine: ${(error as Error).message.split('\n')[0]}`);
  }
}

const key = (q: Quad) => `${N3.termToId(q.subject as N3.Term)} ${N3.termToId(q.predicate as N3.Term)} ${N3.termToId(q.object as N3.Term)}`;

/** Blank nodes of a write are its own: labelled so that they meet no other's, now or after a restart. */
function relabel(quads: readonly Quad[], graph: Term): Quad[] {
  const prefix = `w${randomBytes(6).toString('hex')}_`;
  const labels = new Map<string, N3.BlankNode>();
  const term = <T extends Term>(t: T): T => {
    if (t.termType !== 'BlankNode') return t;
    let b = labels.get(t.value);
    if (!b) labels.set(t.value, (b = blankNode(`${prefix}${labels.size}`)));
    return b as unknown as T;
  };
  const seen = new Set<string>();
  const out: Quad[] = [];
  for (const q of quads) {
    const next = quad(term(q.subject) as N3.Quad_Subject, q.predicate as N3.Quad_Predicate, term(q.object) as N3.Quad_Object, graph as N3.Quad_Graph);
    if (!seen.has(key(next))) (seen.add(key(next)), out.push(next));
  }
  return out;
}

/** An edit of a graph: the statements it keeps keep their blank nodes; only its new ones get labels of this write. */
function edited(existing: readonly Quad[], next: readonly Quad[], graph: Term): Quad[] {
  const had = new Set(existing.map(key));
  return [...next.filter((q) => had.has(key(q))), ...relabel(next.filter((q) => !had.has(key(q))), graph)];
}

function union(a: readonly Quad[], b: readonly Quad[]): Quad[] {
  const seen = new Set(a.map(key));
  return [...a, ...b.filter((q) => !seen.has(key(q)))];
}

/** The statements a graph's new content drops and gains: what the change touches. */
export function difference(before: readonly Quad[], after: readonly Quad[]): { removed: Quad[]; added: Quad[] } {
  const a = new Set(before.map(key));
  const b = new Set(after.map(key));
  return { removed: before.filter((q) => !b.has(key(q))), added: after.filter((q) => !a.has(key(q))) };
}

/** Subjects and named objects of statements: the resources whose pages show them. */
export function termsOf(quads: readonly Quad[]): Map<string, Term> {
  const out = new Map<string, Term>();
  for (const q of quads) {
    out.set(q.subject.value, q.subject);
    if (q.object.termType === 'NamedNode') out.set(q.object.value, q.object);
  }
  return out;
}

/** What the server keeps for writes across data versions: the journal, the tokens, one lock. */
export interface WriteService {
  readonly config: Config;
  /** How long the next token from this client waits before it is checked (ms): wrong ones cost more each. */
  penalty(client: string): number;
  /** The token presented in an Authorization header, or 401. */
  authenticate(authorization: string | undefined, client: string): Promise<TokenRecord>;
  /** Whether the token may write the graph, or 403. */
  authorize(token: TokenRecord, graph: string): void;
  /** Runs `task` with no other write (nor a reload's swap) under way. */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
  /** Appends to the journal; resolves once it is on disk. */
  append(record: WriteRecord): Promise<void>;
  nextSeq(): number;
  /** A version loaded from the journal has seen writes up to this number (sdg-lod import's too). */
  observe(seq: number): Promise<void>;
  /** Records appended after `bytes` of the journal (what a reload missed while it loaded). */
  since(bytes: number): Promise<WriteRecord[]>;
  close(): Promise<void>;
}

/** Wrong tokens from one client: after a few, each costs it more waiting (up to 5 s, for a minute). */
const FREE_FAILURES = 5;

export async function openWriteService(config: Config): Promise<WriteService> {
  const { journal, records } = await Journal.open<WriteRecord>(journalFile(config));
  let seq = records.at(-1)?.seq ?? 0;
  let tail: Promise<unknown> = Promise.resolve();
  const tokensFile = join(config.importDir, 'tokens.json');
  let tokens: { mtime: number; list: TokenRecord[] } | undefined;
  const failures = new Map<string, { count: number; last: number }>();

  const currentTokens = async () => {
    // Tokens made or revoked while the server runs count at once.
    const mtime = await stat(tokensFile).then((s) => s.mtimeMs, () => 0);
    if (!tokens || tokens.mtime !== mtime) tokens = { mtime, list: await readTokens(tokensFile) };
    return tokens.list;
  };

  const penalty = (client: string) => {
    const failed = failures.get(client);
    return failed && failed.count >= FREE_FAILURES ? Math.min(5000, 100 * 2 ** (failed.count - FREE_FAILURES)) : 0;
  };

  return {
    config,
    penalty,
    async authenticate(authorization, client) {
      const now = Date.now();
      for (const [c, f] of failures) if (now - f.last > 60_000) failures.delete(c);
      const m = /^Bearer +(\S+)\s*$/i.exec(authorization ?? '');
      if (!m) throw new Unauthorized('writing needs a token: send it as "Authorization: Bearer <token>" (sdg-lod token create makes one)');
      const record = verifyToken(await currentTokens(), m[1]!);
      if (record) return record;
      // A burst of wrong tokens is slowed down: each wrong answer waits longer than the last
      // (counted before waiting, so that wrong tokens sent at once are slowed too); a right
      // token is never kept waiting.
      const wait = penalty(client);
      failures.set(client, { count: (failures.get(client)?.count ?? 0) + 1, last: now });
      if (failures.size > 10_000) failures.delete(failures.keys().next().value!);
      if (wait) await new Promise((r) => setTimeout(r, wait));
      throw new Unauthorized('the token is not valid (revoked, or mistyped)', 'invalid_token');
    },
    authorize(token, graph) {
      const base = config.base;
      if (!graph.startsWith(`${base}graph/`)) throw new Forbidden(`graphs written here live under ${base}graph/, and ${graph} does not`);
      const name = graph.slice(`${base}graph/`.length);
      if (!/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(name)) throw new BadRequest(`a graph's name is letters, digits, ".", "_", "~" and "-" in "/"-separated parts, as in ${base}graph/report/2023-kuldiga; not "${name}"`);
      if (FIXED_GRAPHS.includes(name)) throw new Forbidden(`${graph} is not written over HTTP: it is made from the project's files (edit them and reload)`);
      // The bundled graphs (graph/letter…) are outside the default prefix, graph/report/: only a
      // token made for them (--graphs) writes them.
      // A prefix ends at a "/": graph/report/kuldiga allows graph/report/kuldiga/2023, not graph/report/kuldiga-riga.
      const prefix = token.graphs.endsWith('/') ? token.graphs : `${token.graphs}/`;
      if (graph !== token.graphs && !graph.startsWith(prefix)) throw new Forbidden(`the token "${token.name}" may write graphs under ${token.graphs}, not ${graph}`);
    },
    exclusive(task) {
      const run = tail.then(task);
      tail = run.catch(() => undefined);
      return run;
    },
    append: (record) => journal.append(record),
    nextSeq: () => ++seq,
    async observe(n) {
      seq = Math.max(seq, n);
      await journal.resync();
    },
    async since(bytes) {
      return (await readWrites(config, bytes)).records;
    },
    close: () => journal.close(),
  };
}
