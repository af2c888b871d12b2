import { applyEntry, createState, type CompiledScenario, type EngineState, type LogPayload } from "../../shared/engine/index.js";
import { compileText } from "../scenarios.js";
import type { CellRow, SessionRow, Storage } from "../storage/types.js";

/**
 * A cell's state read from the shared database alone — the latest snapshot
 * plus the log after it, folded — for a process that does not host the cell
 * (the log is the truth). Read-only: nothing is appended, no clock runs.
 */
export interface FoldedCell { compiled: CompiledScenario; state: EngineState; broken?: string }

export async function foldCell(storage: Storage, cell: CellRow, session: SessionRow): Promise<FoldedCell> {
  const compiled = compileText(session.scenarioText, session.scenarioFile);
  const snap = await storage.latestSnapshot(cell.id);
  const state: EngineState = snap ? (JSON.parse(snap.json) as { state: EngineState }).state : createState(compiled);
  for (const e of await storage.readLog(cell.id, state.seq)) {
    if (e.seq !== state.seq + 1) return { compiled, state, broken: `trou dans le journal à ${e.seq}` };
    try { applyEntry(compiled, state, e.payload as LogPayload); } catch (err) { return { compiled, state, broken: `entrée ${e.seq} : ${(err as Error).message}` }; }
  }
  return { compiled, state };
}
