// Content negotiation: a table of Accept headers and what each gets.
import { describe, expect, it } from 'vitest';
import { negotiate, negotiateLanguage } from '../src/represent/negotiate.js';

const OFFERED = ['text/turtle', 'text/html', 'application/ld+json', 'application/n-triples', 'application/rdf+xml'];
const FALLBACK = 'text/turtle';

describe('negotiate', () => {
  it.each([
    ['missing Accept gets the fallback', undefined, 'text/turtle'],
    ['empty Accept gets the fallback', '', 'text/turtle'],
    ['exact type', 'application/ld+json', 'application/ld+json'],
    ['case-insensitive', 'Application/LD+JSON', 'application/ld+json'],
    ['a browser gets HTML', 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8', 'text/html'],
    ['*/* gets our first choice, Turtle', '*/*', 'text/turtle'],
    ['type wildcard', 'application/*', 'application/ld+json'],
    ['higher q wins over order', 'text/turtle;q=0.5, application/n-triples', 'application/n-triples'],
    ['q=0 excludes a type', 'text/turtle;q=0, */*', 'text/html'],
    ['the most specific range sets the q', 'text/*;q=0.9, text/html;q=0.1', 'text/turtle'],
    ['wildcard exclusion with a specific accept', '*/*;q=0, application/rdf+xml', 'application/rdf+xml'],
    ['equal q: the client’s order', 'application/n-triples, text/turtle', 'application/n-triples'],
    ['parameters are ignored for matching', 'text/turtle;charset=utf-8', 'text/turtle'],
    ['garbage ranges are skipped', 'nonsense, text/html', 'text/html'],
    ['only garbage gets the fallback', 'nonsense', 'text/turtle'],
    ['malformed q counts as 0', 'text/html;q=x, text/turtle;q=0.1', 'text/turtle'],
    ['q above 1 is clamped', 'text/html;q=5, text/turtle', 'text/html'],
    ['a range that requires a parameter matches none of ours', 'text/html;level=1;q=0, text/html', 'text/html'],
    ['*/subtype is not a range', '*/html', 'text/turtle'],
    ['a JSON-LD profile is a hint, not a condition', 'application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted", text/turtle;q=0.5', 'application/ld+json'],
    ['nothing acceptable: 406', 'image/png', null],
    ['everything refused: 406', '*/*;q=0', null],
  ])('%s (%s)', (_name, accept, expected) => {
    expect(negotiate(accept, OFFERED, FALLBACK)).toBe(expected);
  });
});

describe('?format= in negotiate()', () => {
  it.each([
    ['a name', 'jsonld', 'text/html', 'application/ld+json'],
    ['an extension', 'ttl', 'text/html', 'text/turtle'],
    ['a media type', 'application/rdf+xml', undefined, 'application/rdf+xml'],
    ['a media type whose + arrived as a space', 'application/ld json', undefined, 'application/ld+json'],
    ['a media type with parameters', 'text/turtle; charset=utf-8', 'text/html', 'text/turtle'],
    ['upper case', 'JSON-LD', undefined, 'application/ld+json'],
    ['an alias', 'n3', 'text/html', 'text/turtle'],
    ['one it does not offer, Accept can be met', 'pdf', 'text/html', 'text/html'],
    ['one it does not offer, no Accept', 'pdf', undefined, 'text/turtle'],
    ['an empty one', '', 'application/n-triples', 'application/n-triples'],
    ['one it does not offer, nor Accept: 406', 'pdf', 'image/png', null],
  ])('%s (%j, Accept %s) → %s', (_name, format, accept, expected) => {
    expect(negotiate(accept, OFFERED, FALLBACK, format)).toBe(expected);
  });
});

describe('negotiateLanguage', () => {
  it.each([
    [undefined, 'en'],
    ['lv', 'lv'],
    ['lv-LV,lv;q=0.9,en;q=0.8', 'lv'],
    ['en-GB,en;q=0.9', 'en'],
    ['de, lv;q=0.5', 'lv'],
    ['de', 'en'],
    ['lv;q=0, en', 'en'],
    ['*', 'en'],
    ['en;q=0, *', 'lv'],
    ['lv;q=0, *', 'en'],
  ])('%s → %s', (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });
});
