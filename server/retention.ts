import type { AppContext } from "./context.js";
import { log } from "./log.js";
import { closeCellForGood } from "./remote.js";
import { storageHealth } from "./storage/monitor.js";

/**
 * Personal data is kept for RETENTION_DAYS (default 365, at least 1) after a
 * session was created, then erased with everything attached to it — down to
 * the bytes on disk with SQLite (see SqliteStorage.eraseSession). Runs at
 * start and once a day; an instructor can also erase a session at any time.
 * A session that still has a cell waiting, running or paused is never
 * purged, however old: it is logged each day instead, for an instructor to
 * end or erase.
 */

/** Close the session's rooms wherever they run (clients are told not to come back), then delete it from storage. */
export async function eraseSession(ctx: AppContext, sessionId: string, reason: string): Promise<void> {
  const cells = await ctx.storage.listCells(sessionId);
  for (const cell of cells) {
    await closeCellForGood(ctx, cell.id, reason).catch((err) => log.error("room not closed", { cell: cell.id, err }));
  }
  await ctx.storage.eraseSession(sessionId);
  for (const cell of cells) storageHealth(ctx.storage).cellRepaired(cell.id);
  log.info("session erased", { session: sessionId, reason });
}

/** A cell is live while it waits for its start, runs or is paused (its runtime here knows best; else what storage says). */
async function liveCells(ctx: AppContext, sessionId: string): Promise<string[]> {
  const cells = await ctx.storage.listCells(sessionId);
  return cells.filter((c) => (ctx.cells.get(c.id)?.state.status ?? c.status) !== "ended").map((c) => c.id);
}

/** Erase the ended sessions created more than RETENTION_DAYS ago; returns how many. */
export async function purgeExpired(ctx: AppContext, now = Date.now()): Promise<number> {
  const cutoff = now - ctx.config.retentionDays * 86_400_000;
  let erased = 0;
  for (const id of await ctx.storage.sessionsCreatedBefore(cutoff)) {
    const live = await liveCells(ctx, id);
    if (live.length > 0) {
      log.warn("retention: session past its retention period kept, cells still live", { session: id, cells: live, days: ctx.config.retentionDays });
      continue;
    }
    await eraseSession(ctx, id, "durée de conservation dépassée");
    erased++;
  }
  const logins = await ctx.storage.purgeStaffLogins(now);
  if (erased > 0 || logins > 0) log.info("retention purge", { sessions: erased, staffLogins: logins, days: ctx.config.retentionDays });
  return erased;
}

/** Purge now and every 24 h; returns a stop function. */
export function scheduleRetention(ctx: AppContext): () => void {
  const run = () => purgeExpired(ctx).catch((err) => log.error("retention purge failed", { err }));
  void run();
  const timer = setInterval(run, 86_400_000);
  timer.unref();
  return () => clearInterval(timer);
}
