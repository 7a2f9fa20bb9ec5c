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

const UTF16 = new TextDecoder('utf-16le');

function scan(query: string): Scan {
  const n = query.length;
  // Written into code units, not pieces joined (a million comments made a million strings);
  // an unterminated one-character string becomes two characters, so twice the length is room enough.
  const out = new Uint16Array(2 * n + 2);
  let len = 0;
  let depth = 0;
  let deepest = 0;
  // Depth never goes below zero, so closing brackets first cannot hide opening ones after.
  const bracket = (c: number) => {
    if (c === 40 || c === 123 || c === 91) deepest = Math.max(deepest, ++depth);
    else if ((c === 41 || c === 125 || c === 93) && depth > 0) depth--;
  };
  let i = 0;
  while (i < n) {
    const c = query.charCodeAt(i);
    if (c === 35) {
      // # to the end of the line, which a CR ends as well as an LF
      let j = i + 1;
      while (j < n && query.charCodeAt(j) !== 10 && query.charCodeAt(j) !== 13) j++;
      i = j;
      out[len++] = 32;
    } else if (c === 34 || c === 39) {
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
      out[len++] = 34;
      out[len++] = 34;
      i = Math.min(j, n);
    } else if (c === 60) {
      // An IRI if what follows is IRI characters up to `>`; otherwise `<` is an operator. The
      // look-ahead stops at the next `<` at the latest, so the scan stays linear.
      let j = i + 1;
      while (j < n && iriChar(query.charCodeAt(j))) j++;
      if (j < n && query.charCodeAt(j) === 62) {
        // In an expression, `?a <(((…)))> ?b` is two comparisons around nested parentheses,
        // not an IRI: brackets inside IRIs count towards the depth (real IRIs rarely hold any).
        for (let k = i + 1; k < j; k++) bracket(query.charCodeAt(k));
        out[len++] = 60;
        out[len++] = 62;
        i = j + 1;
      } else {
        out[len++] = c;
        i++;
      }
    } else {
      bracket(c);
      out[len++] = c;
      i++;
    }
  }
  return { skeleton: UTF16.decode(out.subarray(0, len)), deepest };
}

/** The query text without strings, IRIs and comments, for spotting keywords. */
export function skeleton(query: string): string {
  return scan(query).skeleton;
}

/** What the endpoint checks before a query goes to the engine, from one scan of its text. */
export interface Inspection {
  form: QueryForm | 'UPDATE' | undefined;
  /** A SERVICE clause: the keyword followed by an IRI, a variable or a prefixed name. */
  callsService: boolean;
  /** FROM or FROM NAMED in the query itself. */
  namesDataset: boolean;
  /** Why it is refused before the engine sees it, if it is (see tooComplex). */
  tooComplex: string | undefined;
}

// The keyword, not the start of a prefixed name (`SERVICEs:x`), then an IRI, a variable or a
// prefixed name, the empty prefix included, with or without space between (`FROM<g>`).
const SERVICE = /(?:^|[^?$\w:])SERVICE(?![\w.-]*:)(?:\s+SILENT(?![\w.-]*:))?\s*(?:<>|[?$][A-Za-z_\d]|[A-Za-z_]?[\w.-]*:)/i;
const FROM = /(?:^|[^?$\w:])FROM(?![\w.-]*:)(?:\s+NAMED(?![\w.-]*:))?\s*(?:<>|[A-Za-z_]?[\w.-]*:)/i;

export function inspect(query: string): Inspection {
  const scanned = scan(query);
  const text = scanned.skeleton;
  return {
    form: formOf(text),
    callsService: SERVICE.test(text),
    namesDataset: FROM.test(text),
    tooComplex: complexity(scanned),
  };
}

/** The query's form, read after its prologue (PREFIX and BASE declarations). */
export function queryForm(query: string): QueryForm | 'UPDATE' | undefined {
  return formOf(skeleton(query));
}

function formOf(text: string): QueryForm | 'UPDATE' | undefined {
  const head = text.replace(/^\s*(?:(?:PREFIX\s+[^:\s]*:\s*<>|BASE\s*<>)\s*)*/i, '');
  if (/^(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b/i.test(head)) return 'UPDATE';
  return /^(SELECT|ASK|CONSTRUCT|DESCRIBE)\b/i.exec(head)?.[1]?.toUpperCase() as QueryForm | undefined;
}

const CLAUSE_START = /[abefgmosuv]/i;
const CLAUSE = /^(?:BIND|FILTER|MINUS|OPTIONAL|UNION|VALUES|GRAPH|EXISTS|SELECT|AS)$/i;

interface Counts {
  clauses: number;
  logic: number;
  path: number;
  arithmetic: number;
  /** Triple patterns, list items and groups: `.`, `;`, `,` and `{`, what the planner joins. */
  joins: number;
  /** The most terms directly inside one pair of parentheses: a collection, arguments, an expression. */
  listed: number;
  /** The same for an `IN (…)` list, which is not joined. */
  inList: number;
}

const isWord = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 0xb7;
const isDigit = (c: number) => c >= 48 && c <= 57;
/** What a prefixed name may hold besides word characters. */
const isNameExtra = (c: number) => c === 46 || c === 45 || c === 58 || c === 37;
const BRACE = -1;

/**
 * Counts over the skeleton's tokens, read as the engine reads them: a prefixed name may hold
 * `-`, `.` and `:` (but does not end in `.`), a bare word or a number does not (`?a-1-1` and
 * `true-1` are subtractions). Linear: every character is looked at most twice.
 */
function countTokens(text: string): Counts {
  const counts: Counts = { clauses: 0, logic: 0, path: 0, arithmetic: 0, joins: 0, listed: 0, inList: 0 };
  /** Terms directly inside each open bracket (BRACE for a brace or a square bracket), and whether it is an IN list. */
  const open: number[] = [];
  const inList: boolean[] = [];
  const term = () => {
    const top = open.length - 1;
    if (top < 0 || open[top] === BRACE) return;
    const n = ++open[top]!;
    if (inList[top]) counts.inList = Math.max(counts.inList, n);
    else counts.listed = Math.max(counts.listed, n);
  };
  let afterIn = false;
  const n = text.length;
  let plainUntil = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 9 || c === 13) {
      i++;
      continue;
    }
    const wasAfterIn = afterIn;
    afterIn = false;
    const next = text.charCodeAt(i + 1);
    if (c === 63 || c === 36) {
      // ?variable
      i++;
      while (i < n && isWord(text.charCodeAt(i))) i++;
      term();
    } else if (isDigit(c) || (c === 46 && isDigit(next))) {
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) for (i++; i < n && isDigit(text.charCodeAt(i)); i++);
      if ((text.charCodeAt(i) | 32) === 101) {
        let j = i + 1;
        if (text.charCodeAt(j) === 43 || text.charCodeAt(j) === 45) j++;
        if (isDigit(text.charCodeAt(j))) for (i = j; i < n && isDigit(text.charCodeAt(i)); i++);
      }
      term();
    } else if (isWord(c) || c === 58) {
      let j = i;
      let colon = false;
      // Within a run already found to hold no colon, no later start finds one either.
      if (i >= plainUntil) {
        for (; j < n && (isWord(text.charCodeAt(j)) || isNameExtra(text.charCodeAt(j))); j++) if (text.charCodeAt(j) === 58) colon = true;
        if (!colon) plainUntil = j;
      }
      if (colon) {
        while (text.charCodeAt(j - 1) === 46) j--; // a name does not end in `.`: that is the triple's
        i = j;
      } else {
        const start = i;
        while (i < n && isWord(text.charCodeAt(i))) i++;
        const length = i - start;
        if (length <= 8 && CLAUSE_START.test(text[start]!) && CLAUSE.test(text.slice(start, i))) counts.clauses++;
        afterIn = length === 2 && (text.charCodeAt(start) | 32) === 105 && (text.charCodeAt(start + 1) | 32) === 110;
      }
      // A bare word (true, false, a, UNDEF) is a term too: a collection of them is joined all the same.
      term();
    } else {
      // Two-character tokens, by code: `<>` and `""` (blanked IRIs and strings), `||`, `&&`,
      // `!=`, `<=`, `>=`, `^^`.
      if ((c === 60 && next === 62) || (c === 34 && next === 34)) {
        term();
        i += 2;
        continue;
      }
      if ((c === 124 || c === 38 || c === 94) && next === c) {
        if (c !== 94) counts.logic++;
        i += 2;
        continue;
      }
      if (next === 61 && (c === 33 || c === 60 || c === 62)) {
        i += 2;
        continue;
      }
      if (c === 40 || c === 91) {
        // A nested collection or blank node is a member of the list around it.
        term();
        open.push(c === 40 ? 0 : BRACE);
        inList.push(c === 40 && wasAfterIn);
      } else if (c === 123) {
        counts.joins++;
        open.push(BRACE);
        inList.push(false);
      } else if (c === 41 || c === 125 || c === 93) {
        open.pop();
        inList.pop();
      } else if (c === 47 || c === 124 || c === 94) counts.path++;
      else if (c === 43 || c === 45 || c === 42 || c === 33) counts.arithmetic++;
      // Inside parentheses a `,` or `;` separates arguments (an IN list, GROUP_CONCAT's separator), not patterns.
      else if ((c === 46 || c === 59 || c === 44) && !(open.length && open[open.length - 1] !== BRACE)) counts.joins++;
      i++;
    }
  }
  return counts;
}

/**
 * Why a query is refused before the engine sees it, if it is: nesting, chains and flat lists
 * long enough to overflow the engine's stack, and joins enough to keep its planner busy for the
 * whole timeout. Measured with oxigraph 0.5, these trap its WebAssembly: 1,000 nested groups,
 * 300 nested FILTER NOT EXISTS, 1,000 path steps, 3,000 UNIONs, ORs, + or / in a row, 3,000 `!`,
 * 1,000 BINDs, MINUSes, VALUES, sub-SELECTs or SELECT expressions, 1,500 members of a
 * collection, 2,500 groups side by side, 10,000 members of an IN list. Planning grows steeply
 * with the joins, on an empty store: 50 triple patterns take 0.15 s, 100 take 2.4 s, 200 take
 * 30 s. The limits stay below; real queries have a handful of each.
 */
export function tooComplex(query: string): string | undefined {
  return complexity(scan(query));
}

function complexity({ skeleton: text, deepest }: Scan): string | undefined {
  const n = countTokens(text);
  const limits: [string, number, number][] = [
    ['brackets, braces and parentheses nested', deepest, MAX_NESTING],
    ['clauses (BIND, FILTER, MINUS, OPTIONAL, UNION, VALUES, GRAPH, EXISTS, SELECT, AS)', n.clauses, MAX_CLAUSES],
    ['|| and && operators', n.logic, MAX_CHAIN],
    ['path steps (/ and |)', n.path, MAX_PATH],
    ['+, -, * and ! operators', n.arithmetic, MAX_CHAIN],
    ['triple patterns, list items and groups (. ; , {)', n.joins, MAX_JOINS],
    ['terms in one pair of parentheses', n.listed, MAX_JOINS],
    ['terms in one IN list', n.inList, MAX_IN],
  ];
  for (const [what, count, max] of limits) if (count > max) return `the query has ${count} ${what}, more than ${max}; write it flatter`;
  return undefined;
}

const MAX_NESTING = 64;
const MAX_CLAUSES = 256;
const MAX_CHAIN = 256;
const MAX_PATH = 128;
const MAX_JOINS = 100;
const MAX_IN = 1000;
