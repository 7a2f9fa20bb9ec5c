// sdg-lod build OUT: validate, then write the static site.
import { resolve } from 'node:path';
import type { Config } from '../config.js';
import { buildSite } from '../export/static.js';
import { createApp } from '../http/app.js';
import { openProject } from '../pipeline.js';
import { isValid, toText } from '../validate/report.js';
import type { Io } from './io.js';

export async function buildCommand(config: Config, out: string, io: Io): Promise<number> {
  const project = await openProject(config, io.progress);
  if (!isValid(project)) {
    io.err(toText(project));
    io.err('sdg-lod: not building: the data did not pass validation.\n');
    return 1;
  }
  const { files, bytes } = await buildSite(createApp(project), resolve(out));
  io.out(`wrote ${files} files (${bytes} bytes) to ${resolve(out)}; see nginx.conf.sample there for serving them\n`);
  return 0;
}
