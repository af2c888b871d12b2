import type { CompiledScenario } from "./compiled.js";
import type { Effect, EngineState } from "./types.js";
import { isRetired, wakeOf } from "./deps.js";
import { OPEN } from "./machine.js";
import { engineVersion } from "./version.js";
import { deliverInject, endSession, expectationStates, machineValue, settle } from "./world.js";

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

/** The roots that time alone can flip, by what reads them (once per compiled scenario). */
interface TimedReaders { phase: Map<string, number[]>; triggers: CompiledScenario["triggers"]; expectations: [number, CompiledScenario["expectations"][number]][]; end: number[] }
const timedReaders = new WeakMap<CompiledScenario, TimedReaders>();

function timedOf(compiled: CompiledScenario): TimedReaders {
  let t = timedReaders.get(compiled);
  if (t) return t;
  const timed = (r: number) => compiled.roots.timed[r];
  t = {
    phase: new Map([...compiled.phases].map(([id, p]) => [id, p.transitions.map((x) => x.root).filter(timed)])),
    triggers: compiled.triggers.filter((x) => timed(x.root)),
    expectations: compiled.expectations.flatMap((x, i) => (timed(x.root) ? [[i, x] as [number, typeof x]] : [])),
    end: compiled.end.map((x) => x.root).filter(timed),
  };
  timedReaders.set(compiled, t);
  return t;
}

/**
 * The earliest wake (deps.ts) of the conditions that can still change
 * something: the current phase's transitions, live triggers, started
 * expectations, end conditions, open countdowns' `until`. Only the ones time
 * alone can flip have a wake, so only those are looked at.
 */
function activeWake(compiled: CompiledScenario, state: EngineState): number {
  const timed = timedOf(compiled);
  let best = Infinity;
  const see = (r: number) => { const w = wakeOf(compiled, state, r); if (w < best) best = w; };
  for (const r of timed.phase.get(state.phase) ?? []) see(r);
  const v2 = engineVersion(state) >= 2;
  const branches = v2 ? machineValue(compiled, state).branches : undefined;
  for (const t of timed.triggers) {
    if (isRetired(compiled, state, t.root) || (t.once && state.latched[t.id] === true)) continue;
    if (v2 && t.branch && branches?.[t.branch.id] !== OPEN) continue;
    see(t.root);
  }
  const states = expectationStates(compiled, state);
  for (const [i, e] of timed.expectations) {
    const es = states[i];
    if (es.status === "pending" && es.startedAt !== undefined) see(e.root);
  }
  for (const r of timed.end) see(r);
  for (const c of state.countdowns ?? []) {
    const until = c.status === "open" && c.inject !== undefined ? compiled.countdowns.get(c.inject)?.until : undefined;
    if (until) see(until.root);
  }
  return best;
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
  consider(activeWake(compiled, state));
  const states = expectationStates(compiled, state);
  for (let i = 0; i < states.length; i++) {
    const es = states[i];
    if (es.status !== "pending") continue;
    const e = compiled.expectations[i];
    if (es.startedAt === undefined) { if ("at" in e.start) consider(e.start.at); continue; }
    if (es.dueAt !== undefined) { consider(es.dueAt); consider(es.dueAt + 1); }
    if (e.lateUntil !== undefined) { consider(es.startedAt + e.lateUntil); consider(es.startedAt + e.lateUntil + 1); }
  }
  return best === Infinity ? undefined : best;
}
