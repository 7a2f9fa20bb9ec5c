// sdg-lod build OUT: validate, then write the static site.
import { resolve } from 'node:path';
import type { Config } from '../config.js';
import { buildSite } from '../export/static.js';
import { createApp } from '../http/app.js';
import type { Io } from './io.js';
import { openValid } from './valid.js';

export async function buildCommand(config: Config, out: string, io: Io): Promise<number> {
  const project = await openValid(config, io, 'not building: the data did not pass validation.');
  if (!project) return 1;
  const app = createApp(project);
  // The reports ask the query workers: they are stopped once the site is written.
  const { files, bytes } = await buildSite(app, resolve(out)).finally(() => app.close());
  io.out(`wrote ${files} files (${bytes} bytes) to ${resolve(out)}; see nginx.conf.sample there for serving them\n`);
  return 0;
}
