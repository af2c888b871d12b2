import type { CompiledScenario } from "../engine/compiled.js";
import type { ActionRecord, EngineState } from "../engine/types.js";
import { viewFor, type DeadlineView } from "../engine/view.js";
import type { IndicatorId } from "../scenario/rubric.js";
import { INDICATORS } from "./indicators.js";
import { rulesFor, type DelayStart, type ScoringRules } from "./rules.js";

/**
 * The deadlines a player sees: the scenario's visible expectations (engine,
 * `viewFor`), and the time rules of the rubric that can cap a level — a
 * critical delay indicator still open shows as a deadline at its worst bound,
 * so no critical item is ever hidden from the players it judges. A rubric
 * deadline that starts from an inject shows only to the roles that received
 * that inject (its title must not reveal traffic addressed to others).
 *
 * Called on every publish of a live cell, so it is incremental: which delays
 * are already answered is remembered per state object and only new actions
 * (and pending approvals) are looked at.
 */

const DELAYS = ["sitrep_delay", "holding_statement_delay", "cell_activation"] as const satisfies readonly IndicatorId[];
type Delay = (typeof DELAYS)[number];

/** Does this action answer the delay (the same tests as the indicators: sitrep.ts, communication.ts, coordination.ts)? */
function answers(rules: ScoringRules, id: Delay, a: ActionRecord): boolean {
  const s = rules.indicators[id];
  if (s.roles && !s.roles.includes(a.role)) return false;
  const extra = s.actions.includes(a.action);
  switch (id) {
    case "sitrep_delay": return extra || (a.kind === "sitrep" && typeof a.params.severity === "string" && a.params.severity.trim() !== "");
    case "holding_statement_delay": {
      if (!extra && a.kind !== "statement") return false;
      const audience = a.params[rules.audience.param];
      return audience === undefined || audience === rules.audience.public;
    }
    case "cell_activation": return extra || rules.activationKinds.includes(a.kind);
  }
}

interface Memo { scanned: number; waiting: Set<ActionRecord>; answered: Set<Delay> }
const memos = new WeakMap<EngineState, Memo>();

function answered(rules: ScoringRules, state: EngineState): Set<Delay> {
  let m = memos.get(state);
  if (!m) { m = { scanned: 0, waiting: new Set(), answered: new Set() }; memos.set(state, m); }
  const look = (a: ActionRecord) => { for (const id of DELAYS) if (!m!.answered.has(id) && answers(rules, id, a)) m!.answered.add(id); };
  for (const a of m.waiting) if (a.status !== "proposed") { m.waiting.delete(a); if (a.status === "done") look(a); }
  for (; m.scanned < state.actions.length; m.scanned++) {
    const a = state.actions[m.scanned];
    if (a.status === "proposed") m.waiting.add(a); else if (a.status === "done") look(a);
  }
  return m.answered;
}

function start(state: EngineState, from: DelayStart | undefined, dflt: { at: number; delivery?: string } | undefined): { at: number; delivery?: string } | undefined {
  if (!from) return dflt;
  if ("at" in from) return state.time >= from.at ? { at: from.at } : undefined;
  if ("inject" in from) { const d = state.deliveries.find((x) => x.inject === from.inject); return d ? { at: d.at, delivery: d.id } : undefined; }
  const first = state.actions.find((a) => a.action === from.action && a.status === "done");
  return first ? { at: first.approvedBy?.at ?? first.at } : undefined;
}

export function rubricDeadlines(compiled: CompiledScenario, state: EngineState, roles: readonly string[]): DeadlineView[] {
  if (state.status !== "running" && state.status !== "paused") return [];
  const rules = rulesFor(compiled);
  const done = answered(rules, state);
  const first = state.deliveries[0];
  const crisis = first ? { at: first.at, delivery: first.id } : undefined;
  const exposure = state.deliveries.find((d) => d.public);
  const mine = (rs: readonly string[]) => rs.some((r) => roles.includes(r));
  const out: DeadlineView[] = [];
  for (const id of DELAYS) {
    const s = rules.indicators[id];
    if (!s.enabled || !s.critical || done.has(id)) continue;
    const dflt = id === "holding_statement_delay" ? exposure && { at: exposure.at, delivery: exposure.id } : crisis && { at: crisis.at };
    const from = start(state, s.from, dflt);
    if (!from) continue;
    const due = from.at + s.scale.bounds[0] * 60;
    if (state.time > due) continue;
    if (from.delivery) {
      const d = state.deliveries.find((x) => x.id === from.delivery);
      if (!d || !(mine(d.recipients) || mine(d.to))) continue;
    }
    out.push({ id: `rubric:${id}`, title: INDICATORS.find((d) => d.id === id)!.label, dueAt: due, critical: true, rubric: true });
  }
  return out;
}

/** Everything a player sees of the deadlines: expectations then rubric, by due time. */
export function playerDeadlines(compiled: CompiledScenario, state: EngineState, roles: readonly string[], expectations?: DeadlineView[]): DeadlineView[] {
  const exps = expectations ?? viewFor(compiled, state, roles).deadlines;
  return [...exps, ...rubricDeadlines(compiled, state, roles)].sort((a, b) => a.dueAt - b.dueAt);
}
