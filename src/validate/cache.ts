// Validation reports cached by content: the same sources, shapes, base IRI, engine and code
// give the same report, so a restart on unchanged data skips SHACL (the slowest step of loading).
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import N3 from 'n3';
import type { Term } from '@rdfjs/types';
import type { ValidationReport, ValidationResult } from './shacl.js';
import { writeAtomic } from '../atomic.js';

const codeDir = dirname(dirname(fileURLToPath(import.meta.url)));
/** A hash of this program's own modules, so that a changed validator never reuses old reports. */
async function hashCode(): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (dir: string): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (/\.(js|ts)$/.test(entry.name)) hash.update(entry.name).update(await readFile(path));
    }
  };
  await walk(codeDir);
  return hash.digest('hex');
}

export async function cacheKey(parts: { engine: string; base: string; sources: readonly { role: string; graph: string; hash: string }[]; extra?: string }): Promise<string> {
  const hash = createHash('sha256').update(await hashCode()).update(parts.engine).update('\0').update(parts.base);
  for (const s of parts.sources) hash.update('\0').update(s.role).update('\0').update(s.graph).update('\0').update(s.hash);
  // What the project derives from its sources before validating (the catalogue's dates).
  if (parts.extra) hash.update('\0').update(parts.extra);
  return hash.digest('hex');
}

const termId = (t: Term | undefined) => (t === undefined ? null : N3.termToId(t as N3.Term));
const fromId = (id: string | null) => (id === null ? undefined : (N3.termFromId(id) as Term));

/** A report as JSON (terms by their N3 ids), for the cache and for crossing a thread. */
export type ReportJson = { conforms: boolean; results: Record<string, string | null>[] };

export function reportToJson(report: ValidationReport): ReportJson {
  return {
    conforms: report.conforms,
    results: report.results.map((r) => ({
      severity: r.severity, focusNode: termId(r.focusNode), path: r.path ?? null, value: termId(r.value),
      message: r.message, constraint: r.constraint, shape: termId(r.shape),
    })),
  };
}

export function reportFromJson(json: ReportJson): ValidationReport {
  return {
    conforms: json.conforms,
    results: json.results.map((r) => ({
      severity: r.severity as ValidationResult['severity'],
      focusNode: fromId(r.focusNode!)!,
      path: r.path ?? undefined,
      value: fromId(r.value!),
      message: r.message!,
      constraint: r.constraint!,
      shape: fromId(r.shape!),
    })),
  };
}

export async function readCached(dir: string, key: string): Promise<ValidationReport | undefined> {
  try {
    return reportFromJson(JSON.parse(await readFile(join(dir, `validation-${key}.json`), 'utf8')) as ReportJson);
  } catch {
    return undefined;
  }
}

export async function writeCached(dir: string, key: string, report: ValidationReport): Promise<void> {
  try {
    // Replaced whole, so a reader never sees half a report.
    await writeAtomic(join(dir, `validation-${key}.json`), JSON.stringify(reportToJson(report)));
  } catch {
    // A cache that cannot be written only costs the next start its time.
  }
}
