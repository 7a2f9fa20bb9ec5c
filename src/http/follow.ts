// Several servers over one external store: each takes in what the others wrote there. The
// store's registry names the current version's graph for each of ours; a graph whose holder
// changed since this server last looked was written elsewhere, and is read whole (the Graph Store
// Protocol) and put in place of ours, as a write here would be: the pages, the API and the
// caches around it follow. The first look takes every graph: the store is the reference.
import { createHash } from 'node:crypto';
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { RemoteQueryPool } from '../store/remote-pool.js';
import { fromStore } from '../store/remote-reader.js';
import type { WriteRecord } from '../store/writes.js';
import type { AppContext } from './context.js';
import { difference, termsOf } from '../writes.js';

const { namedNode, quad } = N3.DataFactory;

export async function follow(ctx: AppContext): Promise<number> {
  const pool = ctx.pool;
  if (!(pool instanceof RemoteQueryPool)) return 0;
  const current = await pool.registry();
  if (!current.version || current.version === pool.followed) return 0;
  const take = async () => {
    let taken = 0;
    for (const [graph, part] of current.graphs) {
      if (pool.parts.get(graph) === part) continue;
      const g = namedNode(graph);
      const content = (await pool.remote.readGraph(part, 'f')).map((q) => quad(q.subject, q.predicate, fromStore(q.object) as N3.Quad_Object, g)) as Quad[];
      const { removed, added } = difference(ctx.store.getQuads(null, null, null, g), content);
      const changes = [...removed, ...added];
      pool.parts.set(graph, part);
      if (!changes.length) continue;
      ctx.store.deleteGraph(g);
      ctx.store.addQuads(content);
      const etag = `"s-${createHash('sha256').update(part).digest('base64url').slice(0, 16)}"`;
      ctx.project.graphs.set(graph, etag);
      const record: WriteRecord = { seq: 0, at: new Date().toISOString(), by: '', graph, op: 'put', previous: null, etag, added: 0, removed: 0, nquads: '' };
      ctx.changed({ record, content, touched: [...termsOf(changes).values()], changes });
      taken++;
    }
    pool.followed = current.version;
    return taken;
  };
  // Not beside a write of this server's own.
  return ctx.writes ? ctx.writes.service.exclusive(take) : take();
}
