// An external SPARQL 1.1 store, spoken to by the W3C protocols only: queries (Protocol), updates,
// and graphs loaded whole with the Graph Store Protocol (not INSERT DATA: Virtuoso takes about a
// thousand triples a request that way, and no blank nodes). HTTP Digest (RFC 7616, MD5 and
// SHA-256) or Basic authentication, whichever the store asks for.
import { createHash, randomBytes } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { ServiceUnavailable } from '../errors.js';

export interface RemoteOptions {
  queryEndpoint: string;
  updateEndpoint?: string | undefined;
  graphStoreEndpoint?: string | undefined;
  user?: string | undefined;
  password?: string | undefined;
  /** How long one request may take. */
  timeoutMs?: number;
}

/** What the store answered: status, headers and body as text. */
export interface RemoteAnswer {
  status: number;
  /** A header by its lower-case name. */
  headers: { get(name: string): string | undefined };
  text: string;
}

export class StoreError extends ServiceUnavailable {}

export class RemoteStore {
  private nonceCount = 0;

  constructor(private readonly options: RemoteOptions) {}

  /**
   * A SPARQL query, POSTed as a form (no query is too long for a URL; Virtuoso 7.2.5 never
   * answers a POST of application/sparql-query); the answer in `accept`.
   */
  async query(query: string, accept: string, dataset: { defaultGraphs?: string[]; namedGraphs?: string[] } = {}): Promise<RemoteAnswer> {
    const form = new URLSearchParams({ query });
    for (const g of dataset.defaultGraphs ?? []) form.append('default-graph-uri', g);
    for (const g of dataset.namedGraphs ?? []) form.append('named-graph-uri', g);
    return this.send(this.options.queryEndpoint, 'POST', { 'content-type': 'application/x-www-form-urlencoded', accept }, form.toString());
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

  /** A graph as N-Triples (the Graph Store Protocol's GET: a query's answer would be cut at the store's row limit). */
  async getGraph(graph: string): Promise<string> {
    const answer = await this.send(this.graphUrl(graph), 'GET', { accept: 'application/n-triples' }, undefined);
    if (answer.status === 404) return '';
    await this.expect(answer, `reading <${graph}>`);
    return answer.text;
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
  private async send(url: string, method: string, headers: Record<string, string>, body: string | undefined): Promise<RemoteAnswer> {
    const go = async (authorization?: string): Promise<RemoteAnswer> => {
      try {
        return await this.request(url, method, { ...headers, ...(authorization ? { authorization } : {}) }, body);
      } catch (error) {
        throw new StoreError(`the store at ${new URL(url).origin} cannot be reached: ${(error as Error).message}`, 30, error);
      }
    };
    // Credentials only when asked for, in the scheme asked for: a password never goes out in
    // Basic to a store that would take Digest.
    const first = await go();
    if (first.status !== 401 || !this.options.user) return first;
    const challenge = first.headers.get('www-authenticate') ?? '';
    // Digest wherever it is offered (several challenges arrive joined by commas).
    const digest = /(?:^|,\s*)(Digest\s[\s\S]*?)(?=,\s*Basic\b|$)/i.exec(challenge)?.[1];
    if (digest) return go(this.digest(digest, method, new URL(url)));
    if (/^basic/i.test(challenge)) {
      if (new URL(url).protocol !== 'https:') throw new StoreError(`the store asks for Basic authentication over plain http, which would send the password in clear: use https, or Digest`, 60);
      return go(`Basic ${Buffer.from(`${this.options.user}:${this.options.password ?? ''}`).toString('base64')}`);
    }
    return first;
  }

  /** Kept-alive connections: each query is a round trip on loopback, not a new connection (fetch cost milliseconds more). */
  private readonly agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 16 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 16 }) };

  private request(url: string, method: string, headers: Record<string, string>, body: string | undefined): Promise<RemoteAnswer> {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)(target, {
        method, agent: secure ? this.agents.https : this.agents.http, timeout: this.options.timeoutMs ?? 60_000,
        headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          // node's own header object (names lower-cased), not a Headers: that costs a query a tenth of a millisecond.
          const headers = { get: (name: string) => { const v = res.headers[name]; return Array.isArray(v) ? v.join(', ') : v; } };
          resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('the operation was aborted due to timeout')));
      req.on('error', reject);
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
