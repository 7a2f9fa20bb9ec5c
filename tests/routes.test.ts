// The request core's parts on their own: which route answers which path, how every kind of error
// becomes a response, and a handler called without the rest of the app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, BadRequest, ContentTooLarge, MethodNotAllowed, NotAcceptable, NotFound, ServiceUnavailable, Unprocessable, UnsupportedMediaType } from '../src/errors.js';
import { createContext, type AppContext } from '../src/http/context.js';
import type { Req } from '../src/http/core.js';
import { errorResponse } from '../src/http/errors.js';
import { apiRoute } from '../src/http/handlers/api.js';
import { ROUTES } from '../src/http/routes.js';
import { openProject } from '../src/pipeline.js';
import { QueryBusy, QueryFailed, QueryTimeout, QueryUnavailable } from '../src/store/query-pool.js';
import { bundledConfig } from './helpers.js';

let ctx: AppContext;
beforeAll(async () => {
  ctx = createContext(await openProject(bundledConfig()));
});
afterAll(() => ctx.pool.close());

const req = (path: string, headers: Record<string, string> = {}, method = 'GET'): Req =>
  ({ method, url: `/${path}`, path: path.split('?')[0]!, query: new URLSearchParams(path.split('?')[1] ?? ''), headers });

describe('the route table', () => {
  it.each([
    ['', 'home'],
    ['api/goals/13/activities', 'relationship API'],
    ['api', 'relationship API'],
    ['sparql', 'SPARQL endpoint'],
    ['sparql.ttl', 'site documents'],
    ['catalog', 'site documents'],
    ['catalog.rdf', 'site documents'],
    ['def/', 'site documents'],
    ['def/index.html', 'site documents'],
    ['shapes/', 'site documents'],
    ['.well-known/void.jsonld', 'site documents'],
    ['dumps/', 'dumps'],
    ['reports/', 'reports'],
    ['reports/goals-by-year.csv', 'reports'],
    ['api/reports/goals-by-year', 'relationship API'],
    ['dumps/sdg-lod.nq', 'dump files'],
    ['context.jsonld', 'JSON-LD context'],
    ['robots.txt', 'robots.txt'],
    ['sitemap.xml', 'sitemap'],
    ['search', 'search'],
    ['def/0.1.0', 'ontology version'],
    ['def/Activity', 'term'],
    ['shapes/Activity', 'shape'],
    ['id/activity/2021-05-12-tehnologijas-ir-atbilde', 'thing'],
    ['id/activity/nope', 'thing'],
    ['doc/sdg/13.ttl', 'description'],
    ['nothing/here', 'not found'],
  ])('%j is answered by %s', (path, name) => {
    expect(ROUTES.find((r) => r.match(path, ctx))!.name).toBe(name);
  });

  it('gives every route a name of its own, and ends with the one that answers anything', () => {
    expect(new Set(ROUTES.map((r) => r.name)).size).toBe(ROUTES.length);
    expect(ROUTES.at(-1)!.match('any/path/at/all', ctx)).toBe(true);
  });
});

describe('errors become responses in one place', () => {
  const cases: [string, unknown, number, RegExp, Record<string, string>][] = [
    ['a bad request', new BadRequest('the query is empty'), 400, /^Bad Request: the query is empty\.\n$/, {}],
    ['a method not allowed', new MethodNotAllowed('/doc/x', ['GET', 'HEAD', 'OPTIONS']), 405, /^Method Not Allowed: \/doc\/x answers GET, HEAD, OPTIONS\.\n$/, { allow: 'GET, HEAD, OPTIONS' }],
    ['nothing acceptable', new NotAcceptable(['text/turtle', 'text/html']), 406, /available as: text\/turtle, text\/html\.\n$/, { vary: 'Accept' }],
    ['a body too large', new ContentTooLarge('bodies are limited to 1048576 bytes'), 413, /^Content Too Large: /, {}],
    ['a media type not taken', new UnsupportedMediaType('POST a query'), 415, /^Unsupported Media Type: POST a query\.\n$/, {}],
    ['a result over the cap', new Unprocessable('the result is too large'), 422, /^Unprocessable Content: /, {}],
    ['a busy endpoint', new QueryBusy(16), 503, /^Service Unavailable: 16 queries are already waiting; try again shortly\.\n$/, { 'retry-after': '5' }],
    ['a query out of time', new QueryTimeout('the query ran longer than 10 ms', 10), 503, /the limit is 10 ms\); narrow the query or add a LIMIT\.\n$/, { 'retry-after': '10' }],
    ['a query the engine refused', new QueryFailed('error at 1:5'), 400, /^Bad Request: SPARQL error: error at 1:5\.\n$/, {}],
    ['a service unavailable', new ServiceUnavailable('loading', 30), 503, /^Service Unavailable: loading\.\n$/, { 'retry-after': '30' }],
    ['a query engine that stopped', new QueryUnavailable('the query engine stopped'), 503, /^Service Unavailable: the query engine stopped\.\n$/, { 'retry-after': '5' }],
    ['a missing resource', new NotFound('no such thing'), 404, /^Not Found: no such thing\.\n$/, { vary: 'Accept, Accept-Language' }],
    ['an unexpected error', new TypeError('x is undefined'), 500, /^Internal Server Error\n$/, {}],
  ];
  it.each(cases)('%s', (_name, error, status, body, headers) => {
    const res = errorResponse(error, req('doc/x'), ctx);
    expect(res.status).toBe(status);
    expect(res.body!.toString('utf8')).toMatch(body);
    expect(res.headers).toMatchObject({ ...headers, 'access-control-allow-origin': '*', 'content-type': 'text/plain; charset=utf-8' });
    expect(res.error).toBe(error instanceof AppError ? undefined : error);
  });

  it('gives a person who asks for HTML a page to go on from', () => {
    const res = errorResponse(new NotFound('no such thing', 'http://localhost:8080/id/x'), req('id/x', { accept: 'text/html', 'accept-language': 'lv' }), ctx);
    expect(res.status).toBe(404);
    expect(res.headers['content-language']).toBe('lv');
    expect(res.body!.toString('utf8')).toContain('<code>http://localhost:8080/id/x</code>');
  });
});

describe('a handler alone', () => {
  it('answers a request with the context only', async () => {
    const res = await apiRoute.handle(req('api/goals/13/activities?limit=1'), ctx);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body!.toString('utf8'))).toMatchObject({ total: 4, limit: 1 });
    await expect(Promise.resolve().then(() => apiRoute.handle(req('api/goals/18/activities'), ctx))).rejects.toBeInstanceOf(NotFound);
  });
});
