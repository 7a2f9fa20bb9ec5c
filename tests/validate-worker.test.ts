// Large data is validated in a worker thread; the worker's report must be the in-thread report.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import N3 from 'n3';
import { expect, it } from 'vitest';
import { validateInWorker } from '../src/pipeline.js';
import { shapeQuads, validateStore } from '../src/validate/run.js';
import { bundledConfig, openWith } from './helpers.js';

const key = (r: { severity: string; focusNode: { value: string }; path?: string; constraint: string; value?: { value: string } }) =>
  `${r.severity} ${r.focusNode.value} ${r.path} ${r.constraint} ${r.value?.value ?? ''}`;

// The worker loads the files, adds what the project derived from them, validates and hands the
// report across the thread: it must be the report the main thread makes.
it.each(['activity-ends-before-start'])('gives the in-thread report for %s', async (fixture) => {
  const text = await readFile(join(import.meta.dirname, 'fixtures', 'invalid', `${fixture}.ttl`), 'utf8');
  const project = await openWith({ [`zz-${fixture}.ttl`]: text });
  const config = bundledConfig({ root: project.config.root });
  const here = await validateStore(project.store, new N3.Store(shapeQuads(project.files, config.base)), config);
  const there = await validateInWorker(config, project.files, new N3.Writer({ format: 'N-Quads' }).quadsToString([...project.derived]));
  expect(here.results.length).toBeGreaterThan(0);
  expect(there.conforms).toBe(here.conforms);
  expect(there.results.map(key).sort()).toEqual(here.results.map(key).sort());
  expect(there.results.map((r) => r.message).sort()).toEqual(here.results.map((r) => r.message).sort());
});
