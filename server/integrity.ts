import { foldCell } from "./game/fold.js";
import { log } from "./log.js";
import { storageHealth } from "./storage/monitor.js";
import { readAcked } from "./storage/sqlite-acked.js";
import type { Storage } from "./storage/types.js";

/**
 * The start-up check of the storage, run once the server listens (so that
 * /healthz already answers): the database's own structure (SQLite
 * `PRAGMA quick_check`, in a thread of its own), the acked record outside
 * it, and every live cell's log — read and folded from its snapshot, with
 * its end compared to the latest snapshot and to the acked record. What is
 * wrong is logged (ids, never names) and reported by /healthz; nothing is
 * refused: healthy cells are served, a damaged one is shown damaged.
 */
export async function checkStorageAtStart(storage: Storage): Promise<{ ok: boolean; cells: number; damaged: string[] }> {
  const health = storageHealth(storage);
  const integrity = await storage.checkIntegrity();
  health.integrityChecked(integrity);
  if (!integrity.ok) log.error("storage integrity check failed", { problems: integrity.problems });
  const file = (storage as { file?: string }).file;
  if (storage.kind === "sqlite" && file && file !== ":memory:") {
    const acked = readAcked(file);
    health.note("acked_unreadable", acked.problems.length ? `registre des entrées acquittées illisible : ${acked.problems.join(" ; ")}` : undefined);
    if (acked.problems.length) log.warn("acked record unreadable", { problems: acked.problems });
  }
  const damaged: string[] = [];
  let cells;
  try { cells = await storage.listLiveCells(); } catch (err) {
    log.error("storage check: live cells unreadable", { err });
    return { ok: false, cells: 0, damaged };
  }
  for (const cell of cells) {
    try {
      const session = await storage.getSession(cell.sessionId);
      if (!session) continue;
      const f = await foldCell(storage, cell, session);
      if (f.damage) {
        damaged.push(cell.id);
        log.error("cell damaged", { cell: cell.id, session: cell.sessionId, cause: f.damage.cause, reason: f.damage.message });
      }
    } catch (err) {
      damaged.push(cell.id);
      log.error("cell check failed", { cell: cell.id, err });
    }
  }
  log.info("storage checked", { integrity: integrity.ok, cells: cells.length, damaged: damaged.length });
  return { ok: integrity.ok && damaged.length === 0, cells: cells.length, damaged };
}
