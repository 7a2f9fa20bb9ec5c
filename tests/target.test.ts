// The request target read without the URL parser where it is plain: the same path and query as
// the parser gives, for plain targets and for every kind it must leave to the parser.
import { describe, expect, it } from 'vitest';
import { parseTarget } from '../src/http/app.js';

/** What the URL parser alone makes of a target (the reading before the plain path's shortcut). */
function byParser(url: string, root: string) {
  const u = /^https?:\/\//i.test(url) ? new URL(url) : new URL(`http://request.invalid${url.startsWith('/') ? '' : '/'}${url}`);
  const pathname = decodeURIComponent(u.pathname);
  const path = pathname.startsWith(root) ? pathname.slice(root.length) : pathname.replace(/^\/+/, '');
  return { path, query: [...u.searchParams] };
}

const TARGETS = [
  '/', '/sparql', '/sparql?query=ASK%7B%7D', '/doc/activity/2020-01-x.ttl?lang=lv', '/api/goals/11/activities?page=2&from=2019-01-01',
  '/id/municipality/lv-0620200', '/a/b/', '/a_b~c/d:e@f!g$h&i\'j(k)l*m+n,o;p=q', '/file.tar.gz', '/sparql?query=a+b%20c&format=json',
  '/sparql?query=SELECT * WHERE {?s ?p ?o}', '/sparql?q=%E2%82%AC', '/sparql?x=1&x=2&y', '/sparql?', '/sparql??query=ASK%7B%7D', '/a??b', '/a?b?c',
  // left to the parser: encoded, dotted, doubled slashes, fragments, absolute form, odd characters
  '/a%20b', '/%C4%81', '/a/./b', '/a/../b', '/.well-known/void', '/a/.hidden', '//a/b', '/a//b', '/a#frag', '/a?b#c',
  'http://example.org/x/y?z=1', '/a b', '/a"b', '/a\\b', '/a{b}', '/ā', '/a/%2e%2e/b', '/base/sparql', '/base', '/base/',
  // refused: not UTF-8 once decoded, or a dot segment once decoded
  '/%zz', '/%C4', '/a/%252e%252e/b', '/a%2F..%2Fb',
];

describe('request targets', () => {
  for (const root of ['/', '/base/']) {
    it.each(TARGETS)(`%s under ${root} reads as the URL parser reads it`, (url) => {
      const req = { url, path: '', query: new URLSearchParams() };
      let expected: ReturnType<typeof byParser> | 'refused';
      try {
        expected = byParser(url, root);
        if (expected.path.split('/').some((seg) => seg === '..' || seg === '.')) expected = 'refused';
      } catch {
        expected = 'refused';
      }
      if (expected === 'refused') expect(() => parseTarget(req, root)).toThrow();
      else {
        parseTarget(req, root);
        expect({ path: req.path, query: [...req.query] }).toEqual(expected);
      }
    });
  }
});
