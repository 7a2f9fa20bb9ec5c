// sdg-lod format [--check]: rewrites the project's Turtle files in canonical form, so that
// review diffs show only real changes. Leading comment lines of a file are kept.
import { readFile, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import type { Config } from '../config.js';
import { parseText } from '../load/parse.js';
import { listSources } from '../load/sources.js';
import { writeTurtle } from '../represent/turtle.js';
import type { Io } from './io.js';

/** Placeholder base: relative IRIs in the files stay relative after a round trip. */
export const PLACEHOLDER = 'http://sdg-lod.invalid/';

export function canonicalTurtle(text: string, file = '<input>'): string {
  const { quads, prefixes } = parseText(text, 'turtle', PLACEHOLDER, file);
  const header = /^(?:#[^\n]*\n)*/.exec(text)?.[0] ?? '';
  return header + writeTurtle(quads, { prefixes, base: PLACEHOLDER });
}

export async function formatCommand(config: Config, check: boolean, io: Io): Promise<number> {
  const files = (await listSources({ ...config, dataFiles: undefined })).map((s) => s.file).filter((f) => f.endsWith('.ttl') && f.startsWith(config.root));
  const changed: string[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    const canonical = canonicalTurtle(text, file);
    if (canonical === text) continue;
    changed.push(relative(config.root, file));
    if (!check) await writeFile(file, canonical);
  }
  for (const f of changed) io.out(`${check ? 'not canonical' : 'formatted'}: ${f}\n`);
  if (check && changed.length) io.out(`run "sdg-lod format" to rewrite ${changed.length} file(s)\n`);
  return check && changed.length ? 1 : 0;
}
