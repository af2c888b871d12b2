import { Router, type Request } from "express";
import { z } from "zod";
import { canRun, requireClass, requireSession, SHARE_LEVELS } from "../access.js";
import type { AppContext } from "../context.js";
import { log } from "../log.js";
import { announceAccessChanged } from "../rooms/seat-auth.js";
import type { ShareKind } from "../storage/types.js";
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

/**
 * One kind of shared subject: where its routes live, how its owner's route
 * finds it (404 / 403 as its access rules say: only an owner manages shares),
 * what a refusal for an evaluator account adds, and whether rooms follow its
 * shares (staff seats follow a session's and a class's roster; a library
 * scenario's touch no room). The levels themselves: SHARE_LEVELS.
 */
interface Shareable {
  kind: ShareKind;
  path: string;
  subject: (ctx: AppContext, req: Request) => Promise<{ id: string; owner: string }>;
  notInstructor?: { detail: string };
  rooms: boolean;
}

const SHAREABLE: Shareable[] = [
  {
    kind: "session", path: "/sessions/:id/shares", rooms: true,
    subject: async (ctx, req) => { const { session } = await requireSession(ctx, req, "manage"); return { id: session.id, owner: session.createdBy }; },
  },
  {
    kind: "class", path: "/classes/:id/shares", rooms: true,
    subject: async (ctx, req) => { const { klass } = await requireClass(ctx, req, "manage"); return { id: klass.id, owner: klass.ownerId }; },
  },
  {
    kind: "scenario", path: "/scenarios/library/:id/shares", rooms: false, notInstructor: { detail: "scenario" },
    subject: async (ctx, req) => { const { scenario } = await requireLibraryScenario(ctx, req, "manage"); return { id: scenario.id, owner: scenario.ownerId }; },
  },
];

/** A share's body: an account by username and one of the kind's levels, or `none` to withdraw it. */
const shareBody = (kind: ShareKind) =>
  z.strictObject({ username: Username, access: z.enum([...SHARE_LEVELS[kind].levels, "none"]) });

export function shareRoutes(ctx: AppContext): Router {
  const r = Router();

  const listed = async (kind: ShareKind, subjectId: string) => (await Promise.all((await ctx.storage.listShares(kind, { subjectId })).map(async (s) => {
    const u = await ctx.storage.getUser(s.userId);
    return u && { username: u.username, role: u.role, access: s.access, ...(u.disabledAt !== undefined ? { disabled: true } : {}) };
  }))).filter((x) => x !== undefined);

  const share = async (req: Request, shareable: Shareable, schema: ReturnType<typeof shareBody>, subject: { id: string; owner: string }) => {
    const body = parse(schema, req.body);
    const target = await ctx.storage.getUserByName(body.username);
    if (!target || target.disabledAt !== undefined) throw new HttpError(400, "unknown_user");
    if (target.id === subject.owner) throw new HttpError(400, "owner", { name: target.username });
    if (body.access !== "none" && body.access !== SHARE_LEVELS[shareable.kind].evaluator && !canRun(target.role)) {
      throw new HttpError(400, "not_instructor", { name: target.username, ...shareable.notInstructor });
    }
    await ctx.storage.setShare(shareable.kind, subject.id, target.id, body.access === "none" ? undefined : body.access);
    if (shareable.rooms) await announceAccessChanged(target.id).catch((err) => log.warn("share change not announced to rooms", { err }));
    log.info("share changed", { kind: shareable.kind, subject: subject.id, user: target.id, access: body.access });
    return listed(shareable.kind, subject.id);
  };

  for (const shareable of SHAREABLE) {
    const schema = shareBody(shareable.kind);
    r.get(shareable.path, route(async (req, res) => { res.json(await listed(shareable.kind, (await shareable.subject(ctx, req)).id)); }));
    r.post(shareable.path, route(async (req, res) => { res.json(await share(req, shareable, schema, await shareable.subject(ctx, req))); }));
  }

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
