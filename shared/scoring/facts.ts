import type { Param } from "../scenario/schema.js";
import type { CompiledScenario } from "../engine/compiled.js";
import type { ActionRecord, Delivery, EngineState, ParamValue } from "../engine/types.js";
import type { Competency } from "../scenario/schema.js";
import { INDICATOR_SPECS, type IndicatorId } from "../scenario/rubric.js";
import type { DelayStart, ScoringRules } from "./rules.js";

/**
 * What every indicator reads, gathered once per scoring: the actions in
 * effect in time order, the deliveries, the session's clock. Built from the
 * engine state only — never from the log's `wall` stamps or the host's clock —
 * so live scoring and replay scoring agree bit for bit.
 */
export interface Facts {
  compiled: CompiledScenario;
  state: EngineState;
  rules: ScoringRules;
  /** The session has started (indicators are not applicable in the lobby). */
  started: boolean;
  ended: boolean;
  /** Game seconds: the end of the session, or the current time while it runs. */
  now: number;
  /** The first delivery: when the crisis reached the cell (T+0 when nothing was delivered yet). */
  crisisStart: { at: number; delivery?: string };
  /** Actions in effect (done, or approved), ordered by the time they took effect. */
  done: ActionRecord[];
  /** Done actions of one kind, in time order. */
  ofKind(kind: string): ActionRecord[];
  /** What an indicator counts: its kind, plus the scenario actions its rubric adds, taken in its rubric's roles; in time order. */
  counted(indicator: IndicatorId): ActionRecord[];
  /** When an action took effect: its approval time when it needed one. */
  at(a: ActionRecord): number;
  /** The form (parameters) of the action a record was taken with. */
  form(a: ActionRecord): Param[];
  /** Position of an action or delivery id in game-time order (deliveries first at equal times), for ordering evidence. */
  rank(id: string): number | undefined;
  /** Every action and delivery id, by rank. */
  ids: readonly string[];
  /** Ranks of the evidence lists built from these facts, keyed by the list itself. */
  rankCache: WeakMap<readonly string[], Int32Array>;
  /** First delivery of an inject. */
  firstDelivery(inject: string): Delivery | undefined;
  /** Set by the scorer: each student's levels without the self-assessment indicator (first pass), by the player id they hold in this cell. */
  studentLevels?: (player: string) => Partial<Record<Competency, number | null>>;
}


const effective = (a: ActionRecord) => a.approvedBy?.at ?? a.at;

/** `ofKind` and `counted` over a list of done actions in effect order. */
function lookups(done: ActionRecord[], rules: ScoringRules): Pick<Facts, "ofKind" | "counted"> {
  const byKind = new Map<string, ActionRecord[]>();
  for (const a of done) {
    const list = byKind.get(a.kind);
    if (list) list.push(a); else byKind.set(a.kind, [a]);
  }
  const counted = new Map<IndicatorId, ActionRecord[]>();
  return {
    ofKind: (kind) => byKind.get(kind) ?? [],
    counted(id) {
      let list = counted.get(id);
      if (list) return list;
      const kind: string | undefined = (INDICATOR_SPECS[id] as { counts?: string }).counts;
      const settings = rules.indicators[id];
      const extra = new Set(settings.actions);
      const mine = (a: ActionRecord) => !settings.roles || settings.roles.includes(a.role);
      list = extra.size === 0 ? (kind ? byKind.get(kind) ?? [] : []).filter(mine)
        : done.filter((a) => (a.kind === kind || extra.has(a.action)) && mine(a));
      counted.set(id, list);
      return list;
    },
  };
}

export function collectFacts(compiled: CompiledScenario, state: EngineState, rules: ScoringRules): Facts {
  // `state.actions` and `state.deliveries` are in id order; stable sorts by time keep that order at equal times.
  const done = state.actions.filter((a) => a.status === "done").sort((x, y) => effective(x) - effective(y));
  const firsts = new Map<string, Delivery>();
  for (const d of state.deliveries) if (d.inject !== undefined && !firsts.has(d.inject)) firsts.set(d.inject, d);
  // One chronological rank per id, computed once: evidence lists are then sorted by integer.
  const timeline: { id: string; at: number }[] = [
    ...state.deliveries.map((d) => ({ id: d.id, at: d.at })),
    ...state.actions.map((a) => ({ id: a.id, at: effective(a) })),
  ].sort((x, y) => x.at - y.at);
  const ranks = new Map<string, number>();
  timeline.forEach((t, i) => ranks.set(t.id, i));
  const first = state.deliveries[0];
  return {
    compiled, state, rules,
    started: state.status !== "lobby",
    ended: state.status === "ended",
    now: state.ended?.at ?? state.time,
    crisisStart: first ? { at: first.at, delivery: first.id } : { at: 0 },
    done,
    ...lookups(done, rules),
    at: effective,
    form: (a) => compiled.actions.get(a.action)?.source.params ?? [],
    rank: (id) => ranks.get(id),
    ids: timeline.map((t) => t.id),
    rankCache: new WeakMap(),
    firstDelivery: (inject) => firsts.get(inject),
  };
}

/**
 * The same facts seen through one student's (or one role's) own actions: the
 * world (deliveries, clock, expectations) stays the cell's, the actions are
 * theirs. Own-scope indicators measured here judge only what they did.
 */
export function narrowFacts(f: Facts, actions: ActionRecord[]): Facts {
  return { ...f, done: actions, ...lookups(actions, f.rules) };
}

/** When a delay indicator's clock starts: its rubric's `from` if any, else `dflt`; undefined when that event never happened. */
export function delayStart(f: Facts, from: DelayStart | undefined, dflt: { at: number; delivery?: string }): { at: number; delivery?: string } | undefined {
  if (!from) return dflt;
  if ("at" in from) return f.now >= from.at ? { at: from.at } : undefined;
  if ("inject" in from) { const d = f.firstDelivery(from.inject); return d ? { at: d.at, delivery: d.id } : undefined; }
  const first = f.state.actions.find((a) => a.action === from.action && a.status === "done");
  return first ? { at: effective(first) } : undefined;
}

/** A parameter holds something: non-blank text, a non-empty list, a number. */
export function filled(v: ParamValue | undefined): boolean {
  if (v === undefined) return false;
  if (typeof v === "string") return v.trim().length > 0;
  if (Array.isArray(v)) return v.some((x) => x.trim().length > 0);
  if (typeof v === "number") return Number.isFinite(v);
  return v;
}

/** A parameter's values as a list of non-blank strings. */
export function values(v: ParamValue | undefined): string[] {
  if (v === undefined || typeof v === "boolean") return [];
  return (Array.isArray(v) ? v : [String(v)]).map((x) => x.trim()).filter((x) => x.length > 0);
}

/**
 * The ids of several evidence lists, without duplicates, in game-time order
 * (deliveries first at equal times). Linear: ids are marked by their
 * chronological rank, then read back in rank order — a 10,000-entry log has
 * thousands of logbook ids to merge in every scope.
 */
export function sortEvidence(f: Facts, ...lists: Iterable<string>[]): string[] {
  const parts: Int32Array[] = [];
  const unknown = new Set<string>();
  let total = 0;
  for (const list of lists) {
    // Lists already sorted here (an indicator's evidence, a competency's) keep their ranks: merging scopes costs no lookups.
    let ranks = Array.isArray(list) ? f.rankCache.get(list) : undefined;
    if (!ranks) {
      const rs: number[] = [];
      for (const id of list) {
        const r = f.rank(id);
        if (r === undefined) unknown.add(id); else rs.push(r);
      }
      ranks = Int32Array.from(rs);
    }
    parts.push(ranks);
    total += ranks.length;
  }
  let sorted: Int32Array;
  if (total * 8 < f.ids.length) {
    const all = new Int32Array(total);
    let at = 0;
    for (const p of parts) { all.set(p, at); at += p.length; }
    sorted = all.sort();
  } else {
    const marks = new Uint8Array(f.ids.length);
    for (const p of parts) for (let i = 0; i < p.length; i++) marks[p[i]] = 1;
    const rs: number[] = [];
    for (let r = 0; r < marks.length; r++) if (marks[r]) rs.push(r);
    sorted = Int32Array.from(rs);
  }
  const kept: number[] = [];
  const out: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) continue;
    kept.push(sorted[i]);
    out.push(f.ids[sorted[i]]);
  }
  if (unknown.size) return [...out, ...[...unknown].sort()];
  f.rankCache.set(out, Int32Array.from(kept));
  return out;
}

/**
 * How an expectation counts now: its status once resolved; "missed" when its
 * clock started and the session ended without it (the RETEX never written);
 * null while it can still be met in time, or when its clock never started
 * (an inject that never came, a branch not taken): then it is not assessed.
 */
export function expectationOutcome(f: Facts, id: string): "met" | "late" | "missed" | null {
  const es = f.state.expectations[id];
  if (!es) return null;
  if (es.status !== "pending") return es.status;
  return f.ended && es.startedAt !== undefined ? "missed" : null;
}
