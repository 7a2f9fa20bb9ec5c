// Publishing over real HTTP: cool URIs, content negotiation and its headers, conditional
// requests, CORS, descriptions, formats that carry the same graph, dumps, catalogue, VoID.
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jsonld from 'jsonld';
import N3 from 'n3';
import * as ox from 'oxigraph';
import type { Quad } from '@rdfjs/types';
import { createApp } from '../src/http/app.js';
import { sitemaps } from '../src/http/handlers/pages.js';
import { listen } from '../src/http/server.js';
import { openProject, type Project } from '../src/pipeline.js';
import { contextFor } from '../src/represent/context.js';
import { isomorphic } from './isomorphic.js';
import { BASE, bundledConfig, openWith, PREFIXES } from './helpers.js';

let server: Server;
let origin: string;
let project: Project;
const ACTIVITY = 'activity/2021-05-12-tehnologijas-ir-atbilde';

beforeAll(async () => {
  project = await openProject(bundledConfig(), { modified: new Date('2026-11-24T10:00:00Z') });
  server = await listen(createApp(project), 0, '127.0.0.1', undefined);
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  fetch(`${origin}/${path}`, { headers, method, redirect: 'manual' });

function n3Term(t: { termType: string; value: string; language?: string; datatype?: { value: string } }): N3.Term {
  if (t.termType === 'NamedNode') return N3.DataFactory.namedNode(t.value);
  if (t.termType === 'BlankNode') return N3.DataFactory.blankNode(t.value);
  return N3.DataFactory.literal(t.value, t.language || N3.DataFactory.namedNode(t.datatype!.value));
}

async function parse(body: string, type: string): Promise<Quad[]> {
  const base = `${BASE}doc/${ACTIVITY}`;
  const triples = (qs: Quad[]) => qs.map((q) => N3.DataFactory.quad(q.subject, q.predicate, q.object));
  switch (type) {
    case 'text/turtle':
    case 'application/n-triples':
      return triples(new N3.Parser({ baseIRI: base }).parse(body));
    case 'application/ld+json': {
      const context = contextFor(BASE);
      const documentLoader = async (url: string) => ({ documentUrl: url, document: context, contextUrl: undefined });
      const nquads = (await jsonld.toRDF(JSON.parse(body), { format: 'application/n-quads', documentLoader: documentLoader as never })) as unknown as string;
      return triples(new N3.Parser({ format: 'N-Quads' }).parse(nquads));
    }
    case 'application/rdf+xml':
      // Term by term, not through the terms' text: oxigraph writes a literal's line breaks as they are.
      return ox.parse(body, { format: 'application/rdf+xml', base_iri: base }).map((q) => N3.DataFactory.quad(n3Term(q.subject) as N3.Quad_Subject, n3Term(q.predicate) as N3.Quad_Predicate, n3Term(q.object) as N3.Quad_Object));
    default:
      throw new Error(type);
  }
}

describe('cool URIs', () => {
  it.each([
    ['text/turtle', 'ttl'],
    ['application/ld+json', 'jsonld'],
    ['application/n-triples', 'nt'],
    ['application/rdf+xml', 'rdf'],
    ['text/html,application/xhtml+xml;q=0.9,*/*;q=0.8', 'html'],
    ['*/*', 'ttl'],
  ])('GET id/… with Accept %s → 303 to the .%s description', async (accept, ext) => {
    const res = await get(`id/${ACTIVITY}`, { accept });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${BASE}doc/${ACTIVITY}.${ext}`);
    expect(res.headers.get('vary')).toContain('Accept');
  });

  it.each([
    [`id/${ACTIVITY}?lang=lv`, 'text/html', `${BASE}doc/${ACTIVITY}.html?lang=lv`],
    [`id/${ACTIVITY}?lang=lv`, 'text/turtle', `${BASE}doc/${ACTIVITY}.ttl`],
    ['def/0.1.0?lang=lv', 'text/html', `${BASE}def/?lang=lv`],
    ['shapes/Activity?lang=en&x=1', 'text/html', `${BASE}shapes/?lang=en`],
  ])('keeps the language a reader chose across the redirect: %s (%s)', async (path, accept, location) => {
    expect((await get(path, { accept })).headers.get('location')).toBe(location);
  });

  it('takes ?format= on a thing as on its description', async () => {
    const res = await get(`id/${ACTIVITY}?format=jsonld`, { accept: 'text/html' });
    expect(res.headers.get('location')).toBe(`${BASE}doc/${ACTIVITY}.jsonld`);
  });

  it.each([
    ['graph/letter', `${BASE}.well-known/void#letter`],
    ['graph/sdg', `${BASE}.well-known/void#sdg`],
    ['graph/catalog', `${BASE}catalog`],
  ])('answers a named graph’s IRI %s with a 303 to what describes it', async (path, location) => {
    const res = await get(path, { accept: 'text/turtle' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(location);
    expect((await get('graph/nothing')).status).toBe(404);
  });

  it('answers 406 listing the offered types', async () => {
    const res = await get(`id/${ACTIVITY}`, { accept: 'image/png' });
    expect(res.status).toBe(406);
    expect(await res.text()).toMatch(/available as: text\/turtle, text\/html, application\/ld\+json, application\/n-triples, application\/rdf\+xml/);
  });

  it('answers 404 with a page that helps a person, and plain text otherwise', async () => {
    const page = await get('id/activity/nope', { accept: 'text/html' });
    expect(page.status).toBe(404);
    const html = await page.text();
    expect(html).toContain('action="/search"');
    expect(html).toMatch(/href="\/\?lang=en"/);
    const plain = await get('doc/activity/nope.ttl');
    expect(plain.status).toBe(404);
    expect(plain.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it('finds resources by label, diacritics or not', async () => {
    const res = await get('search?q=tehnologijas&lang=lv');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`/doc/${ACTIVITY}?lang=lv`);
  });
});

describe('a description', () => {
  const cases: [string, Record<string, string>, string][] = [
    [`doc/${ACTIVITY}`, { accept: 'text/turtle' }, 'text/turtle'],
    [`doc/${ACTIVITY}`, { accept: 'application/ld+json' }, 'application/ld+json'],
    [`doc/${ACTIVITY}`, {}, 'text/turtle'],
    [`doc/${ACTIVITY}.nt`, { accept: 'text/html' }, 'application/n-triples'],
    [`doc/${ACTIVITY}.rdf`, {}, 'application/rdf+xml'],
    [`doc/${ACTIVITY}.html`, {}, 'text/html'],
    [`doc/${ACTIVITY}?format=jsonld`, { accept: 'text/html' }, 'application/ld+json'],
    [`doc/${ACTIVITY}?format=text/turtle`, {}, 'text/turtle'],
  ];
  it.each(cases)('GET %s %j → %s with all the headers', async (path, headers, type) => {
    const res = await get(path, headers);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')!.split(';')[0]).toBe(type);
    expect(res.headers.get('content-location')).toMatch(new RegExp(`^${BASE}doc/${ACTIVITY}\\.(ttl|jsonld|nt|rdf|html)$`));
    expect(res.headers.get('link')!.split(', ').filter((l) => l.includes('rel="alternate"'))).toHaveLength(4);
    expect(res.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    expect(res.headers.get('last-modified')).toBe('Tue, 24 Nov 2026 10:00:00 GMT');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(res.headers.get('vary')).toContain('Accept-Language');
  });

  it('ignores a ?format= it does not offer where Accept can be met, and names it in the 406 where not', async () => {
    const html = await get(`doc/${ACTIVITY}?format=pdf`, { accept: 'text/html' });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    const refused = await get(`doc/${ACTIVITY}?format=pdf`, { accept: 'image/png' });
    expect(refused.status).toBe(406);
    expect(await refused.text()).toMatch(/format "pdf" is not offered/);
  });

  it.each([
    ['a derived integer type', '"5"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>'],
    ['a decimal as written', '"1.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'],
    ['a language tag', '"Rīga"@lv'],
    ['markup and line breaks', '"a < b & \\"c\\"\\n\\nd"'],
    ['a datatype of our own', '"0620200"^^<http://localhost:8080/def/ATVKCode>'],
  ])('keeps %s in RDF/XML as it is', async (_, object) => {
    const { toRdfXml } = await import('../src/represent/rdf.js');
    const [given] = new N3.Parser({ format: 'N-Triples' }).parse(`<http://a.example/s> <http://schema.org/value> ${object} .`);
    const back = ox.parse(toRdfXml([given!]), { format: 'application/rdf+xml' }).map((q) => n3Term(q.object));
    expect(back.map((t) => N3.termToId(t))).toEqual([N3.termToId(given!.object as N3.Term)]);
  });

  it('carries the same graph in every RDF format', async () => {
    const turtle = await parse(await (await get(`doc/${ACTIVITY}.ttl`)).text(), 'text/turtle');
    expect(turtle.length).toBeGreaterThan(20);
    for (const [ext, type] of [['jsonld', 'application/ld+json'], ['nt', 'application/n-triples'], ['rdf', 'application/rdf+xml']]) {
      const other = await parse(await (await get(`doc/${ACTIVITY}.${ext}`)).text(), type!);
      expect(isomorphic(other, turtle), ext).toBe(true);
    }
  });

  it('gives the same bytes in every format each time the data is loaded and rendered (blank nodes too), so ETags hold across restarts', async () => {
    const again = await openProject(bundledConfig(), { modified: new Date('2026-11-24T10:00:00Z') });
    for (const ext of ['ttl', 'jsonld', 'nt', 'rdf', 'html']) {
      const [a, b] = await Promise.all([createApp(project), createApp(again)].map((app) => app.handle({ method: 'GET', url: `/doc/${ACTIVITY}.${ext}`, headers: {} })));
      expect(a!.body!.equals(b!.body!), ext).toBe(true);
    }
  });

  it('holds its own triples, the labels of what it links to, and what links to it', async () => {
    const quads = await parse(await (await get(`doc/${ACTIVITY}.ttl`)).text(), 'text/turtle');
    const has = (s: string, p: string, o?: string) => quads.some((q) => q.subject.value === s && q.predicate.value === p && (o === undefined || q.object.value === o));
    const me = `${BASE}id/${ACTIVITY}`;
    expect(has(me, 'http://schema.org/startDate', '2021-05-12')).toBe(true);
    expect(quads.some((q) => q.predicate.value === 'http://schema.org/audienceType')).toBe(true); // blank-node closure
    expect(has('http://metadata.un.org/sdg/13', 'http://www.w3.org/2004/02/skos/core#altLabel', 'Rīcība klimata jomā')).toBe(true);
    expect(has(`${BASE}id/organization/lps`, 'http://schema.org/name', 'Latvijas Pašvaldību savienība')).toBe(true);
    expect(has(`${BASE}id/annotation/2021-05-12-tehnologijas-ir-atbilde-7-1`, 'http://www.w3.org/ns/oa#hasTarget', me)).toBe(true);
  });

  it('lists on a goal’s page the activities that addressed it', async () => {
    const res = await get('doc/sdg/13.ttl');
    expect(res.status).toBe(200);
    const quads = await parse(await res.text(), 'text/turtle');
    const addressed = quads.filter((q) => q.predicate.value === 'http://purl.org/dc/terms/subject' && q.object.value === 'http://metadata.un.org/sdg/13' && q.subject.value.includes('/id/activity/'));
    expect(addressed.map((q) => q.subject.value.slice(-30)).sort()).toHaveLength(4);
    const html = await (await get('doc/sdg/13.html?lang=lv')).text();
    expect(html).toContain('Rīcība klimata jomā');
    expect(html).toContain('--accent:#3F7E44');
    expect(html).toContain(`/doc/${ACTIVITY}?lang=lv`);
  });

  it('lists on a municipality’s page the activities held there or made with it', async () => {
    const salacgriva = await parse(await (await get('doc/municipality/lv-0661400.ttl')).text(), 'text/turtle');
    expect(salacgriva.some((q) => q.predicate.value === 'http://schema.org/location' && q.subject.value.endsWith('2019-06-05-dzimumu-lidztiesiba'))).toBe(true);
    const kuldiga = await parse(await (await get('doc/municipality/lv-0620200.ttl')).text(), 'text/turtle');
    const withIt = kuldiga.filter((q) => q.predicate.value === 'http://schema.org/contributor').map((q) => q.subject.value.replace(`${BASE}id/`, '')).sort();
    expect(withIt).toEqual(['activity/2020-11-14-video-par-iam', 'activity/2021-06-01-muzikas-un-makslas-video', 'video/lps-muzikas-un-makslas-video']);
  });
});

describe('JSON-LD', () => {
  it('is compacted with the published context, language maps and schema.org types', async () => {
    const doc = (await (await get(`doc/${ACTIVITY}.jsonld`)).json()) as { "@context": string; "@graph": { id: string; [k: string]: unknown }[] };
    expect(doc['@context']).toBe(`${BASE}context.jsonld`);
    const me = doc['@graph'].find((n) => n.id === `${BASE}id/${ACTIVITY}`)!;
    expect(me.type).toEqual(['Activity', 'EducationEvent']);
    expect(me.name).toEqual({ en: 'Technology is the answer, but what is the question?', lv: 'Tehnoloģijas ir atbilde, bet kāds ir jautājums?' });
    expect(me.startDate).toBe('2021-05-12');
    const context = (await (await get("context.jsonld")).json()) as { "@context": Record<string, unknown> };
    expect(context['@context'].name).toEqual({ '@id': 'schema:name', '@container': '@language' });
    expect(context['@context'].schema).toBe('http://schema.org/');
  });
});

describe('HTTP behaviour', () => {
  it('answers 304 to If-None-Match and If-Modified-Since', async () => {
    const first = await get(`doc/${ACTIVITY}.ttl`);
    const etag = first.headers.get('etag')!;
    const byTag = await get(`doc/${ACTIVITY}.ttl`, { 'if-none-match': `W/${etag}, "other"` });
    expect(byTag.status).toBe(304);
    expect(byTag.headers.get('etag')).toBe(etag);
    expect((await get(`doc/${ACTIVITY}.ttl`, { 'if-none-match': '"other"' })).status).toBe(200);
    expect((await get(`doc/${ACTIVITY}.ttl`, { 'if-modified-since': 'Tue, 24 Nov 2026 10:00:00 GMT' })).status).toBe(304);
    expect((await get(`doc/${ACTIVITY}.ttl`, { 'if-modified-since': 'Mon, 23 Nov 2026 10:00:00 GMT' })).status).toBe(200);
    expect((await get(`doc/${ACTIVITY}.ttl`, { 'if-modified-since': 'yesterday' })).status).toBe(200);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const head = await get(`doc/${ACTIVITY}.ttl`, {}, 'HEAD');
    const full = await get(`doc/${ACTIVITY}.ttl`);
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(full.headers.get('etag'));
    expect(head.headers.get('content-length')).toBe(full.headers.get('content-length'));
    expect(await head.text()).toBe('');
  });

  it('answers a CORS preflight', async () => {
    const res = await get(`doc/${ACTIVITY}`, { origin: 'https://example.org', 'access-control-request-method': 'GET', 'access-control-request-headers': 'accept, if-none-match' }, 'OPTIONS');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('GET');
    expect(res.headers.get('access-control-allow-headers')).toBe('accept, if-none-match');
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH'])('refuses %s with 405 and Allow', async (method) => {
    const res = await get(`doc/${ACTIVITY}`, {}, method);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  it.each([
    ['doc/%E0%A4%A', 400],
    ['doc/activity/..%2F..%2Fetc%2Fpasswd', 400],
    ['doc/' + 'x'.repeat(5000), 404],
  ])('answers %s with %i and stays up', async (path, status) => {
    expect((await get(path)).status).toBe(status);
    expect((await get(`doc/${ACTIVITY}.ttl`)).status).toBe(200);
  });

  it('compresses with gzip when asked, and says so in Vary', async () => {
    const { headers, body } = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      const req = httpRequest(`${origin}/dumps/sdg-lod.nq`, { headers: { 'accept-encoding': 'gzip, br' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(headers['content-encoding']).toBe('gzip');
    expect(String(headers.vary)).toContain('Accept-Encoding');
    const text = gunzipSync(body).toString('utf8');
    expect(text).toContain(`<${BASE}graph/letter> .`);
  });

  it('never takes IRIs from X-Forwarded-Host or X-Forwarded-Proto', async () => {
    const res = await get(`id/${ACTIVITY}`, { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', host: 'evil.example' });
    expect(res.headers.get('location')).toBe(`${BASE}doc/${ACTIVITY}.ttl`);
    const body = await (await get(`doc/${ACTIVITY}.ttl`, { 'x-forwarded-host': 'evil.example' })).text();
    expect(body).not.toContain('evil.example');
  });
});

describe('under a base IRI with a path, behind a proxy', () => {
  it('serves with or without the base path, always publishing the base IRIs', async () => {
    const p = await openProject(bundledConfig({ base: 'https://data.example.lv/sdg/' }));
    const app = createApp(p);
    for (const url of [`/sdg/id/${ACTIVITY}`, `/id/${ACTIVITY}`]) {
      const res = await app.handle({ method: 'GET', url, headers: { accept: 'text/turtle' } });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`https://data.example.lv/sdg/doc/${ACTIVITY}.ttl`);
    }
    const html = (await app.handle({ method: 'GET', url: `/sdg/doc/${ACTIVITY}.html`, headers: {} })).body!.toString();
    expect(html).toContain(`href="/sdg/doc/organization/lps?lang=en"`);
    // The query page's scripts and styles under the base path too, each served there.
    const page = (await app.handle({ method: 'GET', url: '/sdg/sparql', headers: { accept: 'text/html' } })).body!.toString();
    const assets = [...page.matchAll(/<(?:script src|link rel="stylesheet" href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBe(5);
    for (const url of assets) {
      expect(url).toMatch(/^\/sdg\/assets\//);
      expect((await app.handle({ method: 'GET', url, headers: {} })).status).toBe(200);
    }
  });
});

describe('HTML', () => {
  it('shows inferred targets beside the stated goals, marked as inferred, with the words they rest on', async () => {
    const html = await (await get(`doc/${ACTIVITY}.html?lang=en`)).text();
    const row = /<tr id="inferred-targets">([\s\S]*?)<\/tr>/.exec(html)![1]!;
    expect(row).toContain('href="/doc/sdg/7.1?lang=en"');
    expect(row).toContain('<span class="inferred"');
    expect(row).toContain('<q lang="lv">enerģētiskās nabadzības mazināšanu</q>');
    expect(row).toContain('href="/doc/annotation/2021-05-12-tehnologijas-ir-atbilde-7-1?lang=en"');
    // Right after the stated goals, and no longer only among what links here.
    expect(html.indexOf('id="inferred-targets"')).toBeGreaterThan(html.indexOf('SDG 13 — Climate action'));
    expect(html).not.toContain('id="referenced-by"');
    const turtle = await parse(await (await get(`doc/${ACTIVITY}.ttl`)).text(), 'text/turtle');
    expect(turtle.some((q) => q.predicate.value === 'http://www.w3.org/ns/oa#exact' && q.object.value === 'enerģētiskās nabadzības mazināšanu')).toBe(true);
  });

  it.each([
    ['en', 'online', 'education event'],
    ['lv', 'tiešsaistē', 'izglītojošs pasākums'],
  ])('names enumerated values and reused classes in %s, not by their IRIs', async (lang, mode, type) => {
    const html = await (await get(`doc/${ACTIVITY}.html?lang=${lang}`)).text();
    expect(html).toContain(`<a href="http://schema.org/OnlineEventAttendanceMode">${mode}</a>`);
    expect(html).toContain(`<a href="http://schema.org/EducationEvent">${type}</a>`);
    expect(html).not.toMatch(/>schema:[A-Z]/);
  });

  // Golden files: what a description looks like in three formats; `npx vitest -u` rewrites them after a deliberate change.
  it.each(['ttl', 'jsonld', 'html'])('renders the activity as its golden .%s', async (ext) => {
    const body = await (await get(`doc/${ACTIVITY}.${ext}?lang=en`)).text();
    await expect(body).toMatchFileSnapshot(`golden/activity.${ext}`);
  });

  it('escapes every literal, in the page and in the embedded JSON-LD', async () => {
    const evil = '<script>alert("x")</script> & <b>';
    const p = await openWith({
      'zz-evil.ttl': `${PREFIXES}\nplace:evil a schema:Place ;\n    schema:name ${JSON.stringify(evil)}@lv ;\n    prov:wasDerivedFrom document:2022-01-lps-vestule-pkc .\n`,
    });
    expect(p.report.conforms).toBe(true);
    const html = (await createApp(p).handle({ method: 'GET', url: '/doc/place/evil.html', headers: {} })).body!.toString();
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;');
    const embedded = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(embedded).not.toContain('<');
    expect(JSON.stringify(JSON.parse(embedded))).toContain('alert');
  });

  it('chooses Latvian or English by Accept-Language, ?lang= overriding', async () => {
    const lv = await get(`doc/${ACTIVITY}.html`, { 'accept-language': 'lv-LV,lv;q=0.9,en;q=0.5' });
    expect(lv.headers.get('content-language')).toBe('lv');
    expect(await lv.text()).toContain('<html lang="lv">');
    const en = await get(`doc/${ACTIVITY}.html?lang=en`, { 'accept-language': 'lv' });
    expect(en.headers.get('content-language')).toBe('en');
    expect(lv.headers.get('etag')).not.toBe(en.headers.get('etag'));
  });

  it.each([
    ['text/turtle', 'ttl'],
    ['application/ld+json', 'jsonld'],
    ['application/rdf+xml', 'rdf'],
    ['application/n-triples', 'nt'],
  ])('answers a linked-data client asking the site root for %s with a 303 to the dataset’s description', async (accept, ext) => {
    const res = await get('', { accept });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${BASE}catalog.${ext}`);
    expect(res.headers.get('vary')).toContain('Accept');
    const described = await get(`catalog.${ext}`);
    expect(described.status).toBe(200);
    expect((await get('', { accept: 'text/html,*/*;q=0.8' })).headers.get('content-type')).toMatch(/^text\/html/);
    expect((await get('', { accept: 'image/png' })).status).toBe(406);
  });

  it('shows the dataset at a glance on the home page', async () => {
    const html = await (await get('?lang=en', { accept: 'text/html' })).text();
    expect((html.match(/<circle data-date=/g) ?? []).length).toBe(8);
    expect(html).toMatch(/<g data-goal="13" data-count="4">/);
    for (const link of ['/catalog', '/sparql', '/dumps/?lang=en']) expect(html).toContain(`href="${link}"`);
  });
});

describe('dumps, catalogue, VoID, ontology and shapes', () => {
  it.each([
    ['dumps/sdg-lod.ttl', 'text/turtle'],
    ['dumps/sdg-lod.nt', 'application/n-triples'],
    ['dumps/sdg-lod.nq', 'application/n-quads'],
    ['dumps/sdg-lod.jsonld', 'application/ld+json'],
  ])('%s is the whole dataset as %s', async (path, type) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')!.split(';')[0]).toBe(type);
    const text = await res.text();
    expect(text).toContain('2021-05-12-tehnologijas-ir-atbilde');
    expect(text).toMatch(/sdg[:/]17\.19/);
  });

  it('gives the same triples in every dump, served from disk with a gzip copy', async () => {
    const parse = async (path: string, format: string) => new N3.Parser({ format }).parse(await (await get(path)).text());
    const nq = await parse('dumps/sdg-lod.nq', 'N-Quads');
    const triples = [...new Map(nq.map((q) => N3.DataFactory.quad(q.subject, q.predicate, q.object)).map((q) => [`${q.subject.value} ${q.predicate.value} ${N3.termToId(q.object as N3.Term)}`, q])).values()];
    const nt = await parse('dumps/sdg-lod.nt', 'N-Triples');
    const ttl = await parse('dumps/sdg-lod.ttl', 'Turtle');
    const fromJson = new N3.Parser({ format: 'N-Quads' }).parse(String(await jsonld.toRDF(await (await get('dumps/sdg-lod.jsonld')).json(), { format: 'application/n-quads' })));
    expect(triples.length).toBeGreaterThan(3000);
    for (const other of [nt, ttl, fromJson]) expect(isomorphic(other, triples)).toBe(true);
    const again = await get('dumps/sdg-lod.nt');
    expect(again.headers.get('etag')).toBe((await get('dumps/sdg-lod.nt')).headers.get('etag'));
    expect((await get('dumps/sdg-lod.nt', { 'if-none-match': again.headers.get('etag')! })).status).toBe(304);
  });

  it('keeps the named graphs in N-Quads', async () => {
    const quads = new N3.Parser({ format: 'N-Quads' }).parse(await (await get('dumps/sdg-lod.nq')).text());
    const graphs = new Set(quads.map((q) => q.graph.value));
    expect([...graphs].sort()).toEqual(['annotations', 'letter', 'municipalities', 'ontology', 'project', 'provenance', 'sdg'].map((g) => `${BASE}graph/${g}`));
  });

  it.each([
    ['catalog', 'text/turtle'],
    ['catalog', 'application/rdf+xml'],
    ['catalog', 'application/ld+json'],
    ['.well-known/void', 'text/turtle'],
    ['def/', 'text/turtle'],
    ['shapes/', 'text/turtle'],
  ])('%s in %s', async (path, type) => {
    const res = await get(path, { accept: type });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')!.split(';')[0]).toBe(type);
  });

  it('describes the catalogue, the dataset, each dump the SPARQL service and the change feed as DCAT', async () => {
    const quads = new N3.Parser().parse(await (await get('catalog', { accept: 'text/turtle' })).text());
    const typed = (t: string) => quads.filter((q) => q.predicate.value.endsWith('#type') && q.object.value === `http://www.w3.org/ns/dcat#${t}`).length;
    expect([typed('Catalog'), typed('Dataset'), typed('Distribution'), typed('DataService')]).toEqual([1, 1, 5, 2]);
    expect(quads.some((q) => q.predicate.value === 'http://purl.org/dc/terms/modified')).toBe(true);
    const period = quads.filter((q) => q.predicate.value === 'http://www.w3.org/ns/dcat#startDate' || q.predicate.value === 'http://www.w3.org/ns/dcat#endDate');
    expect(period.map((q) => q.object.value).sort()).toEqual(['2019-06-05', '2021-11-03']);
  });

  it('counts the triples of each graph in VoID', async () => {
    const quads = new N3.Parser().parse(await (await get('.well-known/void', { accept: 'text/turtle' })).text());
    const triples = quads.find((q) => q.subject.value.endsWith('#dataset') && q.predicate.value === 'http://rdfs.org/ns/void#triples');
    expect(Number(triples!.object.value)).toBeGreaterThan(3000);
    expect(quads.filter((q) => q.predicate.value === 'http://rdfs.org/ns/void#dataDump')).toHaveLength(4);
  });

  it('gives each term a page of its own, and sends versions and shapes to their documents', async () => {
    expect((await get('def/Activity', { accept: 'text/html' })).headers.get('location')).toBe(`${BASE}doc/def/Activity.html`);
    const term = await (await get('doc/def/Activity.html?lang=lv')).text();
    expect(term).toContain('<h1>IAM aktivitāte</h1>');
    expect(term).toContain('Pasākums vai darbība');
    expect((await get('def/0.1.0')).headers.get('location')).toBe(`${BASE}def/`);
    expect((await get('shapes/Activity')).headers.get('location')).toBe(`${BASE}shapes/`);
  });

  it('links only web IRIs, keeps the search on the language switch', async () => {
    const page = await (await get('search?q=riga&lang=en')).text();
    expect(page).toMatch(/id="lang-switch"[^>]*href="\/search\?q=riga&amp;lang=lv"/);
  });

  it('has a robots.txt and a sitemap of every page', async () => {
    expect(await (await get('robots.txt')).text()).toContain(`Sitemap: ${BASE}sitemap.xml`);
    const sitemap = await (await get('sitemap.xml')).text();
    expect(sitemap).toContain(`<loc>${BASE}doc/${ACTIVITY}.html</loc>`);
    expect((await get('sitemap-1.xml')).status).toBe(404);
  });

  it.each([
    ['sitemap.xml', 1],
    ['robots.txt', 1],
    ['dumps/', 1],
    // Searches are cheap to answer again; kept, thousands would push out costly pages.
    ['search?q=riga', 0],
  ])('answers %s with an ETag and 304 for a current copy, rendering it %i time(s) per version', async (path, kept) => {
    const rendered = async () => Number(/sdg_lod_cache_entries\{cache="rendered"\} (\d+)/.exec(await (await get('metrics')).text())![1]);
    const before = await rendered();
    const first = await get(`${path}${path.includes('?') ? '&' : '?'}first=1`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"/);
    expect(await rendered()).toBeLessThanOrEqual(before + kept);
    const during = await rendered();
    for (let i = 0; i < 5; i++) expect((await get(`${path}${path.includes('?') ? '&' : '?'}junk=${i}`)).headers.get('etag')).toBe(etag);
    expect(await rendered()).toBe(during);
    expect((await fetch(`${origin}/${path}`, { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it.each([
    ['a few URLs: one file', 3, ['sitemap.xml']],
    ['at the limit: one file', 4, ['sitemap.xml']],
    ['past the limit: an index and parts', 9, ['sitemap.xml', 'sitemap-1.xml', 'sitemap-2.xml', 'sitemap-3.xml']],
  ])('splits the sitemap as the protocol asks: %s', (_name, count, names) => {
    const urls = Array.from({ length: count }, (_, i) => `${BASE}doc/x${i}.html`);
    const files = sitemaps(BASE, urls, '2022-01-31', 4);
    expect([...files.keys()]).toEqual(names);
    const listed = [...files.entries()].filter(([name]) => name !== 'sitemap.xml' || count <= 4).flatMap(([, xml]) => [...xml.matchAll(/<url><loc>([^<]+)<\/loc>/g)].map((m) => m[1]));
    expect(listed).toEqual(urls);
    if (count > 4) expect(files.get('sitemap.xml')).toContain(`<sitemap><loc>${BASE}sitemap-3.xml</loc><lastmod>2022-01-31</lastmod></sitemap>`);
  });
});
