import { applyEntry, createState, type CompiledScenario, type Effect, type EngineState, type LogPayload } from "../../shared/engine/index.js";
import { compileText } from "../scenarios.js";
import { StorageError } from "../storage/errors.js";
import type { DamageCause } from "../storage/health.js";
import { storageHealth } from "../storage/monitor.js";
import type { CellRow, SessionRow, Storage, StoredEntry } from "../storage/types.js";

/** What the server remembers besides the engine state, to refuse stale intents (snapshotted with it). */
export interface StaleMeta {
  /** Item id (delivery dN, action aN, task aN) → seq of the entry that last created or changed it. */
  changed: Record<string, number>;
  /** Seq of the last entry that paused or ended the cell. */
  statusSeq: number;
}

/**
 * A cell's state from the database — the latest snapshot plus the log after
 * it, folded — with every way this can go wrong told apart, so that the
 * operator and the instructor hear the real cause:
 * - `scenario`: the session's scenario text does not compile any more;
 * - `storage`: the database cannot give the snapshot or the log (damaged file, I/O);
 * - `log`: the log itself is wrong: a gap, or it ends before entries that were
 *   acknowledged (the latest snapshot, or the acked record outside the
 *   database, is further on): entries were lost;
 * - `engine`: the engine throws on an entry it once accepted.
 * Used for recovery (CellRuntime.open), the overview of a cell hosted
 * elsewhere (read-only: nothing is appended, no clock runs) and the start-up check.
 */

export interface Damage { cause: DamageCause; message: string }
export type FoldedCell =
  | { ok: true; compiled: CompiledScenario; state: EngineState; meta: StaleMeta; snapshotSeq: number; damage?: Damage; broken?: string }
  | { ok: false; damage: Damage };

/** Fold `entries` into `state` (mutated) from state.seq + 1, calling `track` for each; the first damage stops it. */
export function foldEntries(compiled: CompiledScenario, state: EngineState, entries: StoredEntry[], track?: (e: StoredEntry, effects: Effect[]) => void): Damage | undefined {
  for (const e of entries) {
    if (e.seq <= state.seq) continue;
    if (e.seq !== state.seq + 1) return { cause: "log", message: `trou dans le journal : entrée ${state.seq + 1} manquante (la suivante est ${e.seq})` };
    let effects: Effect[];
    try { effects = applyEntry(compiled, state, e.payload as LogPayload); } catch (err) {
      return { cause: "engine", message: `le moteur échoue sur l'entrée ${e.seq} : ${(err as Error).message}` };
    }
    track?.(e, effects);
  }
  return undefined;
}

/** Entries acknowledged but no longer in the log: the log ends at `last`, while the snapshot or the acked record say more. */
export function lostTail(last: number, snapshotSeq: number, acked: number | undefined): Damage | undefined {
  if (snapshotSeq > last) return { cause: "log", message: `le journal s'arrête à l'entrée ${last} mais l'instantané enregistré est à ${snapshotSeq} : entrées ${last + 1} à ${snapshotSeq} perdues` };
  if (acked !== undefined && acked > last) {
    return { cause: "log", message: `entrées ${last + 1} à ${acked} acquittées mais absentes du journal (WAL endommagé ou copie plus ancienne de la base) : elles sont perdues` };
  }
  return undefined;
}

/** Compile the session's scenario, or say that this — not the storage — is what fails. */
export function compileSession(session: SessionRow): { compiled: CompiledScenario } | { damage: Damage } {
  try { return { compiled: compileText(session.scenarioText, session.scenarioFile) }; } catch (err) {
    return { damage: { cause: "scenario", message: `le scénario de la session ne se compile pas : ${(err as Error).message}` } };
  }
}

/** A storage failure as a damage of this cell; anything else is a bug and is thrown. */
export function storageDamage(err: unknown): Damage {
  if (err instanceof StorageError) return { cause: "storage", message: `lecture de la base impossible : ${err.message}` };
  if (err instanceof SyntaxError) return { cause: "storage", message: `instantané illisible : ${err.message}` };
  throw err;
}

/**
 * Snapshot + tail, folded; `track` also receives every entry after the
 * snapshot and its effects (recovery rebuilds its stale-intent memory from them). Every
 * damage found is also recorded in the storage's health.
 */
export async function foldCell(storage: Storage, cell: CellRow, session: SessionRow, track?: (e: StoredEntry, effects: Effect[]) => void): Promise<FoldedCell> {
  const out = await foldCellQuiet(storage, cell, session, track);
  const damage = out.damage;
  const health = storageHealth(storage);
  if (damage) health.cellDamaged(cell.id, damage.cause, damage.message);
  else health.cellRepaired(cell.id);
  return out;
}

async function foldCellQuiet(storage: Storage, cell: CellRow, session: SessionRow, track?: (e: StoredEntry, effects: Effect[]) => void): Promise<FoldedCell> {
  const c = compileSession(session);
  if ("damage" in c) return { ok: false, damage: c.damage };
  const { compiled } = c;
  let state: EngineState, meta: StaleMeta, snapshotSeq: number, tail: StoredEntry[], last: number, acked: number | undefined;
  try {
    const snap = await storage.latestSnapshot(cell.id);
    if (snap) ({ state, meta } = JSON.parse(snap.json) as { state: EngineState; meta: StaleMeta });
    else { state = createState(compiled); meta = { changed: {}, statusSeq: 0 }; }
    snapshotSeq = snap?.seq ?? 0;
    tail = await storage.readLog(cell.id, state.seq);
    last = tail.length ? tail[tail.length - 1].seq : await storage.lastSeq(cell.id);
    acked = (await storage.ackedSeqs())?.get(cell.id);
  } catch (err) {
    return { ok: false, damage: storageDamage(err) };
  }
  const damage = foldEntries(compiled, state, tail, track) ?? lostTail(last, snapshotSeq, acked);
  return { ok: true, compiled, state, meta, snapshotSeq, ...(damage ? { damage, broken: damage.message } : {}) };
}
