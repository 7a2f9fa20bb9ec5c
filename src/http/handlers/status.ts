// How the server is doing, for operators and their tools: {base}health (the process answers),
// {base}ready (data loaded, SPARQL workers up, the last reload's outcome) and {base}metrics
// (Prometheus text). Never cached, never exported.
import type { AppContext } from '../context.js';
import { bytes, json } from '../core.js';
import type { Route } from '../route.js';

const NO_STORE = { 'cache-control': 'no-store' };

/** Ready once the workers have loaded the data: a worker being replaced (after a timeout) does not make it unready. */
async function readiness(ctx: AppContext) {
  const { loaded, ...workers } = ctx.pool.stats();
  return {
    ready: loaded,
    data: { modified: ctx.lastModified.toISOString(), triples: await triples(ctx) },
    workers,
    reload: ctx.monitor?.lastReload ?? null,
    ...(ctx.monitor ? { server: nested(ctx.monitor.readGauges()) } : {}),
  };
}

/** `sdg_lod_connections{state="open"}: 3` as `connections: { open: 3 }`, for people reading JSON. */
function nested(gauges: Record<string, number>) {
  const out: Record<string, Record<string, number> | number> = {};
  for (const [key, value] of Object.entries(gauges)) {
    const [, name = key, label] = /^sdg_lod_([^{]+)(?:\{\w+="([^"]*)"\})?$/.exec(key) ?? [];
    if (label === undefined) out[name] = value;
    else ((out[name] ??= {}) as Record<string, number>)[label] = value;
  }
  return out;
}

/** The dataset's size, or null while an external store cannot say. */
const triples = (ctx: AppContext) => ctx.reader.size().catch(() => null);

async function metrics(ctx: AppContext): Promise<string> {
  const workers = ctx.pool.stats();
  const gauges: Record<string, number> = {
    'sdg_lod_triples': (await triples(ctx)) ?? NaN,
    'sdg_lod_data_modified_seconds': ctx.lastModified.getTime() / 1000,
    'sdg_lod_query_workers{state="all"}': workers.workers,
    'sdg_lod_query_workers{state="ready"}': workers.ready,
    'sdg_lod_query_workers{state="busy"}': workers.busy,
    'sdg_lod_query_queue': workers.queued,
    'sdg_lod_query_worker_replacements': workers.replaced,
    'sdg_lod_cache_entries{cache="rendered"}': ctx.rendered.size,
    'sdg_lod_cache_bytes{cache="rendered"}': ctx.rendered.bytes,
    'sdg_lod_cache_entries{cache="query_results"}': ctx.queryResults.size,
    'sdg_lod_cache_bytes{cache="query_results"}': ctx.queryResults.bytes,
  };
  if (ctx.monitor) return ctx.monitor.prometheus(gauges);
  return Object.entries(gauges).map(([k, v]) => `${k} ${v}`).join('\n') + '\n';
}

const exact = (path: string) => (p: string) => p === path;

export const statusRoutes: Route[] = [
  { name: 'health', match: exact('health'), handle: () => json(200, { status: 'ok' }, NO_STORE) },
  {
    name: 'ready',
    match: exact('ready'),
    handle: async (_req, ctx) => {
      const state = await readiness(ctx);
      return json(state.ready ? 200 : 503, state, state.ready ? NO_STORE : { ...NO_STORE, 'retry-after': '5' });
    },
  },
  {
    name: 'metrics',
    match: exact('metrics'),
    handle: async (_req, ctx) => bytes(200, Buffer.from(await metrics(ctx), 'utf8'), 'text/plain', { ...NO_STORE, 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }),
  },
];
