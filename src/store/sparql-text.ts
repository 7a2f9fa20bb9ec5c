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

/**
 * Why a query is refused before the engine sees it, if it is: nesting and operator chains deep
 * enough to overflow the engine's stack (measured with oxigraph 0.5: 1,000 nested groups, 300
 * nested FILTER NOT EXISTS, 1,000 path steps or 3,000 UNIONs or ORs trap its WebAssembly; limits
 * here stay well below). Real queries nest a handful deep.
 */
export function tooComplex(query: string): string | undefined {
  const text = skeleton(query);
  let depth = 0;
  let deepest = 0;
  for (const c of text) {
    if (c === '(' || c === '{' || c === '[') deepest = Math.max(deepest, ++depth);
    else if (c === ')' || c === '}' || c === ']') depth--;
  }
  const count = (re: RegExp) => text.match(re)?.length ?? 0;
  const limits: [string, number, number][] = [
    ['brackets, braces and parentheses nested', deepest, MAX_NESTING],
    ['UNIONs', count(/\bUNION\b/gi), MAX_CHAIN],
    ['|| and && operators', count(/\|\||&&/g), MAX_CHAIN],
    ['path steps (/ and |)', count(/(?<![|&])[/|](?![|&])/g), MAX_PATH],
  ];
  for (const [what, n, max] of limits) if (n > max) return `the query has ${n} ${what}, more than ${max}; write it flatter`;
  return undefined;
}

const MAX_NESTING = 64;
const MAX_CHAIN = 256;
const MAX_PATH = 128;
