import type { Competency } from "../scenario/schema.js";
import { sortEvidence, type Facts } from "./facts.js";
import type { Level } from "./levels.js";
import { levelOnScale } from "./rules.js";

/**
 * The toolkit generic indicators are written with: their result type and
 * the three ways a measure ends — scored, not applicable, or not decidable
 * yet (a live session where the thing may still happen in time).
 */

export interface Bilingual { fr: string; en: string }
export type Unit = "min" | "ratio" | "count" | "per_hour" | "levels";

export interface IndicatorResult {
  id: string;
  competency: Competency;
  /** ★ in the rubric: at level 0 it caps the competency. */
  critical: boolean;
  label: Bilingual;
  unit: Unit;
  /** The raw measure (minutes, a ratio 0–1, a count…); null when nothing could be measured. */
  value: number | null;
  /** 0–3, or null when not applicable or not decidable yet: null levels are left out of every mean. */
  level: Level | null;
  /** Live only: the measure may still change in time (e.g. no SITREP yet, but the 2 h are not over). */
  pending: boolean;
  /** Action ids ("a12") and delivery ids ("d3") that justify the level, in game-time order. */
  evidence: string[];
  explanation: Bilingual;
}

export interface IndicatorDef {
  id: string;
  competency: Competency;
  critical: boolean;
  label: Bilingual;
  unit: Unit;
  /** Measure on a whole cell (the scorer reuses results per role and per student). */
  measure(f: Facts): IndicatorResult;
}

type Head = Pick<IndicatorDef, "id" | "competency" | "critical" | "label" | "unit">;
const head = (d: Head) => ({ id: d.id, competency: d.competency, critical: d.critical, label: d.label, unit: d.unit });

/** A measured indicator: the level comes from the rules' scale for this id, optionally capped (a condition for the top level not met). */
export function scored(f: Facts, d: Head, value: number, evidence: Iterable<string>, explanation: Bilingual, cap?: Level): IndicatorResult {
  const scale = f.rules.scales[d.id];
  let level = scale ? levelOnScale(value, scale) : 0;
  if (cap !== undefined && level > cap) level = cap;
  return { ...head(d), value: round(value), level, pending: false, evidence: sortEvidence(f, evidence), explanation };
}

/** A fixed level (e.g. 0 when the thing never happened). */
export function fixed(f: Facts, d: Head, level: Level, value: number | null, evidence: Iterable<string>, explanation: Bilingual): IndicatorResult {
  return { ...head(d), value: value === null ? null : round(value), level, pending: false, evidence: sortEvidence(f, evidence), explanation };
}

export function notApplicable(d: Head, explanation: Bilingual): IndicatorResult {
  return { ...head(d), value: null, level: null, pending: false, evidence: [], explanation };
}

export function pending(f: Facts, d: Head, evidence: Iterable<string>, explanation: Bilingual): IndicatorResult {
  return { ...head(d), value: null, level: null, pending: true, evidence: sortEvidence(f, evidence), explanation };
}

/** Values are rounded to 1/1000 so results compare and serialise cleanly. */
export const round = (v: number): number => Math.round(v * 1000) / 1000;

/** "1 h 05" / "25 min". */
export function minutes(m: number): string {
  const total = Math.round(m);
  if (total < 60) return `${total} min`;
  return `${Math.floor(total / 60)} h ${String(total % 60).padStart(2, "0")}`;
}
export const pct = (r: number): Bilingual => ({ fr: `${Math.round(r * 100)} %`, en: `${Math.round(r * 100)}%` });

/**
 * A "time to X" measure: the delay in minutes from `from` to the first action,
 * or, when there is none yet, 0 once the worst bound has passed or the session
 * ended, and "pending" before that.
 */
export function delay(f: Facts, d: Head, from: { at: number; delivery?: string }, first: { id: string; at: number } | undefined,
  text: { done: (m: string) => Bilingual; missing: Bilingual; waiting: Bilingual }): IndicatorResult {
  const start = from.delivery ? [from.delivery] : [];
  if (first) {
    const m = Math.max(0, first.at - from.at) / 60;
    return scored(f, d, m, [...start, first.id], text.done(minutes(m)));
  }
  const worst = f.rules.scales[d.id]?.bounds[0] ?? 0;
  if (!f.ended && (f.now - from.at) / 60 <= worst) return pending(f, d, start, text.waiting);
  return fixed(f, d, 0, null, start, text.missing);
}
