// Which files make up a project and which named graph each one fills.
import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { RDF_EXTENSIONS } from './parse.js';
import { basename, extname, join } from 'node:path';
import type { Config } from '../config.js';

export type Role = 'ontology' | 'data' | 'shapes';

export interface Source {
  readonly file: string;
  readonly role: Role;
  /** Named graph IRI: one per source (data file), one for the ontology, one for the shapes. */
  readonly graph: string;
}

/** The merged SDG reference that `import-sdg` writes; it replaces data/sdg.ttl when present. */
export const IMPORTED_REFERENCE = 'sdg-reference.ttl';

export function graphIri(base: string, name: string): string {
  return `${base}graph/${name}`;
}

export async function listSources(config: Config): Promise<Source[]> {
  const { base, root } = config;
  const shapes = (await rdfFiles(join(root, 'shapes'))).map((file) => ({
    file, role: 'shapes' as const, graph: graphIri(base, 'shapes'),
  }));
  if (!shapes.length) throw new UsageError(`no shapes in ${join(root, 'shapes')}: nothing to validate against (is --root right?)`);
  if (config.dataFiles) {
    return [...config.dataFiles.map((file) => ({ file, role: 'data' as const, graph: dataGraph(base, file) })), ...shapes];
  }
  const ontology = (await rdfFiles(join(root, 'ontology'))).map((file) => ({
    file, role: 'ontology' as const, graph: graphIri(base, 'ontology'),
  }));
  const imported = join(config.importDir, IMPORTED_REFERENCE);
  const useImport = await importIsCurrent(imported, join(root, 'data', 'sdg.ttl'));
  const data = (await rdfFiles(join(root, 'data'))).map((file) => ({
    file: useImport && basename(file) === 'sdg.ttl' ? imported : file,
    role: 'data' as const,
    graph: dataGraph(base, file),
  }));
  const catalog = (await rdfFiles(join(root, 'data', 'catalog'))).map((file) => ({
    file, role: 'data' as const, graph: graphIri(base, 'catalog'),
  }));
  if (!data.length) throw new UsageError(`no RDF files in ${join(root, 'data')}: nothing to publish (is --root right?)`);
  if (!shapes.length) throw new UsageError(`no shapes in ${join(root, 'shapes')}: nothing to validate against (is --root right?)`);
  return [...ontology, ...data, ...catalog, ...shapes];
}

/** The graph a data file fills; `catalog` is the catalogue's (data/catalog/), which is not data. */
function dataGraph(base: string, file: string): string {
  if (slug(file) === 'catalog') throw new UsageError(`${file}: a data file cannot be called "catalog", the name of the catalogue's graph; rename it`);
  return graphIri(base, slug(file));
}

function slug(file: string): string {
  return basename(file, extname(file)).toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

async function rdfFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const files = await Promise.all(
    names
      .filter((n) => RDF_EXTENSIONS.includes(extname(n).toLowerCase()))
      .sort()
      .map(async (n) => ((await stat(join(dir, n)).catch(() => undefined))?.isFile() ? join(dir, n) : undefined)),
  );
  return files.filter((f): f is string => f !== undefined);
}

/** An import counts only while data/sdg.ttl is the text it was merged with. */
async function importIsCurrent(imported: string, reference: string): Promise<boolean> {
  try {
    const head = (await readFile(imported, 'utf8')).slice(0, 1000);
    const recorded = /^# reference-sha256: ([0-9a-f]{64})$/m.exec(head)?.[1];
    const actual = createHash('sha256').update(await readFile(reference, 'utf8')).digest('hex');
    return recorded === actual;
  } catch {
    return false;
  }
}
