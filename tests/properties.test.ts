// Properties that hold whatever a client or a file sends, checked on generated input (fast-check):
// negotiation always chooses an offered type or none; the router answers every path and method
// without a 5xx; the SPARQL front answers every query text with 2xx, 4xx or a deliberate 503;
// the loaders either read a file or report a syntax error with its file, and never crash.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RdfSyntaxError } from '../src/errors.js';
import { createApp, type App } from '../src/http/app.js';
import { parseInto, type Syntax } from '../src/load/parse.js';
import { negotiate, negotiateLanguage } from '../src/represent/negotiate.js';
import { openProject } from '../src/pipeline.js';
import { BASE, bundledConfig } from './helpers.js';

const RUNS = { numRuns: 300 };
const OFFERED = ['text/turtle', 'text/html', 'application/ld+json', 'application/n-triples', 'application/rdf+xml'];

/** Pieces clients put in headers, paths and queries, mixed with any text. */
const token = fc.oneof(
  fc.constantFrom('text/turtle', 'text/*', '*/*', 'application/ld+json', 'text/html', 'image/png', '*/html', 'q=0', 'q=0.5', 'q=1.5', 'q=x', 'charset=utf-8', 'profile="x"', 'level=1', ';', ',', '=', ' ', '"', '\t'),
  fc.string({ maxLength: 12 }),
);
const header = fc.array(token, { maxLength: 12 }).map((parts) => parts.join(''));

let app: App;
beforeAll(async () => {
  app = createApp(await openProject(bundledConfig()), { sparql: { timeoutMs: 500, workers: 1 } });
});
afterAll(() => app.close());

describe('content negotiation', () => {
  it('chooses one of the offered types, or none; never throws', () => {
    fc.assert(fc.property(fc.option(header, { nil: undefined }), fc.option(fc.string({ maxLength: 20 }), { nil: undefined }), (accept, format) => {
      const chosen = negotiate(accept, OFFERED, OFFERED[0]!, format);
      expect(chosen === null || OFFERED.includes(chosen)).toBe(true);
    }), RUNS);
  });

  it('gives the fallback to a client that states no preference, and honours one that names a single type', () => {
    fc.assert(fc.property(fc.constantFrom(...OFFERED), fc.constantFrom(undefined, '', '  '), (type, empty) => {
      expect(negotiate(empty, OFFERED, OFFERED[0]!)).toBe(OFFERED[0]);
      expect(negotiate(type, OFFERED, OFFERED[0]!)).toBe(type);
      expect(negotiate(`${type};q=0, */*;q=0.1`, OFFERED, OFFERED[0]!)).not.toBe(type);
    }), RUNS);
  });

  it('answers lv or en for any Accept-Language', () => {
    fc.assert(fc.property(fc.option(header, { nil: undefined }), (h) => {
      expect(['lv', 'en']).toContain(negotiateLanguage(h));
    }), RUNS);
  });
});

describe('the router', () => {
  const segment = fc.oneof(
    fc.constantFrom('id', 'doc', 'def', 'shapes', 'api', 'sparql', 'graph', 'dumps', 'activity', 'sdg', '13', '..', '.', '', 'catalog', 'health', 'metrics', '%2F', '%00', '%E0%A4%A', 'Rīga', 'x.ttl', 'x.lv.html', '?', '#', '%'),
    fc.string({ maxLength: 10 }),
  );
  const path = fc.array(segment, { maxLength: 6 }).map((parts) => `/${parts.join('/')}`);
  const query = fc.array(fc.tuple(fc.constantFrom('format', 'lang', 'q', 'page', 'limit', 'from', 'to', 'query', 'x'), fc.string({ maxLength: 12 })), { maxLength: 4 })
    .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));

  it('answers every path, query and method, and never with a 5xx', async () => {
    await fc.assert(fc.asyncProperty(path, query, fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'get', 'BREW'), header, async (p, q, method, accept) => {
      const res = await app.handle({ method, url: p + q, headers: { accept, 'accept-language': accept } });
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.error).toBeUndefined();
      // A query on a busy machine may run out of time: that 503 must say when to come back.
      if (res.status === 503) {
        expect(res.route).toBe('SPARQL endpoint');
        expect(res.headers['retry-after']).toBeDefined();
      } else expect(res.status).toBeLessThan(500);
    }), { numRuns: 400 });
  });
});

describe('the SPARQL front', () => {
  const valid = [
    'SELECT ?s WHERE { ?s ?p ?o } LIMIT 3',
    'ASK { ?s a ?t }',
    'CONSTRUCT WHERE { ?s <http://schema.org/name> ?n } LIMIT 2',
    `PREFIX dct: <http://purl.org/dc/terms/> SELECT ?a (COUNT(*) AS ?n) WHERE { ?a dct:subject ?g } GROUP BY ?a`,
    'DESCRIBE <http://localhost:8080/id/place/riga>',
  ];
  /** A valid query with characters deleted, repeated, swapped or inserted. */
  const mutated = fc.tuple(fc.constantFrom(...valid), fc.array(fc.tuple(fc.nat(), fc.constantFrom('delete', 'repeat', 'insert'), fc.constantFrom('{', '}', '(', ')', '"', '<', '>', '?', 'UNION', 'SERVICE', 'INSERT', '#', '\\', '\u0000', ' ')), { maxLength: 6 }))
    .map(([q, edits]) => edits.reduce((text, [at, how, piece]) => {
      const i = at % (text.length + 1);
      return how === 'delete' ? text.slice(0, i) + text.slice(i + 1) : how === 'repeat' ? text.slice(0, i) + text.slice(i, i + 8).repeat(3) + text.slice(i) : text.slice(0, i) + piece + text.slice(i);
    }, q));

  it('answers any query text with 2xx, 4xx, or a 503 that says when to retry', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(mutated, fc.string({ maxLength: 60 })), fc.constantFrom('GET', 'POST'), header, async (query, method, accept) => {
      const res = method === 'GET'
        ? await app.handle({ method, url: `/sparql?${new URLSearchParams({ query })}`, headers: { accept } })
        : await app.handle({ method, url: '/sparql', headers: { accept, 'content-type': 'application/sparql-query' }, body: Buffer.from(query) });
      expect(res.error).toBeUndefined();
      if (res.status === 503) expect(res.headers['retry-after']).toBeDefined();
      else expect(res.status).toBeLessThan(500);
    }), { numRuns: 200 });
  });
});

describe('the loaders', () => {
  const turtle = [
    '@prefix s: <http://schema.org/> .\n<id/x> a s:Place ; s:name "x"@lv .\n',
    '<http://a> <http://b> "c"^^<http://www.w3.org/2001/XMLSchema#date> .\n',
    '[ <http://p> ( 1 2 [ <http://q> "r" ] ) ] .\n',
  ];
  const text = fc.oneof(
    fc.tuple(fc.constantFrom(...turtle), fc.nat(), fc.string({ maxLength: 8 })).map(([t, at, piece]) => t.slice(0, at % t.length) + piece + t.slice(at % t.length)),
    fc.string({ maxLength: 80 }),
  );

  // Found by the property below: N3.js threw an uncaught TypeError after reporting this one,
  // which would have ended a server loading or reloading such a file.
  it.each<Syntax>(['turtle', 'trig'])('reports a bad IRI in a prefix declaration (%s) as a syntax error with its line', async (syntax) => {
    const bad = '@prefix s: <http://example.org/> .\n@prefix t: <ht%tp://schema.org/> .\n<id/x> a t:Place .\n';
    await expect(parseInto(bad, syntax, BASE, 'data/x.ttl', () => {})).rejects.toMatchObject({ file: 'data/x.ttl', line: 2 });
  });

  it.each<Syntax>(['turtle', 'n-triples', 'n-quads', 'trig', 'json-ld', 'rdf-xml'])('reads %s or reports a syntax error with the file, and never crashes', async (syntax) => {
    await fc.assert(fc.asyncProperty(text, async (t) => {
      let quads = 0;
      try {
        await parseInto(t, syntax, BASE, 'data/x', () => void quads++);
      } catch (error) {
        expect(error).toBeInstanceOf(RdfSyntaxError);
        expect((error as RdfSyntaxError).file).toBe('data/x');
      }
      expect(quads).toBeGreaterThanOrEqual(0);
    }), { numRuns: 150 });
  });
});
