import type { CompiledScenario } from "./compiled.js";
import type { Effect, EngineState } from "./types.js";
import { nextWake } from "./deps.js";
import { OPEN } from "./machine.js";
import { engineVersion } from "./version.js";
import { deliverInject, endSession, machineValue, settle } from "./world.js";

/**
 * Advancing game time exactly. Between the current time and `to`, the engine
 * visits, in order, every moment at which something can change: a pending
 * inject, an expectation's deadline (and the second after it), a time named in
 * a condition, a delay after a delivery, the scenario's end. So the outcome
 * never depends on how often the server ticks, nor on pauses and speed
 * changes: an inject due at T+2:00 is delivered at T+2:00, once.
 */
export function advanceTo(compiled: CompiledScenario, state: EngineState, to: number, out: Effect[], jump = false): void {
  const target = Math.min(to, compiled.duration);
  // A jump (`goto`) moves time in a paused session too; the clock only while running.
  const live = () => state.status === "running" || (jump && state.status === "paused");
  for (let guard = 0; guard < 1_000_000 && live(); guard++) {
    // Injects due now (e.g. at T+0, or an inject scheduled for the current second) go first.
    const dueNow = state.pending.length > 0 && state.pending[0].at <= state.time;
    if (!dueNow) {
      const next = nextMoment(compiled, state, target);
      if (next === undefined) break;
      state.time = next;
    }
    while (state.pending.length > 0 && state.pending[0].at <= state.time && live()) {
      const p = state.pending.shift()!;
      deliverInject(compiled, state, p.inject, out);
    }
    settle(compiled, state, out);
    if (state.time >= compiled.duration && live()) endSession(compiled, state, "duration", out);
  }
  if (live() && state.time < target) {
    state.time = target;
    settle(compiled, state, out);
  }
  if (state.time >= compiled.duration && live()) endSession(compiled, state, "duration", out);
  out.push({ type: "clock", at: state.time });
}

/** The conditions that can still change something: the current phase's transitions, live triggers, started expectations, end conditions. */
function activeRoots(compiled: CompiledScenario, state: EngineState): number[] {
  const out: number[] = [];
  for (const t of compiled.phases.get(state.phase)?.transitions ?? []) out.push(t.root);
  const v2 = engineVersion(state) >= 2;
  const branches = v2 ? machineValue(compiled, state).branches : undefined;
  for (const t of compiled.triggers) {
    if (t.once && state.latched[t.id] === true) continue;
    if (v2 && t.branch && branches?.[t.branch.id] !== OPEN) continue;
    out.push(t.root);
  }
  for (const e of compiled.expectations) {
    const es = state.expectations[e.id];
    if (es.status === "pending" && es.startedAt !== undefined) out.push(e.root);
  }
  for (const e of compiled.end) out.push(e.root);
  for (const c of state.countdowns ?? []) {
    const until = c.status === "open" ? (c.inject !== undefined ? compiled.countdowns.get(c.inject)?.until : undefined) : undefined;
    if (until) out.push(until.root);
  }
  return out;
}

/**
 * The earliest moment in (state.time, target] at which something may happen:
 * a pending inject, the end, an expectation's start or deadline, or a moment
 * at which a live condition may flip by time alone (its wake, see deps.ts).
 */
function nextMoment(compiled: CompiledScenario, state: EngineState, target: number): number | undefined {
  const now = state.time;
  let best = Infinity;
  const consider = (t: number) => { if (t > now && t <= target && t < best) best = t; };
  consider(compiled.duration);
  if (state.pending.length > 0) consider(state.pending[0].at);
  for (const c of state.countdowns ?? []) if (c.status === "open") consider(c.dueAt);
  consider(nextWake(compiled, state, activeRoots(compiled, state)));
  for (const e of compiled.expectations) {
    const es = state.expectations[e.id];
    if (es.status !== "pending") continue;
    if (es.startedAt === undefined) { if ("at" in e.start) consider(e.start.at); continue; }
    if (es.dueAt !== undefined) { consider(es.dueAt); consider(es.dueAt + 1); }
    if (e.lateUntil !== undefined) { consider(es.startedAt + e.lateUntil); consider(es.startedAt + e.lateUntil + 1); }
  }
  return best === Infinity ? undefined : best;
}
