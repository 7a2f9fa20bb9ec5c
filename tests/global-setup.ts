// One scratch folder for the whole run: every temporary project, cache and export of the tests
// goes under it, and it is removed when the run ends, passed or failed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    scratch: string;
  }
}

export default async function setup(project: TestProject) {
  const scratch = await mkdtemp(join(tmpdir(), 'sdg-lod-tests-'));
  project.provide('scratch', scratch);
  return () => rm(scratch, { recursive: true, force: true });
}
