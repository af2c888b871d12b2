import type { CCondition, CExpectation } from "../engine/compiled.js";
import { actionAtoms, actionMatches, forEachAtom, holds as holdsIn, type World } from "../engine/conditions.js";
import type { ActionRecord } from "../engine/types.js";
import type { Facts } from "./facts.js";

/**
 * An expectation judged on one student's (or one role's) own actions: the
 * scenario's condition, evaluated as the engine would, but seeing only their
 * actions. The world stays the cell's — when the expectation's clock started,
 * its deadline, deliveries, times — so what teammates did neither earns nor
 * costs them anything: adding a teammate's entries never changes their result
 * as long as the world they played in is the same (property-tested).
 *
 * Conditions on the state of the world (gauges, phase, staffed roles, other
 * expectations) describe the cell, not a person: they are left out here and
 * count in the cell's level only. An expectation with nothing but those is a
 * cell outcome.
 *
 * Results, for a student with actions that the condition speaks of:
 * - `met` / `late`: their own actions make it hold in time / in the late window;
 * - `partial`: it never held on their actions, which fulfil a share of it
 *   (e.g. 2 of the 3 legal regimes, 4 of 8 stakeholders): level = share × met;
 * - `against`: what they did is what the condition forbids (a `not`), or made
 *   it fail: level 0, with those actions as evidence.
 * A student whose actions the condition does not mention has no item.
 */

type Atom = Extract<CCondition, { k: "action" }>;
export type OwnOutcome = "met" | "late" | "partial" | "against";
export interface OwnResult { outcome: OwnOutcome; at?: number; fraction: number; evidence: ActionRecord[] }

const WORLD = new Set(["gauge", "phase", "expectation", "role", "volume"]);

/** The condition without its atoms on the state of the world; null when nothing personal is left. */
export function personalPart(c: CCondition): CCondition | null {
  if (WORLD.has(c.k)) return null;
  if (c.k === "all" || c.k === "any") {
    const of = c.of.map(personalPart).filter((x): x is CCondition => x !== null);
    return of.length === 0 ? null : of.length === 1 ? of[0] : { k: c.k, of };
  }
  if (c.k === "not") { const x = personalPart(c.of); return x === null ? null : { k: "not", of: x }; }
  if (c.k === "sequence") {
    const of = c.of.map(personalPart).filter((x): x is CCondition => x !== null);
    return of.length === 0 ? null : of.length === 1 ? of[0] : { ...c, of };
  }
  if (c.k === "first") {
    const head = personalPart(c.of[0]);
    const rest = c.of.slice(1).map(personalPart).filter((x): x is CCondition => x !== null);
    return head === null ? null : rest.length === 0 ? head : { ...c, of: [head, ...rest] };
  }
  if (c.k === "elapsed") { const x = personalPart(c.since); return x === null ? null : { ...c, since: x }; }
  if (c.k === "action" && c.sinceEvent) { const x = personalPart(c.sinceEvent); return x === null ? { ...c, sinceEvent: undefined } : { ...c, sinceEvent: x }; }
  return c;
}

/** Action atoms by polarity. */
const atoms = (c: CCondition): { pos: Atom[]; neg: Atom[] } => actionAtoms(c);
const hasAction = (c: CCondition): boolean => atoms(c).pos.length + atoms(c).neg.length > 0;

const personal = new WeakMap<CExpectation, { cond: CCondition; pos: Atom[]; neg: Atom[]; times: number[] } | null>();
function compiledPart(e: CExpectation) {
  let p = personal.get(e);
  if (p === undefined) {
    const cond = personalPart(e.condition);
    if (cond && hasAction(cond)) {
      const { pos, neg } = atoms(cond);
      const times: number[] = [];
      forEachAtom(cond, (c) => { if (c.k === "after" || c.k === "before") times.push(c.t); });
      p = { cond, pos, neg, times };
    } else p = null;
    personal.set(e, p);
  }
  return p;
}

/**
 * Is the personal condition true at `t`, seeing only `mine` (in effect at or
 * before t)? The engine's own evaluation, in a world that is the cell's
 * (deliveries, branch outcomes, times) but whose actions are theirs.
 */
function holds(f: Facts, c: CCondition, mine: readonly ActionRecord[], t: number): boolean {
  const world: World = {
    compiled: f.compiled, state: f.state, now: t,
    pool: (atom) => mine.filter((a) => f.at(a) <= t && (atom.id !== undefined ? a.action === atom.id : a.kind === atom.kind)),
  };
  return holdsIn(c, world);
}

/** The share of the condition their actions fulfil at `t` (forbidden parts left out; null: nothing countable). */
function share(f: Facts, c: CCondition, mine: readonly ActionRecord[], t: number): number | null {
  switch (c.k) {
    case "all": {
      const xs = c.of.map((x) => share(f, x, mine, t)).filter((x): x is number => x !== null);
      return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null;
    }
    case "any": {
      const xs = c.of.map((x) => share(f, x, mine, t)).filter((x): x is number => x !== null);
      return xs.length ? Math.max(...xs) : null;
    }
    case "not": return null;
    case "action": {
      let n = 0;
      for (const a of mine) if (f.at(a) <= t && actionMatches(f.state, c, a)) n++;
      return Math.min(1, n / c.count);
    }
    default: return holds(f, c, mine, t) ? 1 : 0;
  }
}

/** One person's actions in effect order, looked up by action id and kind (scoring asks once per expectation). */
export interface OwnActions { all: readonly ActionRecord[]; byId: Map<string, ActionRecord[]>; byKind: Map<string, ActionRecord[]>; rank: Map<ActionRecord, number> }
export function ownActions(all: readonly ActionRecord[]): OwnActions {
  const byId = new Map<string, ActionRecord[]>(), byKind = new Map<string, ActionRecord[]>(), rank = new Map<ActionRecord, number>();
  all.forEach((a, i) => {
    rank.set(a, i);
    for (const [m, k] of [[byId, a.action], [byKind, a.kind]] as const) { const l = m.get(k); if (l) l.push(a); else m.set(k, [a]); }
  });
  return { all, byId, byKind, rank };
}

/** The actions an atom's id or kind can match, in effect order, without duplicates. */
function pool(own: OwnActions, list: readonly Atom[]): ActionRecord[] {
  const set = new Set<ActionRecord>();
  for (const c of list) for (const a of (c.id !== undefined ? own.byId.get(c.id) : own.byKind.get(c.kind!)) ?? []) set.add(a);
  return [...set].sort((x, y) => own.rank.get(x)! - own.rank.get(y)!);
}

/**
 * Judge expectation `e` on one person's own actions. Undefined: no item
 * (nothing of theirs is concerned, the clock never started, it is a cell
 * outcome, or the window is still open).
 */
export function ownExpectation(f: Facts, e: CExpectation, own: OwnActions): OwnResult | undefined {
  const es = f.state.expectations[e.id];
  if (!es || es.startedAt === undefined) return undefined;
  const part = compiledPart(e);
  if (!part) return undefined;
  const start = es.startedAt;
  const due = es.dueAt;
  const lateEnd = e.lateUntil !== undefined ? start + e.lateUntil : undefined;
  const limit = lateEnd ?? due ?? Infinity;
  const horizon = Math.min(limit, f.now);
  const matchesAny = (list: Atom[], a: ActionRecord) => list.some((c) => actionMatches(f.state, c, a));
  const relevant = pool(own, [...part.pos, ...part.neg]).filter((a) => f.at(a) <= horizon && (matchesAny(part.pos, a) || matchesAny(part.neg, a)));
  if (relevant.length === 0) return undefined;
  const forbidden = relevant.filter((a) => matchesAny(part.neg, a));
  // Only what the condition forbids: their own evidence for this item works against it.
  if (forbidden.length === relevant.length) return { outcome: "against", fraction: 0, evidence: forbidden };

  const moments = new Set<number>([start]);
  for (const a of relevant) if (f.at(a) >= start) moments.add(f.at(a));
  for (const t of part.times) if (t >= start && t <= horizon) moments.add(t);
  for (const t of [...moments].sort((x, y) => x - y)) {
    if (t > horizon) break;
    if (holds(f, part.cond, relevant, t)) {
      const outcome = due === undefined || t <= due ? "met" : "late";
      return { outcome, at: t, fraction: 1, evidence: relevant.filter((a) => f.at(a) <= t && matchesAny(part.pos, a)) };
    }
  }
  // Not held (yet): decided once the window has closed or the session ended.
  if (!f.ended && f.now <= limit) return undefined;
  if (forbidden.length) return { outcome: "against", fraction: 0, evidence: forbidden };
  const at = due ?? horizon;
  const fraction = share(f, part.cond, relevant, at) ?? 0;
  if (fraction <= 0) return undefined;
  return { outcome: "partial", fraction: Math.round(fraction * 1000) / 1000, evidence: relevant.filter((a) => f.at(a) <= at) };
}
