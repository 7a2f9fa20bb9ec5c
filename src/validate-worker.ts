// SHACL validation in a thread of its own, for large data: validating 1.3 M triples takes over
// a minute, and on the main thread a reload would stop the server answering meanwhile. The
// worker reads the same files (checked by hash), adds what the project derived from them, and
// posts the report back.
import { parentPort, workerData } from 'node:worker_threads';
import N3 from 'n3';
import type { Config } from './config.js';
import { readFile } from 'node:fs/promises';
import { loadFiles } from './load/files.js';
import { parseJournal } from './store/journal.js';
import { applyRecord, journalFile, type WriteRecord } from './store/writes.js';
import { CompactStore } from './store/compact.js';
import { reportToJson } from './validate/cache.js';
import { shapeQuads, validateStore } from './validate/run.js';

const { config, hashes, derived, journalBytes } = workerData as { config: Config; hashes: string[]; derived: string; journalBytes: number };
const store = new CompactStore();
const { files, syntaxErrors } = await loadFiles(config, store);
const read = files.map((f) => f.hash);
if (syntaxErrors.length || read.join() !== hashes.join()) {
  throw new Error('the project files changed while being validated; validate again when they are written');
}
store.freeze();
if (journalBytes) {
  const journal = parseJournal<WriteRecord>((await readFile(journalFile(config))).subarray(0, journalBytes));
  for (const record of journal.records) applyRecord(store, record);
}
store.addQuads(new N3.Parser({ format: 'N-Quads' }).parse(derived));
const report = await validateStore(store, new N3.Store(shapeQuads(files, config.base)), config);
parentPort!.postMessage(reportToJson(report));
