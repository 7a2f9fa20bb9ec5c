// The write journal: appended and synced before acknowledged; a record cut short is dropped.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal, parseJournal } from '../src/store/journal.js';
import { projectRoot } from '../src/config.js';
import { tempDir } from './helpers.js';

/** A record as the journal frames it: length, checksum, payload. */
const frame = (record: unknown) => {
  const payload = Buffer.from(JSON.stringify(record));
  return Buffer.concat([Buffer.from(`${payload.length} ${createHash('sha256').update(payload).digest('base64url')}\n`), payload, Buffer.from('\n')]);
};

describe('parseJournal', () => {
  const whole = Buffer.concat([frame({ seq: 1 }), frame({ seq: 2, text: 'Rīga\n"quoted"' })]);
  it.each([
    ['whole records', whole, [1, 2], 0],
    ['a record cut in its payload', Buffer.concat([whole, frame({ seq: 3 }).subarray(0, 20)]), [1, 2], 20],
    ['a record cut in its header', Buffer.concat([whole, Buffer.from('17 abc')]), [1, 2], 6],
    ['a record without its final newline', Buffer.concat([whole, frame({ seq: 3 }).subarray(0, -1)]), [1, 2], frame({ seq: 3 }).length - 1],
    ['a record whose bytes changed', Buffer.concat([whole, Buffer.from(frame({ seq: 3 }).toString().replace('3', '4'))]), [1, 2], frame({ seq: 3 }).length],
    ['nothing', Buffer.alloc(0), [], 0],
  ])('reads %s', (_name, bytes, seqs, dropped) => {
    const read = parseJournal<{ seq: number }>(bytes);
    expect(read.records.map((r) => r.seq)).toEqual(seqs);
    expect(read.dropped).toBe(dropped);
  });
});

describe('Journal', () => {
  it('refuses to open a journal damaged in the middle, rather than drop the records after the damage', async () => {
    const file = join(await tempDir('journal-'), 'journal.log');
    const damaged = Buffer.concat([frame({ seq: 1 }), Buffer.from(frame({ seq: 2 }).toString().replace('2', '9')), frame({ seq: 3 })]);
    await writeFile(file, damaged);
    await expect(Journal.open(file)).rejects.toThrow(/damaged at byte \d+, but holds whole records after it/);
    expect(await readFile(file)).toEqual(damaged);
  });

  it('refuses an append after another process appended, until it resyncs', async () => {
    const file = join(await tempDir('journal-'), 'journal.log');
    const server = await Journal.open<{ seq: number }>(file);
    await server.journal.append({ seq: 1 });
    const other = await Journal.open<{ seq: number }>(file);
    await other.journal.append({ seq: 2 });
    await other.journal.close();
    await expect(server.journal.append({ seq: 3 })).rejects.toThrow(/another process/);
    await server.journal.resync();
    await server.journal.append({ seq: 3 });
    await server.journal.close();
    expect((await Journal.open<{ seq: number }>(file)).records.map((r) => r.seq)).toEqual([1, 2, 3]);
  });

  it('keeps records in order across reopening, and cuts a torn tail when it opens', async () => {
    const file = join(await tempDir('journal-'), 'journal.log');
    const first = await Journal.open<{ seq: number }>(file);
    await Promise.all([1, 2, 3].map((seq) => first.journal.append({ seq })));
    await first.journal.close();
    await writeFile(file, Buffer.concat([await readFile(file), frame({ seq: 4 }).subarray(0, 10)]));
    const again = await Journal.open<{ seq: number }>(file);
    expect(again.records.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(again.dropped).toBe(10);
    await again.journal.append({ seq: 5 });
    await again.journal.close();
    expect((await Journal.open<{ seq: number }>(file)).records.map((r) => r.seq)).toEqual([1, 2, 3, 5]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('has every acknowledged record after SIGKILL in the middle of a stream of appends, and no partial one', async () => {
    const file = join(await tempDir('journal-'), 'journal.log');
    const script = `import { Journal } from ${JSON.stringify(join(projectRoot, 'dist', 'store', 'journal.js'))};
const { journal } = await Journal.open(process.argv[1]);
for (let seq = 0; ; seq++) { await journal.append({ seq, text: 'x'.repeat(seq % 7 * 5000) }); process.stdout.write(seq + '\\n'); }`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, file]);
    let acked = -1;
    await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => {
      acked = Math.max(acked, ...String(d).trim().split('\n').map(Number));
      if (acked >= 200) {
        child.kill('SIGKILL');
        resolve();
      }
    }));
    await new Promise((resolve) => child.once('exit', resolve));
    const { records } = await Journal.open<{ seq: number; text: string }>(file);
    expect(records.length).toBeGreaterThan(acked);
    records.forEach((r, i) => {
      expect(r.seq).toBe(i);
      expect(r.text).toBe('x'.repeat(i % 7 * 5000));
    });
  });
});
