// Content negotiation as one pure function: Accept header (and a `?format=` override) + offered
// types → chosen type, or null (406). RFC 9110 §12.5.1: q-values, wildcards, the most specific
// range wins.
import { byType, fromFormatParam, type Format } from './media-types.js';

export interface AcceptRange {
  type: string;
  subtype: string;
  q: number;
  /** 0 for * / *, 1 for type/*, 2 for type/subtype, +1 with parameters. */
  specificity: number;
  index: number;
}

export function parseAccept(header: string): AcceptRange[] {
  const ranges: AcceptRange[] = [];
  header.split(',').forEach((part, index) => {
    const [range, ...params] = part.trim().split(';').map((s) => s.trim());
    if (!range) return;
    const [type, subtype] = range.toLowerCase().split('/');
    if (!type || !subtype) return;
    if (type === '*' && subtype !== '*') return; // "*/html" is not a media range
    let q = 1;
    let otherParams = 0;
    for (const param of params) {
      const [key, value] = param.split('=').map((s) => s.trim());
      const name = key?.toLowerCase();
      if (name === 'q') {
        const n = Number(value);
        q = Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0;
      } else if (name && name !== 'charset' && name !== 'profile' && !(name === 'header' && value?.toLowerCase() === 'present')) {
        otherParams++;
      }
    }
    // Our types carry no parameters, so a range that requires one (text/html;level=1) matches none;
    // a JSON-LD profile only hints at a form (we give compacted JSON-LD), so it does not exclude;
    // our CSV has a header row, as text/csv;header=present (RFC 4180) asks.
    if (otherParams > 0) return;
    const specificity = type === '*' ? 0 : subtype === '*' ? 1 : 2;
    ranges.push({ type, subtype, q, specificity, index });
  });
  return ranges;
}

/**
 * Chooses among `offered` (in server preference order). A `format` that names an offered type
 * (by alias, extension or media type, see media-types.ts) wins; one that names none is ignored,
 * so that a client sending both a format and an Accept header it can be served by is never
 * refused. An empty or missing Accept gets `fallback`. Each offered type takes the q of the
 * most specific range that matches it; the highest q wins, then the more specific range, then
 * the client's order, then ours.
 */
export function negotiate(accept: string | undefined, offered: readonly string[], fallback: string, format?: string | null): string | null {
  if (format) {
    const named = fromFormatParam(format, offered.map((t) => byType(t)?.format).filter((f): f is Format => f !== undefined));
    const type = named && offered.find((t) => byType(t)?.format === named);
    if (type) return type;
  }
  if (accept === undefined || accept.trim() === '') return fallback;
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return fallback;
  let best: { type: string; q: number; specificity: number; index: number; order: number } | null = null;
  offered.forEach((type, order) => {
    const [t, s] = type.split('/');
    let match: AcceptRange | undefined;
    for (const r of ranges) {
      if ((r.type === '*' || r.type === t) && (r.subtype === '*' || r.subtype === s)) {
        if (!match || r.specificity > match.specificity) match = r;
      }
    }
    if (!match || match.q === 0) return;
    const candidate = { type, q: match.q, specificity: match.specificity, index: match.index, order };
    if (
      !best ||
      candidate.q > best.q ||
      (candidate.q === best.q && candidate.specificity > best.specificity) ||
      (candidate.q === best.q && candidate.specificity === best.specificity && candidate.index < best.index)
    ) {
      best = candidate;
    }
  });
  return best ? (best as { type: string }).type : null;
}

/** Accept-Language → 'lv' or 'en' (the dataset's two languages); English when nothing matches. */
export function negotiateLanguage(header: string | undefined, offered: readonly string[] = ['lv', 'en'], fallback = 'en'): string {
  if (!header) return fallback;
  const ranges = header.split(',').map((part) => {
    const [tag, ...params] = part.trim().split(';');
    const qParam = params.find((p) => p.trim().startsWith('q='));
    return { primary: tag?.trim().toLowerCase().split('-')[0] ?? '', q: qParam ? Number(qParam.trim().slice(2)) : 1 };
  });
  const explicit = new Map(ranges.filter((r) => r.primary !== '*').map((r) => [r.primary, r.q]));
  const wildcard = ranges.find((r) => r.primary === '*');
  let best: { lang: string; q: number } | null = null;
  // On a tie the fallback wins, so "*" alone gives the fallback.
  for (const lang of [fallback, ...offered.filter((l) => l !== fallback)]) {
    // A language named in the header takes its own q; "*" covers only the ones not named.
    const q = explicit.get(lang) ?? wildcard?.q ?? 0;
    if (q > 0 && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? fallback;
}
