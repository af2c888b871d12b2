import type { CCondition, CEffect, CompiledScenario } from "./compiled.js";
import { evaluate, isStaffed, matchingActions, positiveActionAtoms } from "./conditions.js";
import { nextRandom } from "./rng.js";
import type { Delivery, Effect, EngineState, Pending } from "./types.js";

/**
 * The moves of the world: deliveries, effects, phases, and the "settle" loop
 * that runs phase transitions, triggers, expectations and end conditions
 * until nothing changes. All functions mutate the state they are given and
 * push what happened onto `out`.
 */

const MAX_SETTLE_PASSES = 64;

/** Where traffic addressed to `roles` lands: a vacant role's traffic goes to its fallback chain. */
export function resolveRecipients(compiled: CompiledScenario, state: EngineState, roles: string[]): string[] {
  const out: string[] = [];
  for (const r of roles) {
    let cur = r;
    for (let hops = 0; hops <= compiled.roles.size && !isStaffed(state, cur); hops++) {
      const fb = compiled.roles.get(cur)?.fallback;
      if (!fb) break;
      cur = fb;
    }
    const target = isStaffed(state, cur) ? cur : r;
    if (!out.includes(target)) out.push(target);
  }
  return out;
}

export function pushDelivery(state: EngineState, d: Omit<Delivery, "id" | "at">, out: Effect[]): Delivery {
  const delivery: Delivery = { id: `d${state.deliveries.length + 1}`, at: state.time, ...d };
  state.deliveries.push(delivery);
  if (delivery.inject !== undefined && state.delivered[delivery.inject] === undefined) state.delivered[delivery.inject] = state.time;
  out.push({ type: "delivery", delivery });
  return delivery;
}

export function deliverInject(compiled: CompiledScenario, state: EngineState, injectId: string, out: Effect[]): void {
  const inj = compiled.injects.get(injectId);
  if (!inj) return;
  const to = inj.to === "all" ? [...compiled.roles.keys()] : inj.to;
  pushDelivery(state, {
    inject: inj.id, channel: inj.channel, from: inj.from, to, recipients: resolveRecipients(compiled, state, to),
    severity: inj.severity, public: inj.public,
    ...(inj.shares !== undefined ? { shares: inj.shares } : {}),
    ...(inj.place !== undefined ? { place: inj.place } : {}),
  }, out);
}

/** Insert keeping (at, insertion order): a stable schedule. */
export function schedule(state: EngineState, p: Omit<Pending, "key">, out: Effect[]): void {
  const pending: Pending = { key: `p${++state.nextPending}`, ...p };
  let i = state.pending.length;
  while (i > 0 && state.pending[i - 1].at > pending.at) i--;
  state.pending.splice(i, 0, pending);
  out.push({ type: "scheduled", pending });
}

export function cancelInject(state: EngineState, inject: string, out: Effect[]): boolean {
  const before = state.pending.length;
  state.pending = state.pending.filter((p) => p.inject !== inject);
  if (state.pending.length === before) return false;
  out.push({ type: "cancelled", inject, at: state.time });
  return true;
}

export function setGauge(compiled: CompiledScenario, state: EngineState, id: string, change: { add?: number; set?: number }, out: Effect[]): void {
  const g = compiled.gauges.get(id);
  const from = state.gauges[id];
  if (!g || from === undefined) return;
  const raw = change.set !== undefined ? change.set : from + (change.add ?? 0);
  const to = Math.min(g.max, Math.max(g.min, raw));
  if (to === from) return;
  state.gauges[id] = to;
  out.push({ type: "gauge", gauge: id, from, to, at: state.time });
}

export function endSession(compiled: CompiledScenario, state: EngineState, reason: string, out: Effect[], condition?: string): void {
  if (state.status === "ended") return;
  // What was achieved at the very moment of ending (e.g. the action that led to a final phase) counts.
  settleExpectations(compiled, state, out);
  state.status = "ended";
  state.ended = { at: state.time, reason, ...(condition ? { condition } : {}) };
  // Expectations whose clock started and that nobody met are missed at the end.
  for (const e of compiled.expectations) {
    const es = state.expectations[e.id];
    if (es.status === "pending" && es.startedAt !== undefined && !e.afterEnd) {
      es.status = "missed";
      es.resolvedAt = state.time;
      out.push({ type: "expectation", expectation: e.id, status: "missed", at: state.time });
    }
  }
  out.push({ type: "end", at: state.time, reason });
  out.push({ type: "status", status: "ended", at: state.time });
}

export function enterPhase(compiled: CompiledScenario, state: EngineState, to: string, out: Effect[]): void {
  const from = state.phase;
  state.phase = to;
  state.phases.push({ phase: to, at: state.time });
  out.push({ type: "phase", from, to, at: state.time });
  const phase = compiled.phases.get(to);
  if (!phase) return;
  applyEffects(compiled, state, phase.onEnter, `phase:${to}`, out);
  if (phase.final) endSession(compiled, state, `phase:${to}`, out);
}

export function applyEffects(compiled: CompiledScenario, state: EngineState, effects: CEffect[], cause: string, out: Effect[]): void {
  for (const e of effects) {
    if (state.status === "ended") return;
    switch (e.k) {
      case "inject":
        if (e.delay > 0) schedule(state, { inject: e.inject, at: state.time + e.delay, cause }, out);
        else deliverInject(compiled, state, e.inject, out);
        break;
      case "gauge": setGauge(compiled, state, e.id, e, out); break;
      case "phase": {
        const to = compiled.phaseMachine.goto(state.phase, e.phase);
        if (to) enterPhase(compiled, state, to, out);
        break;
      }
      case "cancel": cancelInject(state, e.inject, out); break;
      case "end": endSession(compiled, state, e.reason, out); break;
      case "speed":
        state.tempo = e.speed;
        if (!state.manualSpeed && state.speed !== e.speed) { state.speed = e.speed; out.push({ type: "speed", speed: e.speed }); }
        break;
    }
  }
}

function expectationStart(compiled: CompiledScenario, state: EngineState, start: { at: number } | { inject: string } | { action: string }): number | undefined {
  if ("at" in start) return state.time >= start.at ? start.at : undefined;
  if ("inject" in start) return state.delivered[start.inject];
  const first = state.actions.find((a) => a.action === start.action && a.status === "done");
  return first?.at;
}

/** Update every unresolved expectation; true when one changed. Also runs after the end, for the debrief. */
export function settleExpectations(compiled: CompiledScenario, state: EngineState, out: Effect[]): boolean {
  let changed = false;
  for (const e of compiled.expectations) {
    const es = state.expectations[e.id];
    if (es.status !== "pending") continue;
    if (es.startedAt === undefined) {
      const s = expectationStart(compiled, state, e.start);
      if (s === undefined) continue;
      es.startedAt = s;
      if (e.deadline !== undefined) es.dueAt = s + e.deadline;
      changed = true;
    }
    const due = es.dueAt;
    const lateEnd = e.lateUntil !== undefined ? es.startedAt + e.lateUntil : undefined;
    if (evaluate(e.condition, state, compiled)) {
      const status = due === undefined || state.time <= due ? "met" : lateEnd !== undefined && state.time <= lateEnd ? "late" : "missed";
      es.status = status;
      es.resolvedAt = state.time;
      es.evidence = evidenceFor(compiled, state, e.condition);
    } else if (due !== undefined && state.time > due && (lateEnd === undefined || state.time > lateEnd)) {
      es.status = "missed";
      es.resolvedAt = lateEnd ?? due;
    } else continue;
    out.push({ type: "expectation", expectation: e.id, status: es.status, at: es.resolvedAt! });
    changed = true;
  }
  return changed;
}

/** The actions that made a condition hold: the evidence an assessor sees. */
function evidenceFor(_compiled: CompiledScenario, state: EngineState, c: CCondition): string[] {
  const ids = new Set<string>();
  for (const atom of positiveActionAtoms(c)) for (const a of matchingActions(state, atom)) ids.add(a.id);
  return [...ids];
}

/** Run phase transitions, triggers, expectations and end conditions until nothing changes. */
export function settle(compiled: CompiledScenario, state: EngineState, out: Effect[]): void {
  for (let pass = 0; pass < MAX_SETTLE_PASSES && state.status !== "ended"; pass++) {
    let changed = false;
    const next = compiled.phaseMachine.evaluate(state.phase, state, compiled);
    if (next) { enterPhase(compiled, state, next, out); changed = true; }
    for (const t of compiled.triggers) {
      if ((state.status as string) === "ended") return;
      const latched = state.latched[t.id] === true;
      if (t.once && latched) continue;
      const holds = evaluate(t.when, state, compiled);
      if (!holds) { if (latched) state.latched[t.id] = false; continue; }
      if (latched) continue;
      state.latched[t.id] = true;
      changed = true;
      if (t.chance < 1) {
        const [draw, rng] = nextRandom(state.rng);
        state.rng = rng;
        if (draw >= t.chance) continue;
      }
      state.fired[t.id] = (state.fired[t.id] ?? 0) + 1;
      // A later outcome of the same branch point replaces an earlier one: the branch the cell ended up on.
      if (t.branch) state.branches[t.branch.id] = { outcome: t.branch.outcome, at: state.time, trigger: t.id };
      out.push({ type: "trigger", trigger: t.id, at: state.time, ...(t.branch ? { branch: t.branch } : {}) });
      applyEffects(compiled, state, t.then, `trigger:${t.id}`, out);
    }
    if (settleExpectations(compiled, state, out)) changed = true;
    for (const e of compiled.end) {
      if ((state.status as string) === "ended") break;
      if (evaluate(e.when, state, compiled)) { endSession(compiled, state, e.outcome, out, e.id); changed = true; }
    }
    if (!changed) break;
  }
}
