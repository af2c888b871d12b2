import { matchMaker } from "@colyseus/core";
import type { StaffCommand } from "../shared/protocol.js";
import { newId } from "./auth.js";
import { freezeOpening, openCell, type AppContext } from "./context.js";
import { foldCell } from "./game/fold.js";
import { staffCommand, type Actor } from "./game/rules.js";
import { cellOverview, damagedOverview } from "./game/overview.js";
import { StorageError } from "./storage/errors.js";
import { storageHealth } from "./storage/monitor.js";
import { log } from "./log.js";
import type { AnnotationRow, CellRow } from "./storage/types.js";
import type { Coded } from "../shared/i18n/coded.js";

/**
 * Reaching a cell wherever it runs. In this process: its runtime directly.
 * With Redis, on another process: through Colyseus' `matchMaker.remoteRoomCall`
 * (presence pub/sub to the room's channel), which calls a method of the
 * CellRoom there. When no process answers (its process just died and the
 * watchdog has not reopened it yet), reads fall back to the shared database
 * (snapshot + log folded), and writes are refused with `unavailable`.
 */

export type CommandResult = { cell: string; ok: true; seq: number } | ({ cell: string; ok: false } & Coded);

const REMOTE_TIMEOUT_MS = 5000;
const unavailable = (cell: string): CommandResult => ({ cell, ok: false, code: "unavailable" });

/** The same command the room would run for this instructor (authorization, stale checks, idempotency by id). */
export async function commandCell(ctx: AppContext, cellId: string, actor: Actor, command: StaffCommand, id = newId("h")): Promise<CommandResult> {
  await openCell(ctx, cellId);
  const rt = ctx.cells.get(cellId);
  if (rt) {
    const out = await staffCommand(rt, actor, { id, seq: rt.state.seq, command });
    return out.ok ? { cell: cellId, ok: true, seq: out.seq } : { cell: cellId, ok: false, code: out.code, ...(out.params ? { params: out.params } : {}) };
  }
  if (!ctx.cluster) return unavailable(cellId);
  try {
    return await matchMaker.remoteRoomCall(cellId, "remoteCommand", [actor, command, id], REMOTE_TIMEOUT_MS) as CommandResult;
  } catch (err) {
    log.warn("remote command failed", { cell: cellId, err: (err as Error).message });
    return unavailable(cellId);
  }
}

/**
 * One line of the instructor overview: live from the hosting process, else
 * folded from the log. Never throws: a cell that cannot be read is shown
 * damaged, with its cause, and the other cells of the session display.
 */
export async function overviewOf(ctx: AppContext, cell: CellRow) {
  try {
    await openCell(ctx, cell.id).catch(() => undefined);
    const rt = ctx.cells.get(cell.id);
    if (rt) return cellOverview(cell, rt);
    if (ctx.cluster && await ctx.cluster.owner(cell.id)) {
      try {
        return { ...(await matchMaker.remoteRoomCall(cell.id, "overview", [], 2000) as object), ...pick(cell) };
      } catch (err) { log.warn("remote overview failed; reading the log", { cell: cell.id, err: (err as Error).message }); }
    }
    const session = await ctx.storage.getSession(cell.sessionId);
    if (!session) return cellOverview(cell, undefined);
    const folded = await foldCell(ctx.storage, cell, session);
    if (!folded.ok) return damagedOverview(cell, folded.damage);
    return { ...cellOverview(cell, folded), source: "log" as const };
  } catch (err) {
    const damage = { cause: err instanceof StorageError ? "storage" as const : "engine" as const, message: (err as Error).message };
    log.error("overview of a cell failed", { cell: cell.id, cause: damage.cause, err });
    if (damage.cause === "storage") storageHealth(ctx.storage).cellDamaged(cell.id, damage.cause, damage.message);
    return damagedOverview(cell, damage);
  }
}

/** Disconnect a cell's clients for good (erasure), wherever it runs. */
export async function closeCellForGood(ctx: AppContext, cellId: string, reason: string): Promise<void> {
  const room = ctx.rooms.get(cellId);
  if (room) { await room.closeForGood(reason); return; }
  if (!ctx.cluster || !(await ctx.cluster.owner(cellId))) return;
  await matchMaker.remoteRoomCall(cellId, "closeForGood", [reason], REMOTE_TIMEOUT_MS);
}

/**
 * Close a cell's room wherever it runs, clients told to rejoin (not a final code): they come back to a
 * room opened afresh from storage. Used around a student's erasure (students/rights.ts).
 */
export async function reloadCell(ctx: AppContext, cellId: string): Promise<void> {
  const room = ctx.rooms.get(cellId);
  if (room) { await room.reload(); return; }
  if (!ctx.cluster || !(await ctx.cluster.owner(cellId))) return;
  await matchMaker.remoteRoomCall(cellId, "reload", [], REMOTE_TIMEOUT_MS);
}

/** No room opens on these cells in this process until the returned function is called. */
export const openingFrozen = freezeOpening;

const pick = (c: CellRow) => ({ id: c.id, name: c.name, index: c.index, code: c.code });

/** Show a stored annotation to the staff connected to its cell, wherever the cell runs (best effort: it is stored already). */
export async function pushAnnotation(ctx: AppContext, row: AnnotationRow): Promise<void> {
  const room = ctx.rooms.get(row.cellId);
  if (room) { room.pushAnnotation(row); return; }
  if (!ctx.cluster || !(await ctx.cluster.owner(row.cellId))) return;
  await matchMaker.remoteRoomCall(row.cellId, "pushAnnotation", [row], REMOTE_TIMEOUT_MS)
    .catch((err: Error) => log.warn("remote annotation push failed", { cell: row.cellId, err: err.message }));
}
