// A pool of query workers with a per-query timeout. A query that overruns is answered with a
// timeout and its worker is replaced; the other workers keep answering.
import { Worker } from 'node:worker_threads';
import { BadRequest, ServiceUnavailable } from '../errors.js';
import { mediaTypeOf, syntaxOf } from '../load/parse.js';
import { workerPath } from '../workers.js';
import type { Source } from '../load/sources.js';
import { inDataset } from './dataset.js';
import type { QueryMessage, WorkerDataset } from './sparql-worker.js';

/**
 * What a worker loads: the sources of the dataset (see dataset.ts), read from disk. With their
 * hashes known (loaded files), a worker refuses a file that has changed since.
 */
export function datasetOf(sources: readonly (Source & { hash?: string })[], base: string): WorkerDataset {
  const published = sources.filter((s) => inDataset(s, base));
  return {
    base,
    sources: published.map((s) => ({ file: s.file, format: mediaTypeOf(syntaxOf(s.file)), graph: s.graph, sha256: s.hash })),
    extra: [],
  };
}

/** The query ran (or waited) past its time; the message says how to narrow it. */
export class QueryTimeout extends ServiceUnavailable {
  constructor(what: string, timeoutMs: number) {
    super(`${what} (the limit is ${timeoutMs} ms); narrow the query or add a LIMIT`, 10);
  }
}
export class QueryBusy extends ServiceUnavailable {
  constructor(waiting: number) {
    super(`${waiting} queries are already waiting; try again shortly`, 5);
  }
}
/** The engine refused the query (a syntax error, an unsupported feature). */
export class QueryFailed extends BadRequest {
  constructor(engineMessage: string) {
    super(`SPARQL error: ${engineMessage}`);
  }
}
/** No worker could load the data (a source changed on disk, or cannot be read), or the pool is closing. */
export class QueryUnavailable extends ServiceUnavailable {}

/** Queries waiting for a worker beyond this are turned away at once rather than queued. */
const MAX_QUEUE = 16;

interface Job {
  /** When the query's time is up, counted from its arrival: waiting counts too. */
  deadline: number;
  message: QueryMessage;
  resolve: (body: string) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  started?: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
}

/**
 * Each worker holds a copy of the data (the engine's store cannot be shared between threads), so
 * the pool's size trades concurrent queries against memory. Workers start on start() or the
 * first query.
 */
export class QueryPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private firstReady: Promise<string[]> | undefined;

  constructor(
    private readonly dataset: WorkerDataset,
    private readonly size: number,
    private readonly timeoutMs: number,
  ) {}

  /** Starts the workers; resolves with the sha256 of each source file as the first worker read it. */
  start(): Promise<string[]> {
    if (!this.firstReady) {
      for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
      this.firstReady = Promise.all(this.slots.map((s) => s.ready)).then(() => this.hashes);
    }
    return this.firstReady;
  }

  private hashes: string[] = [];

  /** The files' hashes as published: a replacement worker refuses files that differ. */
  pin(hashes: readonly string[]) {
    this.dataset.sources.forEach((s, i) => (s.sha256 = hashes[i]));
  }

  private spawn(): Slot {
    const worker = new Worker(workerPath(new URL('./sparql-worker.js', import.meta.url)), { workerData: this.dataset });
    worker.unref();
    const slot: Slot = { worker, ready: Promise.resolve() };
    slot.ready = new Promise((resolve, reject) => {
      worker.once('message', (m: { hashes?: string[] }) => {
        this.hashes = m.hashes ?? [];
        slot.started = true;
        resolve();
      });
      worker.once('error', reject);
    });
    // A worker that fails to start answers its queries with the error, not a crash.
    slot.ready.catch(() => {});
    worker.on('message', (m: { id?: number; body?: string; error?: string }) => {
      if (m.id === undefined || !slot.job || slot.job.message.id !== m.id) return;
      const job = slot.job;
      clearTimeout(slot.timer);
      slot.job = undefined;
      if (m.error !== undefined) job.reject(new QueryFailed(m.error));
      else job.resolve(m.body!);
      this.pump();
    });
    worker.on('error', (error) => {
      const job = slot.job;
      slot.job = undefined;
      job?.reject(slot.started ? new QueryUnavailable(`the query engine stopped: ${error.message}`) : new QueryUnavailable(`the query engine could not load the data: ${error.message}`));
      // One that never started (unreadable data) would fail again: it stays, answering with the error.
      if (slot.started) this.replace(slot);
    });
    return slot;
  }

  private replace(slot: Slot) {
    clearTimeout(slot.timer);
    void slot.worker.terminate();
    if (this.closed) return;
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots[i] = this.spawn();
    this.pump();
  }

  run(message: Omit<QueryMessage, 'id'>): Promise<string> {
    if (this.closed) return Promise.reject(new QueryUnavailable('the query service is shutting down'));
    if (this.queue.length >= MAX_QUEUE) return Promise.reject(new QueryBusy(MAX_QUEUE));
    this.start().catch(() => {});
    return new Promise((resolve, reject) => {
      const job: Job = { deadline: Date.now() + this.timeoutMs, message: { ...message, id: this.nextId++ }, resolve, reject };
      this.queue.push(job);
      // A query still waiting when its time is up is answered without running.
      setTimeout(() => {
        const i = this.queue.indexOf(job);
        if (i >= 0) {
          this.queue.splice(i, 1);
          reject(new QueryTimeout(`the query waited longer than ${this.timeoutMs} ms for a free worker`, this.timeoutMs));
        }
      }, this.timeoutMs).unref();
      this.pump();
    });
  }

  private pump() {
    for (const slot of this.slots) {
      if (slot.job || !this.queue.length) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      // The clock starts when the query is handed to a worker, not while it waits in the queue.
      void slot.ready.then(() => {
        if (slot.job !== job) return;
        // Its time ran out while the worker was loading: answered without running, and the
        // worker (which did nothing wrong) stays.
        if (Date.now() >= job.deadline) {
          slot.job = undefined;
          job.reject(new QueryTimeout(`the query waited longer than ${this.timeoutMs} ms for the query engine to load`, this.timeoutMs));
          this.pump();
          return;
        }
        slot.timer = setTimeout(() => {
          if (slot.job !== job) return;
          slot.job = undefined;
          job.reject(new QueryTimeout(`the query ran longer than ${this.timeoutMs} ms`, this.timeoutMs));
          this.replace(slot);
        }, Math.max(1, job.deadline - Date.now()));
        slot.worker.postMessage(job.message);
      }, (error: Error) => {
        slot.job = undefined;
        job.reject(new QueryUnavailable(`the query engine could not load the data: ${error.message}`));
      });
    }
  }

  async close() {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new QueryUnavailable('the query service is shutting down'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
