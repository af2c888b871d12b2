import { randomInt } from "node:crypto";
import { Router } from "express";
import { z } from "zod";
import { StaffCommand } from "../../shared/protocol.js";
import { tr } from "../../shared/scenario/text.js";
import { joinCode, makePlayerToken, newId, normalizeCode } from "../auth.js";
import { openCell, type AppContext } from "../context.js";
import { exportSession } from "../export.js";
import { commandCell, overviewOf } from "../remote.js";
import { eraseSession } from "../retention.js";
import { summarize, validateScenarioText } from "../scenarios.js";
import { recordSessionVersion } from "./scenarios-studio.js";
import type { DamageCause } from "../storage/health.js";
import { storageHealth } from "../storage/monitor.js";
import type { CellRow, SessionRow } from "../storage/types.js";
import { AttemptLimiter, HttpError, parse, requireStaff, route } from "./util.js";
import { sanitizeText } from "../../shared/text/sanitize.js";

/**
 * Scenarios, sessions, cells and players over HTTP. An instructor uploads or
 * picks a scenario, creates a session with its cells (one room each) and
 * join codes; students join with a code and a display name and receive the
 * token their browser keeps; staff list, watch, command, export and erase.
 */

const DisplayName = z.string().max(200).transform(sanitizeText).pipe(z.string().trim().min(1, "nom vide").max(40, "40 caractères au plus"))
  .refine((s) => !/\p{Cc}/u.test(s), "un nom tient sur une ligne");

async function sessionInfo(ctx: AppContext, s: SessionRow) {
  const cells = await ctx.storage.listCells(s.id);
  return {
    id: s.id, name: s.name, code: s.code, scenario: s.scenarioId, scenarioFile: s.scenarioFile, status: s.status, createdAt: s.createdAt,
    ...(s.endedAt !== undefined ? { endedAt: s.endedAt } : {}),
    cells: await Promise.all(cells.map(async (c) => {
      const rt = ctx.cells.get(c.id);
      return {
        id: c.id, name: c.name, index: c.index, code: c.code, status: rt?.state.status ?? c.status,
        players: rt ? Object.keys(rt.state.players).length : (await ctx.storage.listPlayers(c.id)).length,
      };
    })),
  };
}

const CAUSE: Record<DamageCause, string> = { storage: "stockage", scenario: "scénario", log: "journal endommagé", engine: "moteur de jeu" };

/** Open a cell's room, or answer 503 naming the real cause (storage, scenario…) of what keeps it closed. */
async function openOrExplain(ctx: AppContext, cellId: string): Promise<void> {
  try { await openCell(ctx, cellId); } catch {
    const d = storageHealth(ctx.storage).damageOf(cellId);
    throw new HttpError(503, "cell_damaged", `cellule indisponible — ${d?.cause ? `${CAUSE[d.cause]} : ${d.message}` : "ouverture impossible (détails dans le journal du serveur)"}`);
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
  const joins = new AttemptLimiter(ctx.config.joinsPerMinute, 60_000);

  r.get("/scenarios", route(async (req, res) => {
    const user = await requireStaff(ctx, req);
    res.json(await ctx.catalog.list(user));
  }));

  r.post("/scenarios", route(async (req, res) => {
    const user = await requireStaff(ctx, req, ["instructor"]);
    const body = parse(z.strictObject({
      filename: z.string().trim().min(1).max(120).regex(/^[\w .()-]+\.(ya?ml|json)$/i, "un nom de fichier .yaml, .yml ou .json"),
      text: z.string().min(1, "fichier vide").max(1_000_000, "fichier trop gros (1 Mo au plus)"),
    }), req.body);
    const loaded = validateScenarioText(body.text, body.filename);
    if (!loaded.ok) {
      throw new HttpError(400, "invalid_scenario", `le scénario a ${loaded.problems.length} problème(s)`, { problems: loaded.problems });
    }
    const id = newId("u", 6);
    await ctx.storage.putScenario({ id, filename: body.filename, text: body.text, uploadedBy: user.id, createdAt: Date.now() });
    res.status(201).json(summarize({ key: id, source: "uploaded", file: body.filename, text: body.text }));
  }));

  r.post("/sessions", route(async (req, res) => {
    const user = await requireStaff(ctx, req, ["instructor"]);
    const body = parse(z.strictObject({
      scenario: z.string().min(1).max(120), cells: z.number().int().min(1).max(50).default(1), name: z.string().trim().max(120).optional(),
      seed: z.number().int().min(0).max(0xffffffff).optional(), cellNames: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
    }), req.body);
    const src = await ctx.catalog.get(body.scenario, user);
    if (!src) throw new HttpError(404, "unknown_scenario", `scénario inconnu « ${body.scenario} »`);
    const loaded = validateScenarioText(src.text, src.file);
    if (!loaded.ok) throw new HttpError(400, "invalid_scenario", "ce scénario n'est pas valide", { problems: loaded.problems });
    const codes = await uniqueCodes(ctx, body.cells + 1);
    const now = Date.now();
    const session: SessionRow = {
      id: newId("s"), name: body.name || `${tr(loaded.scenario.meta.title)} — ${new Date(now).toLocaleDateString("fr-FR")}`,
      code: codes[0], createdBy: user.id, createdAt: now, scenarioId: loaded.scenario.id, scenarioFile: src.file, scenarioText: src.text,
      seed: body.seed ?? randomInt(0, 0xffffffff), status: "open",
    };
    const cells: CellRow[] = Array.from({ length: body.cells }, (_, i) => ({
      id: newId("c"), sessionId: session.id, index: i + 1, name: body.cellNames?.[i] ?? `Cellule ${i + 1}`, code: codes[i + 1], status: "lobby",
    }));
    await ctx.storage.createSession(session, cells);
    await recordSessionVersion(ctx, session.id, src); // which library version it started from (scenarios-studio.ts)
    await Promise.all(cells.map((c) => openCell(ctx, c.id)));
    res.status(201).json(await sessionInfo(ctx, session));
  }));

  r.get("/sessions", route(async (req, res) => {
    await requireStaff(ctx, req);
    res.json(await Promise.all((await ctx.storage.listSessions()).map((s) => sessionInfo(ctx, s))));
  }));

  r.get("/sessions/:id", route(async (req, res) => {
    await requireStaff(ctx, req);
    const s = await ctx.storage.getSession(String(req.params.id));
    if (!s) throw new HttpError(404, "unknown_session", "session inconnue");
    res.json(await sessionInfo(ctx, s));
  }));

  r.delete("/sessions/:id", route(async (req, res) => {
    await requireStaff(ctx, req, ["instructor"]);
    const s = await ctx.storage.getSession(String(req.params.id));
    if (!s) throw new HttpError(404, "unknown_session", "session inconnue");
    await eraseSession(ctx, s.id, "session effacée par l'animateur");
    res.status(204).end();
  }));

  /** The same command to every cell of the session (start them all, pause them all…): one result per cell. */
  r.post("/sessions/:id/command", route(async (req, res) => {
    const user = await requireStaff(ctx, req, ["instructor"]);
    const body = parse(z.strictObject({ command: StaffCommand }), req.body);
    const cells = await ctx.storage.listCells(String(req.params.id));
    if (cells.length === 0) throw new HttpError(404, "unknown_session", "session inconnue");
    // Wherever each cell runs (this process or, with Redis, another one): server/remote.ts.
    const actor = { kind: user.role, id: user.id, name: user.username };
    const results = await Promise.all(cells.map((c) => commandCell(ctx, c.id, actor, body.command)));
    res.json({ results });
  }));

  /** Every cell of a session at a glance (status, clock, phase, gauges, players, latest outputs, expectations). */
  r.get("/sessions/:id/overview", route(async (req, res) => {
    await requireStaff(ctx, req);
    const s = await ctx.storage.getSession(String(req.params.id));
    if (!s) throw new HttpError(404, "unknown_session", "session inconnue");
    const cells = await ctx.storage.listCells(s.id);
    res.json({ session: { id: s.id, name: s.name, code: s.code, status: s.status }, cells: await Promise.all(cells.map((c) => overviewOf(ctx, c))) });
  }));

  r.get("/sessions/:id/export", route(async (req, res) => {
    await requireStaff(ctx, req);
    const pseudo = ["1", "true", "yes"].includes(String(req.query.pseudonymize ?? ""));
    const out = await exportSession(ctx, String(req.params.id), pseudo);
    if (!out) throw new HttpError(404, "unknown_session", "session inconnue");
    res.setHeader("Content-Disposition", `attachment; filename="sangfroid-${out.session.id}${pseudo ? "-pseudo" : ""}.json"`);
    res.json(out);
  }));

  /** A student joins with a session code (least-filled cell) or a cell code, and a display name. */
  r.post("/join", route(async (req, res) => {
    const body = parse(z.strictObject({ code: z.string().min(1).max(20), name: DisplayName }), req.body);
    if (!joins.hit(`join:${req.ip}`)) throw new HttpError(429, "too_many_attempts", "trop d'essais ; réessayez dans une minute");
    const found = await ctx.storage.findCode(normalizeCode(body.code));
    if (!found) throw new HttpError(404, "unknown_code", "code inconnu ; vérifiez-le auprès de l'animateur");
    if (found.session.status === "ended") throw new HttpError(409, "session_ended", "cette session est terminée");
    let cell = found.cell;
    if (!cell) {
      const cells = await ctx.storage.listCells(found.session.id);
      const counts = await Promise.all(cells.map(async (c) => (await ctx.storage.listPlayers(c.id)).length));
      cell = cells.filter((c) => c.status !== "ended").sort((a, b) => counts[cells.indexOf(a)] - counts[cells.indexOf(b)] || a.index - b.index)[0];
      if (!cell) throw new HttpError(409, "session_ended", "cette session est terminée");
    }
    await openOrExplain(ctx, cell.id); // a damaged cell takes no new player
    const playerId = newId("p");
    const { token, hash } = makePlayerToken(playerId);
    await ctx.storage.createPlayer({ id: playerId, cellId: cell.id, name: body.name, tokenHash: hash, createdAt: Date.now() });
    res.status(201).json({ playerId, token, cellId: cell.id, sessionId: found.session.id, cellName: cell.name });
  }));

  /** Bring a cell's room up (in this process; with Redis, wherever it is placed, unless it already runs somewhere) (after a restart, an ended cell is opened on demand). Harmless and idempotent. */
  r.post("/cells/:id/wake", route(async (req, res) => {
    const cell = await ctx.storage.getCell(String(req.params.id));
    if (!cell) throw new HttpError(404, "unknown_cell", "cellule inconnue ou effacée");
    await openOrExplain(ctx, cell.id);
    res.json({ ok: true, cellId: cell.id });
  }));

  return r;
}
