// The commands that act on validated data (build, import, push) open the project the same way:
// the report and why nothing was done when it does not validate.
import type { Config } from '../config.js';
import { openProject, type Project } from '../pipeline.js';
import { isValid, toText } from '../validate/report.js';
import type { Io } from './io.js';

/** The project if it validates; otherwise the report and `refusal` on standard error, and undefined. */
export async function openValid(config: Config, io: Io, refusal: string): Promise<Project | undefined> {
  const project = await openProject(config, io.progress);
  if (isValid(project)) return project;
  io.err(toText(project));
  io.err(`sdg-lod: ${refusal}\n`);
  return undefined;
}
