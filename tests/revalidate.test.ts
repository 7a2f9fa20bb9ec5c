// A reload validates what its files' edits changed: the report must be exactly a full
// validation's, whatever the edit (valid or not, with blank nodes renumbered after it).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import N3 from 'n3';
import { beforeAll, expect, it } from 'vitest';
import { openProject, type Project } from '../src/pipeline.js';
import type { ValidationReport } from '../src/validate/shacl.js';
import { activityTurtle, bundledConfig, projectWith } from './helpers.js';

let root: string;
let letter: string;
let first: Project;
beforeAll(async () => {
  root = await projectWith({});
  letter = await readFile(join(root, 'data', 'letter.ttl'), 'utf8');
  first = await openProject(bundledConfig({ root, importDir: join(root, 'var'), validationCache: false }));
});

const canonical = (report: ValidationReport) =>
  report.results.map((r) => [r.severity, N3.termToId(r.focusNode as N3.Term), r.path, r.value && N3.termToId(r.value as N3.Term), r.constraint, r.message].join(' | ')).sort();
const block = (slug: string) => {
  const start = letter.indexOf(`activity:${slug} a`);
  return letter.slice(start, letter.indexOf('\n\n', start));
};
const newActivity = activityTurtle('2022-02-02-jauna', '2022-02-02', '; schema:audience [ a schema:Audience ; schema:audienceType "visi"@lv ] ').split('\n').filter((l) => !l.startsWith('@prefix')).join('\n').trim();

it.each([
  ['a date moved', (t: string) => t.replace('"2019-06-05"^^xsd:date', '"2019-06-06"^^xsd:date')],
  ['a date made impossible', (t: string) => t.replace('"2019-06-05"^^xsd:date', '"2019-02-30"^^xsd:date')],
  ['an audience (a blank node) reworded', (t: string) => t.replace('"Latvijas pašvaldību pārstāvji"@lv', '"pašvaldību darbinieki"@lv')],
  ['an activity with a blank node added first (those after it renumbered)', (t: string) => t.replace(block('2019-06-05-dzimumu-lidztiesiba'), `${newActivity}\n\n${block('2019-06-05-dzimumu-lidztiesiba')}`)],
  ['an activity removed (what linked to it dangles)', (t: string) => t.replace(`${block('2021-05-12-tehnologijas-ir-atbilde')}\n\n`, '')],
  ['an organiser misspelt', (t: string) => t.replace(/(activity:2020-08-26[\s\S]*?schema:organizer )organization:lps/, '$1organization:lpz')],
])('%s: validated incrementally, as a full validation would', async (_, edit) => {
  await writeFile(join(root, 'data', 'letter.ttl'), edit(letter));
  const next = await openProject(bundledConfig({ root, importDir: join(root, 'var'), validationCache: false }), { previous: first });
  expect(next.validation.how).toBe('incremental');
  const full = await openProject(bundledConfig({ root, importDir: join(root, 'var'), validationCache: false }));
  expect(full.validation.how).toBe('full');
  expect(canonical(next.report)).toEqual(canonical(full.report));
  expect(next.report.conforms).toBe(full.report.conforms);
});

it.each([
  ['a changed header', (t: string) => t.replace('@prefix wd:', '@prefix wikidata: <http://www.wikidata.org/entity/> .\n@prefix wd:')],
  ['two resources in one block, the second edited', (t: string) => t.replace(`\n\n${block('2019-09-25-ilgtspejigas-pasvaldibas')}`, `\n${block('2019-09-25-ilgtspejigas-pasvaldibas').replace('"2019-09-25"^^xsd:date', '"2019-02-30"^^xsd:date')}`)],
  ['a resource cut by a blank line, its second part edited', (t: string) => t.replace('    schema:eventAttendanceMode schema:MixedEventAttendanceMode ;\n    schema:location place:salacgriva ;', '    schema:eventAttendanceMode schema:MixedEventAttendanceMode ;\n\n    schema:location place:nekur ;')],
])('validates everything when the edit cannot be followed: %s', async (_, edit) => {
  const edited = edit(letter);
  expect(edited).not.toBe(letter);
  await writeFile(join(root, 'data', 'letter.ttl'), edited);
  const next = await openProject(bundledConfig({ root, importDir: join(root, 'var'), validationCache: false }), { previous: first });
  expect(next.validation.how).toBe('full');
});
