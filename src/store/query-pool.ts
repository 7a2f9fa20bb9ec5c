// A pool of query workers with a per-query timeout. A query that overruns is answered with a
// timeout and its worker is replaced; the other workers keep answering.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { QueryMessage } from './sparql-worker.js';

export class QueryTimeout extends Error {}
export class QueryBusy extends Error {}

/** Queries waiting for a worker beyond this are turned away at once rather than queued. */
const MAX_QUEUE = 16;
export class QueryFailed extends Error {}

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
  job?: Job;
  timer?: NodeJS.Timeout;
}

/** The compiled worker; under vitest (running src/) the build in dist/ is used. */
function workerFile(): string {
  const here = fileURLToPath(new URL('./sparql-worker.js', import.meta.url));
  if (existsSync(here)) return here;
  return fileURLToPath(new URL('../../dist/store/sparql-worker.js', import.meta.url));
}

export class QueryPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly nquads: string,
    size: number,
    private readonly timeoutMs: number,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(workerFile(), { workerData: { nquads: this.nquads } });
    worker.unref();
    const slot: Slot = { worker, ready: Promise.resolve() };
    slot.ready = new Promise((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
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
      job?.reject(new QueryFailed(error.message));
      this.replace(slot);
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
    if (this.closed) return Promise.reject(new QueryFailed('the query service is shutting down'));
    if (this.queue.length >= MAX_QUEUE) return Promise.reject(new QueryBusy(`${MAX_QUEUE} queries are already waiting`));
    return new Promise((resolve, reject) => {
      const job: Job = { deadline: Date.now() + this.timeoutMs, message: { ...message, id: this.nextId++ }, resolve, reject };
      this.queue.push(job);
      // A query still waiting when its time is up is answered without running.
      setTimeout(() => {
        const i = this.queue.indexOf(job);
        if (i >= 0) {
          this.queue.splice(i, 1);
          reject(new QueryTimeout(`the query waited longer than ${this.timeoutMs} ms for a free worker`));
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
        slot.timer = setTimeout(() => {
          if (slot.job !== job) return;
          slot.job = undefined;
          job.reject(new QueryTimeout(`the query ran longer than ${this.timeoutMs} ms`));
          this.replace(slot);
        }, Math.max(1, job.deadline - Date.now()));
        slot.worker.postMessage(job.message);
      }, (error: Error) => {
        slot.job = undefined;
        job.reject(new QueryFailed(`query worker failed to start: ${error.message}`));
      });
    }
  }

  async close() {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new QueryFailed('the query service is shutting down'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
