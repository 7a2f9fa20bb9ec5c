// sdg-lod conformance DIR: requests the catalogue as a harvester would (GET {base}catalog,
// Turtle) and validates it against the official DCAT-AP 3 SHACL shapes found in DIR.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import N3 from 'n3';
import type { Config } from '../config.js';
import { UsageError } from '../errors.js';
import { createApp } from '../http/app.js';
import { openProject } from '../pipeline.js';
import { createValidator } from '../validate/shacl.js';
import type { Io } from './io.js';

/** Shape sets, as the EU validator combines them; recommended properties only warn. */
const PROFILES: [string, string[]][] = [
  ['DCAT-AP 3.0.1 base, ranges and vocabularies', ['html-shacl/shapes.ttl', 'html-shacl/range.ttl', 'html-shacl/mdr-vocabularies.shape.ttl']],
  ['DCAT-AP 3.0.1 recommended properties', ['html-shacl/shapes_recommended.ttl']],
  ['DCAT-AP 3.0.1 SHACL template', ['dcat-ap-SHACL.ttl']],
];

export async function conformanceCommand(config: Config, dir: string, io: Io): Promise<number> {
  const project = await openProject(config, io.progress);
  const app = createApp(project);
  const response = await app.handle({ method: 'GET', url: `${app.site.root}catalog`, headers: { accept: 'text/turtle' } });
  if (response.status !== 200 || !response.body) throw new UsageError(`GET ${config.base}catalog answered ${response.status}`);
  const catalog = new N3.Store(new N3.Parser({ baseIRI: `${config.base}catalog` }).parse(response.body.toString('utf8')));
  io.out(`Catalogue ${config.base}catalog: ${catalog.size} triples.\n`);
  let violations = 0;
  for (const [name, files] of PROFILES) {
    const shapes = new N3.Store();
    for (const f of files) {
      const text = await readFile(join(dir, f), 'utf8').catch(() => {
        throw new UsageError(`cannot read ${join(dir, f)}: pass the folder that holds the DCAT-AP shapes`);
      });
      shapes.addQuads(new N3.Parser({ baseIRI: `file://${join(dir, f)}` }).parse(text));
    }
    const report = await createValidator(shapes, 'shacl-engine')(catalog);
    const count = (s: string) => report.results.filter((r) => r.severity === s).length;
    violations += count('Violation');
    io.out(`${name}: ${count('Violation')} violation(s), ${count('Warning')} warning(s), ${count('Info')} info\n`);
    for (const r of report.results) {
      io.out(`  ${r.severity} <${r.focusNode.value}> ${r.path ?? ''} ${r.message}\n`);
    }
  }
  io.out(violations ? `NOT conformant: ${violations} violation(s).\n` : 'Conformant: no violations.\n');
  return violations ? 1 : 0;
}
