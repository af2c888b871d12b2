import type { CCondition, CExpectation, CompiledScenario } from "../engine/compiled.js";
import { actionAtoms, actionMatches } from "../engine/conditions.js";
import { replay } from "../engine/engine.js";
import type { LogEntry, LogPayload } from "../engine/log.js";
import type { ActionRecord, Effect, EngineState } from "../engine/types.js";
import type { IndicatorId } from "../scenario/rubric.js";
import { INDICATOR_SPECS } from "../scenario/rubric.js";
import type { Text } from "../scenario/text.js";

/**
 * What followed from what: a fold over the log that keeps, for every action,
 * what the engine did in the same step because of it (its own effects, the
 * triggers it fired, their branch outcomes, gauge changes, injects delivered
 * at once or later, phase changes), and the triggers that fired by time alone
 * (an absence: "no statement within an hour"). The debrief cites these to
 * explain a miss by its causes: the actions that worked against it and their
 * consequences, and what the absence of the expected action brought about.
 */

export type Consequence =
  | { kind: "branch"; at: number; trigger: string; branch: string; outcome: string }
  | { kind: "gauge"; at: number; gauge: string; from: number; to: number }
  | { kind: "inject"; at: number; inject: string; delivery: string }
  | { kind: "phase"; at: number; phase: string }
  | { kind: "cancelled"; at: number; inject: string }
  | { kind: "end"; at: number };

export interface Firing { trigger: string; at: number; consequences: Consequence[] }
export interface CauseTrace {
  /** Action id → what followed in the step it took effect (and the injects it scheduled, when they came). */
  byAction: Map<string, Consequence[]>;
  /** Triggers fired with no action in their step (by time, by the instructor's hand): what an absence brought. */
  firings: Firing[];
}

/** Fold a cell's log and record consequences (pure; the same fold as a replay, whose final state comes with it). */
export function traceCauses(compiled: CompiledScenario, log: readonly (LogPayload | LogEntry)[],
  alsoSee?: (effects: readonly Effect[], position: number) => void): CauseTrace & { state: EngineState } {
  const byAction = new Map<string, Consequence[]>();
  const firings: Firing[] = [];
  // Injects scheduled by an owner (action or firing), matched to their delivery later by inject and time.
  const scheduled: { inject: string; at: number; into: Consequence[] }[] = [];
  const state = replay(compiled, log, (effects, index) => {
    alsoSee?.(effects, index + 1);
    let owner: Consequence[] | undefined;
    let ownerAt = -1;
    let fromAction: Consequence[] | undefined;
    for (const fx of effects) {
      // A clock entry visits several moments: what happens at a later moment is not the earlier firing's doing.
      const at = fx.type === "delivery" ? fx.delivery.at : "at" in fx ? fx.at : undefined;
      if (!fromAction && at !== undefined && at !== ownerAt) owner = undefined;
      switch (fx.type) {
        case "action": case "approval":
          if (fx.action.status === "done") { fromAction = []; byAction.set(fx.action.id, fromAction); owner = fromAction; }
          break;
        case "trigger": {
          if (fx.branch) (fromAction ?? []).push({ kind: "branch", at: fx.at, trigger: fx.trigger, branch: fx.branch.id, outcome: fx.branch.outcome });
          if (fromAction) { owner = fromAction; break; }
          const firing: Firing = { trigger: fx.trigger, at: fx.at, consequences: [] };
          if (fx.branch) firing.consequences.push({ kind: "branch", at: fx.at, trigger: fx.trigger, branch: fx.branch.id, outcome: fx.branch.outcome });
          firings.push(firing);
          owner = firing.consequences;
          ownerAt = fx.at;
          break;
        }
        case "gauge": owner?.push({ kind: "gauge", at: fx.at, gauge: fx.gauge, from: fx.from, to: fx.to }); break;
        case "phase": owner?.push({ kind: "phase", at: fx.at, phase: fx.to }); break;
        case "cancelled": owner?.push({ kind: "cancelled", at: fx.at, inject: fx.inject }); break;
        case "end": owner?.push({ kind: "end", at: fx.at }); break;
        case "scheduled": if (owner) scheduled.push({ inject: fx.pending.inject, at: fx.pending.at, into: owner }); break;
        case "delivery": {
          const d = fx.delivery;
          if (d.inject === undefined) break;
          const i = scheduled.findIndex((s) => s.inject === d.inject && s.at === d.at);
          if (i >= 0) { scheduled[i].into.push({ kind: "inject", at: d.at, inject: d.inject, delivery: d.id }); scheduled.splice(i, 1); }
          else owner?.push({ kind: "inject", at: d.at, inject: d.inject, delivery: d.id });
          break;
        }
        default: break;
      }
    }
  });
  return { byAction, firings, state };
}

type Atom = Extract<CCondition, { k: "action" }>;
const atomsOf = (c: CCondition): { pos: Atom[]; neg: Atom[] } => actionAtoms(c);

/** A cause the debrief cites: an action that worked against an item, or what the absence of the expected action brought. */
export interface Cause {
  kind: "against" | "absence";
  at: number;
  /** The action (against), with who took it. */
  action?: string; player?: string; role?: string;
  /** The trigger that fired (absence). */
  trigger?: string;
  consequences: Consequence[];
  /** Teaching notes: the action's, the branch outcomes'. */
  notes: Text[];
}

const overlaps = (a: Atom, b: Atom, compiled: CompiledScenario) => {
  const kindOf = (x: Atom) => x.kind ?? (x.id ? compiled.actions.get(x.id)?.source.kind : undefined);
  return (a.id !== undefined && a.id === b.id) || (a.id === undefined || b.id === undefined ? kindOf(a) === kindOf(b) : false);
};

function notesOf(compiled: CompiledScenario, action: string | undefined, consequences: Consequence[]): Text[] {
  const notes: Text[] = [];
  const a = action ? compiled.actions.get(action)?.source.note : undefined;
  if (a) notes.push(a);
  for (const c of consequences) {
    if (c.kind !== "branch") continue;
    const t = compiled.triggers.find((x) => x.id === c.trigger);
    const note = compiled.scenario.triggers.find((x) => x.id === t?.id)?.branch?.note;
    if (note) notes.push(note);
  }
  return notes;
}

/** An action cited as working against an item, with what followed from it and its teaching notes. */
export function actionCause(compiled: CompiledScenario, state: EngineState, trace: CauseTrace, a: ActionRecord): Cause {
  const at = a.approvedBy?.at ?? a.at;
  // What it brought at once, then what fired later because it had been done (a trigger with a delay or a time condition).
  const consequences = [...(trace.byAction.get(a.id) ?? [])];
  for (const f of trace.firings) {
    if (f.at < at) continue;
    const t = compiled.triggers.find((x) => x.id === f.trigger);
    if (t && atomsOf(t.when).pos.some((c) => actionMatches(state, c, a))) consequences.push(...f.consequences);
  }
  return { kind: "against", at, action: a.id, player: a.player, role: a.role, consequences, notes: notesOf(compiled, a.action, consequences) };
}

/** Why a missed or late expectation went so: who acted against it, and what the absence of its action brought about. */
export function expectationCauses(compiled: CompiledScenario, state: EngineState, trace: CauseTrace, e: CExpectation, limit: number): Cause[] {
  const { pos, neg } = atomsOf(e.condition);
  const out: Cause[] = [];
  const at = (a: ActionRecord) => a.approvedBy?.at ?? a.at;
  for (const a of state.actions) {
    if (a.status !== "done" || at(a) > limit || !neg.some((c) => actionMatches(state, c, a))) continue;
    out.push(actionCause(compiled, state, trace, a));
  }
  out.push(...absences(compiled, trace, (atom) => pos.some((p) => overlaps(p, atom, compiled)), (state.expectations[e.id]?.startedAt ?? 0)));
  return out.sort((x, y) => x.at - y.at);
}

/** Why a generic indicator is low: what the absence of the kind of action it counts brought about. */
export function indicatorCauses(compiled: CompiledScenario, trace: CauseTrace, id: IndicatorId, extra: readonly string[]): Cause[] {
  const kind = (INDICATOR_SPECS[id] as { counts?: string }).counts;
  if (!kind) return [];
  return absences(compiled, trace, (atom) => (atom.kind ?? compiled.actions.get(atom.id ?? "")?.source.kind) === kind || (atom.id !== undefined && extra.includes(atom.id)), 0);
}

function absences(compiled: CompiledScenario, trace: CauseTrace, concerns: (atom: Atom) => boolean, from: number): Cause[] {
  const out: Cause[] = [];
  for (const f of trace.firings) {
    if (f.at < from) continue;
    const t = compiled.triggers.find((x) => x.id === f.trigger);
    if (!t || !atomsOf(t.when).neg.some(concerns)) continue;
    out.push({ kind: "absence", at: f.at, trigger: f.trigger, consequences: f.consequences, notes: notesOf(compiled, undefined, f.consequences) });
  }
  return out;
}
