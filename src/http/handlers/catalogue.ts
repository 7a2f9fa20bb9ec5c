// The documents about the site itself: the DCAT-AP catalogue, VoID, the ontology, the shapes and
// the SPARQL service description, each in every RDF format (and HTML where people read it).
import { setTimeout as delay } from 'node:timers/promises';
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { DUMPS } from '../../represent/dumps.js';
import { serviceDescription, voidDescription } from '../../represent/descriptions.js';
import { byFormat, DESCRIPTION_FORMATS, RDF_FORMATS } from '../../represent/media-types.js';
import { catalogGraph } from '../../store/dataset.js';
import { graphIri } from '../../load/sources.js';
import { ns } from '../../vocab.js';
import type { AppContext } from '../context.js';
import { documentAt, file, folder, queryPageOf, serveDocument, triples, type Document } from '../documents.js';
import { pageFiles, type ExportFile, type Route } from '../route.js';

const { namedNode, literal } = N3.DataFactory;
const EU_AUTHORITY = 'http://publications.europa.eu/resource/authority/';

/**
 * The catalogue, with what the store says of the EU concepts it uses, so harvesters need no
 * lookups, and the size of each dump that has been written.
 */
async function catalogQuads(ctx: AppContext): Promise<Quad[]> {
  const own = triples(ctx.store.getQuads(null, null, null, namedNode(catalogGraph(ctx.base))));
  const described = new N3.Store(own);
  const concepts = new Set(own.flatMap((q) => (q.object.termType === 'NamedNode' && q.object.value.startsWith(EU_AUTHORITY) ? [q.object.value] : [])));
  for (const t of await ctx.reader.about([...concepts])) described.addQuad(t.subject as N3.Quad_Subject, t.predicate as N3.Quad_Predicate, t.object as N3.Quad_Object);
  for (const { format, path } of DUMPS) {
    const size = ctx.dumps.written(format)?.size;
    if (size === undefined) continue;
    for (const distribution of described.getSubjects(namedNode(ns.dcat + 'downloadURL'), namedNode(ctx.base + path), null)) {
      described.addQuad(distribution as N3.Quad_Subject, namedNode(ns.dcat + 'byteSize'), literal(String(size), namedNode(ns.xsd + 'nonNegativeInteger')));
    }
  }
  return described.getQuads(null, null, null, null);
}

/** How long the catalogue waits for dumps being written before it is served without their sizes. */
const SIZES_WAIT_MS = 2000;

/** Writes the dumps not yet written, waiting for them a little: a harvester should not wait minutes. */
async function awaitDumps(ctx: AppContext): Promise<void> {
  if (DUMPS.every((d) => ctx.dumps.written(d.format))) return;
  const all = Promise.allSettled(DUMPS.map((d) => ctx.dumps.file(d.format)));
  await Promise.race([all, delay(SIZES_WAIT_MS, undefined, { ref: false })]);
}

/** Whether the project has a catalogue (data/catalog/); one given only --data files has none. */
export const hasCatalogue = (ctx: AppContext) => ctx.site.catalogue;

/** The documents of the site, in the order their paths are tried. */
export function siteDocuments(ctx: AppContext): Document[] {
  const { base } = ctx;
  return [
    folder('def/', DESCRIPTION_FORMATS, () => triples(ctx.store.getQuads(null, null, null, namedNode(graphIri(base, 'ontology')))), `${base}def/`),
    folder('shapes/', RDF_FORMATS, () => ctx.project.shapes.getQuads(null, null, null, null)),
    // Only a project with a catalogue has one to serve: an empty document would tell a harvester nothing.
    ...(hasCatalogue(ctx)
      ? [{ ...file('catalog', DESCRIPTION_FORMATS, () => catalogQuads(ctx), `${base}catalog`), partial: () => DUMPS.some((d) => !ctx.dumps.written(d.format)) }]
      : []),
    file('.well-known/void', RDF_FORMATS, async () => voidDescription(await ctx.reader.statistics(), base, DUMPS, hasCatalogue(ctx))),
    { ...file('sparql', DESCRIPTION_FORMATS, async () => serviceDescription(await ctx.reader.statistics(), base, !!ctx.writes)), cacheSeconds: 300, page: queryPageOf(ctx) },
  ];
}

export const catalogueRoute: Route = {
  name: 'site documents',
  match: (path, ctx) => documentAt(path, siteDocuments(ctx)) !== undefined,
  handle: async (req, ctx) => {
    const { doc, fixed } = documentAt(req.path, siteDocuments(ctx))!;
    if (doc.path === 'catalog') await awaitDumps(ctx);
    return serveDocument(req, ctx, doc, fixed);
  },
  files: (ctx) => [
    ...siteDocuments(ctx)
      .filter((d) => d.path !== 'sparql')
      .flatMap((d): ExportFile[] => d.formats.flatMap((f) => {
        const variant = d.variant(byFormat(f).extension);
        return f === 'html' ? pageFiles(variant, variant.slice(0, -'.html'.length)) : [{ url: variant, file: variant, accept: '*/*' }];
      })),
    // The query page, for a mirror that passes its queries on to a server (nginx.conf.sample).
    ...pageFiles('sparql', 'sparql'),
  ],
};
