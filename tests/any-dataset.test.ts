// serve --data: any publisher's RDF files, in every syntax the loader reads, with the same
// endpoint; the query command, locally and against a running server.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { createApp } from '../src/http/app.js';
import { openProject } from '../src/pipeline.js';
import { BASE, bundledConfig, captureIo, scratch, serve } from './helpers.js';

const dir = join(import.meta.dirname, 'fixtures', 'other-dataset');
const files = ['books.ttl', 'books.nt', 'books.nq', 'books.trig', 'books.jsonld', 'books.rdf'].map((f) => join(dir, f));

describe('another publisher’s dataset', () => {
  let origin: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const project = await openProject(bundledConfig({ dataFiles: files }));
    expect(project.syntaxErrors).toEqual([]);
    expect(project.report.results).toEqual([]); // our shapes target nothing here
    ({ origin, close } = await serve(createApp(project)));
  });
  afterAll(() => close());

  it('loads every syntax and answers SPARQL over all of it', async () => {
    const res = await fetch(`${origin}/sparql?query=${encodeURIComponent('SELECT ?t WHERE { ?b <http://example.org/title> ?t } ORDER BY ?t')}`, { headers: { accept: 'text/csv' } });
    expect((await res.text()).trim().split('\r\n').slice(1)).toEqual(['JSON-LD book', 'N-Quads book', 'N-Triples book', 'RDF/XML book', 'TriG book', 'Turtle book']);
  });

  it('keeps the named graphs of N-Quads and TriG, and puts each other file in a graph of its own', async () => {
    const res = await fetch(`${origin}/sparql?query=${encodeURIComponent('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g')}`, { headers: { accept: 'text/csv' } });
    expect((await res.text()).trim().split('\r\n').slice(1)).toEqual([
      'http://example.org/graphs/box', 'http://example.org/graphs/shelf',
      `${BASE}graph/books`,
    ]);
  });

  it('has no catalogue of its own, so none is served', async () => {
    const res = await fetch(`${origin}/catalog`, { headers: { accept: 'text/turtle' } });
    expect(res.status).toBe(404);
    // The site root, asked for RDF, points at the VoID description instead; the sitemap leaves it out.
    const root = await fetch(`${origin}/`, { headers: { accept: 'text/turtle' }, redirect: 'manual' });
    expect(root.headers.get('location')).toBe(`${BASE}.well-known/void.ttl`);
    expect(await (await fetch(`${origin}/sitemap.xml`)).text()).not.toContain('/catalog<');
    const voidTtl = await (await fetch(`${origin}/.well-known/void.ttl`)).text();
    expect(voidTtl).toContain('void:sparqlEndpoint');
    expect(voidTtl).not.toContain('rootResource');
    // Nor does any page link to it.
    for (const page of ['/', '/dumps/', '/search?q=book', '/sparql']) {
      const html = await (await fetch(`${origin}${page}`, { headers: { accept: 'text/html' } })).text();
      expect(html).toContain('<nav');
      expect(html).not.toMatch(/href="\/catalog/);
    }
  });

  it('runs the query command against the running server', async () => {
    const io = captureIo();
    const code = await run(['query', '--endpoint', `${origin}/sparql`, 'SELECT ?t WHERE { <http://example.org/book1> <http://example.org/title> ?t }'], {}, io);
    expect(code).toBe(0);
    expect(io.stdout()).toBe('t\n-----------\nTurtle book\n(1 row)\n');
  });
});

describe('sdg-lod query on the bundled data', () => {
  const env = { SDG_LOD_IMPORT_DIR: join(scratch, 'cli-import') };
  it('prints a table with the project’s prefixes', async () => {
    const io = captureIo();
    const code = await run(['query', 'PREFIX dct: <http://purl.org/dc/terms/> SELECT ?a WHERE { ?a dct:subject <http://metadata.un.org/sdg/5> ; a <http://localhost:8080/def/Activity> } ORDER BY ?a'], env, io);
    expect(code).toBe(0);
    expect(io.stdout()).toBe([
      'a',
      '-'.repeat('activity:2021-04-15-labjutiba-un-veseliba'.length),
      'activity:2019-06-05-dzimumu-lidztiesiba',
      'activity:2021-04-15-labjutiba-un-veseliba',
      '(2 rows)',
      '',
    ].join('\n'));
  });

  it.each([
    [['--format', 'csv', 'ASK { ?s ?p ?o }'], 0, /^true/],
    [['--format', 'json', 'SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://localhost:8080/def/Activity> }'], 0, /"value":"8"/],
    [['CONSTRUCT WHERE { <http://localhost:8080/id/place/riga> ?p ?o }'], 0, /Rīga/],
    [['SELECT ?x WHERE {'], 1, /SPARQL error: error at 1:/],
    [['INSERT DATA { <a> <b> <c> }'], 2, /read-only/],
    [['--format', 'xml', 'ASK {}'], 0, /<boolean>true<\/boolean>/],
    [['--format', 'xml', 'CONSTRUCT WHERE { <http://localhost:8080/id/place/riga> ?p ?o }'], 0, /<rdf:RDF/],
    [['--format', 'pdf', 'ASK {}'], 2, /--format for this query is table or one of json, xml, csv, tsv/],
  ])('%j exits %i', async (args, code, output) => {
    const io = captureIo();
    expect(await run(['query', ...args], env, io)).toBe(code);
    expect(io.stdout() + io.stderr()).toMatch(output);
  });
});
