// Activities from a spreadsheet: the CSV/JSON template to RDF and back, problems by row and
// column, the import command, and rows posted to the graph store.
import { join } from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { parseCsv, toCsv } from '../src/rows/csv.js';
import { activitiesToRows, readRows, rowsToCsv, rowsToQuads, RowsRefused, type Row } from '../src/rows/activities.js';
import { openProject, type Project } from '../src/pipeline.js';
import { journalFile } from '../src/store/writes.js';
import { BASE, bundledConfig, captureIo, projectWith } from './helpers.js';
import { isomorphic } from './isomorphic.js';

const { namedNode } = N3.DataFactory;
const LETTER = `${BASE}graph/letter`;
let project: Project;
beforeAll(async () => {
  project = await openProject(bundledConfig());
});

const good: Row = {
  start_date: '2023-05-12', kind: 'seminar', title_lv: 'Ilgtspējas seminārs Kuldīgā', title_en: 'A sustainability seminar in Kuldīga',
  description_lv: 'Seminārs.', description_en: 'A seminar.', goals: '11;13', targets: '11.3', attendance: 'mixed', place: 'salacgriva',
  municipalities: 'Kuldīgas novads', organiser: 'lps', audience_lv: 'pašvaldību pārstāvji', audience_en: 'municipal staff',
};
const refusal = (rows: Row[]) => {
  try {
    rowsToQuads(rows.map((values, i) => ({ row: i + 2, values })), { base: BASE, graph: `${BASE}graph/report/t`, store: project.store });
  } catch (error) {
    if (error instanceof RowsRefused) return error.message;
    throw error;
  }
  return '';
};

describe('CSV', () => {
  it('reads quoted fields with commas, quotes and line breaks, and writes them back', () => {
    const rows = [['a', 'b,c', 'say "hi"', 'two\nlines', ' padded ']];
    expect(parseCsv(toCsv(rows)).map((r) => r.fields)).toEqual(rows);
    expect(parseCsv('\uFEFFx,y\r\n1,2\r\n').map((r) => r.line)).toEqual([1, 2]);
    expect(() => parseCsv('a,"b')).toThrow(/not closed/);
  });
});

describe('rows to RDF', () => {
  it('round-trips the bundled activities: exported as CSV, they import to the same statements', () => {
    const csv = rowsToCsv(activitiesToRows(project.store, BASE, LETTER));
    const quads = rowsToQuads(readRows(csv, 'text/csv'), { base: BASE, graph: LETTER, store: project.store });
    const activities = project.store.getSubjects(namedNode(`${ns}type`), namedNode(`${BASE}def/Activity`), namedNode(LETTER));
    const audiences = activities.flatMap((a) => project.store.getObjects(a, namedNode('http://schema.org/audience'), null));
    const expected = [...activities, ...audiences].flatMap((s) => project.store.getQuads(s, null, null, namedNode(LETTER))).map((q) => N3.DataFactory.quad(q.subject, q.predicate, q.object));
    expect(activities.length).toBe(8);
    expect(quads.length).toBe(expected.length);
    expect(isomorphic(quads as Quad[], expected as Quad[])).toBe(true);
    // And as JSON, the same.
    const json = JSON.stringify(activitiesToRows(project.store, BASE, LETTER));
    expect(isomorphic(rowsToQuads(readRows(json, 'application/json'), { base: BASE, graph: LETTER, store: project.store }) as Quad[], expected as Quad[])).toBe(true);
  });

  it('makes stable IRIs from the date and title, and a report document when no source is named', () => {
    const quads = rowsToQuads([{ row: 2, values: good }], { base: BASE, graph: `${BASE}graph/report/2023-kuldiga`, store: project.store, today: '2023-06-01' });
    const subjects = new Set(quads.map((q) => q.subject.value));
    expect(subjects).toContain(`${BASE}id/activity/2023-05-12-ilgtspejas-seminars-kuldiga`);
    expect(subjects).toContain(`${BASE}id/document/report-report-2023-kuldiga`);
    expect(quads.some((q) => q.object.value === `${BASE}id/municipality/lv-0033000`)).toBe(true);
  });

  it.each([
    [{ ...good, goals: '5;18' }, 'row 2, goals: 18 is not an SDG goal (1–17)'],
    [{ ...good, targets: '11.99' }, 'row 2, targets: 11.99 is not an SDG target'],
    [{ ...good, start_date: '2021-02-30' }, 'row 2, start_date: 2021-02-30 is not a date that exists'],
    [{ ...good, municipalities: 'Kuldigas nvads' }, 'row 2, municipalities: no municipality "Kuldigas nvads"; the closest: Kuldīgas novads (0620200, until 2021-06-30), Kuldīgas novads (0033000, from 2021-07-01)'],
    [{ ...good, kind: 'lecture' }, 'row 2, kind: lecture is not a kind of activity; the kinds: discussion'],
    [{ ...good, organiser: 'nobody' }, 'row 2, organiser: no organization "nobody"'],
    [{ ...good, place: undefined, attendance: 'sometimes' }, 'row 2, attendance: sometimes is online, offline or mixed'],
    [{ ...good, id: 'Seminar 1' }, 'row 2, id: "Seminar 1" is not an activity slug'],
    [{ ...good, start_date: undefined }, 'row 2, start_date: every activity has its start date'],
  ])('says what is wrong, by row and column (%#)', (row, message) => {
    expect(refusal([row as Row])).toContain(message);
  });

  it('finds a municipality by its ATVK code, or by its name as it was on the activity\'s date', () => {
    const contributor = (row: Row) => rowsToQuads([{ row: 2, values: row }], { base: BASE, graph: `${BASE}graph/report/t`, store: project.store })
      .find((q) => q.predicate.value === 'http://schema.org/contributor')?.object.value;
    expect(contributor({ ...good, municipalities: '0620200' })).toBe(`${BASE}id/municipality/lv-0620200`);
    // Kuldīgas novads before and after the 2021 reform.
    expect(contributor({ ...good, municipalities: 'kuldīgas novads', start_date: '2020-05-01' })).toBe(`${BASE}id/municipality/lv-0620200`);
    expect(contributor({ ...good, municipalities: 'Kuldīga Municipality', start_date: '2023-05-01' })).toBe(`${BASE}id/municipality/lv-0033000`);
  });

  it('writes a cell a spreadsheet would run as a formula as text, and reads it back as it was', () => {
    const csv = rowsToCsv([{ ...good, title_en: '=HYPERLINK("http://evil")' }]);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(readRows(csv, 'text/csv')[0]!.values.title_en).toBe('=HYPERLINK("http://evil")');
  });

  it('refuses JSON values that are not text, and values too long to be names', () => {
    expect(() => readRows(JSON.stringify([{ title_lv: { toString: 1 } }]), 'application/json')).toThrow(/a value is text/);
    expect(refusal([{ ...good, place: 'x'.repeat(5000) }])).toContain('no place has a name of 5000 characters');
    expect(refusal([{ ...good, attendance: 'constructor' }])).toContain('constructor is online, offline or mixed');
  });

  it('names an unknown column, and reports every row at once', () => {
    expect(() => readRows('start_date,titel\n2023-01-01,x\n', 'text/csv')).toThrow(/"titel" is not a column/);
    const message = refusal([{ ...good, goals: '0' }, good, { ...good, id: '2023-05-12-ilgtspejas-seminars-kuldiga' }]);
    expect(message).toContain('row 2, goals');
    expect(message).toContain('row 4, id: 2023-05-12-ilgtspejas-seminars-kuldiga is also row 3');
  });
});

describe('sdg-lod import and export-csv', () => {
  it('imports a valid file into the journal, and refuses a bad one without writing anything', async () => {
    const root = await projectWith({});
    const env = { SDG_LOD_ROOT: root };
    const file = join(root, 'kuldiga.csv');
    await writeFile(file, rowsToCsv([good]));
    const io = captureIo();
    const graph = `${BASE}graph/report/2023-kuldiga`;
    expect(await run(['import', file, '--graph', graph, '--base', BASE], env, io)).toBe(0);
    expect(io.stdout()).toContain('imported 1 activity into');
    const journal = await readFile(journalFile({ importDir: join(root, 'var') }));
    await writeFile(file, rowsToCsv([{ ...good, goals: '18' }]));
    const bad = captureIo();
    expect(await run(['import', file, '--graph', graph, '--base', BASE], env, bad)).toBe(1);
    expect(bad.stderr()).toContain('row 2, goals: 18 is not an SDG goal');
    await writeFile(file, rowsToCsv([{ ...good, description_lv: undefined, title_lv: undefined, place: 'riga', attendance: undefined }]));
    const invalid = captureIo();
    expect(await run(['import', file, '--graph', graph, '--base', BASE], env, invalid)).toBe(1);
    expect(invalid.stderr()).toContain('do not conform to the shapes');
    expect(await readFile(journalFile({ importDir: join(root, 'var') }))).toEqual(journal);
    const exported = captureIo();
    expect(await run(['export-csv', '--graph', graph, '--base', BASE], env, exported)).toBe(0);
    expect(readRows(exported.stdout(), 'text/csv')[0]!.values.title_en).toBe(good.title_en);
  });
});

const ns = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
