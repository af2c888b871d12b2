import { INDICATOR_SPECS, type IndicatorId } from "../scenario/rubric.js";
import type { Competency } from "../scenario/schema.js";
import type { Cause } from "./causes.js";
import { sortEvidence, type Facts } from "./facts.js";
import type { Level } from "./levels.js";
import { levelOnScale } from "./rules.js";
import { say } from "./texts.js";
import type { Bilingual } from "../i18n/bilingual.js";

/**
 * The toolkit generic indicators are written with: their result type and
 * the three ways a measure ends — scored, not applicable, or not decidable
 * yet (a live session where the thing may still happen in time).
 */

export type { Bilingual } from "../i18n/bilingual.js";
export type Unit = "min" | "ratio" | "count" | "per_hour" | "levels";

export interface IndicatorResult {
  id: IndicatorId;
  competency: Competency;
  /** ★ in the rubric in force: at level 0 it caps the competency. */
  critical: boolean;
  /** Its weight in its competency's indicator mean. */
  weight: number;
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
  /** When a cause trace was given and the level is low: what the absence of the action it counts brought about. */
  causes?: Cause[];
}

/** A generic indicator: its id names its spec (competency, unit, default scale) in shared/scenario/rubric.ts. */
export interface IndicatorDef {
  id: IndicatorId;
  label: Bilingual;
  /** Measure on facts: the whole cell's, or one student's own (`narrowFacts`) for the indicators the spec marks `own`. */
  measure(f: Facts): IndicatorResult;
}

type Head = Pick<IndicatorDef, "id" | "label">;
/** The fixed part of a result, from the spec and the rules in force. */
export const head = (f: Facts, d: Head) => {
  const spec = INDICATOR_SPECS[d.id];
  const set = f.rules.indicators[d.id];
  return { id: d.id, competency: spec.competency as Competency, critical: set.critical, weight: set.weight, label: d.label, unit: spec.unit as Unit };
};

/** A measured indicator: the level comes from the rules' scale for this id, optionally capped (a condition for the top level not met). */
export function scored(f: Facts, d: Head, value: number, evidence: Iterable<string>, explanation: Bilingual, cap?: Level): IndicatorResult {
  let level = levelOnScale(value, f.rules.indicators[d.id].scale);
  if (cap !== undefined && level > cap) level = cap;
  return { ...head(f, d), value: round(value), level, pending: false, evidence: sortEvidence(f, evidence), explanation };
}

/** A fixed level (e.g. 0 when the thing never happened). */
export function fixed(f: Facts, d: Head, level: Level, value: number | null, evidence: Iterable<string>, explanation: Bilingual): IndicatorResult {
  return { ...head(f, d), value: value === null ? null : round(value), level, pending: false, evidence: sortEvidence(f, evidence), explanation };
}

export function notApplicable(f: Facts, d: Head, explanation: Bilingual): IndicatorResult {
  return { ...head(f, d), value: null, level: null, pending: false, evidence: [], explanation };
}

export function pending(f: Facts, d: Head, evidence: Iterable<string>, explanation: Bilingual): IndicatorResult {
  return { ...head(f, d), value: null, level: null, pending: true, evidence: sortEvidence(f, evidence), explanation };
}

/** Values are rounded to 1/1000 so results compare and serialise cleanly. */
export const round = (v: number): number => Math.round(v * 1000) / 1000;

/** "1 h 05" / "25 min". */
export function minutes(m: number): string {
  const total = Math.round(m);
  if (total < 60) return `${total} min`;
  return `${Math.floor(total / 60)} h ${String(total % 60).padStart(2, "0")}`;
}
export const pct = (r: number): Bilingual => say("pct", { p: Math.round(r * 100) });

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
  const worst = f.rules.indicators[d.id].scale.bounds[0];
  if (!f.ended && (f.now - from.at) / 60 <= worst) return pending(f, d, start, text.waiting);
  return fixed(f, d, 0, null, start, text.missing);
}
