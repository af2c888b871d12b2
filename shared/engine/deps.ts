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
    return { list: this.list, deps, timed };
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

interface Cache { value: boolean[]; stale: boolean[]; wake: number[]; time: number }
const caches = new WeakMap<EngineState, Cache>();

function cacheOf(compiled: CompiledScenario, state: EngineState): Cache {
  let c = caches.get(state);
  const n = compiled.roots.list.length;
  if (!c) {
    c = { value: new Array(n).fill(false), stale: new Array(n).fill(true), wake: new Array(n).fill(Infinity), time: state.time };
    caches.set(state, c);
  } else if (c.time !== state.time) {
    for (let i = 0; i < n; i++) if (c.wake[i] <= state.time) c.stale[i] = true;
    c.time = state.time;
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
  c.value[r] = v;
  c.stale[r] = false;
  c.wake[r] = compiled.roots.timed[r] ? nextChange(cond, w) : Infinity;
  return v;
}

/** The earliest time after now at which one of `roots` may change by time alone. */
export function nextWake(compiled: CompiledScenario, state: EngineState, roots: Iterable<number>): number {
  let best = Infinity;
  for (const r of roots) {
    if (!compiled.roots.timed[r]) continue;
    rootHolds(compiled, state, r);
    const w = caches.get(state)!.wake[r];
    if (w < best) best = w;
  }
  return best;
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
