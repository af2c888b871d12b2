import type { Text } from "../scenario/text.js";
import type { CompiledScenario } from "./compiled.js";
import type { CountdownState, EngineState } from "./types.js";
import { paced } from "./tempo.js";

/**
 * What the screens need to pace a session and to count down reply
 * deadlines: projections of the state, pure like the rest of the engine. The
 * client turns them into real minutes with the speed it already has (so a
 * countdown or a warning needs no message per second).
 */

/** A reply deadline as its viewer sees it. `consequence` reaches players once it expired; staff always. */
export interface CountdownView {
  id: string; delivery: string; title: Text; dueAt: number; status: CountdownState["status"]; resolvedAt?: number;
  to: string[]; consequence?: Text;
  /** When a visible expectation measures the same delay: its legal basis, and ★ when missing it caps a level. */
  legal?: Text; critical?: boolean;
}

/** A moment that closes something: the end of the exercise, or the exit window of the current phase (it hands over to a final phase). */
export interface Closing { kind: "end" | "exit"; at: number; phase?: Text }

export interface PacingView {
  /** The scenario's tempo now, the instructor's multiplier, and whether an absolute speed overrides the tempo (older sessions). */
  tempo: number; factor: number; manual: boolean;
  closings: Closing[];
  /** Staff only: the tempo changes known in advance (time-only triggers not fired yet), for the estimate of real time left. */
  plan?: { at: number; tempo: number }[];
}

/** Real minutes before this many game seconds pass, the moment it warns (players and console). */
export const WARN_REAL_SECONDS = 5 * 60;

/** The reply deadlines `roles` may see: those of deliveries they received (staff: every one). */
export function countdownViews(compiled: CompiledScenario, state: EngineState, roles: readonly string[] | "all"): CountdownView[] {
  const out: CountdownView[] = [];
  for (const c of state.countdowns ?? []) {
    const d = state.deliveries.find((x) => x.id === c.delivery);
    if (!d) continue;
    if (roles !== "all" && !(d.recipients.some((r) => roles.includes(r)) || d.to.some((r) => roles.includes(r)))) continue;
    const inj = c.inject !== undefined ? compiled.injects.get(c.inject) : undefined;
    // An improvised inject's deadline has the instructor's words (its label, else the message's subject).
    const spec = c.improvised ?? (typeof inj?.deadline === "object" ? inj.deadline : undefined);
    const consequence = spec?.consequence !== undefined && (roles === "all" || c.status === "expired") ? spec.consequence : undefined;
    out.push({
      id: c.delivery, delivery: c.delivery, title: spec?.label ?? inj?.subject ?? d.improvised?.subject ?? "", dueAt: c.dueAt, status: c.status, to: d.recipients,
      ...(c.resolvedAt !== undefined ? { resolvedAt: c.resolvedAt } : {}), ...(consequence !== undefined ? { consequence } : {}),
    });
  }
  return out;
}

/** The pacing of a cell; `staff` adds the tempo plan. */
export function pacingView(compiled: CompiledScenario, state: EngineState, staff: boolean): PacingView {
  const closings: Closing[] = [];
  if (state.status !== "ended") {
    const exit = compiled.exitBy.get(state.phase);
    if (exit !== undefined && exit > state.time) closings.push({ kind: "exit", at: exit, phase: compiled.phases.get(state.phase)?.source.name ?? "" });
    if (exit === undefined || exit < compiled.duration) closings.push({ kind: "end", at: compiled.duration });
  }
  const view: PacingView = { tempo: state.tempo, factor: state.factor ?? 1, manual: state.manualSpeed, closings };
  if (staff) {
    view.plan = compiled.tempoPlan.filter((p) => p.at > state.time && !state.fired[p.trigger]).map((p) => ({ at: p.at, tempo: p.speed }));
  }
  return view;
}

/**
 * Real seconds until game time `target`, from `time` at `speed` (game
 * minutes per real minute), following the tempo plan when there is one (a
 * manual speed ignores the tempo). An estimate: tempo changes that depend on
 * the players (a phase entered, a branch) are not known in advance.
 */
export function realSecondsUntil(p: Pick<PacingView, "factor" | "manual" | "plan">, time: number, speed: number, target: number): number {
  if (target <= time) return 0;
  let real = 0, t = time, v = speed;
  for (const step of p.manual ? [] : p.plan ?? []) {
    if (step.at <= t) continue;
    if (step.at >= target) break;
    real += (step.at - t) / v;
    t = step.at;
    v = paced(step.tempo, p.factor === 1 ? undefined : p.factor);
  }
  return real + (target - t) / v;
}
