// sdg-lod serve: validate, refuse to publish invalid data, then listen.
import type { Config } from '../config.js';
import { createApp } from '../http/app.js';
import { jsonLogger, listen } from '../http/server.js';
import { dataVersion, openProject } from '../pipeline.js';
import { isValid, toText } from '../validate/report.js';
import type { Io } from './io.js';

export async function serveCommand(config: Config, io: Io): Promise<number> {
  const project = await openProject(config);
  if (!isValid(project)) {
    io.err(toText(project));
    io.err('sdg-lod: not serving: the data did not pass validation.\n');
    return 1;
  }
  const app = createApp(project, await dataVersion(project), { sparql: { timeoutMs: config.queryTimeoutMs } });
  const server = await listen(app, config.port, config.host, jsonLogger);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  io.out(`sdg-lod: serving ${project.store.size} triples at http://${config.host}:${port}/ (base ${config.base})\n`);
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => void app.close().then(resolve));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
