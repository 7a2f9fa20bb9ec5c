// {base}edit/ (serve --writes): the stewards' form. GET shows it (empty, or ?activity=slug to edit
// one); POST (a plain HTML form, the token among its fields) goes through the same gate as every
// write, then lands on the activity's page (303), or shows the form again with each complaint
// beside its field.
import N3 from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { BadRequest, Forbidden, NotFound, PreconditionFailed, ShapeViolation, Unauthorized, UnsupportedMediaType } from '../../errors.js';
import { EDIT_SCRIPT, editPage, type EditForm, type Field, type Option } from '../../represent/edit-page.js';
import { contentType } from '../../represent/media-types.js';
import { activitiesToRows, choices, COLUMNS, rowsToQuads, RowsRefused, type Row } from '../../rows/activities.js';
import type { LocatedResult } from '../../validate/run.js';
import { ns } from '../../vocab.js';
import type { AppContext } from '../context.js';
import { conditional, html, remember, type AppResponse, type Req } from '../core.js';
import { languageOf } from '../documents.js';
import type { Route } from '../route.js';
import { commitWrite } from './store.js';

const { namedNode } = N3.DataFactory;

export const editRoutes: Route[] = [
  {
    name: 'edit form',
    match: (path, ctx) => (path === 'edit/' || path === 'edit') && !!ctx.writes,
    methods: ['GET', 'HEAD', 'POST'],
    handle: (req, ctx) => (req.method === 'POST' ? submit(req, ctx) : show(req, ctx)),
  },
  {
    name: 'edit script',
    match: (path, ctx) => path === 'assets/edit.js' && !!ctx.writes,
    handle: (req, ctx) => {
      const rendered = ctx.rendered.get('edit.js') ?? remember(ctx, 'edit.js', EDIT_SCRIPT, 'text/javascript');
      return conditional(req, rendered, { 'content-type': contentType('text/javascript'), 'cache-control': 'public, max-age=3600' }, ctx.lastModified);
    },
  },
];

/** Which field a path of the activity shape concerns. */
const FIELD_OF: Record<string, Field> = {
  [ns.schema + 'startDate']: 'start_date', [ns.schema + 'endDate']: 'end_date', [ns.dct + 'type']: 'kind', [ns.rdf + 'type']: 'kind',
  [ns.schema + 'name']: 'title_lv', [ns.schema + 'description']: 'description_lv', [ns.dct + 'subject']: 'goals',
  [ns.schema + 'location']: 'place', [ns.schema + 'about']: 'place', [ns.schema + 'contributor']: 'municipalities', [ns.schema + 'organizer']: 'organiser',
  [ns.schema + 'performer']: 'performers', [ns.schema + 'eventAttendanceMode']: 'attendance', [ns.schema + 'audience']: 'audience_lv',
  [ns.schema + 'audienceType']: 'audience_lv', [ns.prov + 'wasDerivedFrom']: 'source', [ns.schema + 'superEvent']: 'super_event',
  [ns.schema + 'workFeatured']: 'works', [ns.schema + 'publishedBy']: 'organiser', [ns.skos + 'editorialNote']: 'note_lv',
};

function show(req: Req, ctx: AppContext, lang = languageOf(req)): AppResponse {
  const asked = req.query.get('activity');
  let values: Partial<Record<Field, string>> = { graph: `${ctx.base}graph/report/` };
  let etag: string | undefined;
  let replaces: string | undefined;
  if (asked) {
    const iri = /^https?:/.test(asked) ? asked : `${ctx.base}id/activity/${asked}`;
    const graph = ctx.store.getGraphs(namedNode(iri), namedNode(ns.rdf + 'type'), namedNode(`${ctx.base}def/Activity`))[0]?.value;
    const row = graph && activitiesToRows(ctx.store, ctx.base, graph).find((r) => `${ctx.base}id/activity/${r.id}` === iri);
    if (!graph || !row) throw new NotFound(`no activity <${iri}> to edit`, iri);
    values = { ...row, graph };
    etag = ctx.project.graphs.get(graph);
    replaces = iri;
  }
  return form(ctx, req, lang, 200, { values, etag, replaces, errors: {} });
}

function form(ctx: AppContext, req: Req, lang: EditForm['lang'], status: number, state: Pick<EditForm, 'values' | 'etag' | 'replaces' | 'errors'>, headers: Record<string, string> = {}): AppResponse {
  const body = editPage({ ...state, lang, site: ctx.site, path: `${ctx.root}edit/${req.query.get('activity') ? `?activity=${encodeURIComponent(req.query.get('activity')!)}` : ''}`, options: options(ctx, lang), hints: hints(ctx, lang) });
  return html(status, body, lang, { 'cache-control': 'no-store', ...headers });
}

async function submit(req: Req, ctx: AppContext): Promise<AppResponse> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw new UnsupportedMediaType('the form posts application/x-www-form-urlencoded');
  const params = new URLSearchParams((req.body ?? Buffer.alloc(0)).toString('utf8'));
  const lang = languageOf(req);
  const values: Partial<Record<Field, string>> = {};
  for (const c of [...COLUMNS, 'graph'] as Field[]) {
    const all = params.getAll(c).map((x) => x.trim()).filter(Boolean);
    if (all.length) values[c] = all.join(';');
  }
  const replaces = params.get('replaces') || undefined;
  const etag = params.get('etag') || undefined;
  const again = (status: number, errors: EditForm['errors'], headers: Record<string, string> = {}) => form(ctx, req, lang, status, { values, etag, replaces, errors }, headers);
  const graph = values.graph ?? '';
  const { service } = ctx.writes!;
  try {
    if (!URL.canParse(graph)) throw new BadRequest(`the graph is an IRI such as ${ctx.base}graph/report/2023-kuldiga`);
    const token = await service.authenticate(`Bearer ${params.get('token') ?? ''}`, req.client ?? '');
    service.authorize(token, graph);
    const row: Row = Object.fromEntries(COLUMNS.filter((c) => values[c]).map((c) => [c, values[c]]));
    if (replaces) row.id = replaces.slice(`${ctx.base}id/activity/`.length);
    const quads = rowsToQuads([{ row: 1, values: row }], { base: ctx.base, graph, store: ctx.store });
    const activity = quads.find((q) => q.object.value === `${ctx.base}def/Activity`)!.subject;
    await commitWrite(ctx, { graph, op: 'put', quads: [], by: token.name, ifMatch: etag, edit: (current) => edited(current, quads, activity, replaces) });
    const slug = activity.value.slice(`${ctx.base}id/activity/`.length);
    return { status: 303, headers: { location: `${ctx.root}doc/activity/${encodeURIComponent(slug)}.html?lang=${lang}`, 'content-length': '0', 'cache-control': 'no-store' } };
  } catch (error) {
    if (error instanceof Unauthorized) return again(401, { token: [error.message] });
    if (error instanceof Forbidden || error instanceof BadRequest) return again(error.status, { graph: [error.message] });
    if (error instanceof PreconditionFailed) return again(412, { form: [`${error.message}.`] });
    if (error instanceof RowsRefused) return again(422, byField(error.problems.map((p) => ({ field: (p.column ?? 'form') as Field, message: p.message }))));
    if (error instanceof ShapeViolation) return again(422, byField((error.report as LocatedResult[]).filter((r) => r.severity === 'Violation').map((r) => ({ field: fieldOf(r, ctx), message: r.message }))));
    throw error;
  }
}

/** The graph after the edit: the activity's old statements (and its audience's) out, the new ones in, the report document kept. */
function edited(current: Quad[], quads: Quad[], activity: Term, replaces: string | undefined): Quad[] {
  if (!replaces && current.some((q) => q.subject.equals(activity))) {
    throw new RowsRefused([{ row: 1, column: 'title_lv', message: `an activity with this date and title exists (${activity.value}); edit it, or give another title` }]);
  }
  const audiences = new Set(current.filter((q) => q.subject.equals(activity) && q.predicate.value === ns.schema + 'audience').map((q) => q.object.value));
  const kept = current.filter((q) => !q.subject.equals(activity) && !(q.subject.termType === 'BlankNode' && audiences.has(q.subject.value)));
  const described = new Set(kept.map((q) => q.subject.value));
  // The report document the rows make is described once, when it first is.
  return [...kept, ...quads.filter((q) => q.subject.equals(activity) || q.subject.termType === 'BlankNode' || !described.has(q.subject.value))];
}

function fieldOf(r: LocatedResult, ctx: AppContext): Field {
  if (r.resource.value.startsWith(`${ctx.base}id/activity/`)) {
    const path = /^<([^<>]*)>$/.exec(r.path ?? '')?.[1];
    if (path && FIELD_OF[path]) return FIELD_OF[path]!;
    if (!r.path) return /Webinar|Online/i.test(r.shape?.value ?? '') ? 'attendance' : 'kind';
  }
  return 'form';
}

function byField(list: { field: Field; message: string }[]): EditForm['errors'] {
  const out: EditForm['errors'] = {};
  for (const { field, message } of list) if (!(out[field] ??= []).includes(message)) out[field]!.push(message);
  return out;
}

/** The pickers: the kinds of the ontology's scheme, goals and targets with their names, and what the data describes. */
function options(ctx: AppContext, lang: EditForm['lang']): EditForm['options'] {
  const { store, base } = ctx;
  const labelOf = (t: Term) => {
    const labels = [...store.getObjects(t, namedNode(ns.skos + 'prefLabel'), null), ...store.getObjects(t, namedNode(ns.rdfs + 'label'), null)];
    return (labels.find((l) => (l as N3.Literal).language === lang) ?? labels[0])?.value ?? t.value;
  };
  const kinds = store.getSubjects(namedNode(ns.skos + 'inScheme'), namedNode(`${base}def/activity-kinds`), null)
    .map((k) => ({ value: k.value.replace(/^.*activity-kind-/, ''), label: labelOf(k) })).sort((a, b) => a.label.localeCompare(b.label, lang));
  const goals = Array.from({ length: 17 }, (_, i) => ({ value: String(i + 1), label: `${i + 1}. ${labelOf(namedNode(`${ns.sdg}${i + 1}`))}` }));
  const targets: Option[] = store.getSubjects(namedNode(ns.rdf + 'type'), namedNode(ns.sdgo + 'Target'), null)
    .map((t) => ({ value: t.value.slice(ns.sdg.length), label: '', goal: Number(t.value.slice(ns.sdg.length).split('.')[0]) }))
    .sort((a, b) => a.goal! - b.goal! || a.value.localeCompare(b.value, 'en', { numeric: true }))
    .map((t) => {
      // The UN's full text where the KOS is imported, else our short label.
      const text = labelOf(namedNode(ns.sdg + t.value));
      return { ...t, label: text.includes(t.value) ? text : `${t.value} ${text}` };
    });
  const c = choices(store, base, lang);
  const attendance = (lang === 'lv' ? [['online', 'tiešsaistē'], ['offline', 'klātienē'], ['mixed', 'jaukta']] : [['online', 'online'], ['offline', 'in person'], ['mixed', 'mixed']]).map(([value, label]) => ({ value: value!, label: label! }));
  return {
    kind: kinds, goals, targets, attendance, place: c.place, municipalities: c.municipality, organiser: c.organization, event: c.event, works: c.work,
    source: [{ value: '', label: lang === 'lv' ? 'šī atskaite' : 'this report' }, ...c.document],
  };
}

/** What the activity's shapes say of each field: the sh:message of its property, shown as the field's hint. */
function hints(ctx: AppContext, lang: EditForm['lang']): EditForm['hints'] {
  const shapes = ctx.project.shapes;
  const sh = (l: string) => namedNode(ns.sh + l);
  const properties = shapes.getSubjects(sh('targetClass'), namedNode(`${ctx.base}def/Activity`), null).flatMap((s) => shapes.getObjects(s, sh('property'), null));
  const out: EditForm['hints'] = {};
  for (const p of properties) {
    const field = FIELD_OF[shapes.getObjects(p, sh('path'), null)[0]?.value ?? ''];
    if (!field || out[field] || field === 'kind' && shapes.countQuads(p, sh('path'), namedNode(ns.rdf + 'type'), null)) continue;
    const messages = shapes.getObjects(p, sh('message'), null);
    const message = messages.find((m) => (m as N3.Literal).language === lang) ?? messages[0];
    if (message) out[field] = message.value;
  }
  return out;
}
