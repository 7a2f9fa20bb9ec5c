// The one cache: least recently used entries go first, bounded by entries and by bytes. Bytes
// count the key and a fixed overhead per entry as well as the value, so that a flood of tiny
// entries is bounded as surely as a few large ones.
export interface CacheLimits {
  entries: number;
  bytes: number;
  /** The largest entry kept; a sixteenth of `bytes` unless said. */
  entryBytes?: number;
}

/** What a Map entry, its key string's header and a small object cost beyond their contents. */
const ENTRY_OVERHEAD = 160;

export class BoundedCache<V> {
  private readonly map = new Map<string, { value: V; size: number }>();
  private total = 0;

  constructor(
    private readonly limits: CacheLimits,
    /** The value's own size in bytes. */
    private readonly sizeOf: (value: V) => number,
  ) {}

  get size(): number {
    return this.map.size;
  }

  get bytes(): number {
    return this.total;
  }

  get(key: string): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    // Most recently used last.
    this.map.delete(key);
    this.map.set(key, hit);
    return hit.value;
  }

  /** Keeps the value unless it alone is larger than the largest entry kept. */
  set(key: string, value: V): V {
    const size = this.sizeOf(value) + 2 * key.length + ENTRY_OVERHEAD;
    this.delete(key);
    if (size > (this.limits.entryBytes ?? this.limits.bytes / 16)) return value;
    this.map.set(key, { value, size });
    this.total += size;
    for (const [oldest, entry] of this.map) {
      if (this.map.size <= this.limits.entries && this.total <= this.limits.bytes) break;
      this.map.delete(oldest);
      this.total -= entry.size;
    }
    return value;
  }

  delete(key: string): void {
    const old = this.map.get(key);
    if (!old) return;
    this.map.delete(key);
    this.total -= old.size;
  }

  /** Removes the entries whose key the test picks. */
  deleteWhere(test: (key: string) => boolean): void {
    for (const key of [...this.map.keys()]) if (test(key)) this.delete(key);
  }

  clear(): void {
    this.map.clear();
    this.total = 0;
  }
}
