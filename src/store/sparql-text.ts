// What can be read off a SPARQL query's text without parsing it: its form, whether it calls
// another endpoint, whether it names its own dataset, whether it is too deep or too long for the
// engine. One linear scan blanks strings, IRIs and comments first, so that a keyword inside them
// never counts (regular expressions over quoted text went quadratic on runs of `\"`).
export type QueryForm = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';

interface Scan {
  /** The text with strings as `""`, IRIs as `<>` and comments as a space. */
  skeleton: string;
  /** The deepest nesting of (), {} and [], counting those inside IRIs too (see below). */
  deepest: number;
}

/** Characters an IRIREF may hold: none of <>"{}|^`\ and nothing up to the space. */
function iriChar(c: number): boolean {
  return c > 0x20 && c !== 60 && c !== 62 && c !== 34 && c !== 123 && c !== 125 && c !== 124 && c !== 94 && c !== 96 && c !== 92;
}

function scan(query: string): Scan {
  const parts: string[] = [];
  let plain = 0;
  let depth = 0;
  let deepest = 0;
  const flush = (to: number) => {
    if (to > plain) parts.push(query.slice(plain, to));
  };
  // Depth never goes below zero, so closing brackets first cannot hide opening ones after.
  const bracket = (c: number) => {
    if (c === 40 || c === 123 || c === 91) deepest = Math.max(deepest, ++depth);
    else if ((c === 41 || c === 125 || c === 93) && depth > 0) depth--;
  };
  const n = query.length;
  let i = 0;
  while (i < n) {
    const c = query.charCodeAt(i);
    if (c === 35) {
      // # to the end of the line
      flush(i);
      const end = query.indexOf('\n', i);
      i = end < 0 ? n : end;
      parts.push(' ');
      plain = i;
    } else if (c === 34 || c === 39) {
      flush(i);
      const long = query.charCodeAt(i + 1) === c && query.charCodeAt(i + 2) === c;
      let j = i + (long ? 3 : 1);
      for (;;) {
        if (j >= n) break;
        const d = query.charCodeAt(j);
        if (d === 92) j += 2;
        else if (d === c && (!long || (query.charCodeAt(j + 1) === c && query.charCodeAt(j + 2) === c))) {
          j += long ? 3 : 1;
          break;
        } else if (!long && (d === 10 || d === 13)) break; // unterminated: the engine will say so
        else j++;
      }
      parts.push('""');
      i = plain = Math.min(j, n);
    } else if (c === 60) {
      // An IRI if what follows is IRI characters up to `>`; otherwise `<` is an operator. The
      // look-ahead stops at the next `<` at the latest, so the scan stays linear.
      let j = i + 1;
      while (j < n && iriChar(query.charCodeAt(j))) j++;
      if (j < n && query.charCodeAt(j) === 62) {
        flush(i);
        // In an expression, `?a <(((…)))> ?b` is two comparisons around nested parentheses,
        // not an IRI: brackets inside IRIs count towards the depth (real IRIs rarely hold any).
        for (let k = i + 1; k < j; k++) bracket(query.charCodeAt(k));
        parts.push('<>');
        i = plain = j + 1;
      } else i++;
    } else {
      bracket(c);
      i++;
    }
  }
  flush(n);
  return { skeleton: parts.join(''), deepest };
}

/** The query text without strings, IRIs and comments, for spotting keywords. */
export function skeleton(query: string): string {
  return scan(query).skeleton;
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
 * Why a query is refused before the engine sees it, if it is: nesting, chains and flat lists
 * long enough to overflow the engine's stack. Measured with oxigraph 0.5, these trap its
 * WebAssembly: 1,000 nested groups, 300 nested FILTER NOT EXISTS, 1,000 path steps, 3,000 UNIONs,
 * ORs, + or / in a row, 3,000 `!`, 1,000 BINDs, MINUSes, VALUES, sub-SELECTs or SELECT
 * expressions, 3,000 FILTERs, OPTIONALs or triple patterns. The limits stay well below; real
 * queries have a handful of each.
 */
export function tooComplex(query: string): string | undefined {
  const { skeleton: text, deepest } = scan(query);
  const count = (re: RegExp) => text.match(re)?.length ?? 0;
  const limits: [string, number, number][] = [
    ['brackets, braces and parentheses nested', deepest, MAX_NESTING],
    ['clauses (BIND, FILTER, MINUS, OPTIONAL, UNION, VALUES, GRAPH, EXISTS, SELECT, AS)', count(CLAUSE), MAX_CLAUSES],
    ['|| and && operators', count(/\|\||&&/g), MAX_CHAIN],
    ['path steps (/ and |)', count(/(?<![|&])[/|](?![|&])/g), MAX_PATH],
    ['+, -, * and ! operators', count(/[+*]|!(?!=)|(?<=[\s(,])-/g), MAX_CHAIN],
    ['triple patterns (. and ;)', count(/;|\.(?!\d)/g), MAX_PATTERNS],
  ];
  for (const [what, n, max] of limits) if (n > max) return `the query has ${n} ${what}, more than ${max}; write it flatter`;
  return undefined;
}

const CLAUSE = /(?<![?$\w:])(?:BIND|FILTER|MINUS|OPTIONAL|UNION|VALUES|GRAPH|EXISTS|SELECT|AS)(?![\w:])/gi;
const MAX_NESTING = 64;
const MAX_CLAUSES = 256;
const MAX_CHAIN = 256;
const MAX_PATH = 128;
const MAX_PATTERNS = 1000;
