import type { CCondition, CEffect, CompiledScenario } from "./compiled.js";
import { indexDelivery, isStaffed, matchingActions, positiveActionAtoms } from "./conditions.js";
import { acknowledge, quiet, retire, rootHolds, touch } from "./deps.js";
import { OPEN, type MachineEvent, type MachineAction } from "./machine.js";
import { nextRandom } from "./rng.js";
import type { ActionRecord, CountdownState, Delivery, Effect, EngineState, ExpectationState, MachineValue, Pending } from "./types.js";
import { engineVersion } from "./version.js";
import { paced } from "./tempo.js";

export { paced };

/**
 * The moves of the world: deliveries, effects, the statechart's events and
 * actions, and the "settle" loop that runs phase transitions, triggers,
 * expectations and end conditions until nothing changes. All functions
 * mutate the state they are given, tell the dependency cache what changed
 * (`touch`), and push what happened onto `out`.
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

/** v2: the next number in the log's order of events (actions taking effect, deliveries, branch outcomes). */
export function nextEvent(state: EngineState): number | undefined {
  if (engineVersion(state) < 2) return undefined;
  state.events = (state.events ?? 0) + 1;
  return state.events;
}

/** Append a delivery (and open its reply countdown: the inject's `deadline`, or `improvised`, an instructor's). */
export function pushDelivery(compiled: CompiledScenario, state: EngineState, d: Omit<Delivery, "id" | "at">, out: Effect[],
  improvised?: { within: number; label?: string; consequence?: string }): Delivery {
  const n = nextEvent(state);
  const delivery: Delivery = { id: `d${state.deliveries.length + 1}`, at: state.time, ...d, ...(n !== undefined ? { n } : {}) };
  state.deliveries.push(delivery);
  indexDelivery(state, delivery);
  if (delivery.inject !== undefined) {
    if (state.delivered[delivery.inject] === undefined) state.delivered[delivery.inject] = state.time;
    touch(compiled, state, `d:${delivery.inject}`);
  }
  out.push({ type: "delivery", delivery });
  const cd = delivery.inject !== undefined ? compiled.countdowns.get(delivery.inject) : undefined;
  if (cd || improvised) {
    const countdown: CountdownState = cd ? { delivery: delivery.id, inject: delivery.inject!, dueAt: state.time + cd.within, status: "open" }
      : { delivery: delivery.id, dueAt: state.time + improvised!.within, status: "open",
        improvised: { ...(improvised!.label ? { label: improvised!.label } : {}), ...(improvised!.consequence ? { consequence: improvised!.consequence } : {}) } };
    (state.countdowns ??= []).push(countdown);
    out.push({ type: "countdown", countdown });
  }
  return delivery;
}

/**
 * Reply deadlines: a reply to the delivery by a role that received it (a
 * countdown without `until`) answers it; its `until` holding answers it; its
 * due time passing unanswered expires it and plays its `expired` effects.
 * True when one changed.
 */
export function settleCountdowns(compiled: CompiledScenario, state: EngineState, out: Effect[], reply?: ActionRecord): boolean {
  let changed = false;
  for (const c of state.countdowns ?? []) {
    if (c.status !== "open") continue;
    const cd = c.inject !== undefined ? compiled.countdowns.get(c.inject) : undefined;
    let answered = false;
    if (cd?.until) answered = rootHolds(compiled, state, cd.until.root);
    else if (reply?.replyTo === c.delivery) {
      const d = state.deliveries.find((x) => x.id === c.delivery);
      answered = d !== undefined && (d.recipients.includes(reply.role) || d.to.includes(reply.role));
      if (answered) c.by = reply.id;
    }
    if (answered) { c.status = "answered"; c.resolvedAt = state.time; }
    else if (state.time >= c.dueAt && state.status !== "ended") { c.status = "expired"; c.resolvedAt = c.dueAt; }
    else continue;
    changed = true;
    out.push({ type: "countdown", countdown: c });
    if (c.status === "expired" && cd) applyEffects(compiled, state, cd.expired, `countdown:${c.delivery}`, out);
  }
  return changed;
}

export function deliverInject(compiled: CompiledScenario, state: EngineState, injectId: string, out: Effect[]): void {
  const inj = compiled.injects.get(injectId);
  if (!inj) return;
  const to = inj.to === "all" ? [...compiled.roles.keys()] : inj.to;
  pushDelivery(compiled, state, {
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
  touch(compiled, state, `g:${id}`);
  out.push({ type: "gauge", gauge: id, from, to, at: state.time });
}

/** The statechart's configuration: stored from version 2, derived from the mirrors for version-1 states. */
export function machineValue(compiled: CompiledScenario, state: EngineState): MachineValue {
  if (state.machine) return state.machine;
  const points = compiled.branchPoints;
  return {
    session: state.status, phase: state.phase,
    ...(points.size > 0 ? { branches: Object.fromEntries([...points.keys()].map((b) => [b, state.branches[b]?.outcome ?? OPEN])) } : {}),
  };
}

/**
 * Send an event to the statechart and apply what it returns: the new
 * configuration (mirrored into `status` and `phase`; a phase change is
 * recorded), then its actions, as data, in order. False when nothing changed.
 */
export function sendMachine(compiled: CompiledScenario, state: EngineState, event: MachineEvent, out: Effect[]): boolean {
  const m = compiled.machine(engineVersion(state));
  const r = m.send(machineValue(compiled, state), event);
  if (!r) return false;
  const fromPhase = state.phase;
  if (engineVersion(state) >= 2) state.machine = r.value;
  state.status = r.value.session;
  if (r.value.phase !== fromPhase) {
    state.phase = r.value.phase;
    state.phases.push({ phase: r.value.phase, at: state.time });
    touch(compiled, state, "phase");
    out.push({ type: "phase", from: fromPhase, to: r.value.phase, at: state.time });
  }
  for (const a of r.actions) runAction(compiled, state, a, out);
  return true;
}

function runAction(compiled: CompiledScenario, state: EngineState, a: MachineAction, out: Effect[]): void {
  switch (a.type) {
    case "started":
      out.push({ type: "status", status: "running", at: state.time });
      applyEffects(compiled, state, compiled.phases.get(state.phase)!.onEnter, `phase:${state.phase}`, out);
      return;
    case "entered": {
      const phase = compiled.phases.get(a.phase);
      if (!phase) return;
      applyEffects(compiled, state, phase.onEnter, `phase:${a.phase}`, out);
      if (phase.final) endSession(compiled, state, `phase:${a.phase}`, out);
      return;
    }
    case "fired": {
      const t = compiled.triggers.find((x) => x.id === a.trigger)!;
      fire(compiled, state, t, out);
    }
  }
}

function fire(compiled: CompiledScenario, state: EngineState, t: CompiledScenario["triggers"][number], out: Effect[]): void {
  state.fired[t.id] = (state.fired[t.id] ?? 0) + 1;
  if (t.branch) {
    const n = nextEvent(state);
    // Version 1: a later outcome of the same branch point replaces an earlier one. Version 2: the statechart allows one.
    state.branches[t.branch.id] = { outcome: t.branch.outcome, at: state.time, trigger: t.id, ...(n !== undefined ? { n } : {}) };
    touch(compiled, state, `b:${t.branch.id}`);
  }
  out.push({ type: "trigger", trigger: t.id, at: state.time, ...(t.branch ? { branch: t.branch } : {}) });
  applyEffects(compiled, state, t.then, `trigger:${t.id}`, out);
}

export function endSession(compiled: CompiledScenario, state: EngineState, reason: string, out: Effect[], condition?: string): void {
  if (state.status === "ended") return;
  // What was achieved at the very moment of ending (e.g. the action that led to a final phase) counts.
  settleExpectations(compiled, state, out);
  sendMachine(compiled, state, { type: "END" }, out);
  state.ended = { at: state.time, reason, ...(condition ? { condition } : {}) };
  // Expectations whose clock started and that nobody met are missed at the end.
  const states = expectationStates(compiled, state);
  compiled.expectations.forEach((e, i) => {
    const es = states[i];
    if (es.status === "pending" && es.startedAt !== undefined && !e.afterEnd) {
      es.status = "missed";
      es.resolvedAt = state.time;
      touch(compiled, state, `e:${e.id}`);
      out.push({ type: "expectation", expectation: e.id, status: "missed", at: state.time });
    }
  });
  out.push({ type: "end", at: state.time, reason });
  out.push({ type: "status", status: "ended", at: state.time });
}

/** Force a phase (a `phase:` effect, the instructor): the statechart decides whether it is a change. */
export function gotoPhase(compiled: CompiledScenario, state: EngineState, phase: string, out: Effect[]): void {
  sendMachine(compiled, state, { type: `GOTO.${phase}` }, out);
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
      case "phase": gotoPhase(compiled, state, e.phase, out); break;
      case "cancel": cancelInject(state, e.inject, out); break;
      case "end": endSession(compiled, state, e.reason, out); break;
      case "speed":
        state.tempo = e.speed;
        if (!state.manualSpeed) setSpeed(state, paced(e.speed, state.factor), out);
        break;
      case "volume": {
        const volumes = (state.volumes ??= {});
        (volumes[e.inject] ??= []).push({ at: state.time, scale: e.scale });
        touch(compiled, state, `v:${e.inject}`);
        break;
      }
    }
  }
}


export function setSpeed(state: EngineState, speed: number, out: Effect[]): void {
  if (state.speed === speed) return;
  state.speed = speed;
  out.push({ type: "speed", speed });
}

function expectationStart(compiled: CompiledScenario, state: EngineState, start: { at: number } | { inject: string } | { action: string }): number | undefined {
  if ("at" in start) return state.time >= start.at ? start.at : undefined;
  if ("inject" in start) return state.delivered[start.inject];
  const first = state.actions.find((a) => a.action === start.action && a.status === "done");
  return first?.at;
}

const expectationRefs = new WeakMap<EngineState, ExpectationState[]>();

/**
 * The states of the compiled expectations, in their order: the objects of
 * `state.expectations`, which the engine mutates and never replaces, read
 * without a lookup by id on every pass (beside the state, never in it).
 */
export function expectationStates(compiled: CompiledScenario, state: EngineState): ExpectationState[] {
  let refs = expectationRefs.get(state);
  if (!refs) { refs = compiled.expectations.map((e) => state.expectations[e.id]); expectationRefs.set(state, refs); }
  return refs;
}

/** Update every unresolved expectation; true when one changed. Also runs after the end, for the debrief. */
export function settleExpectations(compiled: CompiledScenario, state: EngineState, out: Effect[]): boolean {
  let changed = false;
  const states = expectationStates(compiled, state);
  for (let i = 0; i < states.length; i++) {
    const es = states[i];
    if (es.status !== "pending") continue;
    const e = compiled.expectations[i];
    if (es.startedAt === undefined) {
      const s = expectationStart(compiled, state, e.start);
      if (s === undefined) continue;
      es.startedAt = s;
      if (e.deadline !== undefined) es.dueAt = s + e.deadline;
      changed = true;
    }
    const due = es.dueAt;
    const lateEnd = e.lateUntil !== undefined ? es.startedAt + e.lateUntil : undefined;
    if (rootHolds(compiled, state, e.root)) {
      const status = due === undefined || state.time <= due ? "met" : lateEnd !== undefined && state.time <= lateEnd ? "late" : "missed";
      es.status = status;
      es.resolvedAt = state.time;
      es.evidence = evidenceFor(compiled, state, e.condition);
    } else if (due !== undefined && state.time > due && (lateEnd === undefined || state.time > lateEnd)) {
      es.status = "missed";
      es.resolvedAt = lateEnd ?? due;
    } else continue;
    touch(compiled, state, `e:${e.id}`);
    out.push({ type: "expectation", expectation: e.id, status: es.status, at: es.resolvedAt! });
    changed = true;
  }
  return changed;
}

/** The actions that made a condition hold: the evidence an assessor sees. */
function evidenceFor(compiled: CompiledScenario, state: EngineState, c: CCondition): string[] {
  const ids = new Set<string>();
  for (const atom of positiveActionAtoms(c)) for (const a of matchingActions(compiled, state, atom)) ids.add(a.id);
  return [...ids];
}

const triggerRoots = new WeakMap<CompiledScenario, number[]>();

/**
 * One pass over the triggers: each fires when its condition starts to hold
 * (edge detection by `latched`). True when one latched. After a pass where
 * none did, every trigger's latch equals its condition's value, so the next
 * pass is skipped until one of their conditions may read differently (`quiet`).
 */
function settleTriggers(compiled: CompiledScenario, state: EngineState, v2: boolean, out: Effect[]): boolean {
  let roots = triggerRoots.get(compiled);
  if (!roots) { roots = compiled.triggers.map((t) => t.root); triggerRoots.set(compiled, roots); }
  if (quiet(compiled, state, roots)) return false;
  let changed = false;
  for (const t of compiled.triggers) {
    if (state.status === "ended") return changed;
    const latched = state.latched[t.id] === true;
    // A once trigger that fired, and (version 2) a branch point that took its outcome, are done for good.
    if ((t.once && latched) || (v2 && t.branch && machineValue(compiled, state).branches?.[t.branch.id] !== OPEN)) { retire(compiled, state, t.root); continue; }
    const holds = rootHolds(compiled, state, t.root);
    if (!holds) { if (latched) state.latched[t.id] = false; continue; }
    if (latched) continue;
    state.latched[t.id] = true;
    changed = true;
    if (t.chance < 1) {
      const [draw, rng] = nextRandom(state.rng);
      state.rng = rng;
      if (draw >= t.chance) continue;
    }
    if (t.branch) sendMachine(compiled, state, { type: `FIRE.${t.id}` }, out);
    else fire(compiled, state, t, out);
  }
  if (!changed) acknowledge(compiled, state, roots);
  return changed;
}

/** Run phase transitions, triggers, expectations and end conditions until nothing changes. */
export function settle(compiled: CompiledScenario, state: EngineState, out: Effect[]): void {
  const v2 = engineVersion(state) >= 2;
  for (let pass = 0; pass < MAX_SETTLE_PASSES && state.status !== "ended"; pass++) {
    let changed = false;
    // Guards evaluated once: the first transition whose condition holds is the one the statechart takes.
    const held = compiled.phases.get(state.phase)?.transitions.find((t) => rootHolds(compiled, state, t.root));
    if (held && sendMachine(compiled, state, { type: "SETTLE", held: held.root }, out)) changed = true;
    if (settleTriggers(compiled, state, v2, out)) changed = true;
    if ((state.status as string) === "ended") return;
    if (settleExpectations(compiled, state, out)) changed = true;
    if (state.countdowns && settleCountdowns(compiled, state, out)) changed = true;
    for (const e of compiled.end) {
      if ((state.status as string) === "ended") break;
      if (rootHolds(compiled, state, e.root)) { endSession(compiled, state, e.outcome, out, e.id); changed = true; }
    }
    if (!changed) break;
  }
}
