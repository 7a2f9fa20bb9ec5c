// sdg-lod import FILE --graph IRI: activities from a spreadsheet (CSV, or the same as JSON) into a
// graph of their own, through the same gate as a write over HTTP (rows resolved, then SHACL),
// into the journal. Nothing is written when any row fails. sdg-lod export-csv: the other way.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Config } from '../config.js';
import { ShapeViolation, UsageError } from '../errors.js';
import { activitiesToRows, readRows, rowsToCsv, rowsToQuads, RowsRefused } from '../rows/activities.js';
import { openProject } from '../pipeline.js';
import { toText } from '../validate/report.js';
import type { LocatedResult } from '../validate/run.js';
import { createWriter, openWriteService } from '../writes.js';
import type { Io } from './io.js';
import { openValid } from './valid.js';

export async function importCommand(config: Config, file: string, graph: string | undefined, io: Io): Promise<number> {
  if (!graph) throw new UsageError(`import needs the graph to write: --graph ${config.base}graph/report/2023-kuldiga`);
  const type = extname(file).toLowerCase() === '.json' ? 'application/json' : extname(file).toLowerCase() === '.csv' ? 'text/csv' : undefined;
  if (!type) throw new UsageError(`import reads a .csv or .json file, not ${file}`);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  const project = await openValid(config, io, 'the project itself does not validate; fix it before importing.');
  if (!project) return 1;
  const service = await openWriteService(config);
  try {
    service.authorize({ name: 'import', graphs: `${config.base}graph/`, id: '', salt: '', hash: '', created: '' }, graph);
    const quads = rowsToQuads(readRows(text, type), { base: config.base, graph, store: project.store });
    const prepared = await createWriter(project).prepare({ graph, op: 'put', quads, by: 'sdg-lod import' }, () => service.nextSeq());
    await service.append(prepared.record);
    const warnings = prepared.results.filter((r) => r.severity !== 'Violation');
    if (warnings.length) io.err(toText({ syntaxErrors: [], report: { conforms: true, results: warnings }, config }));
    const activities = prepared.content.filter((q) => q.object.value === `${config.base}def/Activity`).length;
    io.out(`imported ${activities} ${activities === 1 ? 'activity' : 'activities'} into <${graph}> (${prepared.record.added} statements added, ${prepared.record.removed} removed); a running server publishes them on SIGHUP\n`);
    return 0;
  } catch (error) {
    if (error instanceof RowsRefused) {
      io.err(`${error.message}\nsdg-lod: nothing was imported: fix the rows above.\n`);
      return 1;
    }
    if (error instanceof ShapeViolation) {
      io.err(toText({ syntaxErrors: [], report: { conforms: false, results: error.report as LocatedResult[] }, config }));
      io.err('sdg-lod: nothing was imported: the activities do not conform to the shapes.\n');
      return 1;
    }
    throw error;
  } finally {
    await service.close();
  }
}

export async function exportCsvCommand(config: Config, graph: string | undefined, io: Io): Promise<number> {
  const project = await openProject(config, io.progress);
  io.out(rowsToCsv(activitiesToRows(project.store, config.base, graph)));
  return 0;
}
