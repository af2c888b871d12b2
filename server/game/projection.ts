import { actionNow, liveParts, SHARED_KINDS, staffView, viewFor, type CellView, type CompiledScenario, type Effect, type EngineState } from "../../shared/engine/index.js";
import type { ViewUpdate } from "../../shared/protocol.js";
import { ANSWER_CALL } from "../../shared/engine/calls.js";
import { playerDeadlines } from "../../shared/scoring/deadlines.js";

/**
 * The secrecy boundary for live traffic: turn the effects of one step into
 * the updates one audience may see. Players' updates are cut out of
 * `viewFor(roles)` — the same projection as the full view — so an update can
 * never carry more than the view would: a delivery not addressed to the
 * roles, another role's private output, a hidden gauge, a pending inject, a
 * trigger or an expectation stays out. Staff get everything.
 */

export type Audience = { staff: true } | { staff: false; roles: readonly string[] };

export const audienceKey = (a: Audience): string => (a.staff ? "*staff" : [...a.roles].sort().join(","));

const ALL = (compiled: CompiledScenario) => [...compiled.roles.keys()];

/** The full view of an audience, with the deadlines players see (the scenario's and the rubric's). */
export function fullView(compiled: CompiledScenario, state: EngineState, a: Audience): CellView {
  const view = a.staff ? staffView(compiled, state) : viewFor(compiled, state, a.roles);
  view.deadlines = playerDeadlines(compiled, state, a.staff ? ALL(compiled) : a.roles, view.deadlines);
  return view;
}

export function projectEffects(compiled: CompiledScenario, state: EngineState, effects: readonly Effect[], a: Audience): ViewUpdate[] {
  let cached: CellView | undefined;
  const view = () => (cached ??= fullView(compiled, state, a));
  const out: ViewUpdate[] = [];
  let clock = false, roster = false, pending = false, pacing = false;
  const countdowns = new Set<string>();
  for (const e of effects) {
    switch (e.type) {
      case "status": out.push({ type: "status", status: e.status, at: e.at }); pacing = true; break;
      case "speed": clock = true; pacing = true; break;
      case "clock": clock = true; break;
      case "countdown": countdowns.add(e.countdown.delivery); break;
      case "delivery": {
        pending = true;
        const d = view().deliveries.find((x) => x.id === e.delivery.id);
        if (d) out.push({ type: "delivery", delivery: d });
        break;
      }
      case "action": case "approval": {
        const r = view().actions.find((x) => x.id === e.action.id);
        if (r) out.push({ type: "action", action: r });
        break;
      }
      case "gauge":
        if (a.staff || compiled.gauges.get(e.gauge)?.visible) out.push({ type: "gauge", gauge: e.gauge, value: e.to, at: e.at });
        break;
      case "phase":
        out.push({ type: "phase", phase: e.to, name: compiled.phases.get(e.to)?.source.name ?? e.to, at: e.at });
        pacing = true;
        break;
      case "roster": roster = true; break;
      case "end": out.push({ type: "end", at: e.at, reason: e.reason }); break;
      // Whoever's view holds expectations (staff always, players from the debrief on) gets their changes.
      case "expectation": if (view().expectations !== undefined) out.push({ type: "expectation", expectation: e.expectation, status: e.status, at: e.at }); break;
      case "trigger": if (a.staff) out.push({ type: "trigger", trigger: e.trigger, at: e.at, ...(e.branch ? { branch: e.branch } : {}) }); break;
      case "scheduled": case "cancelled": pending = true; break;
      case "rejected": break;
    }
  }
  if (roster) out.push({ type: "roster", players: view().players });
  if (a.staff && pending) out.push({ type: "pending", pending: view().pending ?? [] });
  // A countdown of this audience changed: its list again (another role's countdown sends it nothing, not even a sign).
  if (countdowns.size > 0 && view().countdowns.some((c) => countdowns.has(c.delivery))) out.push({ type: "countdowns", countdowns: view().countdowns });
  if (pacing) out.push({ type: "pacing", pacing: view().pacing });
  if (clock) out.push({ type: "clock", time: state.time, speed: state.speed });
  return out;
}

/**
 * The deadlines of each audience, sent again only when they changed for it
 * (an expectation resolved, a deadline opened by a delivery, a rubric delay
 * answered or past): per-role since a deadline started by an inject shows only
 * to the roles that received it.
 */
export class DeadlineTracker {
  private last = new Map<string, string>();
  changed(compiled: CompiledScenario, state: EngineState, a: Audience): CellView["deadlines"] | undefined {
    const roles = a.staff ? ALL(compiled) : a.roles;
    const deadlines = playerDeadlines(compiled, state, roles, viewFor(compiled, { ...state, actions: [] }, roles).deadlines);
    const key = audienceKey(a), fp = JSON.stringify(deadlines);
    if (this.last.get(key) === fp) return undefined;
    this.last.set(key, fp);
    return deadlines;
  }
}

/**
 * The living parts of each audience's calls and posts (reveal.ts), sent again
 * only when they changed for it: a line said, a call missed, shares grown, a
 * reply of the public come due. Nothing is sent ahead of its game time, so a
 * recipient's frames never hold a line, a count or a reply before then.
 */
export class LiveTracker {
  private last = new Map<string, Map<string, string>>();
  /** Whether an entry's effects can change what calls and posts show: time moved, a call was picked up, a trigger fired (a curve's scale). */
  static mayChange(effects: readonly Effect[]): boolean {
    return effects.some((e) => e.type === "clock" || e.type === "trigger" || (e.type === "action" && e.action.action === ANSWER_CALL));
  }
  changed(compiled: CompiledScenario, state: EngineState, a: Audience, sent: readonly ViewUpdate[]): ViewUpdate[] {
    const key = audienceKey(a);
    const seen = this.last.get(key) ?? new Map<string, string>();
    this.last.set(key, seen);
    const fresh = new Set(sent.flatMap((u) => (u.type === "delivery" ? [u.delivery.id] : u.type === "action" ? [u.action.id] : [])));
    const changed = <T>(id: string, item: T): boolean => {
      const fp = JSON.stringify(item);
      if (seen.get(id) === fp) return false;
      seen.set(id, fp);
      return !fresh.has(id); // just sent whole in this update
    };
    const parts = liveParts(compiled, state, a.staff ? "all" : a.roles).filter((p) => changed(p.id, p));
    const out: ViewUpdate[] = parts.length > 0 ? [{ type: "live", deliveries: parts }] : [];
    // The cell's posts: the action again as each of the public's replies comes due.
    for (const rec of state.actions) {
      if (!rec.replies?.length || !(a.staff || SHARED_KINDS.has(rec.kind) || a.roles.includes(rec.role))) continue;
      const now = actionNow(state, rec);
      if (changed(rec.id, now.replies?.length ?? 0)) out.push({ type: "action", action: now });
    }
    return out;
  }
}
