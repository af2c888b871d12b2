import type { Competency } from "../scenario/schema.js";
import { COMPETENCIES } from "../scenario/schema.js";
import { scoringText } from "./texts.js";

/**
 * Levels per competency, as in French competency grids: 0 non acquis,
 * 1 en cours d'acquisition, 2 acquis, 3 maîtrisé. Deliberately simple (a later
 * issue extends scoring): per competency, the weighted share of expectations
 * met, a late one counting half; thresholds 0.4 / 0.7 / 0.9; any critical
 * expectation missed caps the level at 1. Pure: the debrief screen, the
 * server and the replay viewer compute the same levels from the same view.
 * The full scorer (expectations + generic indicators, per role and student,
 * with evidence) is `scoreCell` in score.ts; its levels can differ from these.
 */
export type Level = 0 | 1 | 2 | 3;
export const LEVEL_THRESHOLDS = [0.4, 0.7, 0.9] as const;
/** The level words, from the scores' dictionaries (texts-fr.ts / texts-en.ts). */
export const LEVEL_LABELS = {
  fr: ([0, 1, 2, 3] as const).map((l) => scoringText("fr", `level.${l}`)),
  en: ([0, 1, 2, 3] as const).map((l) => scoringText("en", `level.${l}`)),
} as const;

export interface ScoredExpectation {
  competency: string;
  status: "pending" | "met" | "late" | "missed";
  weight: number;
  critical: boolean;
}

export interface CompetencyLevel {
  competency: Competency;
  /** null when the scenario assesses nothing for this competency. */
  level: Level | null;
  share: number;
  met: number; late: number; missed: number; pending: number;
  /** A critical expectation was missed, so the level is at most 1. */
  capped: boolean;
}

/** Map a share in [0, 1] to a level 0–3. */
export function levelOf(share: number): Level {
  const [a, b, c] = LEVEL_THRESHOLDS;
  return share >= c ? 3 : share >= b ? 2 : share >= a ? 1 : 0;
}

/** Levels for each competency of block 4, from expectations with their final status. Pending counts as not met. */
export function competencyLevels(expectations: readonly ScoredExpectation[], competencies: readonly Competency[] = COMPETENCIES): CompetencyLevel[] {
  return competencies.map((competency) => {
    const mine = expectations.filter((e) => e.competency === competency && e.weight > 0);
    const count = (s: ScoredExpectation["status"]) => mine.filter((e) => e.status === s).length;
    const total = mine.reduce((sum, e) => sum + e.weight, 0);
    const got = mine.reduce((sum, e) => sum + e.weight * (e.status === "met" ? 1 : e.status === "late" ? 0.5 : 0), 0);
    const share = total > 0 ? got / total : 0;
    const capped = mine.some((e) => e.critical && e.status === "missed");
    const level = total > 0 ? (capped ? (Math.min(levelOf(share), 1) as Level) : levelOf(share)) : null;
    return { competency, level, share, met: count("met"), late: count("late"), missed: count("missed"), pending: count("pending"), capped };
  });
}
