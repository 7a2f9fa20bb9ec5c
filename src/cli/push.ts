// sdg-lod push: the project validated, then loaded into an external SPARQL 1.1 store as a new
// version that becomes current in one step (store/versions.ts). Nothing is pushed that fails.
import type { Config } from '../config.js';
import { UsageError } from '../errors.js';
import { publishedGraphs } from '../store/dataset.js';
import { RemoteStore } from '../store/remote.js';
import { pushVersion, versionName } from '../store/versions.js';
import type { Io } from './io.js';
import { openValid } from './valid.js';

export async function pushCommand(config: Config, io: Io): Promise<number> {
  const external = config.external;
  if (!external?.graphStoreEndpoint) throw new UsageError('push needs the store: --query-endpoint URL --graph-store-endpoint URL (and --store-user, SDG_LOD_STORE_PASSWORD where it asks)');
  const project = await openValid(config, io, 'nothing was pushed: the data did not pass validation.');
  if (!project) return 1;
  const remote = new RemoteStore(external);
  const graphs = publishedGraphs(project.store, config.base);
  const version = versionName(project.key.slice(0, 8));
  const pushed = await pushVersion(remote, project.store, graphs, config.base, version, { modified: project.version.modified, key: project.key, prefixes: project.prefixes }, io.progress);
  io.progress?.('');
  io.out(`pushed ${pushed.statements} statements in ${pushed.graphs} graphs as <${pushed.version}>, now current${pushed.replaced ? ` (replacing <${pushed.replaced}>, whose graphs were deleted)` : ''}\n`);
  return 0;
}
