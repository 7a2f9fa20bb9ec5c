// The command line: exit codes, report formats (golden files), syntax errors with lines,
// and one run of the real bin in a child process.
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HELP, run } from '../src/cli/main.js';
import { projectRoot } from '../src/config.js';
import { captureIo, PREFIXES, projectWith, scratch } from './helpers.js';

const env = { SDG_LOD_IMPORT_DIR: join(scratch, 'cli-import') };
async function cli(args: string[], root?: string) {
  const io = captureIo();
  const code = await run([...args, ...(root ? ['--root', root] : [])], env, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

const invalid = `${PREFIXES}
activity:2022-03-01-parbaude a lod:Activity , schema:EducationEvent ;
    dct:type lod:activity-kind-webinar ;
    schema:name "Pārbaude"@lv ;
    schema:startDate "2022-03-01" ;
    schema:eventAttendanceMode schema:OnlineEventAttendanceMode ;
    schema:organizer organization:lps ;
    prov:wasDerivedFrom document:2022-01-lps-vestule-pkc .
`;

describe('sdg-lod validate', () => {
  it('exits 0 on the bundled data and says it is valid', async () => {
    const { code, out } = await cli(['validate']);
    expect(code).toBe(0);
    expect(out).toBe('0 syntax error(s), 0 violation(s), 0 warning(s), 0 info — valid: the data can be published.\n');
  });

  it('exits 1 with a report grouped by file and resource (golden)', async () => {
    const root = await projectWith({ 'zz-invalid.ttl': invalid });
    const { code, out } = await cli(['validate'], root);
    expect(code).toBe(1);
    await expect(out).toMatchFileSnapshot('golden/validate-invalid.txt');
  });

  it('gives the same findings as JSON for machines (golden)', async () => {
    const root = await projectWith({ 'zz-invalid.ttl': invalid });
    const { code, out } = await cli(['validate', '--format', 'json'], root);
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report.valid).toBe(false);
    expect(report.summary).toEqual({ syntaxErrors: 0, violations: 1, warnings: 3, infos: 0 });
    await expect(JSON.stringify(report, null, 2) + '\n').toMatchFileSnapshot('golden/validate-invalid.json');
  });

  it('reports malformed Turtle with its file and line, and every broken file', async () => {
    const root = await projectWith({
      'zz-broken.ttl': `${PREFIXES}\nactivity:x a lod:Activity ;\n    schema:name "unclosed ;\n`,
      'zz-prefix.ttl': 'nope:x a <y> .\n',
    });
    const { code, out } = await cli(['validate'], root);
    expect(code).toBe(1);
    expect(out).toContain('data/zz-broken.ttl:22: syntax error: ');
    expect(out).toContain('data/zz-prefix.ttl:1: syntax error: Undefined prefix "nope:"');
    expect(out).toMatch(/2 syntax error\(s\).*NOT valid/);
  });
});

describe('usage errors exit 2', () => {
  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [['validate', '--format', 'xml'], /--format is text or json/],
    [['validate', '--port', 'eighty'], /port must be a whole number/],
    [['validate', '--base', 'not an iri'], /is not an absolute IRI/],
    [['validate', '--nope'], /Unknown option '--nope'/],
    [['validate', 'extra'], /unexpected argument "extra"/],
    [['import-sdg'], /import-sdg takes one file/],
    [[], /Usage: sdg-lod/],
  ])('%j', async (args, message) => {
    const { code, out, err } = await cli(args);
    expect(code).toBe(2);
    expect(err + out).toMatch(message);
  });
});

it('prints its help (golden)', async () => {
  const { code, out } = await cli(['help']);
  expect(code).toBe(0);
  expect(out).toBe(HELP);
  await expect(out).toMatchFileSnapshot('golden/help.txt');
});

it('runs as a real process through bin/sdg-lod.js', async () => {
  const root = await projectWith({ 'zz-invalid.ttl': invalid });
  const bin = join(projectRoot, 'bin', 'sdg-lod.js');
  const ok = await promisify(execFile)(process.execPath, [bin, 'validate', '--format', 'json'], { env: { ...process.env, ...env } });
  expect(JSON.parse(ok.stdout).valid).toBe(true);
  const failed = await promisify(execFile)(process.execPath, [bin, 'validate', '--root', root], { env: { ...process.env, ...env } }).catch((e) => e);
  expect(failed.code).toBe(1);
  expect(failed.stdout).toContain('data/zz-invalid.ttl');
});

it('stops on SIGTERM that comes while a SIGHUP reload is under way', async () => {
  const root = await projectWith({});
  const child = spawn(process.execPath, [join(projectRoot, 'bin', 'sdg-lod.js'), 'serve', '--port', '0', '--root', root], { env: { ...process.env, ...env } });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve) => child.stdout.on('data', (d) => String(d).includes('serving') && resolve()));
  child.kill('SIGHUP');
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(err).toContain('"message":"stopped"');
});

it('refuses to serve data that fails validation, and says why', async () => {
  const root = await projectWith({ 'zz-invalid.ttl': invalid });
  const { code, err } = await cli(['serve', '--port', '0'], root);
  expect(code).toBe(1);
  expect(err).toContain('Give exactly one start date as xsd:date');
  expect(err).toContain('not serving: the data did not pass validation');
});
