// sdg-lod import-sdg FILE: merge the UN's SDG KOS into the reference and write the result to
// the git-ignored import folder, where openProject picks it up instead of data/sdg.ttl.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config } from '../config.js';
import { UsageError } from '../errors.js';
import { parseText, syntaxOf } from '../load/parse.js';
import { IMPORTED_REFERENCE } from '../load/sources.js';
import { writeTurtle } from '../represent/turtle.js';
import { mergeKos, type ImportReport } from '../sdg/import.js';
import { PLACEHOLDER } from './format.js';
import type { Io } from './io.js';

export async function importSdgCommand(config: Config, file: string, outDir: string | undefined, io: Io): Promise<number> {
  const referenceFile = join(config.root, 'data', 'sdg.ttl');
  const referenceText = await readFile(referenceFile, 'utf8');
  const reference = parseText(referenceText, 'turtle', PLACEHOLDER, referenceFile);
  const syntax = syntaxOf(file);
  let text: string;
  try {
    text = await readFile(resolve(file), 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  const kos = parseText(text, syntax, 'http://metadata.un.org/sdg/', file);
  const { quads, report } = mergeKos(reference.quads, kos.quads);
  const dir = outDir ? resolve(outDir) : config.importDir;
  await mkdir(dir, { recursive: true });
  const target = join(dir, IMPORTED_REFERENCE);
  const header = [
    `# SDG reference merged by "sdg-lod import-sdg" from ${file}. Generated: do not edit, do not commit.`,
    `# reference-sha256: ${sha256(referenceText)}`,
    '',
  ].join('\n');
  await writeFile(target, header + writeTurtle(quads, { prefixes: reference.prefixes, base: PLACEHOLDER }));
  const reportFile = target.replace(/\.ttl$/, '.report.json');
  await writeFile(reportFile, JSON.stringify(report, null, 2) + '\n');
  io.out(describe(report, file, target));
  io.out(`The full report, with every rejected triple, is in ${reportFile}.\n`);
  io.out(
    dir === config.importDir
      ? 'validate and serve use it instead of data/sdg.ttl from now on, until data/sdg.ttl changes.\n'
      : `This is not the project's import folder (${config.importDir}): validate and serve keep using data/sdg.ttl.\n`,
  );
  return 0;
}

function rejectedByReason(r: ImportReport): string[] {
  const groups = new Map<string, ImportReport['rejected']>();
  for (const x of r.rejected) groups.set(x.reason, [...(groups.get(x.reason) ?? []), x]);
  return [...groups].flatMap(([reason, xs]) => [
    `  ${xs.length} × ${reason}, e.g.`,
    ...xs.slice(0, 5).map((x) => `    <${x.subject}> <${x.predicate}> ${x.object}`),
  ]);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function describe(r: ImportReport, file: string, target: string): string {
  const lines = [
    `Read ${r.read} triples from ${file}.`,
    `Concepts: ${r.concepts.goal} goals, ${r.concepts.target} targets, ${r.concepts.indicator} indicators (${r.deprecated.length} deprecated).`,
    `Added ${r.added} triples:`,
    ...Object.entries(r.addedBy).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `  ${k}: ${n}`),
    `Changed ${r.changed.length}:`,
    ...r.changed.map((c) => `  <${c.subject}> ${c.predicate}@${c.language}: "${c.from}" → "${c.to}"`),
    `Rejected ${r.rejected.length}:`,
    ...rejectedByReason(r),
    `Ignored ${r.ignored} triples about other things (series, subject tags) or with other predicates.`,
    `Deprecated: ${r.deprecated.map((s) => s.replace('http://metadata.un.org/sdg/', 'sdg:')).join(', ') || 'none'}.`,
    `Wrote ${target}.`,
  ];
  return lines.join('\n') + '\n';
}
