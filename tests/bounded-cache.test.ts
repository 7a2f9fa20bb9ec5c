// The one cache: bounded by entries and by bytes counted with a per-entry overhead, so that a
// flood of tiny distinct entries (680,000 small SPARQL answers once grew the heap to 1.2 GB) is
// bounded as surely as a few large ones; least recently used out first.
import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../src/cache.js';

const sized = (entries: number, bytes: number, entryBytes?: number) => new BoundedCache<Buffer>({ entries, bytes, ...(entryBytes ? { entryBytes } : {}) }, (b) => b.length);

describe('BoundedCache', () => {
  it('keeps at most its entries', () => {
    const cache = sized(100, 1e9);
    for (let i = 0; i < 10_000; i++) cache.set(`q${i}`, Buffer.alloc(1));
    expect(cache.size).toBe(100);
  });

  it('counts a fixed overhead and the key with every value, so a flood of tiny ones stays within its bytes', () => {
    const cache = sized(1e9, 64 * 1024);
    for (let i = 0; i < 10_000; i++) cache.set(`SELECT * WHERE { ?s ?p ?o } LIMIT ${i}`, Buffer.alloc(1));
    expect(cache.bytes).toBeLessThanOrEqual(64 * 1024);
    // With the values' bytes alone, all 10,000 would have fitted.
    expect(cache.size).toBeLessThan(400);
  });

  it('lets the least recently used go first', () => {
    const cache = sized(3, 1e9);
    for (const k of ['a', 'b', 'c']) cache.set(k, Buffer.alloc(1));
    cache.get('a');
    cache.set('d', Buffer.alloc(1));
    expect(['a', 'b', 'c', 'd'].map((k) => cache.get(k) !== undefined)).toEqual([true, false, true, true]);
  });

  it.each([
    [undefined, 1024 * 1024, false],
    [undefined, 1024, true],
    [512 * 1024, 256 * 1024, true],
    [512 * 1024, 600 * 1024, false],
  ])('with largest entry %s keeps a value of %i bytes: %s', (entryBytes, size, kept) => {
    const cache = sized(10, 4 * 1024 * 1024, entryBytes);
    cache.set('big', Buffer.alloc(size));
    expect(cache.get('big') !== undefined).toBe(kept);
  });

  it('replaces a key without counting it twice', () => {
    const cache = sized(10, 1e9);
    cache.set('k', Buffer.alloc(100));
    cache.set('k', Buffer.alloc(10));
    expect(cache.size).toBe(1);
    expect(cache.bytes).toBeLessThan(100 + 200);
  });
});
