// What can be read off a SPARQL query's text without parsing it: its form, whether it calls
// another endpoint, whether it names its own dataset. Strings, IRIs and comments are blanked
// first, so that a keyword inside them never counts.
export type QueryForm = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';

/** The query text without strings, IRIs and comments, for spotting keywords. */
export function skeleton(query: string): string {
  return query
    .replace(/"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""')
    .replace(/<[^<>"{}|^`\\\s]*>/g, '<>')
    .replace(/#[^\n]*/g, '');
}

/** The query's form, read after its prologue (PREFIX and BASE declarations). */
export function queryForm(query: string): QueryForm | 'UPDATE' | undefined {
  const head = skeleton(query).replace(/^\s*(?:(?:PREFIX\s+[^:\s]*:\s*<>|BASE\s*<>)\s*)*/i, '');
  if (/^(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b/i.test(head)) return 'UPDATE';
  return /^(SELECT|ASK|CONSTRUCT|DESCRIBE)\b/i.exec(head)?.[1]?.toUpperCase() as QueryForm | undefined;
}

/** A SERVICE clause: the keyword followed by an IRI, a variable or a prefixed name. */
export function callsService(query: string): boolean {
  return /(?:^|[^?$\w:])SERVICE\s+(?:SILENT\s+)?(?:<>|[?$][A-Za-z_]|[A-Za-z_][\w.-]*:)/i.test(skeleton(query));
}

/** FROM or FROM NAMED in the query itself. */
export function namesDataset(query: string): boolean {
  return /(?:^|[^?$\w:])FROM\s+(?:NAMED\s+)?(?:<>|[A-Za-z_][\w.-]*:)/i.test(skeleton(query));
}
