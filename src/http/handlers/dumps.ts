// The whole dataset as files: written once per data version, streamed from disk by the transport.
import { DUMPS } from '../../represent/dumps.js';
import { byFormat, contentType } from '../../represent/media-types.js';
import { conditional } from '../core.js';
import type { Route } from '../route.js';

export const dumpRoute: Route = {
  name: 'dump files',
  match: (path) => DUMPS.some((d) => d.path === path),
  handle: async (req, ctx) => {
    const d = DUMPS.find((x) => x.path === req.path)!;
    const { type, extension } = byFormat(d.format);
    const file = await ctx.dumps.file(d.format);
    // Each write makes another dump: the tag names the writes taken since the version opened.
    const rendered = { file, type, etag: `"${ctx.project.key.slice(0, 20)}-${ctx.generation}-${extension}"` };
    return conditional(req, rendered, {
      'content-type': contentType(type),
      'content-disposition': `attachment; filename="${d.path.slice(d.path.lastIndexOf('/') + 1)}"`,
      'cache-control': 'public, max-age=3600',
    }, ctx.lastModified);
  },
  files: () => DUMPS.map((d) => ({ url: d.path, file: d.path, accept: '*/*' })),
};
