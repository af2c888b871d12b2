import { Router, type Request } from "express";
import { z } from "zod";
import { canRun, requireClass, requireSession, SHARE_LEVELS } from "../access.js";
import type { AppContext } from "../context.js";
import { log } from "../log.js";
import { announceAccessChanged } from "../rooms/seat-auth.js";
import type { ShareKind, ShareRow } from "../storage/types.js";
import { requireLibraryScenario } from "./scenarios-studio.js";
import { HttpError, parse, route } from "./util.js";

/**
 * Sharing a session or a class (its owner only): with named co-instructors
 * (`run`: they run the session, or use the class's roster in their own
 * sessions) and evaluators (`assess`: replay, annotate, assess, export; for a
 * class: its roster and its students' portfolios). A library scenario the
 * same way, with its own levels: `edit` (co-authors) and `use` (read,
 * duplicate, start sessions; an evaluator account: read). Accounts are named by
 * their username. A withdrawn share takes effect at once: rooms on every
 * process re-check the account's staff seats. Also: attaching a session to a
 * class (the owner of the session, with run access to the class).
 */

const Username = z.string().trim().min(1).max(60);
const ShareBody = {
  session: z.strictObject({ username: Username, access: z.enum(["run", "assess", "none"]) }),
  scenario: z.strictObject({ username: Username, access: z.enum(["edit", "use", "none"]) }),
};

export function shareRoutes(ctx: AppContext): Router {
  const r = Router();

  const listed = async (rows: ShareRow[]) => (await Promise.all(rows.map(async (s) => {
    const u = await ctx.storage.getUser(s.userId);
    return u && { username: u.username, role: u.role, access: s.access, ...(u.disabledAt !== undefined ? { disabled: true } : {}) };
  }))).filter((x) => x !== undefined);

  const share = async (req: Request, kind: ShareKind, subjectId: string, ownerId: string) => {
    const body = parse(ShareBody[kind === "scenario" ? "scenario" : "session"], req.body);
    const target = await ctx.storage.getUserByName(body.username);
    if (!target || target.disabledAt !== undefined) throw new HttpError(400, "unknown_user");
    if (target.id === ownerId) throw new HttpError(400, "owner", { name: target.username });
    if (body.access !== "none" && body.access !== SHARE_LEVELS[kind].evaluator && !canRun(target.role)) {
      throw new HttpError(400, "not_instructor", { name: target.username, ...(kind === "scenario" ? { detail: "scenario" } : {}) });
    }
    await ctx.storage.setShare(kind, subjectId, target.id, body.access === "none" ? undefined : body.access);
    // Staff seats follow session shares (and a class's roster); a scenario's share touches no room.
    if (kind !== "scenario") await announceAccessChanged(target.id).catch((err) => log.warn("share change not announced to rooms", { err }));
    log.info("share changed", { kind, subject: subjectId, user: target.id, access: body.access });
    return listed(await ctx.storage.listShares(kind, { subjectId }));
  };

  r.get("/sessions/:id/shares", route(async (req, res) => {
    const { session } = await requireSession(ctx, req, "manage");
    res.json(await listed(await ctx.storage.listShares("session", { subjectId: session.id })));
  }));
  r.post("/sessions/:id/shares", route(async (req, res) => {
    const { session } = await requireSession(ctx, req, "manage");
    res.json(await share(req, "session", session.id, session.createdBy));
  }));

  r.get("/classes/:id/shares", route(async (req, res) => {
    const { klass } = await requireClass(ctx, req, "manage");
    res.json(await listed(await ctx.storage.listShares("class", { subjectId: klass.id })));
  }));
  r.post("/classes/:id/shares", route(async (req, res) => {
    const { klass } = await requireClass(ctx, req, "manage");
    res.json(await share(req, "class", klass.id, klass.ownerId));
  }));

  r.get("/scenarios/library/:id/shares", route(async (req, res) => {
    const { scenario } = await requireLibraryScenario(ctx, req, "manage");
    res.json(await listed(await ctx.storage.listShares("scenario", { subjectId: scenario.id })));
  }));
  r.post("/scenarios/library/:id/shares", route(async (req, res) => {
    const { scenario } = await requireLibraryScenario(ctx, req, "manage");
    res.json(await share(req, "scenario", scenario.id, scenario.ownerId));
  }));

  /** `{ class: id }` attaches the session to a class its owner may run; `{ class: null }` detaches it (players who joined keep their names). */
  r.post("/sessions/:id/class", route(async (req, res) => {
    const { session } = await requireSession(ctx, req, "manage");
    const body = parse(z.strictObject({ class: z.string().min(1).max(80).nullable() }), req.body);
    if (body.class !== null) await requireClass(ctx, req, "run", body.class);
    await ctx.storage.setSessionClass(session.id, body.class ?? undefined);
    res.json({ ok: true });
  }));

  return r;
}
