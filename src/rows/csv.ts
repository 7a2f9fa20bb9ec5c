// CSV as spreadsheets write it (RFC 4180): comma-separated, fields in double quotes where they
// hold a comma, a quote (doubled) or a line break; a byte order mark at the start is dropped.

/** Rows of fields; each row keeps the line it starts on, for messages. */
export function parseCsv(text: string): { fields: string[]; line: number }[] {
  const rows: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const s = text.replace(/^\uFEFF/, '');
  const endRow = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '') rows.push({ fields, line: start });
    fields = [];
    field = '';
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') (fields.push(field), (field = ''));
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      endRow();
      start = ++line;
    } else field += c;
  }
  if (quoted) throw new Error(`line ${start}: a quoted field is not closed`);
  if (field !== '' || fields.length) endRow();
  return rows;
}

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @ first) is written with a leading
 * apostrophe, as spreadsheets themselves mark text; fromCell takes it off again.
 */
export const toCell = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
export const fromCell = (v: string) => (/^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v);

export function toCsv(rows: readonly (readonly string[])[]): string {
  const cell = (raw: string) => {
    const v = toCell(raw);
    return /[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
  };
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
