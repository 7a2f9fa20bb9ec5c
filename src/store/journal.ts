// The write journal: every accepted change, appended and synced to disk before it is
// acknowledged. A record is framed by its length and checksum, so that a record cut short by a
// crash (power, SIGKILL) is recognised on reading, and dropped with whatever follows it: after a
// restart every acknowledged change is there and no partial one is.
import { createHash } from 'node:crypto';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ServiceUnavailable } from '../errors.js';

/** `<length> <sha256 of the payload, base64url>\n<payload>\n` */
const HEADER = /^(\d{1,10}) ([A-Za-z0-9_-]{43})\n/;

export interface JournalRead<T> {
  records: T[];
  /** Bytes after the last whole record (a write cut short), dropped when the journal is opened. */
  dropped: number;
}

const digest = (payload: Buffer) => createHash('sha256').update(payload).digest('base64url');

/** The whole records of a journal's bytes, in order, and how many bytes follow them. */
export function parseJournal<T>(bytes: Buffer): JournalRead<T> {
  const records: T[] = [];
  let at = 0;
  while (at < bytes.length) {
    const head = HEADER.exec(bytes.subarray(at, at + 64).toString('latin1'));
    if (!head) break;
    const start = at + head[0].length;
    const end = start + Number(head[1]);
    if (end + 1 > bytes.length || bytes[end] !== 10) break;
    const payload = bytes.subarray(start, end);
    if (digest(payload) !== head[2]) break;
    records.push(JSON.parse(payload.toString('utf8')) as T);
    at = end + 1;
  }
  return { records, dropped: bytes.length - at };
}

/** Another process appended to the journal (sdg-lod import): what this one holds in memory is behind it. */
export class JournalMoved extends ServiceUnavailable {
  constructor() {
    super('the journal was written by another process (sdg-lod import); reload the server (SIGHUP) to publish that, then send this again', 5);
  }
}

/** Where a whole record begins after `from` (damage in the middle of a journal), if anywhere. */
function wholeRecordAfter(bytes: Buffer, from: number): number | undefined {
  for (let at = bytes.indexOf(10, from); at >= 0 && at + 1 < bytes.length; at = bytes.indexOf(10, at + 1)) {
    if (parseJournal(bytes.subarray(at + 1)).records.length) return at + 1;
  }
  return undefined;
}

export class Journal<T> {
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly handle: FileHandle,
    /** The journal's size as this process left it: another size means another process appended. */
    private expected: number,
  ) {}

  /** Opens (or creates) the journal, dropping a record a crash cut short; returns its records. */
  static async open<T>(file: string): Promise<{ journal: Journal<T> } & JournalRead<T>> {
    await mkdir(dirname(file), { recursive: true });
    const handle = await open(file, 'a+', 0o600);
    const bytes = await handle.readFile();
    const read = parseJournal<T>(bytes);
    const size = bytes.length - read.dropped;
    // A torn last write is dropped; damage with whole records after it is not (they were acknowledged).
    const after = wholeRecordAfter(bytes, size);
    if (after !== undefined) {
      await handle.close();
      throw new Error(`${file} is damaged at byte ${size}, but holds whole records after it (from byte ${after}); nothing is dropped: restore it from a backup, or cut the damage out by hand`);
    }
    if (read.dropped) {
      await handle.truncate(size);
      await handle.sync();
    }
    return { journal: new Journal<T>(handle, size), ...read };
  }

  /**
   * Appends a record; resolves once it is on disk (written and fdatasync'd). Appends are
   * serialised, so records stay whole and in the order they were given.
   */
  append(record: T): Promise<void> {
    const payload = Buffer.from(JSON.stringify(record), 'utf8');
    const framed = Buffer.concat([Buffer.from(`${payload.length} ${digest(payload)}\n`, 'latin1'), payload, Buffer.from('\n')]);
    const done = this.tail.then(async () => {
      // A failed append is cut back to the whole records before it, so that none follows garbage
      // (read now: another process, sdg-lod import, may have appended since).
      const size = (await this.handle.stat()).size;
      if (size !== this.expected) throw new JournalMoved();
      try {
        await this.handle.write(framed);
        await this.handle.datasync();
        this.expected = size + framed.length;
      } catch (error) {
        await this.handle.truncate(size).catch(() => undefined);
        throw error;
      }
    });
    // A failed append fails its caller; later ones still run.
    this.tail = done.catch(() => undefined);
    return done;
  }

  /** Takes the journal as it now is (after a reload has read what another process appended). */
  async resync(): Promise<void> {
    await this.tail;
    this.expected = (await this.handle.stat()).size;
  }

  async close(): Promise<void> {
    await this.tail;
    await this.handle.close();
  }
}
