import { randomInt } from "node:crypto";
import { Router } from "express";
import { z } from "zod";
import { sanitizeText } from "../../shared/text/sanitize.js";
import { StaffCommand } from "../../shared/protocol.js";
import { tr } from "../../shared/scenario/text.js";
import { joinCode, newId } from "../auth.js";
import { openCell, type AppContext } from "../context.js";
import { exportSession } from "../export.js";
import { commandCell, overviewOf } from "../remote.js";
import { eraseSession } from "../retention.js";
import { validateScenarioText } from "../scenarios.js";
import { recordSessionVersion } from "./scenarios-studio.js";
import { storageHealth } from "../storage/monitor.js";
import type { CellRow, SessionMeta, SessionRow } from "../storage/types.js";
import { HttpError, parse, pseudonymizeOf, requireStaff, route } from "./util.js";
import { allows, requireCell, requireClass, requireSession, RUNNERS, visibleSessions, type Access } from "../access.js";
import { authenticate } from "../rooms/seat-auth.js";

/**
 * Scenarios, sessions and cells over HTTP. An instructor picks a scenario
 * (bundled, or of the studio's library: scenarios-studio.ts), creates a session with its cells (one room each) and join codes,
 * attached to a class or not; staff list, watch, command, export and erase
 * the sessions they own or that were shared with them (access.ts). Students
 * join in join.ts.
 */


/** A session as its staff see it: join codes only for those who run it; `access` says what this account may do; the class by its name. */
async function sessionInfo(ctx: AppContext, s: SessionMeta, access: Access) {
  const cells = await ctx.storage.listCells(s.id);
  const runs = allows(access, "run");
  const klass = s.classId ? await ctx.storage.getClass(s.classId) : undefined;
  return {
    id: s.id, name: s.name, ...(runs ? { code: s.code } : {}), scenario: s.scenarioId, scenarioFile: s.scenarioFile, status: s.status, createdAt: s.createdAt,
    ...(s.endedAt !== undefined ? { endedAt: s.endedAt } : {}), access,
    ...(klass ? { class: { id: klass.id, name: klass.name } } : {}),
    cells: await Promise.all(cells.map(async (c) => {
      const rt = ctx.cells.get(c.id);
      return {
        id: c.id, name: c.name, index: c.index, ...(runs ? { code: c.code } : {}), status: rt?.state.status ?? c.status,
        players: rt ? Object.keys(rt.state.players).length : (await ctx.storage.listPlayers(c.id)).length,
      };
    })),
  };
}

/** Who wakes a cell: a seat's credentials (the join options of shared/protocol.ts), or nothing and a staff login cookie. */
const WakeBody = z.union([
  z.strictObject({ token: z.string().min(1).max(200) }),
  z.strictObject({ staffToken: z.string().min(1).max(2000) }),
  z.strictObject({}),
]);

/** Open a cell's room, or answer 503 naming the real cause (storage, scenario…) of what keeps it closed. */
export async function openOrExplain(ctx: AppContext, cellId: string): Promise<void> {
  try { await openCell(ctx, cellId); } catch {
    const d = storageHealth(ctx.storage).damageOf(cellId);
    // The cause by its kind (the operator reads its details in /health and the log).
    throw new HttpError(503, "cell_damaged", { detail: d?.cause ?? "unknown" });
  }
}

async function uniqueCodes(ctx: AppContext, n: number): Promise<string[]> {
  const out = new Set<string>();
  while (out.size < n) {
    const c = joinCode();
    if (!(await ctx.storage.findCode(c))) out.add(c);
  }
  return [...out];
}

export function sessionRoutes(ctx: AppContext): Router {
  const r = Router();

  r.get("/scenarios", route(async (req, res) => {
    const user = await requireStaff(ctx, req);
    res.json(await ctx.catalog.list(user));
  }));

  r.post("/sessions", route(async (req, res) => {
    const user = await requireStaff(ctx, req, RUNNERS);
    const body = parse(z.strictObject({
      scenario: z.string().min(1).max(120), cells: z.number().int().min(1).max(50).default(1), name: z.string().max(400).transform(sanitizeText).pipe(z.string().trim().max(120)).optional(),
      seed: z.number().int().min(0).max(0xffffffff).optional(), cellNames: z.array(z.string().max(200).transform(sanitizeText).pipe(z.string().trim().min(1).max(60))).max(50).optional(),
      class: z.string().min(1).max(80).optional(),
    }), req.body);
    // A class whose roster joins it: one the account may run (its own, or shared with it as co-instructor).
    if (body.class !== undefined) await requireClass(ctx, req, "run", body.class);
    const src = await ctx.catalog.get(body.scenario, user);
    if (!src) throw new HttpError(404, "unknown_scenario");
    const loaded = validateScenarioText(src.text, src.file);
    if (!loaded.ok) throw new HttpError(400, "invalid_scenario", { count: loaded.problems.length }, { problems: loaded.problems });
    const codes = await uniqueCodes(ctx, body.cells + 1);
    const now = Date.now();
    const session: SessionRow = {
      id: newId("s"), name: body.name || `${tr(loaded.scenario.meta.title)} — ${new Date(now).toLocaleDateString("fr-FR")}`,
      code: codes[0], createdBy: user.id, createdAt: now, scenarioId: loaded.scenario.id, scenarioFile: src.file, scenarioText: src.text,
      seed: body.seed ?? randomInt(0, 0xffffffff), status: "open", ...(body.class !== undefined ? { classId: body.class } : {}),
    };
    const cells: CellRow[] = Array.from({ length: body.cells }, (_, i) => ({
      id: newId("c"), sessionId: session.id, index: i + 1, name: body.cellNames?.[i] ?? "", // none typed: « Cellule N » / "Cell N" in the reader's language (shared/i18n/cell-name.ts)
      code: codes[i + 1], status: "lobby",
    }));
    await ctx.storage.createSession(session, cells);
    await recordSessionVersion(ctx, session.id, src); // which library version it started from (scenarios-studio.ts)
    await Promise.all(cells.map((c) => openCell(ctx, c.id)));
    res.status(201).json(await sessionInfo(ctx, session, "owner"));
  }));

  /** The sessions this account owns or that were shared with it; nobody else's. */
  r.get("/sessions", route(async (req, res) => {
    const user = await requireStaff(ctx, req);
    res.json(await Promise.all((await visibleSessions(ctx.storage, user)).map(({ session, access }) => sessionInfo(ctx, session, access))));
  }));

  r.get("/sessions/:id", route(async (req, res) => {
    const { session, access } = await requireSession(ctx, req, "see");
    res.json(await sessionInfo(ctx, session, access));
  }));

  r.delete("/sessions/:id", route(async (req, res) => {
    const { session } = await requireSession(ctx, req, "manage");
    await eraseSession(ctx, session.id, "session effacée par l'animateur");
    res.status(204).end();
  }));

  /** The same command to every cell of the session (start them all, pause them all…): one result per cell. */
  r.post("/sessions/:id/command", route(async (req, res) => {
    const { user, session } = await requireSession(ctx, req, "run");
    const body = parse(z.strictObject({ command: StaffCommand }), req.body);
    const cells = await ctx.storage.listCells(session.id);
    // Wherever each cell runs (this process or, with Redis, another one): server/remote.ts.
    const actor = { kind: "instructor" as const, id: user.id, name: user.username };
    const results = await Promise.all(cells.map((c) => commandCell(ctx, c.id, actor, body.command)));
    res.json({ results });
  }));

  /** Every cell of a session at a glance (status, clock, phase, gauges, players, latest outputs, expectations). */
  r.get("/sessions/:id/overview", route(async (req, res) => {
    const { session: s, access } = await requireSession(ctx, req, "see");
    const cells = await ctx.storage.listCells(s.id);
    const runs = allows(access, "run");
    res.json({
      session: { id: s.id, name: s.name, ...(runs ? { code: s.code } : {}), status: s.status },
      cells: (await Promise.all(cells.map((c) => overviewOf(ctx, c)))).map((o) => (runs ? o : { ...o, code: undefined })),
    });
  }));

  r.get("/sessions/:id/export", route(async (req, res) => {
    const { session } = await requireSession(ctx, req, "assess");
    const pseudo = pseudonymizeOf(req);
    const out = await exportSession(ctx, session.id, pseudo);
    if (!out) throw new HttpError(404, "unknown_session");
    res.setHeader("Content-Disposition", `attachment; filename="sangfroid-${out.session.id}${pseudo ? "-pseudo" : ""}.json"`);
    res.json(out);
  }));

  /**
   * Bring a cell's room up (in this process; with Redis, wherever it is placed, unless it already runs somewhere) (after a restart, an ended cell is opened on demand). Idempotent.
   * Only for who may enter the cell: the credentials of a seat in the body (a player's `token`, staff's `staffToken`, as CellConnection
   * sends before rejoining) or a staff login that may see its session; anyone else gets 401 and learns nothing of the cell.
   */
  r.post("/cells/:id/wake", route(async (req, res) => {
    const body = parse(WakeBody, req.body ?? {});
    if ("token" in body || "staffToken" in body) {
      await authenticate(ctx, String(req.params.id), body).catch(() => { throw new HttpError(401, "seat_refused"); });
    } else await requireCell(ctx, req, "see");
    const cell = await ctx.storage.getCell(String(req.params.id));
    if (!cell) throw new HttpError(404, "unknown_cell");
    await openOrExplain(ctx, cell.id);
    res.json({ ok: true, cellId: cell.id });
  }));

  return r;
}
