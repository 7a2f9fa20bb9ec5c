// RDF files → quads. Turtle-family syntaxes go through N3.js (line numbers, prefixes);
// RDF/XML and JSON-LD through oxigraph's parsers. Errors name the file and line.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import N3 from 'n3';
import type * as Ox from 'oxigraph';
import { oxigraph } from '../lazy.js';
import type { Quad, Term } from '@rdfjs/types';
import { RdfSyntaxError, UsageError } from '../errors.js';

const { DataFactory: df } = N3;

export type Syntax = 'turtle' | 'n-triples' | 'n-quads' | 'trig' | 'json-ld' | 'rdf-xml';

const byExtension: Record<string, Syntax> = {
  '.ttl': 'turtle',
  '.turtle': 'turtle',
  '.nt': 'n-triples',
  '.nq': 'n-quads',
  '.trig': 'trig',
  '.jsonld': 'json-ld',
  '.json': 'json-ld',
  '.rdf': 'rdf-xml',
  '.owl': 'rdf-xml',
  '.xml': 'rdf-xml',
};

const n3Format: Partial<Record<Syntax, string>> = {
  turtle: 'text/turtle',
  'n-triples': 'application/n-triples',
  'n-quads': 'application/n-quads',
  trig: 'application/trig',
};

const oxFormat: Partial<Record<Syntax, string>> = {
  'json-ld': 'application/ld+json',
  'rdf-xml': 'application/rdf+xml',
};

export const RDF_EXTENSIONS = Object.keys(byExtension);

/** The media type oxigraph reads a syntax as. */
export function mediaTypeOf(syntax: Syntax): string {
  return n3Format[syntax] ?? oxFormat[syntax]!;
}

export function syntaxOf(file: string): Syntax {
  const syntax = byExtension[extname(file).toLowerCase()];
  if (!syntax) {
    throw new UsageError(
      `${file}: unknown RDF file extension; use one of ${Object.keys(byExtension).join(', ')}`,
    );
  }
  return syntax;
}

export interface Parsed {
  quads: Quad[];
  prefixes: Record<string, string>;
}

/** Parses RDF text; `file` only names the source in error messages. */
export function parseText(text: string, syntax: Syntax, base: string, file = '<input>'): Parsed {
  const n3 = n3Format[syntax];
  if (n3) {
    const prefixes: Record<string, string> = {};
    try {
      const parser = new N3.Parser({ baseIRI: base, format: n3 });
      const quads = parser.parse(text, null, (prefix, iri) => {
        prefixes[prefix] = iri.value;
      });
      return { quads, prefixes };
    } catch (error) {
      throw syntaxError(file, error);
    }
  }
  try {
    const quads = oxigraph().parse(text, { format: oxFormat[syntax]!, base_iri: base }).map(fromOxigraph);
    return { quads, prefixes: {} };
  } catch (error) {
    throw syntaxError(file, error);
  }
}

/**
 * Parses RDF text, handing each quad to `sink` as it is read: nothing is collected, so a large
 * file costs its text and the sink's own memory only. Resolves with the prefixes.
 */
export async function parseInto(text: string, syntax: Syntax, base: string, file: string, sink: (quad: Quad) => void): Promise<Record<string, string>> {
  const n3 = n3Format[syntax];
  if (!n3) {
    for (const q of parseText(text, syntax, base, file).quads) sink(q);
    return {};
  }
  const prefixes: Record<string, string> = {};
  let failure: RdfSyntaxError | undefined;
  try {
    new N3.Parser({ baseIRI: base, format: n3, lexer: syncLexer() } as N3.ParserOptions).parse(
      text,
      (error: Error | null, quad: N3.Quad | null) => {
        if (error) failure ??= syntaxError(file, error);
        else if (quad && !failure) sink(quad);
      },
      (prefix, iri) => {
        prefixes[prefix] = iri.value;
      },
    );
  } catch (error) {
    // N3.js can trip over its own state after it has reported an error (an undefined prefix in
    // a prefix declaration throws a TypeError): the first error is the one that counts.
    failure ??= syntaxError(file, error);
  }
  if (failure) throw failure;
  return prefixes;
}

/**
 * N3's lexer, tokenizing a string at once rather than in a microtask: the parse then runs inside
 * our call, so whatever it throws is caught there instead of escaping as an uncaught exception.
 * (The lexer's own steps for a string, as N3.js 2.13's `tokenize` takes them.)
 */
function syncLexer(): N3.Lexer {
  const lexer = new N3.Lexer() as unknown as {
    tokenize: (input: unknown, callback?: unknown) => unknown;
    _startTokenization(): unknown;
    _readStartingBom(input: string): string;
    _input: string;
    _tryTokenizeToEnd(callback: unknown, finished: boolean): void;
  };
  const tokenize = lexer.tokenize.bind(lexer);
  lexer.tokenize = (input, callback) => {
    if (typeof input !== 'string' || typeof callback !== 'function') return tokenize(input, callback);
    lexer._startTokenization();
    lexer._input = lexer._readStartingBom(input);
    lexer._tryTokenizeToEnd(callback, true);
    return undefined;
  };
  return lexer as unknown as N3.Lexer;
}

export async function parseFile(file: string, base: string): Promise<Parsed> {
  return parseText(await readFile(file, 'utf8'), syntaxOf(file), base, file);
}

function syntaxError(file: string, error: unknown): RdfSyntaxError {
  const message = error instanceof Error ? error.message : String(error);
  const line = /on line (\d+)|at line (\d+)/.exec(message);
  const detail = message
    .replace(/^Error: /, '')
    .replace(/ on line \d+\.?$/, '')
    .replace(/^Parser error at line \d+ column \d+: /, '');
  return new RdfSyntaxError(file, line ? Number(line[1] ?? line[2]) : undefined, detail);
}

function fromOxigraph(q: Ox.Quad): Quad {
  return df.quad(
    term(q.subject) as Quad['subject'],
    term(q.predicate) as Quad['predicate'],
    term(q.object) as Quad['object'],
    term(q.graph) as Quad['graph'],
  );
}

function term(t: Ox.Term): Term {
  switch (t.termType) {
    case 'NamedNode':
      return df.namedNode(t.value);
    case 'BlankNode':
      return df.blankNode(t.value);
    case 'Literal':
      return t.language
        ? df.literal(t.value, t.language)
        : df.literal(t.value, df.namedNode(t.datatype.value));
    case 'DefaultGraph':
      return df.defaultGraph();
    default:
      throw new Error(`unsupported term type ${t.termType}`);
  }
}

/**
 * Line where each subject's block starts, for reports. Only Turtle/TriG: a statement's
 * first token at nesting depth 0 is its subject.
 */
export function subjectLines(text: string, base: string, prefixes: Record<string, string>) {
  const lines = new Map<string, number>();
  let tokens: N3.Token[];
  try {
    tokens = new N3.Lexer().tokenize(text);
  } catch {
    return lines;
  }
  let depth = 0;
  let atStart = true;
  for (const token of tokens) {
    const type = token.type as string;
    if (type === '[' || type === '(' || type === '{') depth++;
    else if (type === ']' || type === ')' || type === '}') depth--;
    if (depth === 0 && type === '.') {
      atStart = true;
      continue;
    }
    if (!atStart) continue;
    atStart = false;
    let iri: string | undefined;
    if (type === 'IRI') iri = new URL(token.value ?? '', base).href;
    else if (type === 'prefixed' && token.prefix !== undefined && prefixes[token.prefix] !== undefined)
      iri = prefixes[token.prefix] + (token.value ?? '');
    if (iri !== undefined && !lines.has(iri) && token.line !== undefined) lines.set(iri, token.line);
  }
  return lines;
}
