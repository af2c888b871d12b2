import type { Request } from "express";
import type { AppContext } from "./context.js";
import { HttpError, requireStaff } from "./http/util.js";
import { allows, classAccess, sessionAccess, type Access, type Need } from "./access-rules.js";
import type { CellRow, ClassRow, SessionMeta, SessionRow, Storage, UserRow } from "./storage/types.js";

/**
 * Who may see and do what with a session or a class. A session (a class)
 * belongs to the account that created it; its owner may share it with named
 * accounts: `run` (a co-instructor: commands, console, and everything an
 * evaluator may do) or `assess` (an evaluator: replay, annotate, assess,
 * export). Nobody else learns that it exists: every route answers 404 for a
 * session or class the account has no access to, exactly as for one that
 * does not exist, and 403 only to an account that sees it but may not do
 * that. An administrator manages accounts; it has no access to anyone's
 * sessions or classes by that role (it may run its own, like an instructor).
 *
 * The same rules serve every HTTP route and every staff room command
 * (rooms/seat-auth.ts: the seat's kind in a cell — instructor or evaluator —
 * is the account's access to that cell's session, not its role).
 *
 * A scenario of the studio's library follows the same rules with its own two
 * levels (scenario-access.ts): `edit` (a co-author: new versions) and `use`
 * (read, download, preview, playtest, duplicate, start sessions with it).
 * The rules themselves are in access-rules.ts (re-exported here); this file
 * applies them to routes.
 */

export { accessTo, allows, canRun, classAccess, RUNNERS, SHARE_LEVELS, sessionAccess, type Access, type Need } from "./access-rules.js";

const UNKNOWN_SESSION = () => new HttpError(404, "unknown_session");
const UNKNOWN_CELL = () => new HttpError(404, "unknown_cell");
const UNKNOWN_CLASS = () => new HttpError(404, "unknown_class");

/** The variant of `forbidden` (shared/i18n/http-texts.ts) that says who may. */
const refusal: Record<Need, string | undefined> = { see: undefined, run: "run", assess: undefined, edit: "edit", manage: "manage" };

/** 404 (`unknown`) without access, exactly as for a subject that does not exist; 403 when seen but `need` is not allowed. */
export function check(access: Access | undefined, need: Need, unknown: () => HttpError): Access {
  if (access === undefined) throw unknown();
  if (!allows(access, need)) throw new HttpError(403, "forbidden", refusal[need] ? { detail: refusal[need] } : undefined);
  return access;
}

export interface SessionGrant { user: UserRow; session: SessionRow; access: Access }

/** The session of the route (`:id`), if the signed-in account may `need` it: 401 signed out, 404 unknown or foreign, 403 visible but not allowed. */
export async function requireSession(ctx: AppContext, req: Request, need: Need, id = String(req.params.id)): Promise<SessionGrant> {
  const user = await requireStaff(ctx, req, ["admin", "instructor", "evaluator"]);
  const session = await ctx.storage.getSession(id);
  const access = session && await sessionAccess(ctx.storage, user, session);
  return { user, session: session!, access: check(access, need, UNKNOWN_SESSION) };
}

/** The cell of the route (`:id`) and its session, under the session's access rules (404 for a foreign cell). */
export async function requireCell(ctx: AppContext, req: Request, need: Need): Promise<SessionGrant & { cell: CellRow }> {
  const user = await requireStaff(ctx, req, ["admin", "instructor", "evaluator"]);
  const cell = await ctx.storage.getCell(String(req.params.id));
  const session = cell && await ctx.storage.getSession(cell.sessionId);
  const access = session && await sessionAccess(ctx.storage, user, session);
  return { user, cell: cell!, session: session!, access: check(access, need, UNKNOWN_CELL) };
}

/** The class of the route (`:id`), if the account may `need` it (classes: run = use the roster in one's sessions, import; manage = owner). */
export async function requireClass(ctx: AppContext, req: Request, need: Need, id = String(req.params.id)): Promise<{ user: UserRow; klass: ClassRow; access: Access }> {
  const user = await requireStaff(ctx, req, ["admin", "instructor", "evaluator"]);
  const klass = await ctx.storage.getClass(id);
  const access = klass && await classAccess(ctx.storage, user, klass);
  return { user, klass: klass!, access: check(access, need, UNKNOWN_CLASS) };
}

/** The sessions an account sees (own and shared), newest first, each with its access. */
export async function visibleSessions(storage: Storage, user: UserRow): Promise<{ session: SessionMeta; access: Access }[]> {
  if (user.disabledAt !== undefined) return [];
  const shared = new Map((await storage.listShares("session", { userId: user.id })).map((s) => [s.subjectId, s]));
  const out: { session: SessionMeta; access: Access }[] = [];
  for (const s of await storage.listSessions()) {
    const access = s.createdBy === user.id ? "owner" : shared.has(s.id) ? await sessionAccess(storage, user, s) : undefined;
    if (access) out.push({ session: s, access });
  }
  return out;
}

/** The classes an account sees (own and shared), each with its access. */
export async function visibleClasses(storage: Storage, user: UserRow): Promise<{ klass: ClassRow; access: Access }[]> {
  if (user.disabledAt !== undefined) return [];
  const shared = new Set((await storage.listShares("class", { userId: user.id })).map((s) => s.subjectId));
  const out: { klass: ClassRow; access: Access }[] = [];
  for (const c of await storage.listClasses()) {
    const access = c.ownerId === user.id ? "owner" : shared.has(c.id) ? await classAccess(storage, user, c) : undefined;
    if (access) out.push({ klass: c, access });
  }
  return out;
}
