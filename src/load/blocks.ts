// A Turtle file as blocks (what `sdg-lod format` writes: one resource per block, blocks apart by
// a blank line), each known by a hash of its text and its first token, the subject. Comparing two
// versions' blocks names the resources an edit changed, without the old text: what a reload
// validates again instead of everything (validate/reload.ts).
import { createHash } from 'node:crypto';

/** Hash of each block's text → its first token (a prefixed name, an <IRI>, or "@prefix" for the header). */
export function blockHashes(text: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const block of text.split(/\n[ \t]*\n/)) {
    const trimmed = block.trim();
    if (!trimmed) continue;
    // Comment lines before a resource belong to it; its subject is the first token after them.
    const body = trimmed.replace(/^(?:#[^\n]*\n\s*)+/, '');
    const first = /^(\S+)/.exec(body)?.[1] ?? '';
    blocks.set(createHash('sha1').update(trimmed).digest('base64url'), first.startsWith('@') || /^prefix$/i.test(first) || /^base$/i.test(first) ? '@prefix' : first);
  }
  return blocks;
}
