// openApp(config): a project loaded, validated and indexed into an app, with the query workers
// loading the same sources in parallel. What `serve`, a reload and the benchmark start from.
import type { Config } from '../config.js';
import { listSources } from '../load/sources.js';
import { openProject, type Progress } from '../pipeline.js';
import { datasetSize } from '../store/dataset.js';
import { datasetOf, QueryPool } from '../store/query-pool.js';
import { isValid, toText } from '../validate/report.js';
import { createApp, type App } from './app.js';

export type Opened = { app: App; triples: number } | { report: string };

/** The app, or the report that explains why the data cannot be published. */
export async function openApp(config: Config, progress?: Progress): Promise<Opened> {
  for (let attempt = 1; ; attempt++) {
    const pool = new QueryPool(datasetOf(await listSources(config), config.base), config.queryWorkers, config.queryTimeoutMs);
    const loading = pool.start();
    loading.catch(() => {});
    let served = false;
    try {
      const project = await openProject(config, { progress });
      if (!isValid(project)) return { report: toText(project) };
      progress?.('waiting for the query engine to load');
      const hashes = await loading;
      const published = datasetOf(project.files, config.base).sources.map((s) => s.sha256);
      // A file that changed while both were reading it: read both again.
      if (hashes.join() !== published.join()) {
        if (attempt < 3) continue;
        return { report: 'sdg-lod: the data files kept changing while loading; try again when they are written.\n' };
      }
      pool.pin(hashes);
      const app = createApp(project, { sparql: { timeoutMs: config.queryTimeoutMs, workers: config.queryWorkers }, pool });
      served = true;
      return { app, triples: datasetSize(project.store, config.base) };
    } finally {
      // Workers of a version that is not served would hold a copy of the data for nothing.
      if (!served) await pool.close();
      progress?.('');
    }
  }
}
