// Who took part, by sector: organisations carry an IATI organisation type where a source gives
// one (and say why where none does), and each activity's page lists its participants with their
// role and sector, "unknown" visibly where it is.
import N3 from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/http/app.js';
import { openProject, type Project } from '../src/pipeline.js';
import { ns } from '../src/vocab.js';
import { BASE, bundledConfig } from './helpers.js';

const { namedNode } = N3.DataFactory;
const PARTICIPATION = ['organizer', 'performer', 'contributor', 'sponsor', 'funder'].map((p) => namedNode(ns.schema + p));
const SECTOR = namedNode(ns.org + 'classification');

let project: Project;
let app: App;
beforeAll(async () => {
  project = await openProject(bundledConfig());
  app = createApp(project);
});

const activities = () => project.store.getSubjects(namedNode(ns.rdf + 'type'), namedNode(`${BASE}def/Activity`), null).map((a) => a.value).sort();
const participantsOf = (a: string) => PARTICIPATION.flatMap((p) => project.store.getObjects(namedNode(a), p, null).map((o) => ({ role: p.value, who: o.value })));

describe('sectors', () => {
  it('gives every organisation that took part an IATI type, or a note saying why not', () => {
    const seen = new Set(activities().flatMap((a) => participantsOf(a).map((p) => p.who)));
    expect(seen.size).toBeGreaterThanOrEqual(10);
    for (const who of seen) {
      const types = project.store.getObjects(namedNode(who), SECTOR, null);
      const notes = project.store.getObjects(namedNode(who), namedNode(ns.skos + 'editorialNote'), null);
      expect(types.length + notes.length, who).toBeGreaterThan(0);
      for (const t of types) expect(project.store.countQuads(t, namedNode(ns.skos + 'inScheme'), namedNode(`${BASE}def/iati-organisation-types`), null), `${who} ${t.value}`).toBe(1);
    }
  });

  it.each([
    ['2019-06-05-dzimumu-lidztiesiba', 'organization/centrs-marta', 'speakers', 'National NGO'],
    ['2019-06-05-dzimumu-lidztiesiba', 'organization/blueorange-bank', 'speakers', 'Private Sector'],
    ['2019-06-05-dzimumu-lidztiesiba', 'organization/lps', 'organiser', 'unknown'],
    ['2020-11-14-video-par-iam', 'municipality/lv-0620200', 'contributors', 'Local Government'],
    ['2020-11-14-video-par-iam', 'organization/kuldigas-bjc-animacijas-darbnica', 'contributors', 'Academic, Training and Research'],
  ])('shows on %s that %s took part as %s, sector %s', async (activity, who, role, sector) => {
    const html = (await app.handle({ method: 'GET', url: `/doc/activity/${activity}`, headers: { accept: 'text/html', 'accept-language': 'en' } })).body!.toString();
    const table = /<table class="grid" id="participants">([\s\S]*?)<\/table>/.exec(html)?.[1];
    expect(table).toBeDefined();
    const rows = [...table!.matchAll(/<tr><td>(.*?)<\/td><td>(.*?)<\/td><td>(.*?)<\/td><\/tr>/g)].map((m) => m.slice(1).map((c) => c.replace(/<[^>]+>/g, '')));
    // One row per participant the data names.
    expect(rows.length).toBe(participantsOf(`${BASE}id/activity/${activity}`).length);
    const row = rows.find((r) => table!.includes(`href="/doc/${who}?lang=en">${r[0]}`));
    expect(row?.slice(1)).toEqual([role, sector]);
  });
});
