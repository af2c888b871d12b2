import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { HttpParams } from "../../shared/i18n/http-errors.js";
import { refusalBody } from "../http-error.js";
import { log } from "../log.js";

/**
 * How many bytes a request body may have, decided before a byte of it is
 * read. Colyseus' matchmaking route (`POST /matchmake/…`) reads its whole
 * body into memory with no limit, and it runs before Express: the body is
 * read here instead, up to a few kilobytes, and handed to it as `req.body`
 * (which it uses as is). Every other body goes to Express, whose JSON
 * parser has the same limits (`express.json` in app.ts), but only with a
 * declared Content-Length (411 without: Express would read a too-long
 * chunked body to its end before refusing it); a declared length over the
 * limit is refused here at once (413), without reading, and the connection closed.
 */

export const BODY_LIMITS = {
  /** `POST /matchmake/joinById/<cell>`: join options `{ token }` or `{ staffToken }` (a few hundred bytes). */
  matchmake: 4 * 1024,
  /** `POST /api/scenarios/…` (the studio's uploads, saves and checks): a scenario file (at most 1 000 000 characters) in JSON; `POST /api/classes/:id/roster`: a roster CSV (1 MB) in base64. */
  upload: 2 * 1024 * 1024,
  /** Any other API request (the longest field is an improvised inject's 12 000-character body). */
  api: 64 * 1024,
} as const;

/** The roster import route (a file in the body). */
export const ROSTER_UPLOAD = /^\/api\/classes\/[\w-]{1,80}\/roster\/?$/;

/** The limit for a request, in bytes. */
export function bodyLimit(method: string | undefined, path: string): number {
  if (path.startsWith("/matchmake/")) return BODY_LIMITS.matchmake;
  if (method === "POST" && (path.startsWith("/api/scenarios/") || ROSTER_UPLOAD.test(path))) return BODY_LIMITS.upload;
  return BODY_LIMITS.api;
}

function answer(req: IncomingMessage, res: ServerResponse, status: 411 | 413, error: string, params?: HttpParams) {
  log.warn("request body refused", { method: req.method, path: (req.url ?? "").split("?")[0], status, length: req.headers["content-length"] });
  const body = JSON.stringify({ code: status, ...refusalBody(error, params) });
  // Close the connection after the answer: the rest of the body is never read.
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), connection: "close" });
  res.end(body, () => req.destroy());
}
const refuse = (req: IncomingMessage, res: ServerResponse, limit: number) =>
  answer(req, res, 413, "too_large", { detail: "request", max: limit });

/** Read a matchmaking body up to `limit` bytes, as text; undefined (and the request answered) when it is longer. */
function readSmallBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off("data", onData);
        req.pause();
        refuse(req, res, limit);
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => { if (size <= limit) resolve(Buffer.concat(chunks).toString("utf8")); });
    req.on("error", () => resolve(undefined));
  });
}

/**
 * Put the body limits in front of every 'request' listener of `server`.
 * Overriding `emit` is the one place that runs before all of them, whatever
 * order Colyseus and Express registered theirs in (Colyseus adds its
 * matchmaking listener first, when the server starts listening).
 */
export function limitBodies(server: Server): void {
  const emit = server.emit.bind(server) as (event: string, ...args: unknown[]) => boolean;
  server.emit = ((event: string, ...args: unknown[]) => {
    if (event !== "request") return emit(event, ...args);
    const [req, res] = args as [IncomingMessage, ServerResponse];
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return emit(event, ...args);
    const path = (req.url ?? "/").split("?")[0];
    const limit = bodyLimit(req.method, path);
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) { refuse(req, res, limit); return true; }
    if (!path.startsWith("/matchmake/")) {
      // Express would read a chunked body past its limit to the end before answering: browsers and proxies send a length.
      if (req.headers["transfer-encoding"] !== undefined) { answer(req, res, 411, "length_required"); return true; }
      return emit(event, ...args);
    }
    void readSmallBody(req, res, limit).then((text) => {
      if (text === undefined) return;
      (req as IncomingMessage & { body?: string }).body = text || "{}";
      emit(event, ...args);
    });
    return true;
  }) as typeof server.emit;
}
