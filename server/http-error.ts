/**
 * A refusal with its HTTP status and code, thrown by whatever serves a route
 * (the routes themselves, the assessment loaders) and answered by the error
 * handler of `http/util.ts`. It lives outside `http/` so that code below the
 * routes can throw it without importing them (no import cycle: checked by
 * tests/import-cycles.test.ts).
 */
export class HttpError extends Error {
  constructor(public status: number, public code: string, message: string, public extra?: Record<string, unknown>) { super(message); }
}
