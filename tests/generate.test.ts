// Synthetic data: deterministic for a seed, valid in the project's own model.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { projectRoot } from '../src/config.js';
import { generateProject } from '../src/generate.js';
import { openProject } from '../src/pipeline.js';
import { bundledConfig, tempDir } from './helpers.js';

it('writes the same bytes for the same seed, other bytes for another, and valid data', async () => {
  const dir = await tempDir('gen-');
  const make = async (name: string, seed: number) => {
    const { file, triples } = await generateProject(join(dir, name), { activities: 300, seed, from: projectRoot });
    return { text: await readFile(file, 'utf8'), triples };
  };
  const a = await make('a', 7);
  const b = await make('b', 7);
  const c = await make('c', 8);
  expect(a.text).toBe(b.text);
  expect(a.text).not.toBe(c.text);
  expect(a.triples / 300).toBeGreaterThan(11);
  expect(a.triples / 300).toBeLessThan(14);

  const project = await openProject(bundledConfig({ root: join(dir, 'a') }));
  expect(project.report.results).toEqual([]);
  const generated = project.files.find((f) => f.file.endsWith('generated.ttl'))!;
  expect(generated.triples).toBe(a.triples);
});
