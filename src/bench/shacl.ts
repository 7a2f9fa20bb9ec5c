// Measures the two SHACL engines on the same data and shapes: time, triples per second, and
// whether their reports are identical (as normalised results).
import N3 from 'n3';
import type { Config, ShaclEngine } from '../config.js';
import { loadFiles } from '../load/files.js';
import { shapeQuads } from '../validate/run.js';
import { createValidator, type ValidationReport } from '../validate/shacl.js';

export interface EngineFigure {
  engine: ShaclEngine;
  triples: number;
  medianMs: number;
  triplesPerSecond: number;
  results: number;
  peakRssMb: number;
}

export async function measureEngines(config: Config, runs: number) {
  const loaded = new N3.Store();
  const { files } = await loadFiles(config, loaded);
  const data = new N3.Store();
  const shapes = new N3.Store();
  shapes.addQuads(shapeQuads(files, config.base));
  for (const q of loaded) data.addQuad(q.subject, q.predicate, q.object);
  const axioms = new N3.Store([...shapes, ...data.getQuads(null, N3.DataFactory.namedNode('http://www.w3.org/2000/01/rdf-schema#subClassOf'), null, null)]);
  const figures: EngineFigure[] = [];
  const reports: string[][] = [];
  for (const engine of ['shacl-engine', 'rdf-validate-shacl'] as const) {
    const validate = createValidator(axioms, engine);
    const times: number[] = [];
    let report: ValidationReport | undefined;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      report = await validate(data);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const medianMs = times[Math.floor(times.length / 2)]!;
    figures.push({
      engine,
      triples: data.size,
      medianMs,
      triplesPerSecond: data.size / (medianMs / 1000),
      results: report!.results.length,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    });
    reports.push(report!.results.map((r) => `${r.severity} ${r.focusNode.value} ${r.path} ${r.constraint} ${r.value?.value ?? ''}`));
  }
  const identical = reports[0]!.length === reports[1]!.length && reports[0]!.every((r, i) => r === reports[1]![i]);
  return { figures, identical };
}
