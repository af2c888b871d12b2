import { httpRefusalText, type HttpParams, type HttpRefusal } from "../shared/i18n/http-errors.js";

/**
 * A refusal with its HTTP status, code and parameters (data, no prose:
 * shared/i18n/http-errors.ts), thrown by whatever serves a route (the routes
 * themselves, the assessment loaders) and answered by the error handler of
 * `http/util.ts`; the reader's side writes it in the reader's language
 * (shared/i18n/http-texts.ts has every code's text). `extra` goes into the
 * body beside them (a `retryAfter`, a validator's located problems). It
 * lives outside `http/` so that code below the routes can throw it without
 * importing them (no import cycle: checked by tests/import-cycles.test.ts).
 */
export class HttpError extends Error {
  constructor(public status: number, public code: string, public params?: HttpParams, public extra?: Record<string, unknown>) { super(code); }
}

/**
 * A refusal that asks to come back after `seconds` (429: too many tries; 503:
 * busy): the body carries `retryAfter` and `count` (the text's plural), and
 * the error handler sends the same figure as the Retry-After header.
 */
export const retryLater = (status: number, code: string, seconds: number): HttpError =>
  new HttpError(status, code, { count: seconds }, { retryAfter: seconds });

/** The body of a refusal: its code and parameters, and the same text in French for curl and the logs (the browser writes the code in its reader's language). */
export function refusalBody(code: string, params?: HttpParams): HttpRefusal {
  return { error: code, ...(params ? { params } : {}), message: httpRefusalText({ error: code, params }, "fr") };
}
