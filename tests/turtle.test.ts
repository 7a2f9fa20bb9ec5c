// Canonical Turtle: golden output for small inputs, round trips, and the project's files.
import { describe, expect, it } from 'vitest';
import N3 from 'n3';
import { isomorphic } from './isomorphic.js';
import { canonicalTurtle } from '../src/cli/format.js';
import { formatCommand } from '../src/cli/format.js';
import { writeTurtle } from '../src/represent/turtle.js';
import { bundledConfig, captureIo } from './helpers.js';

const parse = (text: string) => new N3.Parser({ baseIRI: 'http://example.org/' }).parse(text);

describe('writeTurtle', () => {
  it.each([
    [
      'sorts subjects naturally, type first, objects sorted',
      '<b> <p> "z", "a" . <a> <q> <x> ; a <T> . <sdg/10> <p> 1 . <sdg/9> <p> 2 .',
      { ex: 'http://example.org/' },
      '@prefix ex: <http://example.org/> .\n\nex:a a ex:T ;\n    ex:q ex:x .\n\nex:b ex:p "a" , "z" .\n\n<http://example.org/sdg/9> ex:p 2 .\n\n<http://example.org/sdg/10> ex:p 1 .\n',
    ],
    [
      'inlines tree-shaped blank nodes and lists',
      '<s> <p> [ <q> ( 1 2 ) ] .',
      { ex: 'http://example.org/' },
      '@prefix ex: <http://example.org/> .\n\nex:s ex:p [ ex:q ( 1 2 ) ] .\n',
    ],
    [
      'breaks a long blank node over lines',
      '<s> <p> [ <q> "a long enough literal to push this past the sixty characters" ] .',
      { ex: 'http://example.org/' },
      '@prefix ex: <http://example.org/> .\n\nex:s ex:p [\n        ex:q "a long enough literal to push this past the sixty characters"\n    ] .\n',
    ],
    [
      'labels shared blank nodes',
      '<s> <p> _:x . <t> <p> _:x . _:x <q> "v" .',
      { ex: 'http://example.org/' },
      '@prefix ex: <http://example.org/> .\n\nex:s ex:p _:b0 .\n\nex:t ex:p _:b0 .\n\n_:b0 ex:q "v" .\n',
    ],
    [
      'escapes strings and keeps language tags and datatypes',
      '<s> <p> "a \\"q\\"\\nb"@lv, "2021-01-01"^^<http://www.w3.org/2001/XMLSchema#date> .',
      { ex: 'http://example.org/', xsd: 'http://www.w3.org/2001/XMLSchema#' },
      '@prefix ex: <http://example.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\nex:s ex:p "2021-01-01"^^xsd:date , "a \\"q\\"\\nb"@lv .\n',
    ],
    [
      'writes IRIs whose local part is not a prefixed name in full',
      '<s> <p> <a/b> .',
      { ex: 'http://example.org/' },
      '@prefix ex: <http://example.org/> .\n\nex:s ex:p <http://example.org/a/b> .\n',
    ],
  ])('%s', (_name, input, prefixes, expected) => {
    expect(writeTurtle(parse(input), { prefixes })).toBe(expected);
  });

  it('keeps a blank-node cycle that nothing named reaches', () => {
    const quads = parse('_:a <http://example.org/p> _:b . _:b <http://example.org/p> _:a .');
    expect(isomorphic(parse(writeTurtle(quads)), quads)).toBe(true);
  });

  it('round-trips: the output parses to the same graph, and formatting is idempotent', () => {
    const input = '@prefix ex: <http://example.org/> . ex:s ex:p [ ex:q [ ex:r "x"@en ] ], ( ex:a [ ex:b 2 ] ) ; ex:t "1.5"^^<http://www.w3.org/2001/XMLSchema#decimal> .';
    const once = canonicalTurtle(input);
    expect(isomorphic(parse(once), parse(input))).toBe(true);
    expect(canonicalTurtle(once)).toBe(once);
  });
});

it('every Turtle file of the project is already in canonical form', async () => {
  const io = captureIo();
  expect(await formatCommand(bundledConfig(), true, io)).toBe(0);
  expect(io.stdout()).toBe('');
});
