// The one place an error becomes a response: typed errors keep their status, wording and headers
// wherever they are thrown; a missing resource gets a page that helps a person on; anything
// unexpected is a 500 that carries the error for the transport's log.
import { AppError, NotAcceptable, NotFound } from '../errors.js';
import { notFoundPage } from '../represent/html.js';
import { negotiate } from '../represent/negotiate.js';
import type { AppContext } from './context.js';
import { html, text, type AppResponse, type Req } from './core.js';
import { languageOf } from './documents.js';

export function errorResponse(error: unknown, req: Req, ctx: AppContext): AppResponse {
  if (error instanceof NotFound) return notFound(error, req, ctx);
  // A server-side cause behind a typed error (a dump that cannot be written) goes to the log.
  if (error instanceof AppError) return error.cause === undefined ? plainError(error) : { ...plainError(error), error: error.cause };
  return { ...text(500, 'Internal Server Error\n'), error };
}

/** A typed error as plain text, for where there is no app to ask (the transport refusing a body). */
export function plainError(error: AppError): AppResponse {
  return text(error.status, `${error.reason}: ${sentence(error.message)}\n`, { ...(error instanceof NotAcceptable ? { vary: 'Accept' } : {}), ...error.headers });
}

function notFound(error: NotFound, req: Req, ctx: AppContext): AppResponse {
  const wantsHtml = negotiate(req.headers.accept, ['text/plain', 'text/html'], 'text/plain') === 'text/html';
  const vary = { vary: 'Accept, Accept-Language' };
  if (!wantsHtml) return text(404, `Not Found: ${sentence(error.message)}\n`, vary);
  const lang = languageOf(req);
  // A missing resource names its IRI; other things not found (an API goal 18) say what is wrong.
  return html(404, notFoundPage(error.iri ?? `${ctx.base}${req.path}`, lang, ctx.site, `${ctx.root}${req.path}`, error.iri ? undefined : sentence(error.message)), lang, vary);
}

const sentence = (message: string) => (/[.!?…]$/.test(message) ? message : `${message}.`);
