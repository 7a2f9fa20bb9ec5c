// A pool of query workers with a per-query timeout. A query that overruns is answered with a
// timeout and its worker is replaced; the other workers keep answering.
import { Worker } from 'node:worker_threads';
import { BadRequest, ServiceUnavailable, Unprocessable } from '../errors.js';
import { workerPath } from '../workers.js';
import { STALE, type QueryMessage, type QueryReply, type ReplaceMessage, type WorkerDataset } from './sparql-protocol.js';

export type { WorkerDataset } from './sparql-protocol.js';

/** The query ran (or waited) past its time; the message says how to narrow it. */
export class QueryTimeout extends ServiceUnavailable {
  constructor(what: string, timeoutMs: number, /** It ran out of time in the engine (not waiting for it). */ readonly ran = false) {
    super(`${what} (the limit is ${timeoutMs} ms); narrow the query or add a LIMIT`, 10);
  }
}
/** The query's answer took more of the process's memory than the pool allows. */
export class QueryOutOfMemory extends Unprocessable {
  constructor(message: string, /** It ran alone, so it was surely the one that grew. */ readonly alone = false) {
    super(message);
  }
}
/** The engine trapped on the query (its worker is replaced). */
export class QueryTrapped extends Unprocessable {}
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
/** No worker could load the data, a worker stopped, or the pool is closing. */
export class QueryUnavailable extends ServiceUnavailable {
  constructor(message: string, cause?: unknown) {
    super(message, 5, cause);
  }
}

/** Queries waiting for a worker beyond this are turned away at once rather than queued. */
const MAX_QUEUE = 16;

/** An answer: its bytes, as the worker encoded them, and their ETag. */
export interface QueryAnswer {
  body: Buffer;
  etag: string;
}

interface Job {
  /** When the query's time is up, counted from its arrival: waiting counts too. */
  deadline: number;
  message: QueryMessage;
  resolve: (answer: QueryAnswer) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  started?: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
  /** When the worker began its current job. */
  since?: number;
}

export interface PoolOptions {
  size: number;
  timeoutMs: number;
  /**
   * How far the process's memory may grow while queries run before the longest-running one is
   * stopped (422). Default: 1 GiB or 8 × the result cap, whichever is more.
   */
  memoryBytes?: number;
  /** Called when a worker found its source not as published: write it again before the next one. */
  onStale?: () => void;
}

/**
 * Each worker holds a copy of the data (the engine's store cannot be shared between threads), so
 * the pool's size trades concurrent queries against memory. Workers start on start() or the
 * first query, each from what `dataset()` gives at that moment: a replacement after a timeout or
 * a trap loads what was published, not whatever the source files hold by then.
 */
export class QueryPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private firstReady: Promise<void> | undefined;
  private replaced = 0;
  private loaded = false;
  private budget = 2 ** 30;
  private watch: { timer: NodeJS.Timeout; baseline: number; quietUntil: number } | undefined;
  /** Graphs written since the workers' data was: a worker started later loads them too. */
  private readonly written = new Map<string, string>();

  constructor(
    private readonly dataset: () => Promise<WorkerDataset>,
    private readonly options: PoolOptions,
  ) {}

  /** Starts the workers; resolves when all have loaded the data. */
  start(): Promise<void> {
    if (!this.firstReady) {
      for (let i = 0; i < this.options.size; i++) this.slots.push(this.spawn());
      this.firstReady = Promise.all(this.slots.map((s) => s.ready)).then(() => {});
    }
    return this.firstReady;
  }

  /** Workers, loaded ones, busy ones and queries waiting: for the readiness and metrics endpoints. */
  stats() {
    return {
      /** A worker has loaded the data, and the pool is not closing. */
      loaded: this.loaded && !this.closed,
      replaced: this.replaced,
      workers: this.slots.length,
      ready: this.slots.filter((s) => s.started).length,
      busy: this.slots.filter((s) => s.job).length,
      queued: this.queue.length,
    };
  }

  private spawn(attempt = 1): Slot {
    const slot = { ready: Promise.resolve() } as Slot;
    slot.ready = this.dataset().then((dataset) => new Promise<void>((resolve, reject) => {
      if (this.closed) return reject(new QueryUnavailable('the query service is shutting down'));
      this.budget = this.options.memoryBytes ?? Math.max(2 ** 30, 8 * dataset.maxResultBytes);
      // No resourceLimits: a worker over them can abort the whole process (V8 reports memory
      // pressure from outside the heap as fatal), so memory is watched from here instead.
      // The graphs written so far go with the data, in the same turn as the worker starts: every
      // later write reaches it as a message, queued until it has loaded.
      const worker = new Worker(workerPath(new URL('./sparql-worker.js', import.meta.url)), { workerData: { ...dataset, graphs: [...this.written] } });
      slot.worker = worker;
      worker.once('message', () => {
        slot.started = true;
        this.loaded = true;
        resolve();
      });
      worker.on('message', (m: QueryReply | { ready: true }) => this.answer(slot, m));
      worker.on('error', (error: Error) => {
        if (!slot.started) return reject(error);
        const job = slot.job;
        slot.job = undefined;
        job?.reject(new QueryUnavailable(`the query engine stopped: ${error.message}`));
        this.replace(slot);
      });
      // A worker that ends by itself (not terminated by the pool) leaves its place to another.
      worker.on('exit', () => {
        if (slot.started && !this.closed && this.slots.includes(slot)) this.replace(slot);
      });

    }));
    slot.ready.catch((error: Error) => {
      // A source not as published is written again once; data that cannot be loaded stays an answer of 503.
      if (error.message === STALE && attempt === 1 && !this.closed) {
        this.options.onStale?.();
        const i = this.slots.indexOf(slot);
        if (i >= 0) {
          const again = this.spawn(2);
          this.slots[i] = again;
          again.job = slot.job;
          slot.job = undefined;
          this.pumpSlot(again);
        }
      }
    });
    return slot;
  }

  private answer(slot: Slot, m: QueryReply | { ready: true }) {
    if (!('id' in m) || !slot.job || slot.job.message.id !== m.id) return;
    const job = slot.job;
    clearTimeout(slot.timer);
    slot.job = undefined;
    slot.since = undefined;
    if ('body' in m) job.resolve({ body: Buffer.from(m.body.buffer, m.body.byteOffset, m.body.byteLength), etag: m.etag });
    else if ('tooLarge' in m) job.reject(new Unprocessable(`the result is at least ${m.tooLarge} bytes, over the cap of ${m.cap}; add a LIMIT, or page with LIMIT and OFFSET`));
    else if (m.fatal) job.reject(new QueryTrapped(`the query engine failed on this query (${m.error}); it was started again for the next one`));
    else job.reject(new QueryFailed(m.error));
    // After a trap, or once its memory grew past its bound, the worker makes way for a new one.
    if (('fatal' in m && m.fatal) || m.recycle) return this.replace(slot);
    this.pump();
  }

  private replace(slot: Slot) {
    if (!this.slots.includes(slot)) return;
    this.replaced++;
    clearTimeout(slot.timer);
    slot.job?.reject(new QueryUnavailable('the query engine stopped while answering; try again'));
    slot.job = undefined;
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1, ...(this.closed ? [] : [this.spawn()]));
    void slot.worker?.terminate();
    this.pump();
  }

  /** A write's graph, as it now is, for every worker: queries sent after this see it. */
  replaceGraph(graph: string, nquads: string): void {
    this.written.set(graph, nquads);
    for (const slot of this.slots) slot.worker?.postMessage({ replace: graph, nquads } satisfies ReplaceMessage);
  }

  run(message: Omit<QueryMessage, 'id'>): Promise<QueryAnswer> {
    if (this.closed) return Promise.reject(new QueryUnavailable('the query service is shutting down'));
    if (this.queue.length >= MAX_QUEUE) return Promise.reject(new QueryBusy(MAX_QUEUE));
    this.start().catch(() => {});
    return new Promise((resolve, reject) => {
      const job: Job = { deadline: Date.now() + this.options.timeoutMs, message: { ...message, id: this.nextId++ }, resolve, reject };
      this.queue.push(job);
      // A query still waiting when its time is up is answered without running.
      setTimeout(() => {
        const i = this.queue.indexOf(job);
        if (i >= 0) {
          this.queue.splice(i, 1);
          reject(new QueryTimeout(`the query waited longer than ${this.options.timeoutMs} ms for a free worker`, this.options.timeoutMs));
        }
      }, this.options.timeoutMs).unref();
      this.pump();
    });
  }

  private pump() {
    for (const slot of this.slots) if (!slot.job && this.queue.length) this.pumpSlot(slot, this.queue.shift()!);
  }

  /** Hands a job to a slot once its worker is ready; the clock starts then, not while it waits. */
  private pumpSlot(slot: Slot, job = slot.job) {
    if (!job) return;
    slot.job = job;
    void slot.ready.then(() => {
      if (slot.job !== job) return;
      // Its time ran out while the worker was loading: answered without running, and the
      // worker (which did nothing wrong) stays.
      if (Date.now() >= job.deadline) {
        slot.job = undefined;
        job.reject(new QueryTimeout(`the query waited longer than ${this.options.timeoutMs} ms for the query engine to load`, this.options.timeoutMs));
        this.pump();
        return;
      }
      slot.timer = setTimeout(() => {
        if (slot.job !== job) return;
        slot.job = undefined;
        // Costly in itself only if it had (nearly) all its time running, not waiting behind others.
        const ran = Date.now() - (slot.since ?? Date.now()) >= 0.9 * this.options.timeoutMs;
        job.reject(new QueryTimeout(`the query ran longer than ${this.options.timeoutMs} ms`, this.options.timeoutMs, ran));
        this.replace(slot);
      }, Math.max(1, job.deadline - Date.now()));
      slot.since = Date.now();
      this.watchMemory();
      slot.worker.postMessage(job.message);
    }, (error: Error) => {
      if (slot.job !== job || error.message === STALE) return; // a stale source: the next worker takes the job
      slot.job = undefined;
      job.reject(new QueryUnavailable('the query engine could not load the data', error));
    });
  }

  /**
   * While queries run, the process's memory is sampled: past its budget, the query running
   * longest is stopped and its worker replaced (ending a worker returns the engine's memory).
   */
  private watchMemory() {
    if (this.watch) return;
    const baseline = process.memoryUsage.rss();
    const timer = setInterval(() => {
      const busy = this.slots.filter((s) => s.job && s.since !== undefined);
      if (!busy.length) {
        clearInterval(timer);
        this.watch = undefined;
        return;
      }
      const watch = this.watch!;
      if (Date.now() < watch.quietUntil || process.memoryUsage.rss() - watch.baseline <= this.budget) return;
      const oldest = busy.reduce((a, b) => (a.since! <= b.since! ? a : b));
      const job = oldest.job!;
      oldest.job = undefined;
      job.reject(new QueryOutOfMemory(`answering this query took more than ${Math.round(this.budget / 2 ** 20)} MB of memory; add a LIMIT or narrow it`, busy.length === 1));
      // The ended worker's memory takes a moment to return: judge again after it has.
      watch.quietUntil = Date.now() + 1000;
      this.replace(oldest);
    }, 50);
    timer.unref();
    this.watch = { timer, baseline, quietUntil: 0 };
  }

  async close() {
    if (this.watch) clearInterval(this.watch.timer);
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new QueryUnavailable('the query service is shutting down'));
    for (const slot of this.slots) slot.job?.reject(new QueryUnavailable('the query service is shutting down'));
    await Promise.all(this.slots.map((s) => s.ready.then(() => s.worker.terminate(), () => undefined)));
  }
}
