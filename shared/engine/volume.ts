import type { CompiledScenario, CVolume } from "./compiled.js";
import type { EngineState } from "./types.js";

/**
 * Volume curves: how many people an inject reaches (shares, views) at any
 * game time. Pure functions of the curve, the delivery time and the scale
 * changes the scenario's effects made (`volume: { inject, scale }`), so a
 * replay shows the same figure at the same moment, and the engine can say
 * exactly when a bound is crossed.
 */

const logistic = (p: number) => 1 / (1 + Math.exp(-12 * (p - 0.5)));

/** The curve's own value `tau` seconds after delivery (no scaling). */
export function baseVolume(v: CVolume, tau: number): number {
  const p = v.over <= 0 ? 1 : Math.min(1, Math.max(0, tau / v.over));
  switch (v.shape) {
    case "linear": return v.from + (v.to - v.from) * p;
    case "exponential": return v.from > 0 ? v.from * Math.pow(v.to / v.from, p) : v.to * p;
    case "logistic": return v.from + (v.to - v.from) * ((logistic(p) - logistic(0)) / (logistic(1) - logistic(0)));
    case "step": return p < 1 ? v.from : v.to;
  }
}

export interface Scale { at: number; scale: number }

/**
 * The volume at time `t` for a delivery at `d`: the curve's growth between
 * two scale changes counts multiplied by every scale in force, so halving
 * halves what is still to come and never takes back what was reached.
 * Rounded: players see whole shares.
 */
export function volumeAt(v: CVolume, d: number, scales: readonly Scale[], t: number): number {
  if (t < d) return 0;
  let value = v.from;
  let factor = 1;
  let from = d;
  for (const s of scales) {
    if (s.at >= t) break;
    if (s.at > from) { value += factor * (baseVolume(v, s.at - d) - baseVolume(v, from - d)); from = s.at; }
    factor *= s.scale;
  }
  value += factor * (baseVolume(v, t - d) - baseVolume(v, from - d));
  return Math.round(value);
}

/** The volume of an inject's curve now, or undefined when it has no curve or was not delivered by `t`. */
export function volumeNow(compiled: CompiledScenario, state: EngineState, inject: string, t: number): number | undefined {
  const v = compiled.volumes.get(inject);
  const d = state.delivered[inject];
  if (!v || d === undefined || d > t) return undefined;
  return volumeAt(v, d, state.volumes?.[inject] ?? [], t);
}

/**
 * The first second after `now` at which `test` of the volume changes, if it
 * does before the curve flattens (scale changes are events of their own).
 * The curve is monotone between scale changes, so a bound is crossed once:
 * a binary search over whole seconds finds it.
 */
export function nextVolumeChange(compiled: CompiledScenario, state: EngineState, inject: string, now: number, test: (v: number) => boolean): number | undefined {
  const v = compiled.volumes.get(inject);
  const d = state.delivered[inject];
  if (!v || d === undefined) return undefined;
  const scales = state.volumes?.[inject] ?? [];
  const end = d + v.over;
  if (now >= end) return undefined;
  const at = (t: number) => test(volumeAt(v, d, scales, t));
  const was = at(now);
  if (at(end) === was) return undefined;
  let lo = now, hi = end;
  while (hi - lo > 1) { const mid = Math.floor((lo + hi) / 2); if (at(mid) === was) lo = mid; else hi = mid; }
  return hi;
}
