// Checks SHACL Core cannot state: a Latvian municipality's IRI carries its own ATVK code, and
// no two municipalities share a national code. Reported like shape results.
import N3 from 'n3';
import type { ValidationResult } from './shacl.js';
import { ns } from '../vocab.js';
import type { QuadSource } from '../quads.js';

const { namedNode } = N3.DataFactory;

export function consistencyResults(store: QuadSource, base: string): ValidationResult[] {
  const results: ValidationResult[] = [];
  const byCode = new Map<string, string[]>();
  const areas = store.getSubjects(namedNode(ns.rdf + 'type'), namedNode(ns.schema + 'AdministrativeArea'), null);
  for (const area of areas) {
    const codes = store.getObjects(area, namedNode(ns.skos + 'notation'), null).filter((c) => c.termType === 'Literal');
    for (const code of codes) {
      const key = `${(code as N3.Literal).datatype.value} ${code.value}`;
      byCode.set(key, [...(byCode.get(key) ?? []), area.value]);
      const slug = /\/id\/municipality\/lv-([0-9]{7})$/.exec(area.value)?.[1];
      if (slug && (code as N3.Literal).datatype.value === `${base}def/ATVKCode` && slug !== code.value) {
        results.push({
          severity: 'Violation',
          focusNode: area,
          path: `<${ns.skos}notation>`,
          value: code,
          message: `The IRI says ATVK code ${slug} but skos:notation says ${code.value}: a Latvian municipality's IRI is id/municipality/lv-<its ATVK code>.`,
          constraint: 'SlugMatchesCode',
          shape: undefined,
        });
      }
    }
  }
  for (const [key, subjects] of byCode) {
    if (subjects.length < 2) continue;
    for (const s of subjects) {
      results.push({
        severity: 'Violation',
        focusNode: namedNode(s),
        path: `<${ns.skos}notation>`,
        value: undefined,
        message: `Code ${key.split(' ')[1]} is also the code of ${subjects.filter((x) => x !== s).join(', ')}: each municipality has its own.`,
        constraint: 'UniqueCode',
        shape: undefined,
      });
    }
  }
  return results;
}
