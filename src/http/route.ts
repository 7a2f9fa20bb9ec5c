// A route: which paths it answers, with which methods, how, and what the static export writes
// for it. http/routes.ts lists them in order; handle() and the static export both read the list.
import type { AppContext } from './context.js';
import type { AppResponse, Req } from './core.js';

/** One file of the static export: the request that produces it and where its answer goes. */
export interface ExportFile {
  /** Path and query relative to the site root. */
  url: string;
  file: string;
  accept: string;
  /** The status the answer must have (404 for the not-found pages). */
  status?: number;
}

export interface Route {
  name: string;
  /** Whether this route answers the path (relative to the site root, decoded). */
  match(path: string, ctx: AppContext): boolean;
  /** Methods it answers besides OPTIONS; HEAD is answered as GET. */
  methods?: readonly string[];
  handle(req: Req, ctx: AppContext): Promise<AppResponse> | AppResponse;
  files?(ctx: AppContext): ExportFile[];
}

/** A page in both languages: file.html (English) and file.lv.html. */
export function pageFiles(url: string, file: string, status?: number): ExportFile[] {
  const q = url.includes('?') ? '&' : '?';
  return [
    { url: `${url}${q}lang=en`, file: `${file}.html`, accept: 'text/html', status },
    { url: `${url}${q}lang=lv`, file: `${file}.lv.html`, accept: 'text/html', status },
  ];
}
