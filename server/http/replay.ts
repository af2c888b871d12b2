import { Router } from "express";
import { z } from "zod";
import type { ReplayPayload } from "../../shared/assessment.js";
import type { Scenario } from "../../shared/scenario/schema.js";
import { pseudonymizeEntry, sessionNames } from "../assessment/pseudonyms.js";
import type { AppContext } from "../context.js";
import { compileText } from "../scenarios.js";
import { requireCell } from "../access.js";
import { parse, pseudonymizeOf, route } from "./util.js";

/**
 * What the evaluator's replay viewer needs to replay one cell in the
 * browser, staff only: the scenario as parsed (the client compiles it with
 * the same shared engine, so the replay folds to the same states bit for
 * bit), the cell's stored log, its players and the session's metadata.
 * Works for live cells (the log so far) and ended ones. With
 * `?pseudonymize=1`, display names become the session's pseudonyms ("Joueur 1",
 * "Joueur 2"… in order of arrival in the session, the same as in every
 * export): in the player list, the log's `join` entries, every free text of
 * the log, and the session's and the cell's names (pseudonyms.ts).
 */

export type { ReplayPayload };

const Params = z.strictObject({ id: z.string().regex(/^[\w-]{1,80}$/, "cell_id") });

export function replayRoutes(ctx: AppContext): Router {
  const r = Router();

  r.get("/cells/:id/replay", route(async (req, res) => {
    parse(Params, { id: req.params.id });
    const pseudo = pseudonymizeOf(req);
    const { cell, session } = await requireCell(ctx, req, "assess");
    const [stored, players, names] = await Promise.all([ctx.storage.readLog(cell.id), ctx.storage.listPlayers(cell.id), sessionNames(ctx.storage, session.id, pseudo)]);
    const ordered = [...players].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    const log = stored.map((e) => pseudonymizeEntry(e, names));
    const rt = ctx.cells.get(cell.id);
    const status = rt?.state.status ?? cell.status;
    const body: ReplayPayload = {
      format: "sangfroid-replay/1",
      session: {
        id: session.id, name: names.scrub(session.name), status: session.status, createdAt: session.createdAt,
        ...(session.endedAt !== undefined ? { endedAt: session.endedAt } : {}), scenarioId: session.scenarioId, scenarioFile: session.scenarioFile,
      },
      cell: { id: cell.id, name: names.scrub(cell.name), index: cell.index, status, live: status !== "ended" },
      pseudonymized: pseudo,
      // The session's own copy of the scenario (never the current file), parsed and cached by the hash of its text.
      scenario: compileText(session.scenarioText, session.scenarioFile).scenario,
      players: ordered.map((p) => ({ id: p.id, name: names.player(p.id, p.name) })),
      log,
    };
    res.setHeader("Cache-Control", "no-store");
    res.json(body);
  }));

  return r;
}
