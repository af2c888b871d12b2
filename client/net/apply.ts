import type { CellView } from "../../shared/engine/view.js";
import type { ViewUpdate } from "../../shared/protocol.js";

/**
 * Apply the server's projected updates to the local view (mutated in place).
 * Idempotent per item: a delivery or action seen twice (e.g. after a
 * reconnection that resent a full view) is stored once, an action is
 * replaced by its newer record (approval). Returns what changed, so panels
 * re-render only their own lists.
 */
export type Changed = "status" | "clock" | "phase" | "gauges" | "deliveries" | "live" | "actions" | "players" | "deadlines" | "countdowns" | "pacing" | "expectations" | "pending" | "end";

export function applyUpdates(view: CellView, updates: readonly ViewUpdate[]): Set<Changed> {
  const changed = new Set<Changed>();
  for (const u of updates) {
    switch (u.type) {
      case "status": view.status = u.status; changed.add("status"); break;
      case "clock": view.time = u.time; view.speed = u.speed; changed.add("clock"); break;
      case "phase": view.phase = { id: u.phase, name: u.name }; changed.add("phase"); break;
      case "gauge": {
        const g = view.gauges.find((x) => x.id === u.gauge);
        if (g) { g.value = u.value; changed.add("gauges"); }
        break;
      }
      case "delivery":
        if (!view.deliveries.some((d) => d.id === u.delivery.id)) { view.deliveries.push(u.delivery); changed.add("deliveries"); }
        break;
      case "live":
        // What calls and posts show now: merged into the deliveries received (a call's parts replace the older ones whole).
        for (const part of u.deliveries) {
          const d = view.deliveries.find((x) => x.id === part.id);
          if (d) { Object.assign(d, part); changed.add("live"); }
        }
        break;
      case "action": {
        const i = view.actions.findIndex((a) => a.id === u.action.id);
        if (i >= 0) view.actions[i] = u.action; else view.actions.push(u.action);
        changed.add("actions");
        break;
      }
      case "roster": view.players = u.players; changed.add("players"); break;
      case "deadlines": view.deadlines = u.deadlines; changed.add("deadlines"); break;
      case "countdowns": view.countdowns = u.countdowns; changed.add("countdowns"); break;
      case "pacing": view.pacing = u.pacing; changed.add("pacing"); break;
      case "expectation": {
        const e = view.expectations?.find((x) => x.id === u.expectation);
        if (e) { e.status = u.status; e.resolvedAt = u.at; changed.add("expectations"); }
        break;
      }
      case "expectations": view.expectations = u.expectations; changed.add("expectations"); break;
      case "pending": view.pending = u.pending; changed.add("pending"); break;
      case "trigger": case "annotation": break; // staff-only facts the view does not hold (the connection keeps annotations)
      case "end":
        view.status = "ended"; view.ended = { at: u.at, reason: u.reason };
        changed.add("end"); changed.add("status");
        break;
    }
  }
  return changed;
}

/** The game time to display now, interpolated from the last clock update while running. */
export function displayTime(view: Pick<CellView, "time" | "speed" | "status" | "duration">, sinceUpdateMs: number): number {
  if (view.status !== "running") return view.time;
  // speed = game minutes per real minute = game seconds per real second. Never run more than 2 real minutes ahead of the server.
  const ahead = Math.min(sinceUpdateMs, 120_000) / 1000 * view.speed;
  return Math.min(view.time + ahead, view.duration);
}
