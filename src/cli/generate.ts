// sdg-lod generate --activities N OUT: a synthetic project folder for benchmarks.
import type { Config } from '../config.js';
import { UsageError } from '../errors.js';
import { generateProject } from '../generate.js';
import type { Io } from './io.js';

export async function generateCommand(config: Config, out: string, activities: string | undefined, seed: string | undefined, io: Io): Promise<number> {
  const n = Number(activities);
  if (!activities || !Number.isInteger(n) || n < 1) throw new UsageError('--activities takes a whole number of at least 1');
  const s = seed === undefined ? 1 : Number(seed);
  if (!Number.isInteger(s)) throw new UsageError('--seed takes a whole number');
  const progress = io.progress;
  const { file, triples } = await generateProject(out, {
    activities: n,
    seed: s,
    from: config.root,
    onProgress: progress && ((done, total) => progress(`generating activities of ${total.toLocaleString('en')}`, done)),
  });
  progress?.('');
  io.out(`wrote ${triples} triples (${n} activities, seed ${s}) to ${file}; validate with: sdg-lod validate --root ${out}\n`);
  return 0;
}
