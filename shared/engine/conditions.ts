import type { CActionAtom, CCondition, CompiledScenario } from "./compiled.js";
import type { ActionRecord, Delivery, EngineState, ParamValue } from "./types.js";
import { volumeNow } from "./volume.js";

/**
 * Evaluating conditions. A condition is read in a `World`: the cell's state,
 * the time at which it is read, and the actions it may see (the engine: every
 * action in effect; scoring: one student's, up to a moment). States (gauge,
 * phase…) are read now; events (action, delivered, after, branch, sequence,
 * first, elapsed) have a moment in the log's order — the time, then the order
 * in which the engine recorded them (`n`, engine version 2) — so "A before B"
 * and "counted since an event" are exact, never a comparison of states.
 */

/** Where an event happened: game time, then the engine's recording order (-1: a pure time point, before anything at that second). */
export interface Moment { at: number; n?: number }

/**
 * Strictly after `m` in the log's order. Records of engine version 1 carry
 * no order (`n`): at the same second they count as after, as version 1 did.
 */
export function isAfter(x: Moment, m: Moment): boolean {
  if (x.at !== m.at) return x.at > m.at;
  if (x.n === undefined || m.n === undefined) return true;
  return x.n > m.n;
}
const later = (a: Moment, b: Moment) => (isAfter(b, a) ? b : a);

export interface World {
  readonly compiled: CompiledScenario;
  readonly state: EngineState;
  /** The game time at which the condition is read. */
  readonly now: number;
  /** Actions in effect that atom `c` may match (by its id or kind), in effect order, none after `now`. */
  pool(c: CActionAtom): readonly ActionRecord[];
}

interface Index { byId: Map<string, ActionRecord[]>; byKind: Map<string, ActionRecord[]>; deliveries: Map<string, Delivery[]> }
const indexes = new WeakMap<EngineState, Index>();

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const l = m.get(k);
  if (l) l.push(v); else m.set(k, [v]);
}
/** Actions in effect in the order they took effect (approval order for approved ones). */
function effectOrder(state: EngineState): ActionRecord[] {
  const done = state.actions.filter((a) => a.status === "done");
  if (done.every((a) => a.n !== undefined)) return done.sort((x, y) => x.n! - y.n!);
  return done;
}
function indexOf(state: EngineState): Index {
  let idx = indexes.get(state);
  if (idx) return idx;
  idx = { byId: new Map(), byKind: new Map(), deliveries: new Map() };
  for (const a of effectOrder(state)) { push(idx.byId, a.action, a); push(idx.byKind, a.kind, a); }
  for (const d of state.deliveries) if (d.inject !== undefined) push(idx.deliveries, d.inject, d);
  indexes.set(state, idx);
  return idx;
}

/** Tell the index that an action came into effect (recorded done, or approved). */
export function indexAction(state: EngineState, a: ActionRecord): void {
  const idx = indexes.get(state);
  if (idx) { push(idx.byId, a.action, a); push(idx.byKind, a.kind, a); }
}
/** Tell the index that an inject was delivered. */
export function indexDelivery(state: EngineState, d: Delivery): void {
  const idx = indexes.get(state);
  if (idx && d.inject !== undefined) push(idx.deliveries, d.inject, d);
}
/** Deliveries of one inject, oldest first. */
export function deliveriesOf(state: EngineState, inject: string): readonly Delivery[] {
  return indexOf(state).deliveries.get(inject) ?? [];
}

/** The engine's world: the state now, every action in effect. */
export function engineWorld(compiled: CompiledScenario, state: EngineState): World {
  const idx = indexOf(state);
  return { compiled, state, now: state.time, pool: (c) => (c.id !== undefined ? idx.byId.get(c.id) : idx.byKind.get(c.kind!)) ?? [] };
}

export const actionMoment = (a: ActionRecord): Moment => ({ at: a.approvedBy?.at ?? a.at, n: a.n });
export const deliveryMoment = (d: Delivery): Moment => ({ at: d.at, n: d.n });

function paramMatches(actual: ParamValue | undefined, wanted: ParamValue): boolean {
  if (actual === undefined) return false;
  const wants = Array.isArray(wanted) ? wanted : [wanted];
  const has = Array.isArray(actual) ? actual : [actual];
  return wants.some((w) => has.some((h) => String(h) === String(w)));
}

/** Non-empty lines of a text field (a RETEX section, a plan). */
export function countLines(v: ParamValue | undefined): number {
  if (typeof v !== "string") return 0;
  let n = 0;
  for (const line of v.split(/\r?\n/)) if (line.trim() !== "") n++;
  return n;
}

/**
 * Does one action pass an action atom's own filters (kind, roles, times,
 * `since` an inject, parameter values, lines)? The id or kind is the caller's
 * pool; a `sinceEvent` window needs a world (see `firstMoment`). Shared by the
 * engine and by scoring, which evaluates expectations on one student's actions.
 */
export function actionMatches(state: EngineState, c: CActionAtom, a: ActionRecord): boolean {
  if (c.id !== undefined && a.action !== c.id) return false;
  if (c.kind !== undefined && a.kind !== c.kind) return false;
  if (c.roles && !c.roles.includes(a.role)) return false;
  if (c.before !== undefined && !(a.at < c.before)) return false;
  if (c.after !== undefined && !(a.at >= c.after)) return false;
  if (c.since !== undefined) {
    const d = deliveriesOf(state, c.since)[0];
    if (d === undefined || a.at < d.at) return false;
    if (a.n !== undefined && d.n !== undefined && a.at === d.at && a.n < d.n) return false;
    if (c.within !== undefined && a.at > d.at + c.within) return false;
  }
  if (c.where) for (const key in c.where) if (!paramMatches(a.params[key], c.where[key])) return false;
  if (c.lines) for (const key in c.lines) if (countLines(a.params[key]) < c.lines[key]) return false;
  return true;
}

/** The matching actions in effect, oldest first (the engine's world). */
export function matchingActions(compiled: CompiledScenario, state: EngineState, c: CActionAtom): ActionRecord[] {
  return matchesIn(c, engineWorld(compiled, state), undefined, Infinity);
}

/** The matching actions of `w` after `from`, at most `limit` of them. */
function matchesIn(c: CActionAtom, w: World, from: Moment | undefined, limit: number): ActionRecord[] {
  const pool = w.pool(c);
  const out: ActionRecord[] = [];
  if (pool.length === 0) return out;
  let start = from;
  let until = Infinity;
  if (c.sinceEvent) {
    const m = firstMoment(c.sinceEvent, w);
    if (m === undefined) return out;
    start = start === undefined ? m : later(start, m);
    if (c.within !== undefined) until = m.at + c.within;
  }
  for (const a of pool) {
    const at = actionMoment(a);
    if (at.at > w.now) continue;
    if (start !== undefined && !isAfter(at, start)) continue;
    if (c.sinceEvent && a.at > until) continue;
    if (!actionMatches(w.state, c, a)) continue;
    out.push(a);
    if (out.length >= limit) break;
  }
  return out;
}

/** Is a role held by at least one present or absent player? (A seat is kept across drops.) */
export function isStaffed(state: EngineState, role: string): boolean {
  for (const id in state.players) if (state.players[id].roles.includes(role)) return true;
  return false;
}

function bounds(v: number, c: { below?: number; above?: number; atMost?: number; atLeast?: number }): boolean {
  return (c.below === undefined || v < c.below) && (c.above === undefined || v > c.above)
    && (c.atMost === undefined || v <= c.atMost) && (c.atLeast === undefined || v >= c.atLeast);
}

/** Is `c` true in `w`? */
export function holds(c: CCondition, w: World): boolean {
  const s = w.state;
  switch (c.k) {
    case "all": for (const x of c.of) if (!holds(x, w)) return false; return true;
    case "any": for (const x of c.of) if (holds(x, w)) return true; return false;
    case "not": return !holds(c.of, w);
    case "after": return w.now >= c.t;
    case "before": return w.now < c.t;
    case "action": return matchesIn(c, w, undefined, c.count).length >= c.count;
    case "gauge": { const v = s.gauges[c.id]; return v !== undefined && bounds(v, c); }
    case "phase": return c.phases.includes(s.phase);
    case "delivered": { const d = deliveriesOf(s, c.inject)[0]; return d !== undefined && w.now >= d.at + c.for; }
    case "expectation": return s.expectations[c.id]?.status === c.status;
    case "role": return isStaffed(s, c.id) === c.staffed;
    case "volume": { const v = volumeNow(w.compiled, s, c.inject, w.now); return v !== undefined && bounds(v, c); }
    default: return firstMoment(c, w) !== undefined;
  }
}

/**
 * The moment at which event `c` first held, counting only what happened
 * after `from`; undefined while it has not. For a state (gauge, phase…),
 * "now" when it holds — the validator keeps states out of event positions.
 */
export function firstMoment(c: CCondition, w: World, from?: Moment): Moment | undefined {
  const s = w.state;
  switch (c.k) {
    case "action": {
      const m = matchesIn(c, w, from, c.count);
      return m.length >= c.count ? actionMoment(m[c.count - 1]) : undefined;
    }
    case "delivered": {
      for (const d of deliveriesOf(s, c.inject)) {
        if (d.at > w.now) break;
        if (from !== undefined && !isAfter(deliveryMoment(d), from)) continue;
        if (c.for === 0) return deliveryMoment(d);
        return w.now >= d.at + c.for ? { at: d.at + c.for, n: -1 } : undefined;
      }
      return undefined;
    }
    case "after": {
      if (w.now < c.t) return undefined;
      const t: Moment = { at: c.t, n: -1 };
      return from === undefined ? t : later(from, t);
    }
    case "branch": {
      const b = s.branches[c.id];
      if (!b || b.at > w.now || (c.outcomes && !c.outcomes.includes(b.outcome))) return undefined;
      const m: Moment = { at: b.at, n: b.n };
      return from === undefined || isAfter(m, from) ? m : undefined;
    }
    case "all": {
      let m: Moment | undefined;
      for (const x of c.of) {
        const mx = firstMoment(x, w, from);
        if (mx === undefined) return undefined;
        m = m === undefined ? mx : later(m, mx);
      }
      return m;
    }
    case "any": {
      let m: Moment | undefined;
      for (const x of c.of) {
        const mx = firstMoment(x, w, from);
        if (mx !== undefined && (m === undefined || isAfter(m, mx))) m = mx;
      }
      return m;
    }
    case "sequence": {
      let m = from;
      let start: Moment | undefined;
      for (const x of c.of) {
        m = firstMoment(x, w, m);
        if (m === undefined) return undefined;
        start ??= m;
      }
      return c.within !== undefined && m!.at - start!.at > c.within ? undefined : m;
    }
    case "first": {
      const head = firstMoment(c.of[0], w, from);
      if (head === undefined) return undefined;
      for (let i = 1; i < c.of.length; i++) {
        const other = firstMoment(c.of[i], w, from);
        if (other !== undefined && !isAfter(other, head)) return undefined;
      }
      return head;
    }
    case "elapsed": {
      const m = firstMoment(c.since, w, from);
      if (m === undefined || w.now < m.at + c.for) return undefined;
      return { at: m.at + c.for, n: -1 };
    }
    default: return holds(c, w) ? { at: w.now, n: Infinity } : undefined;
  }
}

/**
 * The atoms of a condition with their polarity: `not` flips it, and in
 * `first` the members after the first are what must not come before it.
 * Shared by bots, evidence, the graph and scoring (which splits atoms by polarity).
 */
export function forEachAtom(c: CCondition, visit: (atom: CCondition, negated: boolean) => void, negated = false): void {
  switch (c.k) {
    case "all": case "any": case "sequence": for (const x of c.of) forEachAtom(x, visit, negated); return;
    case "not": forEachAtom(c.of, visit, !negated); return;
    case "first": c.of.forEach((x, i) => forEachAtom(x, visit, i > 0 ? !negated : negated)); return;
    case "elapsed": forEachAtom(c.since, visit, negated); return;
    case "action": if (c.sinceEvent) forEachAtom(c.sinceEvent, visit, negated); visit(c, negated); return;
    default: visit(c, negated);
  }
}

/** The action atoms that, taken, would make `c` hold (positive positions only): used by bots and the graph. */
export function positiveActionAtoms(c: CCondition): CActionAtom[] {
  const out: CActionAtom[] = [];
  forEachAtom(c, (a, negated) => { if (a.k === "action" && !negated) out.push(a); });
  return out;
}

/** Action atoms by polarity (scoring: what earns, what works against). */
export function actionAtoms(c: CCondition): { pos: CActionAtom[]; neg: CActionAtom[] } {
  const out = { pos: [] as CActionAtom[], neg: [] as CActionAtom[] };
  forEachAtom(c, (a, negated) => { if (a.k === "action") (negated ? out.neg : out.pos).push(a); });
  return out;
}
