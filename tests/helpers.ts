// Shared test helpers: projects in temporary folders built from the real ontology, shapes and data.
import { cp, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { inject } from 'vitest';
import type { AddressInfo } from 'node:net';
import { loadConfig, projectRoot, type ConfigInput } from '../src/config.js';
import type { App } from '../src/http/app.js';
import { listen } from '../src/http/server.js';
import { openProject } from '../src/pipeline.js';
import type { Io } from '../src/cli/io.js';

export const BASE = 'http://localhost:8080/';

/** The run's scratch folder (tests/global-setup.ts), removed when the run ends. */
export const scratch = inject('scratch');

/** A new empty folder in the scratch folder. */
export function tempDir(prefix = 'tmp-'): Promise<string> {
  return mkdtemp(join(scratch, prefix));
}

/**
 * Config for the bundled project, never picking up a developer's own SDG import. Validation
 * reports are shared through the run's cache (a test of validation itself turns it off): the
 * bundled data is validated once per run, not once per test file.
 */
export function bundledConfig(input: ConfigInput = {}) {
  return loadConfig({ base: BASE, importDir: join(scratch, 'import'), validationCache: true, ...input }, {});
}

/**
 * A project folder holding copies of the real ontology/, shapes/ and data/ (copies: a test that
 * edits or deletes a file must never reach the repository's), with `extra` files added to data/
 * (name → Turtle text, replacing a bundled one of that name) and `drop` ones left out.
 */
export async function projectWith(extra: Record<string, string>, drop: string[] = []) {
  const root = await tempDir('project-');
  await cp(join(projectRoot, 'ontology'), join(root, 'ontology'), { recursive: true });
  await cp(join(projectRoot, 'shapes'), join(root, 'shapes'), { recursive: true });
  await cp(join(projectRoot, 'data'), join(root, 'data'), { recursive: true, filter: (src) => !drop.includes(basename(src)) });
  for (const [name, text] of Object.entries(extra)) await writeFile(join(root, 'data', name), text);
  return root;
}

export async function openWith(extra: Record<string, string>, drop: string[] = [], config: ConfigInput = {}) {
  const root = await projectWith(extra, drop);
  return openProject(bundledConfig({ root, ...config }));
}

export function captureIo(): Io & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    stdout: () => out,
    stderr: () => err,
  };
}

export const PREFIXES = `@prefix activity: <id/activity/> .
@prefix annotation: <id/annotation/> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix document: <id/document/> .
@prefix lod: <def/> .
@prefix municipality: <id/municipality/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix organization: <id/organization/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix place: <id/place/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix recommendation: <id/recommendation/> .
@prefix schema: <http://schema.org/> .
@prefix sdg: <http://metadata.un.org/sdg/> .
@prefix sdgo: <http://metadata.un.org/sdg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix country: <http://publications.europa.eu/resource/authority/country/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
`;

/** An app over real HTTP on an ephemeral loopback port: its origin, and how to stop both. */
export async function serve(app: App): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = await listen(app, 0, '127.0.0.1', undefined);
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await app.close();
    },
  };
}

/** A valid activity (a video campaign of LPS on goal 11) in Turtle, relative to the base. */
export function activityTurtle(slug: string, date = '2023-05-01', extra = ''): string {
  return `${PREFIXES}
activity:${slug} a lod:Activity , schema:Event ;
  dct:type lod:activity-kind-video-campaign ;
  schema:name "Video kampaņa ${slug}"@lv , "Video campaign ${slug}"@en ;
  schema:description "Video kampaņa."@lv , "A video campaign."@en ;
  schema:startDate "${date}"^^xsd:date ;
  schema:organizer organization:lps ;
  dct:subject sdg:11 ;
  prov:wasDerivedFrom document:2022-01-lps-vestule-pkc ${extra}.
`;
}

/** A write service and an app that takes writes, on a copy of the bundled project with its own journal and tokens. */
export async function writableApp(root?: string) {
  const { openWriteService } = await import('../src/writes.js');
  const { openApp } = await import('../src/http/open.js');
  const dir = root ?? (await projectWith({}));
  // The run's validation reports of the bundled data go along: the same files give the same key.
  await mkdir(join(dir, 'var', 'cache'), { recursive: true });
  for (const name of await readdir(join(scratch, 'import', 'cache')).catch(() => [] as string[])) {
    if (name.startsWith('validation-')) await cp(join(scratch, 'import', 'cache', name), join(dir, 'var', 'cache', name)).catch(() => {});
  }
  const config = bundledConfig({ root: dir, importDir: join(dir, 'var'), writes: true });
  const writes = await openWriteService(config);
  const opened = await openApp(config, undefined, undefined, writes);
  if ('report' in opened) throw new Error(opened.report);
  return { root: dir, config, writes, app: opened.app };
}
