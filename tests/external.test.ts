// An external store: Virtuoso Open Source 7 (Debian's virtuoso-opensource-7-bin), which .ci/run
// installs and starts on loopback (SDG_LOD_TEST_STORE names it). Without it the tests are skipped
// here, and fail under CI=true.
import { join } from 'node:path';
import N3 from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { openProject, type Project } from '../src/pipeline.js';
import { RemoteStore } from '../src/store/remote.js';
import { currentGraphs } from '../src/store/versions.js';
import { BASE, bundledConfig, captureIo, projectWith } from './helpers.js';

const STORE = process.env.SDG_LOD_TEST_STORE;
if (!STORE && process.env.CI === 'true') throw new Error('no external store: .ci/run starts Virtuoso and sets SDG_LOD_TEST_STORE');

describe.skipIf(!STORE)('an external store (Virtuoso)', () => {
  const endpoints = { queryEndpoint: `${STORE}/sparql`, graphStoreEndpoint: `${STORE}/sparql-graph-crud-auth`, user: 'dba', password: 'dba' };
  const env = { SDG_LOD_QUERY_ENDPOINT: endpoints.queryEndpoint, SDG_LOD_GRAPH_STORE_ENDPOINT: endpoints.graphStoreEndpoint, SDG_LOD_STORE_USER: 'dba', SDG_LOD_STORE_PASSWORD: 'dba' };
  const remote = new RemoteStore(endpoints);
  let project: Project;
  beforeAll(async () => {
    project = await openProject(bundledConfig());
  });
  const count = async (graph: string, pattern = '?s ?p ?o') => {
    const answer = await remote.query(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${graph}> { ${pattern} } }`, 'application/sparql-results+json');
    return Number(JSON.parse(answer.text).results.bindings[0].n.value);
  };
  const push = async (root?: string) => {
    const io = captureIo();
    const code = await run(['push', '--base', BASE, ...(root ? ['--root', root] : [])], { ...env, SDG_LOD_IMPORT_DIR: join(root ?? (await projectWith({})), 'var') }, io);
    return { code, io };
  };

  it('takes a pushed version whole: every graph, statement for statement, blank nodes with their holders', async () => {
    const { code, io } = await push();
    expect(code).toBe(0);
    expect(io.stdout()).toMatch(/pushed \d+ statements in 7 graphs as <.*>, now current/);
    const { graphs } = await currentGraphs(remote, BASE);
    expect([...graphs.keys()].sort()).toEqual(['annotations', 'catalog', 'letter', 'municipalities', 'ontology', 'project', 'sdg'].map((g) => `${BASE}graph/${g}`));
    for (const [graph, part] of graphs) expect(await count(part), graph).toBe(project.store.countQuads(null, null, null, N3.DataFactory.namedNode(graph)));
    // Six audiences, each a blank node with its two names, held by its activity.
    expect(await count(graphs.get(`${BASE}graph/letter`)!, '?a <http://schema.org/audience> ?b . ?b <http://schema.org/audienceType> ?t')).toBe(12);
  });

  it('switches to the next version in one step, and drops the last one', async () => {
    const before = await currentGraphs(remote, BASE);
    expect((await push()).code).toBe(0);
    const after = await currentGraphs(remote, BASE);
    expect(after.version).not.toBe(before.version);
    for (const part of before.graphs.values()) expect(await count(part)).toBe(0);
    for (const part of after.graphs.values()) expect(await count(part)).toBeGreaterThan(0);
  });

  it('pushes nothing that fails validation', async () => {
    const before = await currentGraphs(remote, BASE);
    const root = await projectWith({ 'zz-bad.ttl': '@prefix schema: <http://schema.org/> . @prefix lod: <def/> . <id/activity/2020-01-01-x> a lod:Activity .' });
    const { code, io } = await push(root);
    expect(code).toBe(1);
    expect(io.stderr()).toContain('nothing was pushed');
    expect((await currentGraphs(remote, BASE)).version).toBe(before.version);
  });

  it('answers a wrong password (Digest) with what went wrong', async () => {
    const wrong = new RemoteStore({ ...endpoints, password: 'not-it' });
    await expect(wrong.putGraph(`${BASE}graph/versions/wrong`, '')).rejects.toThrow(/the store refused loading <.*>: 401/);
  });
});
