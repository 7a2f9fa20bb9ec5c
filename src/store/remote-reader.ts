// The handlers' questions (store/reader.ts) asked of an external store in SPARQL, over one
// version's graphs (named in the protocol's parameters, never the store's default graph). What
// comes back is put in a small store for the very code the embedded store runs (describeLinked,
// the API's summaries, the search index), so that both give the same answers. Listings are read
// in keyset pages (Virtuoso refuses ORDER BY … OFFSET past 10,000 rows and cuts answers at its
// ResultSetMaxRows), and kept for the version, as the embedded relationship index keeps them.
import N3 from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { BoundedCache } from '../cache.js';
import { ns } from '../vocab.js';
import { describeLinked, LABEL_PREDICATES, MAX_LINKING, PASSAGE, SECTOR } from './describe.js';
import { between, describedPath, type Listing, type ListingOf, type Reader, type Statistics } from './reader.js';
import { summaryOf, SUMMARY_PREDICATES, MADE_WITH } from './relations.js';
import { bindings, term, type RemoteStore } from './remote.js';
import { historyGraph, ordered, type WriteHistory } from './versions.js';
import { NAMES, searchIndexes, searchIndexOf, type SearchIndex } from './search.js';
import { QueryUnavailable } from './query-pool.js';
import { statementKey, type QuadSource, type QuadStream } from '../quads.js';

const { namedNode, literal, quad } = N3.DataFactory;

/** Rows a request asks for at most: under Virtuoso's default ResultSetMaxRows (10,000). */
const PAGE = 5000;
/** Blank nodes held within blank nodes this deep are read with their holder (the data's are 2 deep at most). */
const DEPTH = 4;

type Row = Record<string, Term>;

const GEOMETRY = 'http://www.openlinksw.com/schemas/virtrdf#Geometry';
const WKT = 'http://www.opengis.net/ont/geosparql#wktLiteral';

/**
 * Whether an IRI can go into a query as <…>: a request's path becomes an IRI here, and one with
 * `>` or a space in it would otherwise write the rest of the query (a SERVICE call, other graphs).
 */
export const writable = (iri: string) => !/[\u0000-\u0020<>"{}|^`\\]/.test(iri);

/** IRIs as SPARQL terms; one that cannot be written (a store may hold `{` or `|` in an IRI) is left out: no request can name it. */
const iris = (list: Iterable<string>) => [...list].filter(writable).map((i) => `<${i}>`).join(' ');
const str = (s: string) => JSON.stringify(s);

/**
 * A literal as the store gives it back, as it was loaded: Virtuoso turns geo:wktLiteral into its
 * own geometry type in single precision with no space after commas (POINT(24.62 56.795) comes back
 * POINT(24.620000839233 56.794998168945)); the shortest number with the same single-precision
 * value is the one that was written, for numbers of up to seven digits.
 */
export function fromStore(term: Term): Term {
  if (term.termType !== 'Literal' || term.datatype.value !== GEOMETRY) return term;
  const shortest = (n: string) => {
    const single = Math.fround(Number(n));
    for (let p = 1; p <= 9; p++) if (Math.fround(Number(Number(n).toPrecision(p))) === single) return String(Number(Number(n).toPrecision(p)));
    return n;
  };
  const text = term.value.replace(/-?\d+(?:\.\d+)?(?:e-?\d+)?/gi, shortest).replace(/,\s*/g, ', ');
  return literal(text, namedNode(WKT));
}

export class RemoteReader implements Reader {
  private readonly listings = new BoundedCache<{ ids: string[]; starts: string[] }>({ entries: 200, bytes: 256 * 1024 * 1024, entryBytes: 128 * 1024 * 1024 }, (l) => l.ids.length * 100);
  private readonly descriptions = new BoundedCache<{ promise: Promise<{ quads: Quad[]; linking: number }>; size: number }>({ entries: 500, bytes: 128 * 1024 * 1024 }, (d) => d.size);
  private readonly aggregates = new BoundedCache<Promise<unknown>>({ entries: 1000, bytes: 64 * 1024 * 1024 }, () => 4096);
  private stats: Promise<Statistics> | undefined;
  private scanned: Promise<Scan> | undefined;
  private blankPrefix = 0;

  /**
   * @param parts each of our graphs and the store's graph holding it in this version
   * @param graphs the dataset's graphs (ours, in IRI order)
   */
  constructor(
    private readonly remote: RemoteStore,
    private readonly base: string,
    private readonly parts: ReadonlyMap<string, string>,
    readonly graphs: readonly string[],
    /** Rows a request asks for at most, and statements a page of a graph (smaller in tests, to read many pages). */
    private readonly rows?: number,
    private readonly graphRows?: number,
    /** Each store graph's indexes, by its IRI: the last version's, for the graphs this one shares with it. */
    readonly scans: PartScans = new Map(),
  ) {}

  private get pageRows(): number {
    return this.rows ?? PAGE;
  }

  changed(): void {
    this.listings.clear();
    this.descriptions.clear();
    this.aggregates.clear();
    this.stats = this.scanned = undefined;
  }

  /** One answer per question and version, shared by the requests that ask at once; forgotten if it fails. */
  private once<T>(key: string, make: () => Promise<T>): Promise<T> {
    const hit = this.aggregates.get(key) as Promise<T> | undefined;
    if (hit) return hit;
    const promise = make();
    this.aggregates.set(key, promise);
    promise.catch(() => this.aggregates.delete(key));
    return promise;
  }

  /** A SELECT over every graph of the version (the catalogue's too: pages describe it), or over the given graphs. */
  private async select(query: string, named = false, graphs?: string[]): Promise<Row[]> {
    const parts = graphs ?? [...this.parts.values()];
    const answer = await this.ask(query, 'application/sparql-results+json', named ? { namedGraphs: this.graphs.map((g) => this.parts.get(g)!) } : { defaultGraphs: parts });
    return bindings(answer).map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, fromStore(term(v, ''))])));
  }

  private async construct(query: string): Promise<Quad[]> {
    const text = await this.ask(query, 'application/n-triples', { defaultGraphs: [...this.parts.values()] });
    // Each answer's blank nodes are its own: labels kept apart between answers.
    const quads = new N3.Parser({ format: 'N-Triples', blankNodePrefix: `r${this.blankPrefix++}_` }).parse(text);
    return quads.map((q) => quad(q.subject, q.predicate, fromStore(q.object) as N3.Quad_Object));
  }

  private async ask(query: string, accept: string, dataset: { defaultGraphs?: string[]; namedGraphs?: string[] }): Promise<string> {
    let answer;
    try {
      answer = await this.remote.query(query, accept, dataset);
    } catch (error) {
      throw new QueryUnavailable('the external store did not answer', error);
    }
    if (answer.status !== 200) throw new QueryUnavailable(`the external store answered ${answer.status}: ${answer.text.slice(0, 200)}`);
    if (answer.headers.get('x-sql-state')) throw new QueryUnavailable(`the external store gave a partial answer (${answer.headers.get('x-sql-message') ?? 'its time limit'})`);
    if (answer.headers.get('x-sparql-maxrows')) throw new QueryUnavailable(`the external store cut an answer at ${answer.headers.get('x-sparql-maxrows')} rows`);
    return answer.text;
  }

  /**
   * Every row of a query, in keyset pages: `inner` selects `keys` (and more), each page asks for
   * the rows after the last one's keys, in the keys' order.
   */
  private async all(inner: string, keys: readonly string[], graphs?: string[]): Promise<Row[]> {
    const out: Row[] = [];
    let after: Row | undefined;
    for (;;) {
      const filter = after ? `FILTER(${keysAfter(keys, after)})` : '';
      const rows = await this.select(`SELECT * WHERE { { ${inner} } ${filter} } ORDER BY ${keys.map((k) => `STR(?${k})`).join(' ')} LIMIT ${this.pageRows}`, false, graphs);
      out.push(...rows);
      if (rows.length < this.pageRows) return out;
      after = rows[rows.length - 1];
    }
  }

  /** A resource's statements with the blank nodes they hold, several levels deep. */
  private closure(roots: readonly string[]): Promise<Quad[]> {
    if (!roots.length) return Promise.resolve([]);
    const levels: string[] = [];
    for (let d = 0; d < DEPTH; d++) {
      const node = (i: number) => (i === d ? '?s' : `?b${i}`);
      const path = Array.from({ length: d }, (_, i) => `${node(i)} ?q${i} ${node(i + 1)} . FILTER(isBlank(${node(i + 1)}))`).join(' ');
      // The roots in each branch: a branch is evaluated on its own before the union. (No BIND:
      // Virtuoso 7.2.5 fails to compile a BIND beside these filters.)
      levels.push(`{ VALUES ${node(0)} { ${iris(roots)} } ${path} ?s ?p ?o }`);
    }
    return this.construct(`CONSTRUCT { ?s ?p ?o } WHERE { ${levels.join(' UNION ')} }`);
  }

  /**
   * The resources' labels. Their statements are asked for whole and the labels kept here:
   * naming the predicates in the query makes Virtuoso 7.2.5 scan by predicate (30 times slower
   * at 1.3 million triples).
   */
  private async labels(of: Iterable<string>, sectors = true): Promise<Quad[]> {
    const list = [...new Set(of)];
    if (!list.length) return [];
    const wanted = new Set([...LABEL_PREDICATES, ...(sectors ? [SECTOR] : [])].map((p) => p.value));
    const quads = (await this.construct(`CONSTRUCT { ?t ?p ?l } WHERE { VALUES ?t { ${iris(list)} } ?t ?p ?l }`)).filter((q) => wanted.has(q.predicate.value));
    // And the sectors' names (describeLinked shows an organisation's sector beside it).
    const named = quads.filter((q) => q.predicate.equals(SECTOR)).map((q) => q.object.value);
    return named.length ? [...quads, ...(await this.labels(named, false))] : quads;
  }

  /** A page is asked for in five formats and two languages: its description is read once. */
  describe(subject: string): Promise<{ quads: Quad[]; linking: number }> {
    const hit = this.descriptions.get(subject);
    if (hit) return hit.promise;
    const promise = this.read(subject);
    const entry = { promise, size: 1024 };
    this.descriptions.set(subject, entry);
    // Kept at its size once read (about 200 bytes a statement); forgotten if it failed.
    promise.then((d) => this.descriptions.get(subject) === entry && this.descriptions.set(subject, { promise, size: d.quads.length * 200 }), () => this.descriptions.delete(subject));
    return promise;
  }

  private async read(subject: string): Promise<{ quads: Quad[]; linking: number }> {
    // No such IRI can be in the store: nothing to describe.
    if (!writable(subject)) return { quads: [], linking: 0 };
    const own = await this.closure([subject]);
    if (!own.length) return { quads: [], linking: 0 };
    const s = `<${subject}>`;
    const linkingPattern = `{ ?x ?q ${s} FILTER(isIRI(?x)) } UNION { ?pl <${ns.schema}containedInPlace> ${s} FILTER(isIRI(?pl)) ?x <${ns.schema}location> ?pl }`;
    const [count, latest, places] = await Promise.all([
      this.select(`SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ${linkingPattern} }`),
      this.select(`SELECT DISTINCT ?x WHERE { ${linkingPattern} } ORDER BY DESC(STR(?x)) LIMIT ${MAX_LINKING}`),
      // A municipality's places link to it, each with what is held there (only the latest are kept below).
      this.construct(`CONSTRUCT { ?pl <${ns.schema}containedInPlace> ${s} } WHERE { ?pl <${ns.schema}containedInPlace> ${s} FILTER(isIRI(?pl)) }`),
    ]);
    const kept = latest.map((r) => r.x!.value);
    const [incoming, through, annotations] = kept.length ? await Promise.all([
      // VALUES after the pattern: before it, Virtuoso 7.2.5 scans by the object (100 ms against 3).
      this.construct(`CONSTRUCT { ?x ?q ${s} } WHERE { ?x ?q ${s} VALUES ?x { ${iris(kept)} } }`),
      this.construct(`CONSTRUCT { ?x <${ns.schema}location> ?pl } WHERE { ?x <${ns.schema}location> ?pl . ?pl <${ns.schema}containedInPlace> ${s} VALUES ?x { ${iris(kept)} } }`),
      // Annotations and facts (rdf:Statement) about it are described with it, blank nodes and all.
      this.select(`SELECT DISTINCT ?x WHERE { ?x <${ns.oa}hasTarget>|<${ns.rdf}subject>|<${ns.dct}source> ${s} VALUES ?x { ${iris(kept)} } }`),
    ]) : [[], [], []];
    // A document's passages, and the facts taken from each (describeLinked keeps them for its page).
    const passages = kept.length ? await this.select(`SELECT DISTINCT ?x ?f WHERE { ?x <${ns.schema}isPartOf> ${s} ; a <${PASSAGE.value}> VALUES ?x { ${iris(kept)} } OPTIONAL { ?f <${ns.dct}source> ?x FILTER(isIRI(?f)) } }`) : [];
    const annotated = await this.closure([...new Set([...annotations.map((r) => r.x!.value), ...passages.flatMap((r) => [r.x!.value, ...(r.f ? [r.f.value] : [])])])]);
    const named = [...own, ...places, ...incoming, ...through, ...annotated].flatMap((q) => [q.subject, q.object]).filter((t) => t.termType === 'NamedNode').map((t) => t.value);
    const small = inMemory([...own, ...places, ...incoming, ...through, ...annotated, ...(await this.labels(named))]);
    return { quads: describeLinked(small, namedNode(subject)).quads, linking: Number(count[0]?.n?.value ?? 0) };
  }

  /**
   * The dumps' quads: each graph of the dataset read in counted pages (RemoteStore.eachStatement),
   * one graph at a time; a triple in several graphs written once in the triple formats, as the
   * embedded store writes it.
   */
  dumpSource(): QuadStream {
    const graphs = this.graphs;
    const parts = this.parts;
    const remote = this.remote;
    const rows = this.graphRows;
    let n = 0;
    return async function* (withGraphs) {
      const seen = new Set<string>();
      let stopped = false;
      for (const graph of graphs) {
        const g = namedNode(graph);
        // A page at a time: the store is asked for more only once the writer has taken what came.
        const pending: Quad[] = [];
        let done = false;
        let failed: unknown;
        let wake: (() => void) | undefined;
        let taken: (() => void) | undefined;
        const afterPage = () => new Promise<void>((resolve, reject) => {
          if (stopped) return reject(new Error('the dump is no longer being written'));
          taken = resolve;
          wake?.();
        });
        const reading = remote.eachStatement(parts.get(graph)!, `d${n++}_`, (q) => void pending.push(q), rows, afterPage)
          .then(() => void (done = true), (error: unknown) => void (failed = error))
          .finally(() => wake?.());
        try {
          for (;;) {
            if (failed) throw failed;
            if (pending.length) {
              for (const q of pending.splice(0)) {
                const object = fromStore(q.object) as N3.Quad_Object;
                if (!withGraphs) {
                  const key = statementKey(quad(q.subject, q.predicate, object));
                  if (seen.has(key)) continue;
                  seen.add(key);
                }
                yield quad(q.subject, q.predicate, object, withGraphs ? g : undefined);
              }
              continue;
            }
            if (done) break;
            const waiting = new Promise<void>((resolve) => (wake = resolve));
            const resume = taken;
            taken = undefined;
            resume?.();
            await waiting;
            wake = undefined;
          }
        } finally {
          // A writer that stops (a full disk) stops the reading too.
          stopped = !done;
          taken?.();
        }
        await reading;
        if (failed) throw failed;
      }
    };
  }

  /** The writes of every server over the store, for the change feed. */
  async history(): Promise<WriteHistory[]> {
    const rows = await this.all(`SELECT ?w ?v WHERE { ?w <${ns.rdf}value> ?v }`, ['w'], [historyGraph(this.base)]);
    // A record that cannot be read (written by hand, cut) is left out of the feed, not fatal to it.
    return ordered(rows.flatMap((r) => {
      try {
        const record = JSON.parse(r.v!.value) as WriteHistory;
        return typeof record.at === 'string' && typeof record.seq === 'number' ? [record] : [];
      } catch {
        return [];
      }
    }));
  }

  async exists(iri: string): Promise<boolean> {
    if (!writable(iri)) return false;
    return (await this.select(`SELECT ?p WHERE { <${iri}> ?p ?o } LIMIT 1`)).length > 0;
  }

  async about(input: readonly string[]): Promise<Quad[]> {
    const list = input.filter(writable);
    return list.length ? this.construct(`CONSTRUCT { ?s ?p ?o } WHERE { VALUES ?s { ${iris(list)} } ?s ?p ?o }`) : [];
  }

  statistics(): Promise<Statistics> {
    return (this.stats ??= (async () => {
      const logical = new Map([...this.parts].map(([g, part]) => [part, g]));
      const [counts, [distinct]] = await Promise.all([
        this.select('SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g', true),
        this.select(`SELECT (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?p) AS ?properties) (COUNT(DISTINCT ?c) AS ?classes) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { GRAPH ?g { ?x a ?c } } }`, true),
      ]);
      const perGraph = new Map(this.graphs.map((g) => [g, 0]));
      for (const r of counts) perGraph.set(logical.get(r.g!.value) ?? r.g!.value, Number(r.n!.value));
      const n = (k: string) => Number(distinct?.[k]?.value ?? 0);
      return { triples: [...perGraph.values()].reduce((a, b) => a + b, 0), subjects: n('subjects'), properties: n('properties'), classes: n('classes'), perGraph };
    })().catch((error: unknown) => {
      this.stats = undefined;
      throw error;
    }));
  }

  async size(): Promise<number> {
    return (await this.statistics()).triples;
  }

  async resourcePaths(): Promise<string[]> {
    return (await this.scan()).paths;
  }

  async search(): Promise<SearchIndex> {
    return (await this.scan()).index;
  }

  async goalCounts(): Promise<Map<number, number>> {
    return (await this.scan()).goals;
  }

  /**
   * What needs every statement once (the sitemap's paths, the search index's names, every
   * activity in date order, the activities per goal), from each graph of the version read whole,
   * a page at a time; only these indexes are kept, not the statements. A version's graphs never
   * change once pushed and a write pushes only the graphs it changed, so each graph is read once
   * while a version holds it (`scans`, handed from each version to the next), and a new version
   * costs the reading of what changed.
   */
  private scan(): Promise<Scan> {
    return (this.scanned ??= (async () => {
      const scans = await Promise.all([...this.parts.values()].map((part) => this.scanPart(part)));
      // What other versions read and this one does not hold goes.
      const held = new Set(this.parts.values());
      for (const key of this.scans.keys()) if (!held.has(key)) this.scans.delete(key);
      const defined = new Set(scans.flatMap((p) => p.defined));
      const activities = new Set(scans.flatMap((p) => p.activities));
      const starts = new Map<string, string>();
      const goalsOf = new Map<string, Set<number>>();
      for (const p of scans) {
        for (const [a, d] of p.starts) if (!starts.has(a) || d < starts.get(a)!) starts.set(a, d);
        for (const [a, goals] of p.goalsOf) for (const g of goals) (goalsOf.get(a) ?? goalsOf.set(a, new Set()).get(a)!).add(g);
      }
      const paths = new Set<string>();
      for (const p of scans) {
        for (const path of p.paths) paths.add(path);
        for (const s of p.terms) {
          const path = describedPath(s, this.base, () => defined.has(s));
          if (path) paths.add(path);
        }
      }
      const dated = [...activities].filter((a) => starts.has(a)).map((a) => [starts.get(a)!, a] as const).sort(([sx, x], [sy, y]) => (sx < sy ? -1 : sx > sy ? 1 : x < y ? -1 : x > y ? 1 : 0));
      const goals = new Map<number, number>();
      for (const [, a] of dated) for (const g of goalsOf.get(a) ?? []) goals.set(g, (goals.get(g) ?? 0) + 1);
      return { paths: [...paths].sort(), index: searchIndexes(scans.map((p) => p.index)), all: { ids: dated.map(([, a]) => a), starts: dated.map(([d]) => d) }, goals };
    })().catch((error: unknown) => {
      this.scanned = undefined;
      throw error;
    }));
  }

  private scanPart(part: string): Promise<PartScan> {
    let hit = this.scans.get(part);
    if (hit) return hit;
    hit = (async () => {
      const out: Omit<PartScan, 'index'> = { paths: [], terms: [], defined: [], activities: [], starts: [], goalsOf: [] };
      const found: [string, string][] = [];
      const subjects = new Set<string>();
      const goalsOf = new Map<string, number[]>();
      const starts = new Map<string, string>();
      const names = new Set(NAMES);
      const activity = `${this.base}def/Activity`;
      await this.remote.eachStatement(part, `s${this.blankPrefix++}_`, (q) => {
        if (q.subject.termType !== 'NamedNode') return;
        const s = q.subject.value;
        const p = q.predicate.value;
        subjects.add(s);
        if (p === `${ns.rdf}type` && q.object.value === activity) out.activities.push(s);
        else if (p === `${ns.schema}startDate`) {
          const d = starts.get(s);
          if (d === undefined || q.object.value < d) starts.set(s, q.object.value);
        } else if (p === `${ns.dct}subject`) {
          const m = /^http:\/\/metadata\.un\.org\/sdg\/(\d+)$/.exec(q.object.value);
          if (m) (goalsOf.get(s) ?? goalsOf.set(s, []).get(s)!).push(Number(m[1]));
        } else if (p === `${ns.rdfs}isDefinedBy`) out.defined.push(s);
        if (names.has(p) && q.object.termType === 'Literal') found.push([s, q.object.value]);
      }, this.graphRows);
      // Only what the indexes need is kept, not the subjects themselves.
      for (const s of subjects) {
        if (s.startsWith(`${this.base}def/`)) out.terms.push(s);
        else {
          const path = describedPath(s, this.base, () => false);
          if (path) out.paths.push(path);
        }
      }
      out.starts = [...starts];
      out.goalsOf = [...goalsOf];
      return { ...out, index: await searchIndexOf(found) };
    })();
    this.scans.set(part, hit);
    hit.catch(() => this.scans.delete(part));
    return hit;
  }

  /** Starts reading what the indexes need (serve does at start and with each new version). */
  prepare(): void {
    this.scan().catch(() => {});
  }

  /** Which activities a listing holds, as a pattern binding ?a. */
  private holding(of: ListingOf): string {
    const activity = `?a a <${this.base}def/Activity> . FILTER(isIRI(?a))`;
    if ('all' in of) return activity;
    if ('goal' in of) return `${activity} ?a <${ns.dct}subject> <${ns.sdg}${of.goal}> .`;
    if ('target' in of) return `${activity} { ?a <${ns.dct}subject> ${iris([of.target])} } UNION { ?an <${ns.oa}hasTarget> ?a ; <${ns.oa}hasBody> ${iris([of.target])} }`;
    return `${activity} { ?a <${ns.schema}location> ?pl . ?pl <${ns.schema}containedInPlace> ${iris([of.municipality])} } UNION { ?a ${MADE_WITH.map((p) => `<${p}>`).join('|')} ${iris([of.municipality])} }`;
  }

  async listing(of: ListingOf, from?: string, to?: string): Promise<readonly string[]> {
    if ('all' in of) return between((await this.scan()).all, from, to);
    const key = JSON.stringify(of);
    const whole = this.listings.get(key) ?? await this.once(`listing ${key}`, async () => {
      // The earliest start date of each, as the relationship index takes it.
      const rows = await this.all(`SELECT ?a (MIN(STR(?d)) AS ?start) WHERE { ${this.holding(of)} ?a <${ns.schema}startDate> ?d } GROUP BY ?a`, ['start', 'a']);
      return this.listings.set(key, { ids: rows.map((r) => r.a!.value), starts: rows.map((r) => r.start!.value) });
    });
    return between(whole, from, to);
  }

  async activities(ids: readonly string[]): Promise<{ summaries: ReturnType<typeof summaryOf>[]; quads: Quad[] }> {
    // Every statement of each, the summary's kept here (as for labels).
    const wanted = new Set(SUMMARY_PREDICATES);
    const read = ids.length ? await this.construct(`CONSTRUCT { ?s ?p ?o } WHERE { VALUES ?s { ${iris(ids)} } ?s ?p ?o }`) : [];
    const small = inMemory(read.filter((q) => wanted.has(q.predicate.value)));
    return { summaries: ids.map((id) => summaryOf(small, id)), quads: ids.flatMap((id) => SUMMARY_PREDICATES.flatMap((p) => small.getQuads(namedNode(id), namedNode(p), null, null))) };
  }

  subjectsOfMunicipality(iri: string): Promise<Map<string, number>> {
    return this.once(`subjects ${iri}`, async () => {
      const rows = await this.all(`SELECT ?s (COUNT(DISTINCT ?a) AS ?n) WHERE { ${this.holding({ municipality: iri })} ?a <${ns.dct}subject> ?s } GROUP BY ?s`, ['s']);
      return new Map(rows.map((r) => [r.s!.value, Number(r.n!.value)]));
    });
  }

  pairs(): Promise<{ x: string; y: string; count: number }[]> {
    return this.once('pairs', async () => {
      const rows = await this.all(`SELECT ?x ?y (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <${this.base}def/Activity> ; <${ns.dct}subject> ?x, ?y . FILTER(isIRI(?a) && STR(?x) < STR(?y)) } GROUP BY ?x ?y`, ['x', 'y']);
      return rows.map((r) => ({ x: r.x!.value, y: r.y!.value, count: Number(r.n!.value) }));
    });
  }
}

/** Each store graph's indexes by its IRI, handed from a version to the next. */
export type PartScans = Map<string, Promise<PartScan>>;

/** What one store graph contributes to the indexes. */
interface PartScan {
  /** Described resources' paths; our terms' IRIs apart, as only those defined have a page. */
  paths: string[];
  terms: string[];
  defined: string[];
  /** The search index of its names. */
  index: SearchIndex;
  activities: string[];
  starts: [string, string][];
  goalsOf: [string, number[]][];
}

interface Scan {
  paths: string[];
  index: SearchIndex;
  all: Listing;
  goals: Map<number, number>;
}

/** What a question read, as a store for the code the embedded store runs. */
const inMemory = (quads: Quad[]) => new N3.Store(quads) as unknown as QuadSource;

/** Rows after `row` in the order of `keys` (compared as strings). */
function keysAfter(keys: readonly string[], row: Row): string {
  const v = (k: string) => str(row[k]?.value ?? '');
  return keys.map((_, i) => [...keys.slice(0, i).map((k) => `STR(?${k}) = ${v(k)}`), `STR(?${keys[i]}) > ${v(keys[i]!)}`].join(' && ')).map((c) => `(${c})`).join(' || ');
}
