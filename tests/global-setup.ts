// Before any test: the compiled program in dist/ is current (worker threads and the package's
// entry point run from it), and one scratch folder serves the whole run, removed when it ends.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    scratch: string;
  }
}

const ROOT = join(import.meta.dirname, '..');

function newest(dir: string): number {
  return Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
}

/** Builds dist/ when a source is newer than the last build (npm ci and npm test build it anyway). */
function buildIfStale() {
  let built = 0;
  try {
    built = statSync(join(ROOT, 'dist', '.tsbuildinfo')).mtimeMs;
  } catch {
    // never built
  }
  if (newest(join(ROOT, 'src')) <= built) return;
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', ROOT], { encoding: 'utf8' });
  if (tsc.status !== 0) throw new Error(`the build of dist/ failed:\n${tsc.stdout}${tsc.stderr}`);
}

export default async function setup(project: TestProject) {
  buildIfStale();
  const scratch = await mkdtemp(join(tmpdir(), 'sdg-lod-tests-'));
  project.provide('scratch', scratch);
  return () => rm(scratch, { recursive: true, force: true });
}
