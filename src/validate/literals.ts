// Ill-typed literals: "2021-02-30"^^xsd:date names a day that does not exist. SHACL counts such a
// value as a violation of sh:datatype (§4.2.2), but the engines compare the datatype IRI only,
// so the lexical forms of the XSD datatypes are checked here, over every literal of the data.
import type { Literal, Term } from '@rdfjs/types';
import type { QuadSource } from '../quads.js';
import { ns } from '../vocab.js';
import type { ValidationResult } from './shacl.js';

const TZ = '(?:Z|[+-](?:(?:0\\d|1[0-3]):[0-5]\\d|14:00))?';
const YEAR = '-?(?:[1-9]\\d{4,}|\\d{4})';
const DATE = new RegExp(`^(${YEAR})-(\\d{2})-(\\d{2})${TZ}$`);
const DATE_TIME = new RegExp(`^(${YEAR})-(\\d{2})-(\\d{2})T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?|24:00:00(?:\\.0+)?)${TZ}$`);
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?INF|NaN)$/;

const leap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
/** Whether month and day name a day of that year (the proleptic Gregorian calendar, as XSD). */
function realDay(year: string, month: string, day: string): boolean {
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, leap(Math.abs(Number(year))) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

/** For each XSD datatype checked: what a valid lexical form looks like, and the check. */
const FORMS: Record<string, [string, (lexical: string) => boolean]> = {
  date: ['YYYY-MM-DD, a day that exists', (v) => {
    const m = DATE.exec(v);
    return !!m && realDay(m[1]!, m[2]!, m[3]!);
  }],
  dateTime: ['YYYY-MM-DDThh:mm:ss, a moment that exists', (v) => {
    const m = DATE_TIME.exec(v);
    return !!m && realDay(m[1]!, m[2]!, m[3]!);
  }],
  gYear: ['YYYY', (v) => new RegExp(`^${YEAR}${TZ}$`).test(v)],
  gYearMonth: ['YYYY-MM', (v) => {
    const m = new RegExp(`^${YEAR}-(\\d{2})${TZ}$`).exec(v);
    return !!m && Number(m[1]) >= 1 && Number(m[1]) <= 12;
  }],
  boolean: ['true, false, 1 or 0', (v) => /^(?:true|false|1|0)$/.test(v)],
  decimal: ['a decimal number such as 12.5', (v) => DECIMAL.test(v)],
  integer: ['a whole number', (v) => INTEGER.test(v)],
  nonNegativeInteger: ['a whole number from 0', (v) => INTEGER.test(v) && (!v.startsWith('-') || /^-0+$/.test(v))],
  positiveInteger: ['a whole number from 1', (v) => INTEGER.test(v) && !v.startsWith('-') && /[1-9]/.test(v)],
  double: ['a number such as 1.5, 1e3, INF or NaN', (v) => FLOAT.test(v)],
  float: ['a number such as 1.5, 1e3, INF or NaN', (v) => FLOAT.test(v)],
};

/** Why a literal is not a valid value of its XSD datatype; undefined when it is, or is not XSD. */
export function illTyped(literal: Literal): string | undefined {
  const datatype = literal.datatype.value;
  if (!datatype.startsWith(ns.xsd)) return undefined;
  const name = datatype.slice(ns.xsd.length);
  const form = FORMS[name];
  if (!form || form[1](literal.value)) return undefined;
  return `"${literal.value}" is not a valid xsd:${name} (${form[0]}): SHACL counts an ill-formed literal as a value of no datatype.`;
}

/** One result per statement whose object is an ill-typed literal. */
export function literalResults(store: QuadSource): ValidationResult[] {
  const results: ValidationResult[] = [];
  // Each distinct object once; only the few bad ones are looked up again.
  for (const object of store.getObjects(null, null, null)) {
    if (object.termType !== 'Literal') continue;
    const why = illTyped(object as Literal);
    if (!why) continue;
    for (const q of store.getQuads(null, null, object, null)) {
      results.push({ severity: 'Violation', focusNode: q.subject as Term, path: `<${q.predicate.value}>`, value: object, message: why, constraint: 'DatatypeConstraintComponent', shape: undefined });
    }
  }
  return results;
}
