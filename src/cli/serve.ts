// sdg-lod serve: validate, refuse to publish invalid data, then listen. SIGHUP reloads the data
// (http/reloader.ts); SIGTERM and SIGINT drain within a deadline and stop.
import type { Config } from '../config.js';
import { jsonLogger, type Current } from '../http/listener.js';
import { listen } from '../http/server.js';
import { Monitor } from '../http/monitor.js';
import { followRemote, openApp, openRemoteApp, type RemoteApp } from '../http/open.js';
import { createReloader } from '../http/reloader.js';
import type { App } from '../http/app.js';
import type { Io } from './io.js';
import { openWriteService } from '../writes.js';

/** The dumps written ahead, so that a cache folder that cannot be written shows now, in the log. */
function warm(app: App) {
  app.warm().catch((error: unknown) => {
    jsonLogger({ time: new Date().toISOString(), level: 'error', message: `the dumps cannot be written, so {base}dumps/ answers 503 and the catalogue gives no sizes: ${error instanceof Error ? error.message : String(error)}` });
  });
}

export async function serveCommand(config: Config, io: Io): Promise<number> {
  // A SIGHUP before the first version is up would otherwise end the process.
  const early = () => io.err('sdg-lod: still loading; reload when the server is up.\n');
  process.on('SIGHUP', early);
  const monitor = new Monitor();
  const failed = (error: unknown): never => {
    process.off('SIGHUP', early);
    throw error;
  };
  const writes = config.writes ? await openWriteService(config).catch(failed) : undefined;
  // Over an external store without writes, the server holds none of the data: it reads the store.
  const reading = config.store === 'sparql' && !writes;
  const loaded = reading
    ? await openRemoteApp(config, monitor).then((app) => ({ app, triples: undefined as number | undefined }), failed)
    : await openApp(config, io.progress, monitor, writes).catch(failed);
  if ('report' in loaded) {
    process.off('SIGHUP', early);
    io.err(loaded.report);
    io.err('sdg-lod: not serving: the data did not pass validation.\n');
    return 1;
  }
  const current: Current = { app: loaded.app };
  const server = await listen(current, config.port, config.host, jsonLogger, {
    maxConnections: config.maxConnections,
    headerTimeoutMs: config.headerTimeoutMs,
    // Never shorter than a query may take to answer: its connection is quiet meanwhile.
    idleTimeoutMs: Math.max(config.idleTimeoutMs, config.queryTimeoutMs + 5000),
  }, monitor).catch(failed);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const reloader = reading ? undefined : createReloader({ config, current, monitor, log: jsonLogger, swapped: warm, writes });
  // With an external store, what other servers wrote there is taken in every second: a reading
  // server opens the new version beside the one it serves and swaps it in whole.
  let following: Promise<unknown> | undefined;
  const follow = () => {
    following ??= (reading ? followRemote(current, config, monitor).then((swapped) => swapped && jsonLogger({ time: new Date().toISOString(), level: 'info', message: `serving the external store's version <${(current.app as RemoteApp).version}>` })) : current.app.follow())
      .catch((error: unknown) => jsonLogger({ time: new Date().toISOString(), level: 'error', message: `following the external store: ${error instanceof Error ? error.message : String(error)}` }))
      .finally(() => (following = undefined));
    return following;
  };
  const follower = config.store === 'sparql' ? setInterval(follow, 1000) : undefined;
  follower?.unref();
  const reload = () => void (reloader ? reloader() : follow());
  process.on('SIGHUP', reload);
  // Only now, or a SIGHUP while the server starts listening would end the process.
  process.off('SIGHUP', early);
  // SIGTERM or SIGINT: stop accepting, let what is in flight finish within a query's time and a
  // little more, then cut the rest, say so, and stop the workers.
  const stopping = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  // Only now: whoever reads this line may signal at once, and the handlers must already be there.
  io.out(`sdg-lod: serving ${loaded.triples ?? `the external store's current version (${(loaded.app as RemoteApp).version})`}${loaded.triples === undefined ? '' : ' triples'} at http://${config.host}:${port}/ (base ${config.base})${writes ? `; writes with a token at ${config.base}store and ${config.base}edit/` : ''}; SIGHUP reloads the data\n`);
  // A reading server writes a version's dumps when asked: each is the whole store read again.
  if (!reading) warm(loaded.app);
  const signal = await stopping;
  const deadlineMs = config.queryTimeoutMs + 5000;
  jsonLogger({ time: new Date().toISOString(), level: 'info', message: `${signal}: draining, at most ${deadlineMs} ms`, connections: server.connectionCount() });
  process.off('SIGHUP', reload);
  clearInterval(follower);
  // A SIGHUP without a listener would end the process mid-drain.
  process.on('SIGHUP', () => jsonLogger({ time: new Date().toISOString(), level: 'info', message: 'SIGHUP ignored: the server is stopping' }));
  const cut = await server.drain(deadlineMs);
  if (cut) jsonLogger({ time: new Date().toISOString(), level: 'warn', message: `cut ${cut} connection(s) still open at the deadline` });
  // A reload under way finishes first (its version is closed, not swapped in), then every version goes.
  await reloader?.stop();
  await following;
  await current.app.close();
  await writes?.close();
  jsonLogger({ time: new Date().toISOString(), level: 'info', message: 'stopped' });
  return 0;
}

