// The publisher as express 5 middleware: `expressApp.use('/sdg', createHandler(app))` serves the
// whole site under a path of an existing application, through the same listener as the
// standalone server (prepared answers, gzip, streamed dumps). Mount it at the path of the base
// IRI, so that the links in its pages point where it is mounted.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { App } from './app.js';
import { toNodeListener, type Current, type Logger } from './listener.js';

export interface HandlerOptions {
  /** One entry per request (and the stack of an unexpected error); none by default. */
  log?: Logger;
}

/** The body a body parser mounted before us has already read, as bytes again. */
function parsedBody(req: Request): Buffer | undefined {
  const body: unknown = req.body;
  if (body === undefined || !req.readableEnded) return undefined;
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  // express.json() gives an object too: JSON again (activities as rows).
  if (typeof body === 'object' && body !== null && /json/.test(String(req.headers['content-type']))) return Buffer.from(JSON.stringify(body), 'utf8');
  // express.urlencoded() gives an object: the form again (a SPARQL query=…).
  if (typeof body === 'object' && body !== null) {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) for (const x of [v].flat()) form.append(k, String(x));
    return Buffer.from(form.toString(), 'utf8');
  }
  return undefined;
}

export function createHandler(app: App | Current, options: HandlerOptions = {}): RequestHandler {
  const listener = toNodeListener(app, { log: options.log });
  return (req: Request, res: Response, next: NextFunction) => {
    listener(req as IncomingMessage, res as ServerResponse, parsedBody(req)).catch(next);
  };
}
