import type { Progress } from '../pipeline.js';

/** Where a command writes; tests pass their own to capture output. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Progress of long steps; absent where nobody watches (CI, pipes, tests). */
  progress?: Progress;
}

/**
 * One status line on a terminal, rewritten in place at most ten times a second and cleared
 * by progress(''). Nothing when stderr is not a terminal or CI is set.
 */
export function terminalProgress(stream: NodeJS.WriteStream, env: Record<string, string | undefined>): Progress | undefined {
  if (!stream.isTTY || env.CI) return undefined;
  const started = Date.now();
  let last = 0;
  let lastStep = '';
  return (step, done) => {
    const now = Date.now();
    if (!step) {
      if (lastStep) stream.write('\r\x1b[K');
      lastStep = '';
      return;
    }
    if (step === lastStep && now - last < 100) return;
    last = now;
    lastStep = step;
    const count = done === undefined ? '' : `: ${done.toLocaleString('en')}`;
    stream.write(`\r\x1b[K${step}${count} (${((now - started) / 1000).toFixed(1)} s)`);
  };
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  progress: terminalProgress(process.stderr, process.env),
};
