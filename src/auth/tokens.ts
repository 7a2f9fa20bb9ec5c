// Bearer tokens for writes. A token is shown once, when it is made; only a salted hash of its
// secret is kept, under its name and the graphs it may write. The secret is 256 random bits, so
// a fast hash is enough (nothing to guess); comparison is in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { writeAtomic } from '../atomic.js';
import { UsageError } from '../errors.js';

export interface TokenRecord {
  name: string;
  /** IRI prefix of the graphs this token may write. */
  graphs: string;
  /** Public part of the token, to find its record without trying every hash. */
  id: string;
  salt: string;
  hash: string;
  created: string;
}

const PREFIX = 'sdgt_';
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const hashOf = (salt: string, secret: string) => createHash('sha256').update(salt).update(secret).digest('base64url');

export async function readTokens(file: string): Promise<TokenRecord[]> {
  try {
    return (JSON.parse(await readFile(file, 'utf8')) as { tokens: TokenRecord[] }).tokens;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

const writeTokens = (file: string, tokens: readonly TokenRecord[]) => writeAtomic(file, JSON.stringify({ tokens }, null, 2) + '\n', 0o600);

/** Makes a token for `name`, allowed the graphs under `graphs`; returns it (it is not kept). */
export async function createToken(file: string, name: string, graphs: string): Promise<string> {
  if (!NAME.test(name)) throw new UsageError(`a token's name is letters, digits, ".", "_" or "-" (at most 64), not "${name}"`);
  if (!URL.canParse(graphs)) throw new UsageError(`--graphs is an absolute IRI prefix, not "${graphs}"`);
  const tokens = await readTokens(file);
  if (tokens.some((t) => t.name === name)) throw new UsageError(`a token named "${name}" exists; revoke it first or choose another name`);
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16).toString('base64url');
  await writeTokens(file, [...tokens, { name, graphs, id, salt, hash: hashOf(salt, secret), created: new Date().toISOString() }]);
  return `${PREFIX}${id}_${secret}`;
}

/** Removes the token called `name`; false when there is none. */
export async function revokeToken(file: string, name: string): Promise<boolean> {
  const tokens = await readTokens(file);
  const kept = tokens.filter((t) => t.name !== name);
  if (kept.length === tokens.length) return false;
  await writeTokens(file, kept);
  return true;
}

/** The record a presented token belongs to, if it is one of ours and its secret matches. */
export function verifyToken(tokens: readonly TokenRecord[], presented: string): TokenRecord | undefined {
  const m = /^sdgt_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/.exec(presented);
  const record = m && tokens.find((t) => t.id === m[1]);
  // Hashed and compared even when no record matches, so that timing tells nothing.
  const expected = Buffer.from(record?.hash ?? hashOf('', ''), 'base64url');
  const given = Buffer.from(hashOf(record?.salt ?? '', m?.[2] ?? presented), 'base64url');
  return timingSafeEqual(expected, given) && record ? record : undefined;
}
