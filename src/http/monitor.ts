// What a running server knows about itself, for {base}ready and {base}metrics: requests by route
// and status with their latency, the outcome of reloads, and gauges read when asked (connections,
// caches). One per process: a reload swaps the app, not the monitor.
export interface ReloadOutcome {
  at: string;
  outcome: 'reloaded' | 'refused' | 'failed';
  /** Why a reload was refused or failed. */
  reason?: string;
  triples?: number;
}

/** Upper bounds of the latency histogram, in seconds. */
const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type Gauges = () => Record<string, number>;

export class Monitor {
  readonly startedAt = Date.now();
  private readonly requests = new Map<string, number>();
  private readonly durations = new Map<string, { counts: number[]; sum: number; count: number }>();
  private readonly reloads: ReloadOutcome[] = [];
  private readonly reloadCounts = { reloaded: 0, refused: 0, failed: 0 };
  private readonly gauges: Gauges[] = [];

  /** One answered request; `route` is the route's name (a bounded set, never the path). */
  request(route: string, status: number, seconds: number) {
    const key = `${route}\t${status}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    let d = this.durations.get(route);
    if (!d) this.durations.set(route, (d = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    BUCKETS.forEach((le, i) => {
      if (seconds <= le) d.counts[i]!++;
    });
    d.sum += seconds;
    d.count++;
  }

  reload(outcome: ReloadOutcome) {
    this.reloadCounts[outcome.outcome]++;
    this.reloads.push(outcome);
    if (this.reloads.length > 10) this.reloads.shift();
  }

  get lastReload(): ReloadOutcome | undefined {
    return this.reloads.at(-1);
  }

  /** Gauges read at each scrape (the server's connections, the listener's caches). */
  watch(gauges: Gauges) {
    this.gauges.push(gauges);
  }

  readGauges(): Record<string, number> {
    return Object.assign({}, ...this.gauges.map((g) => g()));
  }

  /** The counters and histograms in Prometheus text format; `extra` lines come after. */
  prometheus(extra: Record<string, number>): string {
    const out: string[] = [];
    const help = (name: string, type: string, text: string) => out.push(`# HELP ${name} ${text}`, `# TYPE ${name} ${type}`);
    help('sdg_lod_requests_total', 'counter', 'Requests answered, by route and status.');
    for (const [key, n] of [...this.requests].sort()) {
      const [route, status] = key.split('\t');
      out.push(`sdg_lod_requests_total{route="${route}",status="${status}"} ${n}`);
    }
    help('sdg_lod_request_duration_seconds', 'histogram', 'Time from a request to its answer, by route.');
    for (const [route, d] of [...this.durations].sort(([a], [b]) => (a < b ? -1 : 1))) {
      BUCKETS.forEach((le, i) => out.push(`sdg_lod_request_duration_seconds_bucket{route="${route}",le="${le}"} ${d.counts[i]}`));
      out.push(`sdg_lod_request_duration_seconds_bucket{route="${route}",le="+Inf"} ${d.count}`);
      out.push(`sdg_lod_request_duration_seconds_sum{route="${route}"} ${d.sum}`, `sdg_lod_request_duration_seconds_count{route="${route}"} ${d.count}`);
    }
    help('sdg_lod_reloads_total', 'counter', 'Reloads (SIGHUP), by outcome.');
    for (const [outcome, n] of Object.entries(this.reloadCounts)) out.push(`sdg_lod_reloads_total{outcome="${outcome}"} ${n}`);
    help('sdg_lod_uptime_seconds', 'gauge', 'Seconds since the process started serving.');
    out.push(`sdg_lod_uptime_seconds ${(Date.now() - this.startedAt) / 1000}`);
    // The names Prometheus's own clients use, so existing dashboards and alerts apply.
    const memory = process.memoryUsage();
    help('process_resident_memory_bytes', 'gauge', 'Resident memory of the process (query workers included).');
    out.push(`process_resident_memory_bytes ${memory.rss}`);
    help('nodejs_heap_size_used_bytes', 'gauge', 'JavaScript heap in use on the main thread.');
    out.push(`nodejs_heap_size_used_bytes ${memory.heapUsed}`);
    help('nodejs_external_memory_bytes', 'gauge', 'Memory outside the heap (buffers: cached answers, dumps).');
    out.push(`nodejs_external_memory_bytes ${memory.external}`);
    for (const [name, value] of Object.entries({ ...this.readGauges(), ...extra })) {
      const bare = name.replace(/\{.*$/, '');
      if (!out.some((l) => l === `# TYPE ${bare} gauge`)) help(bare, 'gauge', GAUGE_HELP[bare] ?? bare);
      out.push(`${name} ${value}`);
    }
    return out.join('\n') + '\n';
  }
}

const GAUGE_HELP: Record<string, string> = {
  sdg_lod_connections: 'Open connections, and those with a request in flight.',
  sdg_lod_cache_entries: 'Entries in each cache.',
  sdg_lod_cache_bytes: 'Bytes each cache holds, with a per-entry overhead.',
  sdg_lod_query_workers: 'SPARQL workers: all, ready, busy.',
  sdg_lod_query_queue: 'SPARQL queries waiting for a worker.',
  sdg_lod_query_worker_replacements: 'SPARQL workers replaced in this data version (a timeout, a trap, memory grown past its bound).',
  sdg_lod_triples: 'Statements in the dataset.',
  sdg_lod_data_modified_seconds: 'When the data version changed (Unix time).',
};
