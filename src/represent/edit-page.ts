// The stewards' form ({base}edit/): an activity in Latvian or English, with pickers for what the
// data describes, the shapes' own words as hints, and SHACL's complaints beside the fields they
// concern. Plain HTML that works without a script; assets/edit.js only keeps the token for the
// session and narrows the targets to the goals ticked.
import { escapeHtml, page, type Lang, type Site } from './html.js';

/** The form's fields: the import template's columns, and what a write needs besides. */
export type Field =
  | 'id' | 'start_date' | 'end_date' | 'kind' | 'title_lv' | 'title_en' | 'description_lv' | 'description_en' | 'goals' | 'targets'
  | 'attendance' | 'place' | 'about' | 'municipalities' | 'organiser' | 'performers' | 'partners' | 'published_by' | 'super_event'
  | 'works' | 'audience_lv' | 'audience_en' | 'source' | 'note_lv' | 'note_en' | 'graph' | 'token' | 'form';

export interface Option {
  value: string;
  label: string;
  /** A target's goal, so the script can show a goal's targets only. */
  goal?: number;
}

export interface EditForm {
  lang: Lang;
  site: Site;
  path: string;
  values: Partial<Record<Field, string>>;
  /** The graph's ETag when the form was made (If-Match): a change meanwhile is not overwritten. */
  etag?: string | undefined;
  /** The activity being edited (its IRI never changes). */
  replaces?: string | undefined;
  errors: Partial<Record<Field, string[]>>;
  options: Record<'kind' | 'goals' | 'targets' | 'attendance' | 'place' | 'municipalities' | 'organiser' | 'event' | 'source' | 'works', Option[]>;
  /** What the shapes say of a field (sh:message). */
  hints: Partial<Record<Field, string>>;
}

const L = {
  lv: {
    title: 'Aktivitātes ievade', edit: 'Aktivitātes labošana', token: 'Pieejas atslēga (token)', signOut: 'Aizmirst atslēgu', graph: 'Grafs (atskaite)',
    start_date: 'Sākuma datums', end_date: 'Beigu datums', kind: 'Veids', title_lv: 'Nosaukums latviski', title_en: 'Nosaukums angliski',
    description_lv: 'Apraksts latviski', description_en: 'Apraksts angliski', goals: 'IAM mērķi', targets: 'IAM apakšmērķi', attendance: 'Norises forma',
    place: 'Vieta', about: 'Par (vieta)', municipalities: 'Pašvaldības', organiser: 'Organizators', performers: 'Runātāji (organizācijas)', partners: 'Partneri',
    published_by: 'Publicētājs', super_event: 'Kampaņa', works: 'Darbi un video', audience_lv: 'Auditorija latviski', audience_en: 'Auditorija angliski',
    source: 'Avots', note_lv: 'Piezīme latviski', note_en: 'Piezīme angliski', id: 'Identifikators', publish: 'Publicēt', none: '—', thisReport: 'šī atskaite',
    problems: 'Dati netika publicēti. Izlabojiet atzīmētos laukus.', optional: 'nav obligāts',
  },
  en: {
    title: 'New activity', edit: 'Edit activity', token: 'Access token', signOut: 'Forget the token', graph: 'Graph (report)',
    start_date: 'Start date', end_date: 'End date', kind: 'Kind', title_lv: 'Title in Latvian', title_en: 'Title in English',
    description_lv: 'Description in Latvian', description_en: 'Description in English', goals: 'SDG goals', targets: 'SDG targets', attendance: 'Attendance',
    place: 'Place', about: 'About (a place)', municipalities: 'Municipalities', organiser: 'Organiser', performers: 'Speakers (organisations)', partners: 'Partners',
    published_by: 'Published by', super_event: 'Campaign', works: 'Works and videos', audience_lv: 'Audience in Latvian', audience_en: 'Audience in English',
    source: 'Source', note_lv: 'Note in Latvian', note_en: 'Note in English', id: 'Identifier', publish: 'Publish', none: '—', thisReport: 'this report',
    problems: 'Nothing was published. Correct the marked fields.', optional: 'optional',
  },
} as const;

export function editPage(form: EditForm): string {
  const t = L[form.lang];
  const v = (f: Field) => form.values[f] ?? '';
  const many = (f: Field) => new Set(v(f).split(';').filter(Boolean));
  const errors = (f: Field) => (form.errors[f] ?? []).map((m) => `<p class="error" role="alert" id="error-${f}">${escapeHtml(m)}</p>`).join('');
  const invalid = (f: Field) => (form.errors[f]?.length ? ` aria-invalid="true" aria-describedby="error-${f}"` : '');
  const hint = (f: Field) => (form.hints[f] ? `<small>${escapeHtml(form.hints[f]!)}</small>` : '');
  const row = (f: Field, control: string) => `<div class="field${form.errors[f]?.length ? ' has-error' : ''}" id="field-${f}"><label for="${f}">${escapeHtml(t[f as keyof typeof t] as string)}</label>${control}${hint(f)}${errors(f)}</div>`;
  const input = (f: Field, type = 'text', required = false) => row(f, `<input id="${f}" name="${f}" type="${type}" value="${escapeHtml(v(f))}"${required ? ' required' : ''}${invalid(f)}>`);
  const area = (f: Field) => row(f, `<textarea id="${f}" name="${f}" rows="4"${invalid(f)}>${escapeHtml(v(f))}</textarea>`);
  const select = (f: Field, options: Option[], multiple = false, blank = true) => {
    const chosen = many(f);
    const opts = options.map((o) => `<option value="${escapeHtml(o.value)}"${o.goal ? ` data-goal="${o.goal}"` : ''}${chosen.has(o.value) ? ' selected' : ''}>${escapeHtml(o.label)}</option>`).join('');
    return row(f, `<select id="${f}" name="${f}"${multiple ? ` multiple size="${Math.min(8, options.length)}"` : ''}${invalid(f)}>${blank && !multiple ? `<option value="">${t.none}</option>` : ''}${opts}</select>`);
  };
  const goals = row('goals', `<fieldset id="goals"${invalid('goals')}>${form.options.goals.map((o) => `<label class="goal-pick"><input type="checkbox" name="goals" value="${o.value}"${many('goals').has(o.value) ? ' checked' : ''}> ${escapeHtml(o.label)}</label>`).join('')}</fieldset>`);
  const general = form.errors.form?.length ? `<div class="problems" role="alert"><p>${t.problems}</p>${errors('form')}</div>` : '';
  const body = `<h1>${form.replaces ? t.edit : t.title}</h1>
${general}
<form id="edit-form" method="post" action="${escapeHtml(form.site.root)}edit/?lang=${form.lang}" accept-charset="utf-8">
${row('token', `<input id="token" name="token" type="password" autocomplete="off" required${invalid('token')}> <button type="button" id="sign-out">${t.signOut}</button>`)}
${input('graph', 'url', true)}
${form.replaces ? `<input type="hidden" name="replaces" value="${escapeHtml(form.replaces)}">${row('id', `<input id="id" name="id" value="${escapeHtml(v('id'))}" readonly>`)}` : ''}
${form.etag ? `<input type="hidden" name="etag" value="${escapeHtml(form.etag)}">` : ''}
${input('start_date', 'date', true)}${input('end_date', 'date')}
${select('kind', form.options.kind)}
${input('title_lv', 'text', true)}${input('title_en')}${area('description_lv')}${area('description_en')}
${goals}
${select('targets', form.options.targets, true)}
${select('attendance', form.options.attendance)}
${select('place', form.options.place)}
${select('municipalities', form.options.municipalities, true)}
${select('organiser', form.options.organiser)}
${select('performers', form.options.organiser, true)}${select('partners', form.options.organiser, true)}
${select('super_event', form.options.event)}
${select('works', form.options.works, true)}
${input('audience_lv')}${input('audience_en')}
${select('source', form.options.source, false, false)}
<p><button type="submit" id="publish">${t.publish}</button></p>
</form>
<script src="${escapeHtml(form.site.root)}assets/edit.js"></script>`;
  return page({ title: form.replaces ? t.edit : t.title, lang: form.lang, site: form.site, path: form.path, body: `<style>${CSS}</style>${body}` });
}

const CSS = '.field{margin:.8em 0}.field label{display:block;font-weight:600}.field input[type=text],.field input[type=url],.field input[type=password],.field textarea,.field select{width:100%;max-width:40em;box-sizing:border-box}.field small{display:block;color:#555}.error{color:#b00020;margin:.2em 0}.has-error input,.has-error select,.has-error textarea,.has-error fieldset{border:2px solid #b00020}.problems{border:2px solid #b00020;padding:.5em 1em;margin:1em 0}fieldset{border:1px solid #ccc;display:flex;flex-wrap:wrap;gap:.3em 1em}.goal-pick{font-weight:400!important;display:inline!important}';

/** The form's script: the token kept for this browser session only; targets follow the goals ticked. */
export const EDIT_SCRIPT = `(() => {
  const token = document.getElementById('token');
  const form = document.getElementById('edit-form');
  if (!token || !form) return;
  token.value = sessionStorage.getItem('sdg-lod-token') || '';
  form.addEventListener('submit', () => sessionStorage.setItem('sdg-lod-token', token.value));
  document.getElementById('sign-out').addEventListener('click', () => { sessionStorage.removeItem('sdg-lod-token'); token.value = ''; });
  const targets = document.getElementById('targets');
  const goals = [...document.querySelectorAll('input[name=goals]')];
  const narrow = () => {
    const ticked = new Set(goals.filter((g) => g.checked).map((g) => g.value));
    for (const o of targets.options) o.hidden = ticked.size > 0 && !ticked.has(o.dataset.goal) && !o.selected;
  };
  goals.forEach((g) => g.addEventListener('change', narrow));
  narrow();
})();
`;
