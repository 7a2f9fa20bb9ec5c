// Validation reports are reused for unchanged content and recomputed when anything changes.
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openProject } from '../src/pipeline.js';
import { bundledConfig, PREFIXES, projectWith, tempDir } from './helpers.js';

const invalid = `${PREFIXES}
activity:2022-03-01-parbaude a lod:Activity , schema:EducationEvent ;
    dct:type lod:activity-kind-seminar ;
    schema:name "Pārbaude"@lv , "Test"@en ;
    schema:startDate "2022-03-01" ;
    schema:organizer organization:lps ;
    prov:wasDerivedFrom document:2022-01-lps-vestule-pkc .
`;

it('gives the same report from the cache, and a new one when a file changes', async () => {
  const importDir = await tempDir('cache-');
  const root = await projectWith({ 'zz-invalid.ttl': invalid });
  const config = bundledConfig({ root, importDir, validationCache: true });
  const summary = (p: Awaited<ReturnType<typeof openProject>>) =>
    p.report.results.map((r) => [r.severity, r.resource.value, r.path, r.value?.value, r.message, r.constraint, r.shape?.value, r.file, r.line]);

  const first = await openProject(config);
  expect(first.report.conforms).toBe(false);
  expect(await readdir(join(importDir, 'cache'))).toHaveLength(1);
  const second = await openProject(config);
  expect(summary(second)).toEqual(summary(first));
  expect(second.report.results[0]!.value!.termType).toBe('Literal');

  await writeFile(join(root, 'data', 'zz-invalid.ttl'), invalid.replace('"2022-03-01" ;', '"2022-03-01"^^xsd:date ;'));
  const fixed = await openProject(config);
  expect(fixed.report.conforms).toBe(true);
  expect(await readdir(join(importDir, 'cache'))).toHaveLength(2);

  const uncached = await openProject(bundledConfig({ root, importDir: await tempDir('nocache-'), validationCache: false }));
  expect(summary(uncached)).toEqual(summary(fixed));
});
