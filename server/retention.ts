import type { AppContext } from "./context.js";
import { log } from "./log.js";
import { closeCellForGood } from "./remote.js";

/**
 * Personal data is kept for RETENTION_DAYS (default 365) after a session was
 * created, then erased with everything attached to it. Runs at start and
 * once a day; an instructor can also erase a session at any time.
 */

/** Close the session's rooms wherever they run (clients are told not to come back), then delete it from storage. */
export async function eraseSession(ctx: AppContext, sessionId: string, reason: string): Promise<void> {
  for (const cell of await ctx.storage.listCells(sessionId)) {
    await closeCellForGood(ctx, cell.id, reason).catch((err) => log.error("room not closed", { cell: cell.id, err }));
  }
  await ctx.storage.eraseSession(sessionId);
  log.info("session erased", { session: sessionId, reason });
}

export async function purgeExpired(ctx: AppContext, now = Date.now()): Promise<number> {
  const cutoff = now - ctx.config.retentionDays * 86_400_000;
  const ids = await ctx.storage.sessionsCreatedBefore(cutoff);
  for (const id of ids) await eraseSession(ctx, id, "durée de conservation dépassée");
  const sessions = await ctx.storage.purgeStaffSessions(now);
  if (ids.length > 0 || sessions > 0) log.info("retention purge", { sessions: ids.length, staffSessions: sessions, days: ctx.config.retentionDays });
  return ids.length;
}

/** Purge now and every 24 h; returns a stop function. */
export function scheduleRetention(ctx: AppContext): () => void {
  const run = () => purgeExpired(ctx).catch((err) => log.error("retention purge failed", { err }));
  void run();
  const timer = setInterval(run, 86_400_000);
  timer.unref();
  return () => clearInterval(timer);
}
