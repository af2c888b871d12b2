import type { CompiledScenario, EngineState } from "../../shared/engine/index.js";
import { tr } from "../../shared/scenario/text.js";
import type { Damage } from "./fold.js";
import type { DamageCause } from "../storage/health.js";
import type { CellRow } from "../storage/types.js";

/**
 * One cell in a line or two, for the instructor's screen that watches every
 * cell of a session at once: what is happening, who is there, what they
 * last did, how the expectations stand. Staff only (it shows hidden gauges).
 * `live` is the cell's runtime in this process, or its state folded from the
 * log (server/remote.ts picks); without it the cell is shown unavailable.
 * A damaged cell carries `damaged: { cause, message }` (cause: storage,
 * scenario, log or engine) — with its state when it could be folded up to
 * the damage, alone (`available: false`) when it could not be read at all.
 */
export function cellOverview(cell: CellRow, live: { compiled: CompiledScenario; state: EngineState; broken?: string; brokenCause?: DamageCause; damage?: Damage } | undefined) {
  if (!live) return { id: cell.id, name: cell.name, index: cell.index, code: cell.code, status: cell.status, available: false };
  const damage = live.damage ?? (live.broken !== undefined ? { cause: live.brokenCause ?? "engine", message: live.broken } : undefined);
  const s = live.state;
  const expectations = { pending: 0, met: 0, late: 0, missed: 0 };
  for (const e of Object.values(s.expectations)) expectations[e.status]++;
  return {
    id: cell.id, name: cell.name, index: cell.index, code: cell.code, available: true, broken: live.broken, ...(damage ? { damaged: damage } : {}),
    status: s.status, time: s.time, speed: s.speed, seq: s.seq,
    phase: { id: s.phase, name: tr(live.compiled.phases.get(s.phase)?.source.name) || s.phase },
    gauges: live.compiled.scenario.gauges.map((g) => ({ id: g.id, name: tr(g.name), value: s.gauges[g.id], min: g.min, max: g.max, visible: g.visible })),
    players: Object.values(s.players).map((p) => ({ id: p.id, name: p.name, roles: p.roles, present: p.present })),
    deliveries: s.deliveries.length, actions: s.actions.length, pending: s.pending.length,
    lastActions: s.actions.slice(-5).reverse(),
    expectations,
    ...(s.ended ? { ended: s.ended } : {}),
  };
}

/** A cell that cannot be shown at all (its scenario or its storage fails): the line says why, the others display. */
export function damagedOverview(cell: CellRow, damage: Damage) {
  return { id: cell.id, name: cell.name, index: cell.index, code: cell.code, status: cell.status, available: false, damaged: damage };
}
