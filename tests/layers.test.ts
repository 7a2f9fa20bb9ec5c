// The pipeline runs one way: load → validate → store → represent → http / export → cli. A
// module imports only from its own unit or from layers before it, and keeps no mutable state at
// module level (caches belong to an app or a server); programs of their own (workers, the
// benchmark's scripts) may.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');

/** Units, earliest first; units in one row may not import each other. */
const LAYERS: string[][] = [
  ['errors', 'vocab', 'quads', 'types'],
  ['config', 'lazy', 'cache', 'workers', 'atomic'],
  ['auth'],
  ['load'],
  ['validate'],
  ['store'],
  ['pipeline', 'validate-worker'],
  ['writes', 'rows'],
  ['represent'],
  ['http', 'sdg', 'generate', 'sources'],
  ['export'],
  ['index'],
  ['cli', 'bench'],
];
const PROGRAMS = /(^|\/)(validate-worker|store\/sparql-worker|bench\/main|bench\/child)\.ts$/;

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
const unit = (file: string) => relative(SRC, file).split('/')[0]!.replace(/\.ts$/, '');
const layer = (u: string) => LAYERS.findIndex((row) => row.includes(u));

const sources = files(SRC).map((file) => ({ file, name: relative(SRC, file), text: readFileSync(file, 'utf8') }));
const imports = sources.flatMap(({ file, name, text }) =>
  [...text.matchAll(/^(?:import|export)[^'"]*from '(\.{1,2}\/[^']+)'/gm)].map((m) => ({
    from: name,
    to: relative(SRC, resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts'))),
  })));

describe('the pipeline in one direction', () => {
  it('places every unit of src/ in a layer', () => {
    expect(sources.map((s) => unit(s.file)).filter((u) => layer(u) < 0)).toEqual([]);
  });

  it('imports nothing from a later layer or a unit beside it', () => {
    const up = imports.filter(({ from, to }) => {
      const [a, b] = [unit(join(SRC, from)), unit(join(SRC, to))];
      return a !== b && layer(b) >= layer(a);
    });
    expect(imports.length).toBeGreaterThan(100);
    expect(up.map(({ from, to }) => `${from} → ${to}`)).toEqual([]);
  });

  it('keeps no mutable state at module level, but in programs of their own', () => {
    // A table typed Readonly… is a constant; a bare Map, Set, array or let is state.
    const state = sources
      .filter((s) => !PROGRAMS.test(s.name))
      .flatMap(({ name, text }) => text.split('\n').filter((line) => /^(let |var |(export )?const \w+ = (new (Map|WeakMap|Set|WeakSet)\b|\[\]))/.test(line)).map((line) => `${name}: ${line}`));
    expect(state).toEqual([]);
  });
});
