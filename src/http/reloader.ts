// Reloading the data while serving (SIGHUP): the new version is loaded, validated and indexed
// beside the old one and swapped in whole, or refused: when it does not validate, and when it
// lost data files or most of its statements (a deleted file, a half-written export), unless the
// operator allows that (--allow-shrink). Signals that come while one reload runs make one more.
import type { Config } from '../config.js';
import type { App } from './app.js';
import type { Monitor, ReloadOutcome } from './monitor.js';
import { openApp } from './open.js';
import type { Current, Logger } from './listener.js';
import type { WriteService } from '../writes.js';

/** The report of a refused version, as logged: enough to act on, never megabytes in one line. */
const REPORT_LINES = 200;

export function head(text: string, lines: number): string {
  const all = text.split('\n');
  return all.length <= lines ? text : `${all.slice(0, lines).join('\n')}\n… ${all.length - lines} more lines: run sdg-lod validate for the whole report`;
}

/** Why the next version would publish much less than this one, if it would. */
export function shrinkage(before: { files: string[]; triples: number }, after: { files: string[]; triples: number }): string | undefined {
  const lost = before.files.filter((f) => !after.files.includes(f));
  if (lost.length) return `${lost.length} data file(s) no longer there: ${lost.join(', ')}`;
  if (after.triples < before.triples / 2) return `the statements would fall from ${before.triples} to ${after.triples}, less than half`;
  return undefined;
}

export interface ReloaderOptions {
  config: Config;
  current: Current;
  monitor: Monitor;
  log: Logger;
  /** Called with each app swapped in (serve writes its dumps ahead). */
  swapped?: (app: App) => void;
  /** Writes (serve --writes): the swap waits for the write under way and takes those it missed. */
  writes?: WriteService | undefined;
}

/** Reloads when called; stop() lets a reload under way finish (and not swap) and closes retired versions. */
export interface Reloader {
  (): Promise<ReloadOutcome>;
  stop(): Promise<void>;
}

export function createReloader({ config, current, monitor, log, swapped, writes }: ReloaderOptions): Reloader {
  let running: Promise<ReloadOutcome> | undefined;
  let again = false;
  let stopped = false;
  /** Versions swapped out, closed once the requests that began on them are done. */
  const retiring = new Map<App, NodeJS.Timeout>();
  const retire = (old: App) => {
    retiring.delete(old);
    return old.close();
  };

  async function once(): Promise<ReloadOutcome> {
    const at = new Date().toISOString();
    let outcome: ReloadOutcome;
    try {
      // What the files' edits changed is validated, not everything (store/revalidate.ts).
      const next = await openApp(config, undefined, monitor, writes, current.app.project);
      if (stopped) {
        // The server stopped while this version loaded: its workers must not keep the process.
        if (!('report' in next)) await next.app.close();
        log({ time: at, level: 'info', message: 'reload abandoned: the server is stopping' });
        return { at, outcome: 'refused', reason: 'the server is stopping' };
      }
      if ('report' in next) {
        outcome = { at, outcome: 'refused', reason: 'the data did not pass validation; still serving the previous version' };
        log({ time: at, level: 'error', message: `reload refused: ${outcome.reason}`, report: head(next.report, REPORT_LINES) });
      } else {
        const shrunk = shrinkage(current.app.published(), next.app.published());
        if (shrunk && !config.allowShrink) {
          await next.app.close();
          outcome = { at, outcome: 'refused', reason: `${shrunk}; still serving the previous version (--allow-shrink publishes it)` };
          log({ time: at, level: 'error', message: `reload refused: ${outcome.reason}` });
        } else {
          const old = current.app;
          // Writes journaled while this version loaded are applied to it, with no write under
          // way; writes still waiting on the old version are refused, to be sent again.
          const swap = async () => {
            await next.app.catchUp(await writes!.since(next.app.project.journalBytes));
            await writes!.observe(next.app.project.history.at(-1)?.seq ?? 0);
            // Over an external store, the store takes the version first: a push that fails refuses the reload.
            if (config.store === 'sparql') await next.app.toStore();
            old.retire();
            current.app = next.app;
          };
          if (writes) {
            await writes.exclusive(swap).catch(async (error: unknown) => {
              await next.app.close();
              throw error;
            });
          }
          else current.app = next.app;
          swapped?.(next.app);
          outcome = { at, outcome: 'reloaded', triples: next.triples };
          const { how, ms } = next.app.project.validation;
          log({ time: at, level: 'info', message: 'reloaded', triples: next.triples, validation: `${how}, ${Math.round(ms)} ms`, ...(shrunk ? { allowed: shrunk } : {}) });
          // Requests that began on the old version finish on it.
          const timer = setTimeout(() => void retire(old), config.queryTimeoutMs + 1000);
          timer.unref();
          retiring.set(old, timer);
        }
      }
    } catch (error) {
      // Paths within the project, as everywhere the outcome is shown.
      const message = error instanceof Error ? error.message : String(error);
      outcome = { at, outcome: 'failed', reason: message.replaceAll(`${config.root}/`, '') };
      log({ time: at, level: 'error', message: `reload failed: ${outcome.reason}` });
    }
    monitor.reload(outcome);
    return outcome;
  }

  const reload = () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let outcome: ReloadOutcome;
      do {
        again = false;
        outcome = await once();
      } while (again && !stopped);
      running = undefined;
      return outcome;
    })();
    return running;
  };
  return Object.assign(reload, {
    async stop() {
      stopped = true;
      await running;
      for (const [old, timer] of retiring) {
        clearTimeout(timer);
        await retire(old);
      }
    },
  });
}
