// An external SPARQL 1.1 store, spoken to by the W3C protocols only: queries (Protocol), updates,
// and graphs loaded whole with the Graph Store Protocol (not INSERT DATA: Virtuoso takes about a
// thousand triples a request that way, and no blank nodes). HTTP Digest (RFC 7616, MD5 and
// SHA-256) or Basic authentication, whichever the store asks for.
import { createHash, randomBytes } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { statementKey } from '../quads.js';
import { ServiceUnavailable } from '../errors.js';

export interface RemoteOptions {
  queryEndpoint: string;
  updateEndpoint?: string | undefined;
  graphStoreEndpoint?: string | undefined;
  user?: string | undefined;
  password?: string | undefined;
  /** How long one request may take. */
  timeoutMs?: number;
  /** Requests at once, at most (the rest wait their turn). */
  maxSockets?: number;
  /**
   * Keep a connection after an answer that came in one piece (short answers: the public
   * endpoint's), and close it after a longer one (see `agents`).
   */
  reuse?: boolean;
  /** Waits before a reset PUT or DELETE is sent again (default 1 s, then 3 s). */
  retryMs?: readonly number[];
}

/** What the store answered: status, headers and body as text. */
export interface RemoteAnswer {
  status: number;
  /** A header by its lower-case name. */
  headers: { get(name: string): string | undefined };
  text: string;
}

export class StoreError extends ServiceUnavailable {}

/** A term as SPARQL JSON results write it. */
export type JsonTerm = { type: string; value: string; datatype?: string; 'xml:lang'?: string };

/** The rows of a SPARQL JSON answer. */
export function bindings(text: string): Record<string, JsonTerm>[] {
  return (JSON.parse(text) as { results: { bindings: Record<string, JsonTerm>[] } }).results.bindings;
}

/** A term of SPARQL JSON results; blank nodes labelled as in N-Triples answers (Virtuoso writes nodeID://bN). */
export function term(t: JsonTerm, prefix: string): N3.Term {
  if (t.type === 'uri') return N3.DataFactory.namedNode(t.value);
  if (t.type === 'bnode') return N3.DataFactory.blankNode(`${prefix}${t.value.replace(/^nodeID:\/\//, '').replace(/^_:/, '')}`);
  return N3.DataFactory.literal(t.value, t['xml:lang'] || (t.datatype ? N3.DataFactory.namedNode(t.datatype) : undefined));
}

/**
 * A form field's value. A lone surrogate, which no HTTP request can carry but a store's JSON can
 * (`"\ud800"`), is written as U+FFFD, as URLSearchParams writes it, rather than refused.
 */
function formValue(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return new URLSearchParams({ v: value }).toString().slice(2);
  }
}

/** How long to wait before trying a reset PUT or DELETE again. */
const RETRIES: readonly number[] = [1000, 3000];

/** Statements a page when a graph is read: under Virtuoso's default ResultSetMaxRows (10,000); a store that cuts a page shorter is caught by the count. */
const GRAPH_PAGE = 9000;
/** Pages of a graph asked for at once. */
const PAGES_AT_ONCE = 3;

export class RemoteStore {
  private nonceCount = 0;

  constructor(private readonly options: RemoteOptions) {}

  /**
   * A SPARQL query, POSTed as a form (no query is too long for a URL; Virtuoso 7.2.5 never
   * answers a POST of application/sparql-query); the answer in `accept`.
   */
  async query(query: string, accept: string, dataset: { defaultGraphs?: string[]; namedGraphs?: string[] } = {}): Promise<RemoteAnswer> {
    const form = `query=${formValue(query)}${this.datasetParams(dataset.defaultGraphs, 'default-graph-uri')}${this.datasetParams(dataset.namedGraphs, 'named-graph-uri')}`;
    return this.send(this.options.queryEndpoint, 'POST', { 'content-type': 'application/x-www-form-urlencoded', accept }, form);
  }

  /** A dataset's graphs as form fields, encoded once per list: the public endpoint names the same graphs in every query. */
  private readonly encoded = { 'default-graph-uri': new WeakMap<string[], string>(), 'named-graph-uri': new WeakMap<string[], string>() };
  private datasetParams(graphs: string[] | undefined, name: 'default-graph-uri' | 'named-graph-uri'): string {
    if (!graphs?.length) return '';
    let params = this.encoded[name].get(graphs);
    if (params === undefined) this.encoded[name].set(graphs, (params = graphs.map((g) => `&${name}=${formValue(g)}`).join('')));
    return params;
  }

  /** A SPARQL update, POSTed as a form too. */
  async update(update: string): Promise<void> {
    const endpoint = this.options.updateEndpoint ?? this.options.queryEndpoint;
    await this.expect(await this.send(endpoint, 'POST', { 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams({ update }).toString()), 'the update');
  }

  /** Replaces a graph with N-Triples (absolute IRIs only: a store's loader may leave relative ones unresolved). */
  async putGraph(graph: string, ntriples: string): Promise<void> {
    await this.expect(await this.send(this.graphUrl(graph), 'PUT', { 'content-type': 'application/n-triples' }, ntriples), `loading <${graph}>`);
  }

  /**
   * Every statement of a graph, a page at a time (held here one page at a time), counted against
   * the store's own count. Not the Graph Store Protocol's GET: Virtuoso 7.2.5 cuts that at its
   * ResultSetMaxRows (10,000 statements) with a 200 and nothing to say so. Pages go by OFFSET with
   * no ORDER BY (its sorted-TOP limit refuses an ordered page past 10,000 rows): the graphs read
   * this way are a pushed version's, which never change, so the store scans them the same way each
   * time; a count that does not add up is refused, not served.
   */
  async eachStatement(graph: string, prefix: string, onQuad: (quad: Quad) => void, pageRows = GRAPH_PAGE, afterPage?: () => Promise<void>): Promise<number> {
    const count = await this.query('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }', 'application/sparql-results+json', { defaultGraphs: [graph] });
    await this.expect(count, `counting <${graph}>`);
    const total = Number(bindings(count.text)[0]?.n?.value ?? 0);
    // Statements passed on, by a short hash: a page may repeat what an earlier one gave.
    const delivered = new Set<string>();
    const deliver = (q: Quad) => {
      const key = statementKey(q);
      if (delivered.has(key)) return;
      delivered.add(key);
      onQuad(q);
    };
    const page = (offset: number) => {
      const p = readPage(offset);
      // A page still in flight when an earlier one failed must not be an unhandled rejection.
      p.catch(() => {});
      return p;
    };
    const readPage = async (offset: number) => {
      const answer = await this.query(`CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT ${pageRows} OFFSET ${offset}`, 'application/n-triples', { defaultGraphs: [graph] });
      await this.expect(answer, `reading <${graph}>`);
      if (answer.headers.get('x-sparql-maxrows')) throw new StoreError(`the store cut a page of <${graph}> at ${answer.headers.get('x-sparql-maxrows')} rows`, 60);
      return answer.text;
    };
    // First by OFFSET with no ORDER BY, a few pages at once: fast, but Virtuoso 7.2.5 does not
    // scan a graph the same way on each request (pages repeat some statements and miss others).
    const offsets = Array.from({ length: Math.ceil(total / pageRows) }, (_, i) => i * pageRows);
    const asked = offsets.slice(0, PAGES_AT_ONCE).map(page);
    for (let i = 0; i < offsets.length; i++) {
      const text = await asked[i]!;
      if (i + PAGES_AT_ONCE < offsets.length) asked.push(page(offsets[i + PAGES_AT_ONCE]!));
      asked[i] = Promise.resolve('');
      // One prefix for every page: the store's labels are its own, the same on each page.
      for (const q of new N3.Parser({ format: 'N-Triples', blankNodePrefix: prefix }).parse(text)) deliver(q);
      // The reader's pace: the next pages wait until it has taken this one (or it throws to stop).
      if (afterPage) await afterPage();
    }
    // Then, for what that missed, in the order of keys (slower: each page sorts what is left).
    if (delivered.size < total) {
      const keys = ['k1', 'k2', 'k3', 'k4', 'k5'];
      let after: Record<string, string> | undefined;
      for (;;) {
        const filter = after ? `FILTER(${keys.map((_, i) => [...keys.slice(0, i).map((k) => `?${k} = ${JSON.stringify(after![k])}`), `?${keys[i]} > ${JSON.stringify(after![keys[i]!])}`].join(' && ')).map((c) => `(${c})`).join(' || ')})` : '';
        const answer = await this.query(`SELECT * WHERE { { SELECT ?s ?p ?o (STR(?s) AS ?k1) (STR(?p) AS ?k2) (STR(?o) AS ?k3) (COALESCE(LANG(?o), "") AS ?k4) (IF(isLiteral(?o), STR(DATATYPE(?o)), IF(isIRI(?o), "iri", "bnode")) AS ?k5) WHERE { ?s ?p ?o } } ${filter} } ORDER BY ?k1 ?k2 ?k3 ?k4 ?k5 LIMIT ${pageRows}`, 'application/sparql-results+json', { defaultGraphs: [graph] });
        await this.expect(answer, `reading <${graph}>`);
        const rows = bindings(answer.text);
        for (const row of rows) deliver(N3.DataFactory.quad(term(row.s!, prefix) as N3.Quad_Subject, term(row.p!, prefix) as N3.Quad_Predicate, term(row.o!, prefix) as N3.Quad_Object));
        if (afterPage) await afterPage();
        if (rows.length < pageRows) break;
        const last = rows[rows.length - 1]!;
        after = Object.fromEntries(keys.map((k) => [k, last[k]?.value ?? '']));
      }
    }
    const read = delivered.size;
    if (read !== total) throw new StoreError(`read ${read} of the ${total} statements of <${graph}>: the store's pages do not add up`, 60);
    return read;
  }

  /** A graph's statements (eachStatement), all at once: for graphs that fit in memory. */
  async readGraph(graph: string, prefix: string): Promise<Quad[]> {
    const out: Quad[] = [];
    await this.eachStatement(graph, prefix, (q) => void out.push(q));
    return out;
  }

  /** Adds N-Triples to a graph (the Graph Store Protocol's POST). */
  async postGraph(graph: string, ntriples: string): Promise<void> {
    await this.expect(await this.send(this.graphUrl(graph), 'POST', { 'content-type': 'application/n-triples' }, ntriples), `loading <${graph}>`);
  }

  async deleteGraph(graph: string): Promise<void> {
    const answer = await this.send(this.graphUrl(graph), 'DELETE', {}, undefined);
    if (answer.status !== 404) await this.expect(answer, `deleting <${graph}>`);
  }

  private graphUrl(graph: string): string {
    const endpoint = this.options.graphStoreEndpoint;
    if (!endpoint) throw new StoreError('no Graph Store Protocol endpoint is configured (--graph-store-endpoint)', 60);
    // Virtuoso names the parameter graph-uri; the Recommendation, graph. Both are sent.
    const url = new URL(endpoint);
    url.searchParams.set('graph', graph);
    url.searchParams.set('graph-uri', graph);
    return url.href;
  }

  private async expect(answer: RemoteAnswer, what: string): Promise<void> {
    if (answer.status >= 200 && answer.status < 300) return;
    throw new StoreError(`the store refused ${what}: ${answer.status} ${answer.text.slice(0, 300)}`, 60);
  }

  /** One request, answering the store's authentication challenge once. */
  private async send(url: string, method: string, headers: Record<string, string>, body: string | undefined, onChunk?: (chunk: Buffer) => void): Promise<RemoteAnswer> {
    const go = async (authorization?: string, retry = true): Promise<RemoteAnswer> => {
      const all = authorization ? { ...headers, authorization } : headers;
      // PUT and DELETE say the same however often they are sent: a connection the store reset
      // (Virtuoso 7.2.5 does, now and then, under load, in the middle of a graph's upload) is
      // tried again, twice, a moment later. Other requests only on a kept connection the store
      // had closed meanwhile, at once.
      const idempotent = retry && (method === 'PUT' || method === 'DELETE');
      const waits = this.options.retryMs ?? RETRIES;
      for (let attempt = 0; ; attempt++) {
        try {
          return await this.request(url, method, all, body, onChunk);
        } catch (error) {
          const again = (error as { reusedSocket?: boolean }).reusedSocket ? attempt === 0 : idempotent && attempt < waits.length && !(error as Error).message.includes('timeout');
          if (again) {
            if (!(error as { reusedSocket?: boolean }).reusedSocket) await new Promise((r) => setTimeout(r, waits[attempt]));
            continue;
          }
          throw new StoreError(`the store at ${new URL(url).origin} cannot be reached: ${(error as Error).message}`, 30, error);
        }
      }
    };
    // Credentials only when asked for, in the scheme asked for: a password never goes out in
    // Basic to a store that would take Digest. A large body is not sent only to be refused: the
    // store's challenge is asked for first (Virtuoso answers 401 before the body has arrived and
    // resets the connection: "write ECONNRESET"), and a Digest challenge once answered is answered
    // again with each request (RFC 7616: the same nonce, the next count) until the store says stale.
    if (this.options.user && !this.challenge && body !== undefined && body.length > 64 * 1024) {
      const probe = await this.request(url, 'GET', {}, undefined).catch(() => undefined);
      if (probe?.status === 401) this.learn(probe.headers.get('www-authenticate') ?? '', url);
    }
    const cached = this.options.user ? this.challenge : undefined;
    let first: RemoteAnswer;
    try {
      // With a held challenge, a reset is first taken for an expired one (below), not retried as it is.
      first = await go(cached ? this.authorization(cached, method, new URL(url)) : undefined, !cached);
    } catch (error) {
      // Refused mid-body, as an expired nonce may be: the challenge asked for again, once.
      if (!cached || this.challenge !== cached) throw error;
      this.challenge = undefined;
      return this.send(url, method, headers, body, onChunk);
    }
    if (first.status !== 401 || !this.options.user) return first;
    const challenge = this.learn(first.headers.get('www-authenticate') ?? '', url);
    return challenge ? go(this.authorization(challenge, method, new URL(url))) : first;
  }

  /** The challenge last answered, in force for the next requests. */
  private challenge: { digest: string } | { basic: true } | undefined;

  /** A 401's challenge, kept: Digest wherever it is offered (several arrive joined by commas), else Basic over https. */
  private learn(header: string, url: string): typeof this.challenge {
    const digest = /(?:^|,\s*)(Digest\s[\s\S]*?)(?=,\s*Basic\b|$)/i.exec(header)?.[1];
    if (digest) return (this.challenge = { digest });
    if (/^basic/i.test(header)) {
      if (new URL(url).protocol !== 'https:') throw new StoreError(`the store asks for Basic authentication over plain http, which would send the password in clear: use https, or Digest`, 60);
      return (this.challenge = { basic: true });
    }
    return undefined;
  }

  private authorization(challenge: NonNullable<typeof this.challenge>, method: string, url: URL): string {
    return 'digest' in challenge ? this.digest(challenge.digest, method, url) : `Basic ${Buffer.from(`${this.options.user}:${this.options.password ?? ''}`).toString('base64')}`;
  }

  /**
   * A connection per request by default: on a reused connection Virtuoso 7.2.5 sends an answer of
   * more than a few kilobytes in two writes, the second held until the first is acknowledged, which
   * a client acknowledges after 40 ms (a page of statements took 52 ms instead of 11); a new
   * connection acknowledges at once. With `reuse` (the public endpoint's short answers) a connection
   * is kept until an answer comes in more than one piece. At most 16 at once.
   */
  private agentsMade: { http: HttpAgent; https: HttpsAgent } | undefined;
  private get agents() {
    const max = this.options.maxSockets ?? 16;
    // Idle connections kept 2 s: well within the store's own keep-alive, so it never closes one under us.
    return (this.agentsMade ??= { http: new HttpAgent({ keepAlive: this.options.reuse ?? false, keepAliveMsecs: 1000, maxSockets: max, timeout: 2000 }), https: new HttpsAgent({ keepAlive: true, maxSockets: max }) });
  }

  /** Each endpoint's URL read once, as the options node's request takes. */
  private readonly targets = new Map<string, { protocol: string; hostname: string; port: string; path: string; auth?: string }>();
  private target(url: string) {
    let known = this.targets.get(url);
    if (!known) {
      const u = new URL(url);
      const auth = u.username || u.password ? `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}` : undefined;
      // Bracketed IPv6 literals lose their brackets as a hostname.
      known = { protocol: u.protocol, hostname: u.hostname.replace(/^\[(.*)\]$/, '$1'), port: u.port, path: `${u.pathname}${u.search}`, ...(auth ? { auth } : {}) };
      // The endpoints only: the Graph Store Protocol's URLs differ per graph and version.
      if (url === this.options.queryEndpoint || url === this.options.updateEndpoint) this.targets.set(url, known);
    }
    return known;
  }

  /** With `onChunk`, a 2xx body goes there as it comes, not into `text`. */
  private request(url: string, method: string, headers: Record<string, string>, body: string | undefined, onChunk?: (chunk: Buffer) => void): Promise<RemoteAnswer> {
    const target = this.target(url);
    const secure = target.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)({
        ...target, method, agent: secure ? this.agents.https : this.agents.http, timeout: this.options.timeoutMs ?? 60_000,
        headers: body !== undefined ? { ...headers, 'content-length': String(Buffer.byteLength(body)) } : headers,
      }, (res) => {
        const chunks: Buffer[] = [];
        let pieces = 0;
        // Taken now: a kept connection leaves the answer when it ends.
        const socket = res.socket;
        const streaming = onChunk && res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300;
        res.on('data', (c: Buffer) => (pieces++, streaming ? onChunk(c) : chunks.push(c)));
        res.on('end', () => {
          // An answer in several pieces was written in several writes: the next on this connection
          // could wait on the acknowledgement (above). A new connection for the next one then.
          if (pieces > 1 && !secure) socket?.destroy();
          // node's own header object (names lower-cased), not a Headers: that costs a query a tenth of a millisecond.
          const headers = { get: (name: string) => { const v = res.headers[name]; return Array.isArray(v) ? v.join(', ') : v; } };
          resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('the operation was aborted due to timeout')));
      req.on('error', (error: NodeJS.ErrnoException) => {
        const stale = req.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
        reject(stale ? Object.assign(error, { reusedSocket: true }) : error);
      });
      req.end(body);
    });
  }

  private digest(challenge: string, method: string, url: URL): string {
    const params = Object.fromEntries([...challenge.slice(7).matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)].map((m) => [m[1]!.toLowerCase(), m[2] ?? m[3] ?? '']));
    const algorithm = (params.algorithm ?? 'MD5').toUpperCase();
    if (algorithm !== 'MD5' && algorithm !== 'SHA-256') throw new StoreError(`the store asks for Digest with ${algorithm}, which is not spoken here (MD5, SHA-256)`, 60);
    const hash = (s: string) => createHash(algorithm.startsWith('SHA-256') ? 'sha256' : 'md5').update(s).digest('hex');
    const uri = `${url.pathname}${url.search}`;
    const cnonce = randomBytes(8).toString('hex');
    const nc = (++this.nonceCount).toString(16).padStart(8, '0');
    const qop = (params.qop ?? '').split(',').map((q) => q.trim()).includes('auth') ? 'auth' : undefined;
    const ha1 = hash(`${this.options.user}:${params.realm}:${this.options.password}`);
    const ha2 = hash(`${method}:${uri}`);
    const response = qop ? hash(`${ha1}:${params.nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : hash(`${ha1}:${params.nonce}:${ha2}`);
    const quoted = (v: string | undefined) => (v ?? '').replace(/["\\]/g, '\\$&');
    const fields = [`username="${quoted(this.options.user)}"`, `realm="${quoted(params.realm)}"`, `nonce="${params.nonce}"`, `uri="${uri}"`, `response="${response}"`, `algorithm=${algorithm}`,
      ...(params.opaque ? [`opaque="${params.opaque}"`] : []), ...(qop ? [`qop=${qop}`, `nc=${nc}`, `cnonce="${cnonce}"`] : [])];
    return `Digest ${fields.join(', ')}`;
  }
}
