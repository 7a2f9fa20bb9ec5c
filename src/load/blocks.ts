// A Turtle file as blocks (what `sdg-lod format` writes: one resource per block, blocks apart by
// a blank line), each known by a hash of its text and its subject. Comparing two versions'
// blocks names the resources an edit changed, without the old text: what a reload validates
// again instead of everything (store/revalidate.ts).
import { createHash } from 'node:crypto';

/** The mark of a block this cannot name one resource for: any change to it means validating everything. */
export const UNKNOWN = '';

/**
 * Hash of each block's text → its subject token (a prefixed name or an <IRI>), "@prefix" for the
 * header, or UNKNOWN for a block that is not one resource written the canonical way (two
 * resources without a blank line between them, a resource cut by a blank line, a blank node or
 * a list as subject). A file with a base of its own (@base) is not followed at all: undefined.
 */
export function blockHashes(text: string): Map<string, string> | undefined {
  if (/^\s*(@base|base)\b/im.test(text)) return undefined;
  const blocks = new Map<string, string>();
  for (const block of text.split(/\n[ \t]*\n/)) {
    const trimmed = block.trim();
    if (!trimmed) continue;
    // Comment lines before a resource belong to it; its subject is the first token after them.
    const body = trimmed.replace(/^(?:#[^\n]*\n\s*)+/, '');
    const first = /^(\S+)/.exec(body)?.[1] ?? '';
    const hash = createHash('sha1').update(trimmed).digest('base64url');
    if (first.startsWith('@') || /^prefix$/i.test(first)) {
      blocks.set(hash, '@prefix');
      continue;
    }
    // One resource: its first line starts at the margin, every other statement line is indented.
    const lines = body.split('\n').slice(1).filter((l) => l.trim() && !/^\s*#/.test(l));
    const one = /^[^\s#[(_]/.test(body) && lines.every((l) => /^\s/.test(l)) && /\.\s*(#.*)?$/.test(body);
    blocks.set(hash, one ? first : UNKNOWN);
  }
  return blocks;
}
