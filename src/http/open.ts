// openApp(config): a project loaded, validated and indexed into an app, its query workers loaded
// from what was published. What `serve`, a reload and the benchmark start from.
import type { Config } from '../config.js';
import { openProject, type Progress, type Project } from '../pipeline.js';
import { datasetSize } from '../store/dataset.js';
import { isValid, toText } from '../validate/report.js';
import { createApp, type App } from './app.js';
import type { Monitor } from './monitor.js';
import type { WriteService } from '../writes.js';
import { RemoteStore } from '../store/remote.js';
import { RemoteQueryPool, type QueryRunner } from '../store/remote-pool.js';

export type Opened = { app: App; triples: number } | { report: string };

/** The app with its query workers loaded, or the report that explains why the data cannot be published. */
/** The external store's endpoint for {base}sparql (serve --store sparql); the embedded engine otherwise. */
function externalPool(config: Config): QueryRunner | undefined {
  if (config.store !== 'sparql' || !config.external) return undefined;
  return new RemoteQueryPool(new RemoteStore({ ...config.external, timeoutMs: config.queryTimeoutMs }), config.base, config.queryTimeoutMs);
}

export async function openApp(config: Config, progress?: Progress, monitor?: Monitor, writes?: WriteService, previous?: Project): Promise<Opened> {
  const project = await openProject(config, { progress, previous });
  if (!isValid(project)) {
    progress?.('');
    return { report: toText(project) };
  }
  const app = createApp(project, { sparql: { timeoutMs: config.queryTimeoutMs, workers: config.queryWorkers }, monitor, writes, pool: externalPool(config) });
  progress?.('starting the query engine');
  // Workers that cannot load (a cache folder that cannot be written) leave SPARQL answering 503,
  // which /ready reports; everything else is served.
  await app.start().catch(() => {});
  progress?.('');
  return { app, triples: datasetSize(project.store, config.base) };
}
