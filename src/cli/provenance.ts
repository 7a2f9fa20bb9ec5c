// sdg-lod provenance: data/provenance.ttl written again from data/sources/ (src/sources/provenance.ts).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { writeAtomic } from '../atomic.js';
import { writeTurtle } from '../represent/turtle.js';
import { provenanceTurtle } from '../sources/provenance.js';
import type { Io } from './io.js';

export async function provenanceCommand(config: Config, io: Io): Promise<number> {
  const source = (name: string) => readFile(join(config.root, 'data', 'sources', name), 'utf8');
  const text = provenanceTurtle(await source('letter.lv.txt'), await source('letter.en.txt'), await source('letter-facts.tsv'), (quads, prefixes) => writeTurtle(quads, { prefixes }));
  const out = join(config.root, 'data', 'provenance.ttl');
  await writeAtomic(out, text);
  io.out(`wrote ${out}\n`);
  return 0;
}
