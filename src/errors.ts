// Typed errors with a fixed meaning. The CLI maps them to exit codes (cli/main.ts) and HTTP to
// responses (http/errors.ts), each in one place; anything else is a 500 or an exit 1.
export class AppError extends Error {
  readonly status: number = 500;
  /** Headers that belong with the status (Allow, Retry-After…). */
  readonly headers: Readonly<Record<string, string>> = {};
  /** The reason phrase the response body starts with. */
  get reason(): string {
    return REASONS[this.status] ?? 'Error';
  }
}

const REASONS: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable',
  408: 'Request Timeout', 409: 'Conflict', 412: 'Precondition Failed', 413: 'Content Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content', 500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Wrong command-line, configuration or request input (exit 2, HTTP 400). */
export class UsageError extends AppError {
  override readonly status = 400;
}

export class BadRequest extends UsageError {}

/** An RDF file that does not parse; carries file and line so a person can open it there. */
export class RdfSyntaxError extends AppError {
  override readonly status = 400;
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly detail: string,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${detail}`);
  }
}

/** No such resource; `iri` is what was asked for, for the page that helps a person on. */
export class NotFound extends AppError {
  override readonly status = 404;
  constructor(message: string, readonly iri?: string) {
    super(message);
  }
}

export class MethodNotAllowed extends AppError {
  override readonly status = 405;
  override readonly headers: Record<string, string>;
  constructor(path: string, readonly allow: readonly string[]) {
    super(`${path} answers ${allow.join(', ')}`);
    this.headers = { allow: allow.join(', ') };
  }
}

/** Nothing offered matches what the client accepts; the message lists what is offered. */
export class NotAcceptable extends AppError {
  override readonly status = 406;
  constructor(readonly offered: readonly string[], why = 'no offered type matches the Accept header') {
    super(`${why}. This resource is available as: ${offered.join(', ')}`);
  }
}

/** No credentials, or wrong ones: the challenge says how to give them (RFC 6750). */
export class Unauthorized extends AppError {
  override readonly status = 401;
  override readonly headers: Record<string, string>;
  constructor(message: string, error?: 'invalid_token') {
    super(message);
    this.headers = { 'www-authenticate': `Bearer realm="sdg-lod"${error ? `, error="${error}"` : ''}` };
  }
}

/** Known credentials that do not allow this. */
export class Forbidden extends AppError {
  override readonly status = 403;
}

/** The state the request meant to change is not the state there is (If-Match, RFC 9110 §13.1.1). */
export class PreconditionFailed extends AppError {
  override readonly status = 412;
}

export class ContentTooLarge extends AppError {
  override readonly status = 413;
}

export class UnsupportedMediaType extends AppError {
  override readonly status = 415;
}

/** A well-formed request the server will not carry out as asked (a result over the cap). */
export class Unprocessable extends AppError {
  override readonly status = 422;
}

/** Data that SHACL (or a check beside it) refuses; `report` says what and how to fix it. */
export class ShapeViolation extends Unprocessable {
  constructor(message: string, readonly report: unknown) {
    super(message);
  }
}

/** Try again later: a query timed out, the workers are busy or still loading. */
export class ServiceUnavailable extends AppError {
  override readonly status = 503;
  override readonly headers: Record<string, string>;
  /** Always says when to try again; `cause`: what went wrong on the server, for the log, never for the client. */
  constructor(message: string, retryAfterSeconds: number, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.headers = { 'retry-after': String(retryAfterSeconds) };
  }
}
