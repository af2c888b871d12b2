import type { NextFunction, Request, RequestHandler, Response } from "express";
import { z } from "zod";
import { hashToken } from "../auth.js";
import type { AppContext } from "../context.js";
import { HttpError, refusalBody, retryLater } from "../http-error.js";
import { log } from "../log.js";
import type { StaffRole, UserRow } from "../storage/types.js";
import { requestProblem } from "./problems.js";

/**
 * Small helpers shared by the HTTP routes: zod-validated bodies whose
 * refusals say where and why as codes (the reader's side translates them), the query's `lang` and `pseudonymize`
 * read one way by every route, the staff cookie, role guards, origin checks and a per-IP attempt counter
 * (setup link, joins).
 */

export const STAFF_COOKIE = "sf_staff";
export const STAFF_LOGIN_MS = 12 * 3600_000;

export { HttpError, refusalBody, retryLater };

/** Parse `req.body` (or query) with a zod schema; a failure is a 400 `bad_request` with each problem located and coded (`params.problems`, http/problems.ts). */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new HttpError(400, "bad_request", { problems: r.error.issues.map((i) => requestProblem(i, value)) });
}

const QueryLang = z.object({ lang: z.enum(["fr", "en"]).default("fr") });

/** The `lang` query of a document or a view (`fr`, `en`; French when empty or absent); another is a 400 naming the field. */
export function langOf(req: Request): "fr" | "en" {
  return parse(QueryLang, { lang: req.query.lang === "" ? undefined : req.query.lang }).lang;
}

const Pseudonymize = z.object({ pseudonymize: z.enum(["1", "0", "true", "false", "yes", "no", ""]).optional() });

/**
 * The `pseudonymize` query flag of every document and replay route: `1`,
 * `true`, `yes` on; `0`, `false`, `no`, empty or absent off; anything else
 * a 400 naming the field — a typo must not hand out real names.
 */
export function pseudonymizeOf(req: Request): boolean {
  const flag = parse(Pseudonymize, { pseudonymize: req.query.pseudonymize }).pseudonymize;
  return flag === "1" || flag === "true" || flag === "yes";
}

/** Wrap an async route so thrown HttpErrors become JSON answers (Express 5 forwards rejections too; this keeps one format). */
export const route = (fn: (req: Request, res: Response) => Promise<unknown> | unknown): RequestHandler =>
  (req, res, next) => { Promise.resolve(fn(req, res)).catch(next); };

export function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  if (err instanceof HttpError) {
    const fields = { method: req.method, path: req.path, status: err.status, code: err.code };
    if (err.status >= 500 || err.status === 401 || err.status === 403) log.warn("http refused", fields);
    else log.info("http refused", { ...fields, params: err.params });
    if (typeof err.extra?.retryAfter === "number") res.setHeader("Retry-After", String(err.extra.retryAfter));
    res.status(err.status).json({ ...refusalBody(err.code, err.params), ...err.extra });
    return;
  }
  const e = err as { type?: string; status?: number; limit?: number };
  if (e?.type === "entity.parse.failed") { res.status(400).json(refusalBody("bad_json")); return; }
  if (e?.type === "entity.too.large") { res.status(413).json(refusalBody("too_large", { detail: "request", max: Number(e.limit) || 0 })); return; }
  log.error("http error", { method: req.method, path: req.path, err });
  res.status(500).json(refusalBody("internal"));
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) {
      try { return decodeURIComponent(part.slice(i + 1).trim()); } catch { return undefined; }
    }
  }
  return undefined;
}

/** An httpOnly, SameSite=Strict cookie (Secure over HTTPS: `req.secure` honours X-Forwarded-Proto only from a trusted proxy); no value clears it. */
export function setCookie(req: Request, res: Response, name: string, value: string | undefined, maxAgeMs: number, path = "/"): void {
  const attrs = [`Path=${path}`, "HttpOnly", "SameSite=Strict", ...(req.secure ? ["Secure"] : [])];
  res.append("Set-Cookie", value === undefined
    ? `${name}=; ${attrs.join("; ")}; Max-Age=0`
    : `${name}=${encodeURIComponent(value)}; ${attrs.join("; ")}; Max-Age=${Math.round(maxAgeMs / 1000)}`);
}

export const setStaffCookie = (req: Request, res: Response, value: string | undefined): void => setCookie(req, res, STAFF_COOKIE, value, STAFF_LOGIN_MS);

/** The staff login behind the request's cookie, if open: its user and its id (the stored hash of the cookie). */
export async function staffLogin(ctx: AppContext, req: Request): Promise<{ user: UserRow; sid: string } | undefined> {
  const raw = readCookie(req, STAFF_COOKIE);
  if (!raw || raw.length > 200) return undefined;
  const sid = hashToken(raw);
  const s = await ctx.storage.getStaffLogin(sid);
  if (!s || s.expiresAt <= Date.now()) return undefined;
  const user = await ctx.storage.getUser(s.userId);
  return user && user.disabledAt === undefined ? { user, sid } : undefined;
}

/** The staff user behind the request's cookie, if any. */
export async function staffOf(ctx: AppContext, req: Request): Promise<UserRow | undefined> {
  return (await staffLogin(ctx, req))?.user;
}

const ROLE_REFUSAL: Record<string, string> = { admin: "admin", "admin,instructor": "instructor" };

/** 401 without a valid cookie (or for a disabled account), 403 when the account's role is not allowed. */
export async function requireStaff(ctx: AppContext, req: Request, roles: StaffRole[] = ["admin", "instructor", "evaluator"]): Promise<UserRow> {
  const user = await staffOf(ctx, req);
  if (!user) throw new HttpError(401, "unauthorized");
  if (!roles.includes(user.role)) {
    const only = ROLE_REFUSAL[[...roles].sort().join(",")];
    throw new HttpError(403, "forbidden", only ? { detail: only } : undefined);
  }
  return user;
}

/** Same origin as the Host header, or listed in ALLOWED_ORIGINS. No Origin header (a non-browser client) is allowed. */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return true;
  const o = origin.replace(/\/$/, "");
  if (allowed.includes(o) || allowed.includes("*")) return true;
  try { return host !== undefined && new URL(o).host === host; } catch { return false; }
}

/** Refuse state-changing requests from pages of other origins (on top of SameSite=Strict cookies). */
export function checkOrigin(ctx: AppContext): RequestHandler {
  return (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    if (originAllowed(req.headers.origin, req.headers.host, ctx.config.allowedOrigins)) return next();
    log.warn("origin refused", { path: req.path, origin: req.headers.origin });
    res.status(403).json(refusalBody("forbidden_origin"));
  };
}

/** A fixed-window counter per key (IP), in this process: joins and the one-time setup link (passwords: login-throttle.ts). */
export class AttemptLimiter {
  private hits = new Map<string, { n: number; until: number }>();
  constructor(private max: number, private windowMs: number) {}
  hit(key: string): boolean {
    const now = Date.now();
    if (this.hits.size > 10_000) for (const [k, v] of this.hits) if (v.until < now) this.hits.delete(k);
    const h = this.hits.get(key);
    if (!h || h.until < now) { this.hits.set(key, { n: 1, until: now + this.windowMs }); return true; }
    h.n++;
    return h.n <= this.max;
  }
}
