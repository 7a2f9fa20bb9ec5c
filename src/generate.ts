// Synthetic data in the project's own model, for benchmarks: activities spread over dates,
// goals, municipalities and organisers, with Latvian and English titles. Deterministic per seed.
import { createWriteStream } from 'node:fs';
import { cp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';

/** The 43 municipalities of the 2021 reform, by ATVK code, with Latvian and English stems. */
const MUNICIPALITIES = [
  '0001000', '0002000', '0003000', '0004000', '0005000', '0006000', '0007000', '0020000', '0021000', '0022000',
  '0023000', '0024000', '0025000', '0026000', '0027000', '0028000', '0029000', '0030000', '0031000', '0032000',
  '0033000', '0034000', '0035000', '0036000', '0037000', '0038000', '0039000', '0040000', '0041000', '0042000',
  '0043000', '0044000', '0045000', '0046000', '0047000', '0048000', '0049000', '0051000', '0052000', '0053000',
  '0054000', '0055000', '0056000',
];

/** Topic phrases per goal: [goal, Latvian, English, slug]. */
const TOPICS: [number, string, string, string][] = [
  [1, 'nabadzības mazināšana pašvaldībās', 'reducing poverty in municipalities', 'nabadzibas-mazinasana'],
  [2, 'vietējā pārtika skolu ēdināšanā', 'local food in school catering', 'vieteja-partika'],
  [3, 'sabiedrības veselība un labjūtība', 'public health and well-being', 'veseliba-un-labjutiba'],
  [4, 'mūžizglītība pieaugušajiem', 'lifelong learning for adults', 'muzizglitiba'],
  [5, 'dzimumu līdztiesība darba vidē', 'gender equality at work', 'dzimumu-lidztiesiba'],
  [6, 'ūdenssaimniecība un notekūdeņu attīrīšana', 'water supply and wastewater treatment', 'udenssaimnieciba'],
  [7, 'energoefektivitāte pašvaldību ēkās', 'energy efficiency in municipal buildings', 'energoefektivitate'],
  [8, 'vietējā uzņēmējdarbība un nodarbinātība', 'local enterprise and employment', 'uznemejdarbiba'],
  [9, 'digitālie pakalpojumi iedzīvotājiem', 'digital services for residents', 'digitalie-pakalpojumi'],
  [10, 'iekļaujoša sabiedrība', 'an inclusive society', 'ieklaujosa-sabiedriba'],
  [11, 'ilgtspējīga pilsētplānošana', 'sustainable urban planning', 'pilsetplanosana'],
  [12, 'aprites ekonomika un atkritumu šķirošana', 'circular economy and waste sorting', 'aprites-ekonomika'],
  [13, 'pielāgošanās klimata pārmaiņām', 'adapting to climate change', 'klimata-parmainas'],
  [14, 'Baltijas jūras piekrastes aizsardzība', 'protecting the Baltic Sea coast', 'piekrastes-aizsardziba'],
  [15, 'bioloģiskā daudzveidība un meži', 'biodiversity and forests', 'biologiska-daudzveidiba'],
  [16, 'atklāta un atbildīga pārvaldība', 'open and accountable government', 'atklata-parvaldiba'],
  [17, 'partnerības attīstības sadarbībā', 'partnerships in development cooperation', 'partneribas'],
];

const KINDS: [string, string, string, string][] = [
  ['seminar', 'EducationEvent', 'Seminārs', 'Seminar'],
  ['international-seminar', 'EducationEvent', 'Starptautisks seminārs', 'International seminar'],
  ['webinar', 'EducationEvent', 'Vebinārs', 'Webinar'],
  ['international-webinar', 'EducationEvent', 'Starptautisks vebinārs', 'International webinar'],
  ['discussion', 'EducationEvent', 'Diskusija', 'Discussion'],
  ['video-campaign', 'Event', 'Video kampaņa', 'Video campaign'],
  ['video-release', 'PublicationEvent', 'Video', 'Video'],
];

/** mulberry32: small, fast, good enough to spread synthetic data; same seed, same bytes. */
export function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenerateOptions {
  activities: number;
  seed?: number;
  /** The project whose ontology, shapes and reference data the generated project reuses. */
  from: string;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Writes a project folder at `out`: the reference data, ontology and shapes of `from`, and
 * data/generated.ttl with N activities. `sdg-lod validate --root out` validates it.
 */
export async function generateProject(out: string, options: GenerateOptions): Promise<{ file: string; triples: number }> {
  await rm(out, { recursive: true, force: true });
  await mkdir(join(out, 'data'), { recursive: true });
  for (const dir of ['ontology', 'shapes']) await cp(join(options.from, dir), join(out, dir), { recursive: true });
  for (const file of ['sdg.ttl', 'municipalities.ttl', 'project.ttl']) await cp(join(options.from, 'data', file), join(out, 'data', file));
  const file = join(out, 'data', 'generated.ttl');
  const triples = await writeActivities(file, options);
  return { file, triples };
}

async function writeActivities(file: string, options: GenerateOptions): Promise<number> {
  const rnd = random(options.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const stream = createWriteStream(file);
  let buffer = '';
  let triples = 0;
  const write = async (text: string, count: number) => {
    buffer += text;
    triples += count;
    if (buffer.length > 1 << 20) {
      if (!stream.write(buffer)) await once(stream, 'drain');
      buffer = '';
    }
  };
  await write(
    [
      '@prefix activity: <id/activity/> .', '@prefix dct: <http://purl.org/dc/terms/> .', '@prefix document: <id/document/> .',
      '@prefix lod: <def/> .', '@prefix municipality: <id/municipality/> .', '@prefix organization: <id/organization/> .',
      '@prefix place: <id/place/> .', '@prefix prov: <http://www.w3.org/ns/prov#> .', '@prefix schema: <http://schema.org/> .',
      '@prefix sdg: <http://metadata.un.org/sdg/> .', '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .', '', '',
    ].join('\n'),
    0,
  );
  // Organisers: one per 200 activities (at least 5), each with yearly reports as sources.
  const organizers = Math.max(5, Math.ceil(options.activities / 200));
  const years = [2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025];
  for (let o = 0; o < organizers; o++) {
    await write(
      `organization:org-${o} a schema:Organization ;\n    schema:name "Organizācija ${o}"@lv , "Organisation ${o}"@en ;\n` +
        `    prov:wasAttributedTo organization:org-${o} .\n\n`,
      4,
    );
    for (const y of years) {
      await write(
        `document:${y}-report-org-${o} a schema:DigitalDocument ;\n    schema:name "Pārskats ${y}"@lv , "Report ${y}"@en ;\n` +
          `    schema:dateCreated "${y}-12-31"^^xsd:date ;\n    prov:wasAttributedTo organization:org-${o} .\n\n`,
        5,
      );
    }
  }
  // Towns: one per 100 activities (at least 10), each in a 2021 municipality.
  const towns = Math.max(10, Math.ceil(options.activities / 100));
  for (let t = 0; t < towns; t++) {
    await write(
      `place:town-${t} a schema:Place ;\n    schema:name "Pilsēta ${t}"@lv , "Town ${t}"@en ;\n` +
        `    schema:containedInPlace municipality:lv-${pick(MUNICIPALITIES)} ;\n    prov:wasDerivedFrom document:atvk .\n\n`,
      5,
    );
  }
  const start = Date.UTC(2016, 0, 1);
  const span = Date.UTC(2025, 11, 31) - start;
  for (let i = 0; i < options.activities; i++) {
    const date = new Date(start + Math.floor(rnd() * (span / 86400000)) * 86400000).toISOString().slice(0, 10);
    const [goal, topicLv, topicEn, slug] = pick(TOPICS);
    const [kind, type, kindLv, kindEn] = pick(KINDS);
    const organizer = Math.floor(rnd() * organizers);
    const goals = new Set([goal]);
    if (rnd() < 0.4) goals.add(pick(TOPICS)[0]);
    const webinar = kind.includes('webinar');
    const online = webinar || kind.startsWith('video');
    const where = online
      ? `schema:contributor municipality:lv-${pick(MUNICIPALITIES)}`
      : `schema:location place:town-${Math.floor(rnd() * towns)}`;
    const body =
      `activity:${date}-${slug}-${i} a lod:Activity , schema:${type} ;\n` +
      `    dct:type lod:activity-kind-${kind} ;\n` +
      `    schema:name "${kindLv}: ${topicLv}"@lv , "${kindEn}: ${topicEn}"@en ;\n` +
      `    schema:description "${kindLv} par tēmu “${topicLv}” pašvaldību pārstāvjiem."@lv , "${kindEn} on ${topicEn} for municipal representatives."@en ;\n` +
      `    schema:startDate "${date}"^^xsd:date ;\n` +
      `    schema:organizer organization:org-${organizer} ;\n` +
      `    ${where} ;\n` +
      (webinar ? '    schema:eventAttendanceMode schema:OnlineEventAttendanceMode ;\n' : '') +
      `    dct:subject ${[...goals].map((g) => `sdg:${g}`).join(' , ')} ;\n` +
      `    prov:wasDerivedFrom document:${date.slice(0, 4)}-report-org-${organizer} .\n\n`;
    await write(body, 11 + goals.size + (webinar ? 1 : 0));
    if (options.onProgress && i % 10000 === 0) options.onProgress(i, options.activities);
  }
  stream.write(buffer);
  stream.end();
  await once(stream, 'finish');
  options.onProgress?.(options.activities, options.activities);
  return triples;
}
