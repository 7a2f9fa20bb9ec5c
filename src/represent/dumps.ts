// The full dumps, written once per data version to files (with a gzip copy beside each) and
// served from disk: a million-triple dataset never becomes one string in memory. Quads are
// written in the store's index order, so the same data gives the same bytes.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createGzip } from 'node:zlib';
import N3 from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import type { CompactStore } from '../store/compact.js';
import type { QuadStream } from '../quads.js';
import { ServiceUnavailable } from '../errors.js';
import { catalogGraph } from '../store/dataset.js';
import { ns } from '../vocab.js';
import { byFormat, DUMP_FORMATS, type DumpFormat } from './media-types.js';

export type { DumpFormat } from './media-types.js';

/** Each dump's path under the site root, by format. */
export const DUMPS = DUMP_FORMATS.map((format) => ({ format, path: `dumps/sdg-lod.${byFormat(format).extension}` }));

export interface DumpFile {
  path: string;
  gzip: string;
  size: number;
  gzipSize: number;
  /** Called when the file is found missing: the next request writes it again. */
  lost(): void;
}

export interface DumpOptions {
  /** Folder for this data version's dumps. */
  dir: string;
  prefixes: Record<string, string>;
  /** The base IRI: the dataset is every graph but its catalogue (store/dataset.ts). */
  base: string;
  /** Folders of earlier versions made by writes (this prefix): gone once this version's dump is written. */
  supersedes?: string | undefined;
}
const BATCH = 5000;
const STALE_MS = 24 * 60 * 60 * 1000;

/** Writes to a file and its gzip copy at once, waiting whenever either is full. */
class Sink {
  private readonly file: WriteStream;
  private readonly zipped: WriteStream;
  private readonly gzip = createGzip();

  constructor(path: string, gz: string) {
    this.file = createWriteStream(path);
    this.zipped = createWriteStream(gz);
    this.gzip.pipe(this.zipped);
  }

  async write(text: string) {
    if (!text) return;
    const a = this.file.write(text);
    const b = this.gzip.write(text);
    // Both listeners before either wait: a drain that comes while waiting for the other counts.
    await Promise.all([a || once(this.file, 'drain'), b || once(this.gzip, 'drain')]);
  }

  /** Resolves when both files are complete; rejects on a write error (a full disk). */
  async end() {
    this.file.end();
    this.gzip.end();
    await Promise.all([finished(this.file), finished(this.gzip), finished(this.zipped)]);
  }

  destroy() {
    for (const s of [this.file, this.gzip, this.zipped]) s.destroy();
  }
}

export type Dumps = ReturnType<typeof createDumps>;

/** What a dump is written from. */
export type DumpSource = QuadStream;

/** The embedded store's dataset, in its index order: the same data gives the same bytes. */
export function storeSource(store: CompactStore, base: string): DumpSource {
  const excluded = N3.DataFactory.namedNode(catalogGraph(base));
  return function* (withGraphs) {
    if (!withGraphs) return yield* store.triples(null, null, null, excluded);
    for (const q of store) if (!q.graph.equals(excluded)) yield q;
  };
}

export function createDumps(quads: DumpSource, options: DumpOptions) {
  const pending = new Map<DumpFormat, Promise<DumpFile>>();

  async function write(format: DumpFormat): Promise<DumpFile> {
    const path = join(options.dir, `sdg-lod.${byFormat(format).extension}`);
    const done = async (): Promise<DumpFile> => ({
      path, gzip: `${path}.gz`, size: (await stat(path)).size, gzipSize: (await stat(`${path}.gz`)).size,
      lost: () => {
        pending.delete(format);
        written.delete(format);
      },
    });
    try {
      return await done();
    } catch {
      // Not written yet for this data version.
    }
    await mkdir(options.dir, { recursive: true });
    // Dumps of earlier data versions go once nothing has written them for a day. A server still
    // serving one that went writes it again on the next request.
    const parent = dirname(options.dir);
    for (const old of await readdir(parent)) {
      const dir = join(parent, old);
      const since = Date.now() - ((await stat(dir).catch(() => undefined))?.mtimeMs ?? Date.now());
      if (dir !== options.dir && (since > STALE_MS || (options.supersedes && old.startsWith(options.supersedes)))) await rm(dir, { recursive: true, force: true });
    }
    const temp = `${path}.${randomUUID()}.tmp`;
    const sink = new Sink(temp, `${temp}.gz`);
    try {
      await serialise(format, sink);
      await sink.end();
    } catch (error) {
      sink.destroy();
      await Promise.all([rm(temp, { force: true }), rm(`${temp}.gz`, { force: true })]);
      throw error;
    }
    // The gzip copy first: a reader that finds the plain file finds both.
    await rename(`${temp}.gz`, `${path}.gz`);
    await rename(temp, path);
    return done();
  }

  async function serialise(format: DumpFormat, sink: Sink) {
    if (format === 'jsonld') return jsonLd(sink);
    const chunks: string[] = [];
    const writer = new N3.Writer({ write: (chunk: string) => void chunks.push(chunk), end: (done?: () => void) => done?.() } as never, {
      format: format === 'turtle' ? 'Turtle' : format === 'nquads' ? 'N-Quads' : 'N-Triples',
      prefixes: format === 'turtle' ? options.prefixes : undefined,
    });
    for await (const batch of batches(quads(format === 'nquads'))) {
      for (const q of batch) writer.addQuad(q.subject as N3.Quad_Subject, q.predicate as N3.Quad_Predicate, q.object as N3.Quad_Object, format === 'nquads' ? (q.graph as N3.Quad_Graph) : undefined);
      await sink.write(chunks.splice(0).join(''));
    }
    await new Promise<void>((resolve, reject) => writer.end((error) => (error ? reject(error) : resolve())));
    await sink.write(chunks.splice(0).join(''));
  }

  /** Flattened JSON-LD: one node object per subject, full IRIs, no context to fetch. */
  async function jsonLd(sink: Sink) {
    await sink.write('{\n  "@graph": [');
    let node: Record<string, unknown> | undefined;
    let subject = '';
    let first = true;
    const flush = async () => {
      if (!node) return;
      await sink.write(`${first ? '\n' : ',\n'}    ${JSON.stringify(node)}`);
      first = false;
    };
    for await (const batch of batches(quads(false))) for (const q of batch) {
      const id = idOf(q.subject);
      if (id !== subject) {
        await flush();
        node = { '@id': id };
        subject = id;
      }
      if (q.predicate.value === ns.rdf + 'type' && q.object.termType !== 'Literal') {
        ((node!['@type'] ??= []) as string[]).push(idOf(q.object));
      } else {
        ((node![q.predicate.value] ??= []) as unknown[]).push(valueOf(q.object));
      }
    }
    await flush();
    await sink.write('\n  ]\n}\n');
  }

  const written = new Map<DumpFormat, DumpFile>();
  return {
    /**
     * The dump file, written on first request (concurrent requests share the writing). A dump
     * that cannot be written is a 503 for the client; the cause (a folder, a full disk) is
     * the operator's to read in `cause`, which the server logs.
     */
    file(format: DumpFormat): Promise<DumpFile> {
      let p = pending.get(format);
      if (!p) {
        p = write(format).then(
          (file) => {
            written.set(format, file);
            return file;
          },
          (error: unknown) => {
            pending.delete(format);
            throw new ServiceUnavailable('the dump cannot be written on the server now; try again later', 60, error);
          },
        );
        pending.set(format, p);
      }
      return p;
    },
    /** The dump, if it has been written already. */
    written(format: DumpFormat): DumpFile | undefined {
      return written.get(format);
    },
    /** Found not as written (gone, or another size): the next request writes it again. */
    forget(format: DumpFormat): void {
      pending.delete(format);
      written.delete(format);
    },
  };
}

/** Quads in arrays of BATCH: a store's are taken synchronously, a stream's as they come. */
async function* batches(quads: Iterable<Quad> | AsyncIterable<Quad>): AsyncGenerator<Quad[]> {
  let batch: Quad[] = [];
  if (Symbol.asyncIterator in quads) {
    for await (const q of quads) if (batch.push(q) === BATCH) yield batch.splice(0);
  } else for (const q of quads) if (batch.push(q) === BATCH) yield batch.splice(0);
  if (batch.length) yield batch;
}

const idOf = (t: Term) => (t.termType === 'BlankNode' ? `_:${t.value}` : t.value);

function valueOf(t: Term): unknown {
  if (t.termType !== 'Literal') return { '@id': idOf(t) };
  const literal = t as N3.Literal;
  if (literal.language) return { '@value': literal.value, '@language': literal.language };
  if (literal.datatype.value === ns.xsd + 'string') return { '@value': literal.value };
  return { '@value': literal.value, '@type': literal.datatype.value };
}
