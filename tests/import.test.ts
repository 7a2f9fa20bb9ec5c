// import-sdg on a small KOS of our own in the UN's shape, in the three syntaxes the UN publishes.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSdgCommand } from '../src/cli/import-sdg.js';
import { openProject } from '../src/pipeline.js';
import { createQueryStore, select } from '../src/store/sparql.js';
import { bundledConfig, captureIo, projectWith, tempDir } from './helpers.js';

const fixture = (ext: string) => join(import.meta.dirname, 'fixtures', 'kos', `mini-kos.${ext}`);

async function importInto(ext: string) {
  const importDir = await tempDir('import-');
  const config = bundledConfig({ importDir });
  const io = captureIo();
  const code = await importSdgCommand(config, fixture(ext), undefined, io);
  return { code, io, config, importDir, merged: await readFile(join(importDir, 'sdg-reference.ttl'), 'utf8') };
}

describe('import-sdg', async () => {
  const results = Object.fromEntries(await Promise.all(['ttl', 'rdf', 'jsonld'].map(async (ext) => [ext, await importInto(ext)] as const)));
  const ttl = results.ttl!;

  it.each(['rdf', 'jsonld'])('reads %s to the same merged reference as Turtle', (ext) => {
    expect(results[ext]!.code).toBe(0);
    expect(results[ext]!.merged.split('\n').slice(1).join('\n')).toBe(ttl.merged.split('\n').slice(1).join('\n'));
  });

  it('reports what it added, changed, rejected and ignored', async () => {
    const report = JSON.parse(await readFile(join(ttl.importDir, 'sdg-reference.report.json'), 'utf8'));
    expect(report.concepts).toEqual({ goal: 1, target: 2, indicator: 3 });
    expect(report.changed).toEqual([
      {
        subject: 'http://metadata.un.org/sdg/11',
        predicate: 'http://www.w3.org/2004/02/skos/core#altLabel',
        language: 'en',
        from: 'Sustainable cities and communities',
        to: 'Sustainable Cities and Communities',
      },
    ]);
    expect(report.rejected).toEqual([
      {
        subject: 'http://metadata.un.org/sdg/C110302',
        predicate: 'http://www.w3.org/2004/02/skos/core#prefLabel',
        object: '"NaN"^^<http://www.w3.org/2001/XMLSchema#double>',
        reason: 'a label must be a language-tagged string',
      },
    ]);
    expect(report.deprecated).toEqual(['http://metadata.un.org/sdg/C110601']);
    expect(report.addedBy['skos:prefLabel@fr']).toBe(1);
    expect(report.addedBy['skos:prefLabel@zh']).toBe(1);
    expect(report.ignored).toBeGreaterThan(0);
    expect(ttl.io.stdout()).toMatch(/Changed 1:\n {2}<http:\/\/metadata\.un\.org\/sdg\/11> .*altLabel@en: "Sustainable cities and communities" → "Sustainable Cities and Communities"/);
    expect(ttl.io.stdout()).toMatch(/Rejected 1:\n {2}1 × a label must be a language-tagged string/);
  });

  it('publishes the merged reference, which still conforms', async () => {
    const project = await openProject(ttl.config);
    expect(project.files.some((f) => f.file.endsWith('sdg-reference.ttl'))).toBe(true);
    expect(project.report.results.map((r) => `${r.resource.value} ${r.path} ${r.message}`)).toEqual([]);
    const store = createQueryStore(project.store, project.config.base);
    const q = (s: string) => select(store, `PREFIX sdg: <http://metadata.un.org/sdg/> PREFIX sdgo: <http://metadata.un.org/sdg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> ${s}`);
    // Indicators linked both ways, though the KOS lists only one under sdgo:hasIndicator.
    expect(q('SELECT ?i WHERE { sdg:11.3 sdgo:hasIndicator ?i . ?i sdgo:isIndicatorOf sdg:11.3 } ORDER BY ?i').map((r) => r.i)).toEqual([
      'http://metadata.un.org/sdg/C110301',
      'http://metadata.un.org/sdg/C110302',
    ]);
    // A deprecated indicator keeps its flag and its own link, but its target no longer lists it.
    expect(q('SELECT ?t WHERE { sdg:C110601 <http://www.w3.org/2002/07/owl#deprecated> true ; sdgo:isIndicatorOf ?t }')).toEqual([{ t: 'http://metadata.un.org/sdg/11.6' }]);
    expect(q('SELECT ?i WHERE { sdg:11.6 sdgo:hasIndicator|skos:narrower ?i }')).toEqual([]);
    // Official labels in every language, our Latvian name kept, series and subject tags left out.
    expect(q('SELECT ?l WHERE { sdg:11 skos:prefLabel ?l FILTER(lang(?l) = "fr") }')).toHaveLength(1);
    expect(q('SELECT ?l WHERE { sdg:11 skos:altLabel ?l FILTER(lang(?l) = "lv") }')).toEqual([{ l: 'Ilgtspējīgas pilsētas un kopienas' }]);
    expect(q('SELECT ?s WHERE { ?s a sdgo:Series }')).toEqual([]);
    expect(q('SELECT ?s WHERE { sdg:11 <http://purl.org/dc/terms/subject> ?s }')).toEqual([]);
  });

  it('is set aside once data/sdg.ttl changes, so an old import never hides an edit', async () => {
    const sdg = await readFile(join(import.meta.dirname, '..', 'data', 'sdg.ttl'), 'utf8');
    const root = await projectWith({ 'sdg.ttl': sdg.replace('"Climate action"@en', '"Climate Action"@en') });
    const project = await openProject(bundledConfig({ root, importDir: ttl.importDir }));
    expect(project.files.some((f) => f.file.endsWith('sdg-reference.ttl'))).toBe(false);
  });

  it.each([
    ['a missing file', 'nope.ttl', /cannot read nope\.ttl/],
    ['an unknown extension', 'kos.csv', /unknown RDF file extension/],
  ])('refuses %s with a usage error', async (_name, file, message) => {
    await expect(importSdgCommand(bundledConfig(), file, undefined, captureIo())).rejects.toThrow(message);
  });

  it('reports a malformed KOS with its line', async () => {
    const dir = await tempDir('bad-');
    const bad = join(dir, 'kos.ttl');
    await writeFile(bad, '@prefix sdg: <http://metadata.un.org/sdg/> .\n\nsdg:11 a sdg:Goal ;\n  sdg:x "unterminated .\n');
    await expect(importSdgCommand(bundledConfig({ importDir: dir }), bad, undefined, captureIo())).rejects.toThrow(/kos\.ttl:4/);
  });
});
