// Reads and parses a project's sources in order. Data quads go straight into the given store, in
// their file's graph, so that no second copy of a large dataset is ever held; shapes are kept as
// quads. Syntax errors are collected, not thrown, so that a report can list them all.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, extname, relative } from 'node:path';
import N3 from 'n3';
import type { BlankNode, NamedNode, Quad, Term } from '@rdfjs/types';
import type { Config } from '../config.js';
import { RdfSyntaxError, UsageError } from '../errors.js';
import { blockHashes } from './blocks.js';
import { parseInto, syntaxOf } from './parse.js';
import { graphIri, listSources, type Source } from './sources.js';

const { DataFactory: df } = N3;

export interface LoadedFile extends Source {
  /** sha256 of the file's bytes: the validation cache's key. */
  readonly hash: string;
  readonly triples: number;
  /** The parsed quads of shapes files only; data goes straight into the store. */
  readonly quads: Quad[];
  readonly prefixes: Record<string, string>;
  /** A Turtle data file's blocks (load/blocks.ts), for a reload to tell what changed. */
  readonly blocks?: Map<string, string> | undefined;
}

/** Reports progress of long steps; the CLI shows it on a terminal, everything else ignores it. */
export type Progress = (step: string, done?: number) => void;

export interface QuadSink {
  addQuad(s: Term, p: Term, o: Term, g: Term): void;
}

export async function loadFiles(config: Config, store: QuadSink, progress: Progress = () => {}) {
  const sources = await listSources(config);
  const files: LoadedFile[] = [];
  const syntaxErrors: RdfSyntaxError[] = [];
  const prefixes = new Set<string>();
  for (const source of sources) {
    // Blank nodes are named after their file, in the order the file gives them, so that the same
    // files always give the same names: in every process, after a reload, in the validation
    // worker, in cached reports, and in the bytes (and ETags) of what is published.
    let prefix = basename(source.file, extname(source.file)).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'b';
    while (prefixes.has(prefix)) prefix += '-';
    prefixes.add(prefix);
    const blanks = new Map<string, BlankNode>();
    const named = <T extends Term>(t: T): T | BlankNode => {
      if (t.termType !== 'BlankNode') return t;
      let b = blanks.get(t.value);
      if (!b) blanks.set(t.value, (b = df.blankNode(`${prefix}-${blanks.size}`)));
      return b;
    };
    // Turtle-family and JSON-LD sources land in their file's graph; N-Quads and TriG keep theirs,
    // and a graph named by a blank node gets an IRI of ours, so that every graph can be named.
    const graphs = new Map<string, NamedNode>();
    const graphOf = (g: Term): Term => {
      if (g.termType === 'DefaultGraph') return graph;
      if (g.termType !== 'BlankNode') return g;
      let iri = graphs.get(g.value);
      if (!iri) graphs.set(g.value, (iri = df.namedNode(graphIri(config.base, `${prefix}-${graphs.size}`))));
      return iri;
    };
    const bytes = await readFile(source.file).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read ${source.file}: ${error.code ?? error.message}`);
    });
    const hash = createHash('sha256').update(bytes).digest('hex');
    const name = displayPath(source.file, config);
    const graph = df.namedNode(source.graph);
    const kept: Quad[] = [];
    let triples = 0;
    const sink = source.role === 'shapes'
      ? (q: Quad) => void kept.push(df.quad(named(q.subject) as Quad['subject'], q.predicate, named(q.object) as Quad['object'], named(q.graph) as Quad['graph']))
      : (q: Quad) => {
        store.addQuad(named(q.subject), q.predicate, named(q.object), graphOf(q.graph));
        if (++triples % 100_000 === 0) progress(`loading ${name}`, triples);
      };
    try {
      const text = bytes.toString('utf8');
      const prefixes = await parseInto(text, syntaxOf(source.file), config.base, name, sink);
      if (source.role === 'shapes') triples = kept.length;
      const blocks = source.role === 'data' && syntaxOf(source.file) === 'turtle' ? blockHashes(text) : undefined;
      files.push({ ...source, hash, triples, quads: kept, prefixes, blocks });
    } catch (error) {
      if (error instanceof RdfSyntaxError) syntaxErrors.push(error);
      else throw error;
    }
  }
  syntaxErrors.sort((a, b) => (a.file < b.file ? -1 : 1));
  return { files, syntaxErrors };
}

/** Paths in reports: relative to the project folder where the file is inside it. */
export function displayPath(file: string, config: Pick<Config, 'root'>): string {
  const rel = relative(config.root, file);
  return rel.startsWith('..') ? file : rel;
}
