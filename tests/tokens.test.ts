// Tokens for writes: shown once, stored as a salted hash, checked in constant time.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTokens, verifyToken } from '../src/auth/tokens.js';
import { run } from '../src/cli/main.js';
import { BASE, captureIo, tempDir } from './helpers.js';

describe('sdg-lod token', () => {
  it('creates a token shown once, keeps only its hash, lists and revokes it', async () => {
    const importDir = await tempDir('tokens-');
    const env = { SDG_LOD_IMPORT_DIR: importDir };
    const io = captureIo();
    expect(await run(['token', 'create', 'kuldiga'], env, io)).toBe(0);
    const token = io.stdout().trim().split('\n').at(-1)!;
    expect(token).toMatch(/^sdgt_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(io.stderr()).toContain(`<${BASE}graph/report/>`);

    const file = join(importDir, 'tokens.json');
    const stored = await readFile(file, 'utf8');
    expect(stored).not.toContain(token.slice(18)); // the secret is nowhere on disk
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const tokens = await readTokens(file);
    expect(verifyToken(tokens, token)?.name).toBe('kuldiga');
    const other = await captureIoRun(['token', 'create', 'riga', '--graphs', `${BASE}graph/`], env);
    const both = await readTokens(file);
    expect(verifyToken(both, other)?.graphs).toBe(`${BASE}graph/`);
    expect(verifyToken(both, token)?.name).toBe('kuldiga');

    const list = captureIo();
    expect(await run(['token', 'list'], env, list)).toBe(0);
    expect(list.stdout()).toMatch(/^kuldiga\thttp:\/\/localhost:8080\/graph\/report\/\tcreated \d{4}-/m);
    expect(list.stdout()).not.toContain(token.slice(18));

    expect(await run(['token', 'create', 'kuldiga'], env, captureIo())).toBe(2);
    expect(await run(['token', 'revoke', 'kuldiga'], env, captureIo())).toBe(0);
    expect(verifyToken(await readTokens(file), token)).toBeUndefined();
    expect(verifyToken(await readTokens(file), other)?.name).toBe('riga');
    expect(await run(['token', 'revoke', 'kuldiga'], env, captureIo())).toBe(1);
  });

  it.each([
    ['a name with a space', ['token', 'create', 'two words'], /a token's name is letters/],
    ['a relative graph prefix', ['token', 'create', 'x', '--graphs', 'graph/'], /--graphs is an absolute IRI prefix/],
    ['no action', ['token'], /token create NAME/],
    ['no name', ['token', 'revoke'], /token revoke takes a name/],
  ])('refuses %s with a usage error', async (_name, args, message) => {
    const io = captureIo();
    expect(await run(args, { SDG_LOD_IMPORT_DIR: await tempDir('tokens-') }, io)).toBe(2);
    expect(io.stderr()).toMatch(message);
  });

  it('accepts only the exact token', async () => {
    const importDir = await tempDir('tokens-');
    const token = await captureIoRun(['token', 'create', 'a'], { SDG_LOD_IMPORT_DIR: importDir });
    const tokens = await readTokens(join(importDir, 'tokens.json'));
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    for (const wrong of [flip(token, token.length - 1), flip(token, 6), token.slice(0, -1), `${token}x`, '', 'Bearer', token.toUpperCase()]) {
      expect(verifyToken(tokens, wrong)).toBeUndefined();
    }
    expect(verifyToken(tokens, token)?.name).toBe('a');
  });
});

async function captureIoRun(args: string[], env: Record<string, string>): Promise<string> {
  const io = captureIo();
  expect(await run(args, env, io)).toBe(0);
  return io.stdout().trim().split('\n').at(-1)!;
}
