// npm run bench [-- --quick]: one table of figures, each a median of several runs, written to
// docs/benchmarks.md with the machine, Node and library versions.
import { execFile, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { loadConfig, projectRoot } from '../config.js';
import { generateProject } from '../generate.js';
import { measureEngines } from './shacl.js';

const quick = process.argv.includes('--quick');
const runs = quick ? 3 : 3;
const sizes = quick ? [1000] : [1000, 10_000, 100_000];
const child = fileURLToPath(new URL('./child.js', import.meta.url));
const RESOURCE = 'doc/activity';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const run = async (args: string[]) => JSON.parse((await promisify(execFile)(process.execPath, ['--max-old-space-size=16000', child, ...args], { maxBuffer: 1 << 20 })).stdout);

async function server(root: string, kind: string, path: string) {
  const proc = spawn(process.execPath, ['--max-old-space-size=16000', child, 'serve', root, kind, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => createInterface({ input: proc.stdout! }).once('line', resolve));
  return { port: (JSON.parse(line) as { port: number }).port, stop: () => proc.kill() };
}

async function main() {
  const rows: string[][] = [];
  const add = (n: number, what: string, value: string, target = '') => rows.push([String(n), what, value, target]);
  for (const n of sizes) {
    const root = join(tmpdir(), `sdg-lod-bench-${n}`);
    await generateProject(root, { activities: n, seed: 1, from: projectRoot });
    const first = (await readFile(join(root, 'data', 'generated.ttl'), 'utf8')).match(/^activity:(\S+) a /m)![1]!;
    const path = `${RESOURCE}/${first}`;
    const ready = [];
    const engine = [];
    for (let i = 0; i < (n >= 100_000 ? 1 : runs); i++) {
      ready.push(await run(['ready', root, '', path]));
      engine.push(await run(['engine', root]));
    }
    const readyMs = median(ready.map((r) => r.ms));
    const engineMs = median(engine.map((r) => r.ms));
    const triples = ready[0].triples as number;
    const rss = median(ready.map((r) => r.rssMb));
    add(n, 'triples', String(triples));
    add(n, 'start to ready (no validation cache)', `${(readyMs / 1000).toFixed(2)} s`, `${(readyMs / engineMs).toFixed(1)} × engine load (target ≤ 3 ×)`);
    add(n, 'bare engine load', `${(engineMs / 1000).toFixed(2)} s`);
    add(n, 'time to ready per triple', `${((readyMs * 1000) / triples).toFixed(1)} µs`);
    add(n, 'peak RSS at ready', `${rss.toFixed(0)} MB`, `${((rss * 1024) / triples).toFixed(2)} KB/triple (target ≤ 1.2)`);

    const app = await server(root, 'app', path);
    const plain = await server(root, 'plain', path);
    try {
      for (const ext of ['ttl', 'jsonld', 'html']) {
        const measure = async (port: number) => {
          const results = [];
          for (let i = 0; i < runs; i++) {
            results.push(await autocannon({ url: `http://127.0.0.1:${port}/${path}.${ext}`, connections: 32, duration: quick ? 3 : 5 }));
          }
          return { rps: median(results.map((r) => r.requests.average)), p50: median(results.map((r) => r.latency.p50)), p99: median(results.map((r) => r.latency.p99)) };
        };
        const ours = await measure(app.port);
        const limit = await measure(plain.port);
        add(n, `dereference .${ext}: sdg-lod`, `${ours.rps.toFixed(0)} req/s, p50 ${ours.p50} ms, p99 ${ours.p99} ms`, `${(ours.rps / limit.rps).toFixed(2)} × limit (target ≥ 0.6 ×)`);
        add(n, `dereference .${ext}: node:http limit`, `${limit.rps.toFixed(0)} req/s, p50 ${limit.p50} ms, p99 ${limit.p99} ms`);
      }
    } finally {
      app.stop();
      plain.stop();
    }
    if (n <= 10_000) {
      const shacl = await measureEngines(loadConfig({ root, base: 'http://localhost:8080/', validationCache: false }, {}), runs);
      for (const f of shacl.figures) add(n, `SHACL ${f.engine}`, `${(f.medianMs / 1000).toFixed(2)} s, ${(f.triplesPerSecond / 1000).toFixed(1)} k triples/s`, shacl.identical ? 'identical reports' : 'REPORTS DIFFER');
    }
  }
  const pkg = JSON.parse(await readFile(join(projectRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${Object.entries(pkg.dependencies).map(([k, v]) => `${k} ${v}`).join(', ')}`;
  const table = ['| activities | measure | figure | against the target |', '|---:|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  process.stdout.write(`${machine}\n\n${table}\n`);
  const doc = `# Benchmarks

Produced by \`npm run bench\`${quick ? ' -- --quick' : ''} on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine}.

Each figure is the median of ${runs} runs (one run for start-to-ready at 100,000 activities). Data
comes from \`sdg-lod generate --activities N\` (seed 1). Start to ready, the bare engine load and
each server run in child processes of their own; the load tool (autocannon, 32 connections) runs
in the parent on loopback. The node:http limit answers the same bytes from memory.

${table}

## Reproduce

\`\`\`sh
npm ci
npm run bench -- --quick   # 1,000 activities only
npm run bench              # 1,000, 10,000 and 100,000 activities
\`\`\`
`;
  await writeFile(join(projectRoot, 'docs', 'benchmarks.md'), doc);
}

void main();
