import type { CCondition, CompiledScenario, Roots } from "./compiled.js";
import { deliveriesOf, engineWorld, firstMoment, holds as holdsFresh, type Moment, type World } from "./conditions.js";
import type { EngineState } from "./types.js";
import { nextVolumeChange } from "./volume.js";

/**
 * Conditions indexed by what they depend on, so the settle loop evaluates a
 * condition again only when something it reads changed: an action of its id
 * or kind (`a:` / `k:`), a delivery of its inject (`d:`), a gauge (`g:`), the
 * phase, the roster, an expectation's status (`e:`), a branch outcome (`b:`),
 * a volume scale (`v:`), or the time reaching a moment at which it may flip
 * (its "wake": a time in `after`, a delivery plus `for`, an event plus
 * `elapsed.for`, a volume bound crossed). The values are a cache beside the
 * state (never in it): a state restored from JSON starts with every condition
 * stale, so caching changes no result, only how often conditions are read.
 */

export type { Roots };

/** Collect the roots of a scenario while it is compiled. */
export class RootSet {
  private list: CCondition[] = [];
  add(c: CCondition): number { this.list.push(c); return this.list.length - 1; }
  build(): Roots {
    const deps = new Map<string, number[]>();
    const timed = this.list.map((c, i) => {
      const keys = new Set<string>();
      const t = keysOf(c, keys);
      for (const k of keys) { const l = deps.get(k); if (l) l.push(i); else deps.set(k, [i]); }
      return t;
    });
    return { list: this.list, deps, timed, timedList: timed.flatMap((t, i) => (t ? [i] : [])) };
  }
}

/** Add what `c` reads to `out`; true when time alone can change it. */
function keysOf(c: CCondition, out: Set<string>): boolean {
  switch (c.k) {
    case "all": case "any": case "sequence": case "first": { let t = false; for (const x of c.of) t = keysOf(x, out) || t; return t; }
    case "not": return keysOf(c.of, out);
    case "elapsed": keysOf(c.since, out); return true;
    case "after": case "before": return true;
    case "action":
      out.add(c.id !== undefined ? `a:${c.id}` : `k:${c.kind}`);
      if (c.since !== undefined) out.add(`d:${c.since}`);
      if (c.sinceEvent) keysOf(c.sinceEvent, out);
      return false;
    case "delivered": out.add(`d:${c.inject}`); return c.for > 0;
    case "gauge": out.add(`g:${c.id}`); return false;
    case "phase": out.add("phase"); return false;
    case "expectation": out.add(`e:${c.id}`); return false;
    case "role": out.add("roles"); return false;
    case "branch": out.add(`b:${c.id}`); return false;
    case "volume": out.add(`d:${c.inject}`); out.add(`v:${c.inject}`); return true;
  }
}

/**
 * Per state: each root's value, whether it must be read again (`stale`), the
 * time at which it may flip by time alone (`wake`), whether its value changed
 * since its reader last said it had seen it (`moved`, see `quiet`), whether its
 * reader will never read it again (`retired`), and the
 * earliest wake still ahead (`soonest`, a lower bound: until the clock
 * reaches it, moving time makes nothing stale, so no root list is walked).
 */
interface Cache { value: boolean[]; stale: boolean[]; wake: number[]; moved: boolean[]; retired: boolean[]; time: number; soonest: number }
const caches = new WeakMap<EngineState, Cache>();

function cacheOf(compiled: CompiledScenario, state: EngineState): Cache {
  let c = caches.get(state);
  const n = compiled.roots.list.length;
  if (!c) {
    c = { value: new Array(n).fill(false), stale: new Array(n).fill(true), wake: new Array(n).fill(Infinity), moved: new Array(n).fill(true), retired: new Array(n).fill(false), time: state.time, soonest: Infinity };
    caches.set(state, c);
  } else if (c.time !== state.time) {
    c.time = state.time;
    if (state.time >= c.soonest) {
      let soonest = Infinity;
      for (const i of compiled.roots.timedList) {
        const w = c.wake[i];
        if (w <= state.time) c.stale[i] = true;
        else if (w < soonest) soonest = w;
      }
      c.soonest = soonest;
    }
  }
  return c;
}

/** Something that conditions read changed: mark the roots that read it. */
export function touch(compiled: CompiledScenario, state: EngineState, key: string): void {
  const c = caches.get(state);
  if (!c) return;
  const roots = compiled.roots.deps.get(key);
  if (roots) for (const r of roots) c.stale[r] = true;
}

/** The value of root `r` in the engine's world now (evaluated only when stale). */
export function rootHolds(compiled: CompiledScenario, state: EngineState, r: number): boolean {
  const c = cacheOf(compiled, state);
  if (!c.stale[r]) return c.value[r];
  const cond = compiled.roots.list[r];
  const w = engineWorld(compiled, state);
  const v = holdsFresh(cond, w);
  if (v !== c.value[r]) c.moved[r] = true;
  c.value[r] = v;
  c.stale[r] = false;
  const wake = compiled.roots.timed[r] ? nextChange(cond, w) : Infinity;
  c.wake[r] = wake;
  if (wake < c.soonest) c.soonest = wake;
  return v;
}

/**
 * True when none of `roots` can read differently from when their reader last
 * called `acknowledge` on them: none is stale (nothing it reads was touched,
 * time did not reach its wake) and none was read again to a new value since,
 * retired roots aside. The settle loop skips its triggers then: with every
 * live trigger's latch equal to its condition's value, a pass over them
 * changes nothing.
 */
export function quiet(compiled: CompiledScenario, state: EngineState, roots: readonly number[]): boolean {
  const c = cacheOf(compiled, state);
  for (const r of roots) if ((c.stale[r] || c.moved[r]) && !c.retired[r]) return false;
  return true;
}

/** Root `r`'s reader will never read it again in this state (a trigger that fired once, a branch point decided): `quiet` ignores it. */
export function retire(compiled: CompiledScenario, state: EngineState, r: number): void {
  cacheOf(compiled, state).retired[r] = true;
}

/** Was root `r` retired in this state (see `retire`)? */
export function isRetired(compiled: CompiledScenario, state: EngineState, r: number): boolean {
  return cacheOf(compiled, state).retired[r];
}

/** The reader of `roots` has acted on their current values (see `quiet`). */
export function acknowledge(compiled: CompiledScenario, state: EngineState, roots: readonly number[]): void {
  const c = cacheOf(compiled, state);
  for (const r of roots) c.moved[r] = false;
}

/** The earliest time after now at which root `r` may change by time alone (Infinity when only events can change it). */
export function wakeOf(compiled: CompiledScenario, state: EngineState, r: number): number {
  if (!compiled.roots.timed[r]) return Infinity;
  rootHolds(compiled, state, r);
  return caches.get(state)!.wake[r];
}

/**
 * The earliest time after `w.now` at which `c` (counted after `from`) may
 * change by time alone; Infinity when only events can change it. Follows the
 * same chain as `firstMoment`, so an `elapsed` anchored on an event waits on
 * that event's actual moment.
 */
export function nextChange(c: CCondition, w: World, from?: Moment): number {
  const now = w.now;
  const future = (t: number) => (t > now ? t : Infinity);
  switch (c.k) {
    case "after": case "before": return future(c.t);
    case "delivered": {
      if (c.for === 0) return Infinity;
      let best = Infinity;
      for (const d of deliveriesOf(w.state, c.inject)) best = Math.min(best, future(d.at + c.for));
      return best;
    }
    case "all": case "any": case "first": { let best = Infinity; for (const x of c.of) best = Math.min(best, nextChange(x, w, from)); return best; }
    case "not": return nextChange(c.of, w, from);
    case "sequence": {
      let m = from;
      for (const x of c.of) {
        const next = firstMoment(x, w, m);
        if (next === undefined) return nextChange(x, w, m);
        m = next;
      }
      return Infinity;
    }
    case "elapsed": {
      const m = firstMoment(c.since, w, from);
      return m === undefined ? nextChange(c.since, w, from) : future(m.at + c.for);
    }
    case "volume": {
      let best = Infinity;
      for (const [k, v] of [["below", c.below], ["above", c.above], ["atMost", c.atMost], ["atLeast", c.atLeast]] as const) {
        if (v === undefined) continue;
        const test = (x: number) => (k === "below" ? x < v : k === "above" ? x > v : k === "atMost" ? x <= v : x >= v);
        const t = nextVolumeChange(w.compiled, w.state, c.inject, now, test);
        if (t !== undefined) best = Math.min(best, t);
      }
      return best;
    }
    default: return Infinity;
  }
}
