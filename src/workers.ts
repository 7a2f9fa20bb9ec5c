// Worker threads run compiled JavaScript: under vitest, which runs src/, the build in dist/.
import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The file of a worker module given by its URL beside the caller. */
export function workerPath(url: URL): string {
  const path = fileURLToPath(url);
  return existsSync(path) ? path : path.replace(`${sep}src${sep}`, `${sep}dist${sep}`);
}
