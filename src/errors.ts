// Typed errors with a fixed meaning; the CLI maps them to exit codes, HTTP to statuses, each in one place.
export class AppError extends Error {
  readonly status: number = 500;
}

/** Wrong command-line or configuration input (exit 2, HTTP 400). */
export class UsageError extends AppError {
  override readonly status = 400;
}

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

/** Data that fails its shapes; publishing refuses it (HTTP 422). */
export class ValidationFailed extends AppError {
  override readonly status = 422;
}

export class NotFound extends AppError {
  override readonly status = 404;
}
