import type { CCondition, CompiledScenario } from "./compiled.js";
import type { ActionRecord, EngineState, ParamValue } from "./types.js";

/**
 * Evaluating conditions against a state. Actions in effect (status "done")
 * are indexed by id and by kind; the index belongs to one state object and is
 * rebuilt on demand, so states restored from JSON work unchanged.
 */
interface ActionIndex { byId: Map<string, ActionRecord[]>; byKind: Map<string, ActionRecord[]> }
const indexes = new WeakMap<EngineState, ActionIndex>();

function buildIndex(state: EngineState): ActionIndex {
  const idx: ActionIndex = { byId: new Map(), byKind: new Map() };
  for (const a of state.actions) if (a.status === "done") addTo(idx, a);
  indexes.set(state, idx);
  return idx;
}
function addTo(idx: ActionIndex, a: ActionRecord): void {
  const byId = idx.byId.get(a.action);
  if (byId) byId.push(a); else idx.byId.set(a.action, [a]);
  const byKind = idx.byKind.get(a.kind);
  if (byKind) byKind.push(a); else idx.byKind.set(a.kind, [a]);
}

/** Tell the index that an action came into effect (recorded done, or approved). */
export function indexAction(state: EngineState, a: ActionRecord): void {
  const idx = indexes.get(state);
  if (idx) addTo(idx, a);
}

function actionsIn(state: EngineState): ActionIndex {
  return indexes.get(state) ?? buildIndex(state);
}

function paramMatches(actual: ParamValue | undefined, wanted: ParamValue): boolean {
  if (actual === undefined) return false;
  const wants = Array.isArray(wanted) ? wanted : [wanted];
  const has = Array.isArray(actual) ? actual : [actual];
  return wants.some((w) => has.some((h) => String(h) === String(w)));
}

/**
 * Does one action pass an action atom's filters (kind, roles, times, `since`
 * window, parameter values)? The id or kind is the caller's pool. Shared by the
 * engine and by scoring, which evaluates expectations on one student's actions.
 */
export function actionMatches(state: EngineState, c: Extract<CCondition, { k: "action" }>, a: ActionRecord): boolean {
  if (c.id !== undefined && a.action !== c.id) return false;
  if (c.kind !== undefined && a.kind !== c.kind) return false;
  if (c.roles && !c.roles.includes(a.role)) return false;
  if (c.before !== undefined && !(a.at < c.before)) return false;
  if (c.after !== undefined && !(a.at >= c.after)) return false;
  if (c.since !== undefined) {
    const sinceAt = state.delivered[c.since];
    if (sinceAt === undefined || a.at < sinceAt) return false;
    if (c.within !== undefined && a.at > sinceAt + c.within) return false;
  }
  if (c.where) for (const key in c.where) if (!paramMatches(a.params[key], c.where[key])) return false;
  return true;
}

/** The matching actions in effect, oldest first. */
export function matchingActions(state: EngineState, c: Extract<CCondition, { k: "action" }>): ActionRecord[] {
  const idx = actionsIn(state);
  const pool = c.id !== undefined ? idx.byId.get(c.id) : idx.byKind.get(c.kind!);
  if (!pool) return [];
  if (c.since !== undefined && state.delivered[c.since] === undefined) return [];
  const out: ActionRecord[] = [];
  for (const a of pool) if (actionMatches(state, c, a)) out.push(a);
  return out;
}

/** Is a role held by at least one present or absent player? (A seat is kept across drops.) */
export function isStaffed(state: EngineState, role: string): boolean {
  for (const id in state.players) if (state.players[id].roles.includes(role)) return true;
  return false;
}

export function evaluate(c: CCondition, state: EngineState, compiled: CompiledScenario): boolean {
  switch (c.k) {
    case "all": return c.of.every((x) => evaluate(x, state, compiled));
    case "any": return c.of.some((x) => evaluate(x, state, compiled));
    case "not": return !evaluate(c.of, state, compiled);
    case "after": return state.time >= c.t;
    case "before": return state.time < c.t;
    case "action": return matchingActions(state, c).length >= c.count;
    case "gauge": {
      const v = state.gauges[c.id];
      if (v === undefined) return false;
      return (c.below === undefined || v < c.below) && (c.above === undefined || v > c.above)
        && (c.atMost === undefined || v <= c.atMost) && (c.atLeast === undefined || v >= c.atLeast);
    }
    case "phase": return c.phases.includes(state.phase);
    case "delivered": {
      const at = state.delivered[c.inject];
      return at !== undefined && state.time >= at + c.for;
    }
    case "expectation": return state.expectations[c.id]?.status === c.status;
    case "role": return isStaffed(state, c.id) === c.staffed;
  }
}

/** The action atoms that, taken, would make `c` hold (positive positions only): used by bots and the graph. */
export function positiveActionAtoms(c: CCondition, negated = false, out: Extract<CCondition, { k: "action" }>[] = []): Extract<CCondition, { k: "action" }>[] {
  if (c.k === "all" || c.k === "any") c.of.forEach((x) => positiveActionAtoms(x, negated, out));
  else if (c.k === "not") positiveActionAtoms(c.of, !negated, out);
  else if (c.k === "action" && !negated) out.push(c);
  return out;
}
