import type { CCondition, CompiledScenario } from "../engine/compiled.js";
import { actionMatches, forEachAtom } from "../engine/conditions.js";
import type { ActionRecord, EngineState } from "../engine/types.js";
import type { CauseTrace } from "./causes.js";
import { expectationOutcome, collectFacts } from "./facts.js";
import { rulesFor } from "./rules.js";

/**
 * The cross-cell comparison for the instructor's collective debrief. Every
 * cell of a session plays the same scenario from the same seed, so for one
 * inject or one branch point the class can see, side by side, what each cell
 * did, when (relative to the inject), and what came of it: the responses and
 * the actions that worked against the expected reaction, the expectations the
 * inject started and their outcome, and the branch outcomes it led to, with
 * the action that decided each.
 */

export type CompareTarget = { inject: string } | { branch: string };
export interface CellRun { id: string; name: string; state: EngineState; trace: CauseTrace }

export interface ComparedAction { id: string; at: number; player: string; role: string; action: string; kind: "response" | "against" }
export interface ComparedOutcome { branch: string; outcome: string; at: number; trigger: string; causedBy?: string }
export interface CellComparison {
  cell: string; name: string;
  /** When the inject reached this cell (inject target); absent when it never came. */
  delivered?: { at: number; delivery: string };
  actions: ComparedAction[];
  expectations: { id: string; outcome: "met" | "late" | "missed" | "pending" | "not_started"; resolvedAt?: number }[];
  outcomes: ComparedOutcome[];
}

type Atom = Extract<CCondition, { k: "action" }>;
const walk = (c: CCondition, visit: (c: CCondition, negated: boolean) => void): void => forEachAtom(c, visit);

/** The conditions that speak of this target, and their action atoms by polarity. */
function related(compiled: CompiledScenario, target: CompareTarget) {
  // Positive atoms of related conditions, and what related expectations forbid (their `not`s: the harmful actions).
  // A trigger's `not` may hold the good behaviour ("no statement within 4 h"), so it only makes an action related.
  const pos: Atom[] = [], neg: Atom[] = [];
  const branches = new Set<string>();
  const expectations: string[] = [];
  const mentions = (c: CCondition) => {
    let yes = false;
    walk(c, (x) => { if ("inject" in target && ((x.k === "action" && x.since === target.inject) || (x.k === "delivered" && x.inject === target.inject))) yes = true; });
    return yes;
  };
  const collect = (c: CCondition, forbids: boolean) => walk(c, (x, negated) => { if (x.k === "action") (negated && forbids ? neg : pos).push(x); });
  for (const t of compiled.triggers) {
    if (!t.branch) continue;
    if ("branch" in target ? t.branch.id === target.branch : mentions(t.when)) { branches.add(t.branch.id); collect(t.when, false); }
  }
  for (const e of compiled.expectations) {
    if ("inject" in target && (("inject" in e.start && e.start.inject === target.inject) || mentions(e.condition))) { expectations.push(e.id); collect(e.condition, true); }
  }
  return { pos, neg, branches, expectations };
}

export function compareCells(compiled: CompiledScenario, cells: readonly CellRun[], target: CompareTarget): CellComparison[] {
  const rel = related(compiled, target);
  return cells.map((run) => {
    const s = run.state;
    const f = collectFacts(compiled, s, rulesFor(compiled));
    const first = "inject" in target ? s.deliveries.find((d) => d.inject === target.inject) : undefined;
    const ids = new Set("inject" in target ? s.deliveries.filter((d) => d.inject === target.inject).map((d) => d.id) : []);
    const from = first?.at ?? 0;
    const actions: ComparedAction[] = [];
    for (const a of f.done) {
      if ("inject" in target && (!first || f.at(a) < from)) continue;
      const against = rel.neg.some((c) => actionMatches(s, c, a));
      const response = (a.replyTo !== undefined && ids.has(a.replyTo)) || rel.pos.some((c) => actionMatches(s, c, a));
      if (against || response) actions.push(row(f.at(a), a, against ? "against" : "response"));
    }
    const outcomes: ComparedOutcome[] = [];
    for (const b of rel.branches) {
      const taken = s.branches[b];
      if (!taken) continue;
      let causedBy: string | undefined;
      for (const [id, cs] of run.trace.byAction) if (cs.some((c) => c.kind === "branch" && c.branch === b && c.outcome === taken.outcome && c.at === taken.at)) causedBy = id;
      outcomes.push({ branch: b, outcome: taken.outcome, at: taken.at, trigger: taken.trigger, ...(causedBy ? { causedBy } : {}) });
    }
    outcomes.sort((x, y) => x.at - y.at);
    return {
      cell: run.id, name: run.name, ...(first ? { delivered: { at: first.at, delivery: first.id } } : {}),
      actions: actions.slice(0, 40),
      expectations: rel.expectations.map((id) => {
        const es = s.expectations[id];
        const outcome = expectationOutcome(f, id) ?? (es.startedAt === undefined ? "not_started" : "pending");
        return { id, outcome, ...(es.resolvedAt !== undefined ? { resolvedAt: es.resolvedAt } : {}) };
      }),
      outcomes,
    };
  });
}

const row = (at: number, a: ActionRecord, kind: ComparedAction["kind"]): ComparedAction =>
  ({ id: a.id, at, player: a.player, role: a.role, action: a.action, kind });

/** What can be compared: the scenario's injects (timeline order, then the others) and its branch points. */
export function comparisonTargets(compiled: CompiledScenario): { injects: string[]; branches: string[] } {
  const timed = compiled.timeline.map((t) => t.inject);
  const rest = [...compiled.injects.keys()].filter((id) => !timed.includes(id));
  const branches = [...new Set(compiled.triggers.flatMap((t) => (t.branch ? [t.branch.id] : [])))];
  return { injects: [...timed, ...rest], branches };
}
