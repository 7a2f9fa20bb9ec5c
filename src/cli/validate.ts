// sdg-lod validate: the same load → validate path the server uses before it publishes.
import type { Config } from '../config.js';
import { openProject } from '../pipeline.js';
import { isValid, toJson, toText } from '../validate/report.js';
import type { Io } from './io.js';

export async function validateCommand(config: Config, format: 'text' | 'json', io: Io): Promise<number> {
  const project = await openProject(config, io.progress);
  io.out(format === 'json' ? JSON.stringify(toJson(project), null, 2) + '\n' : toText(project));
  return isValid(project) ? 0 : 1;
}
