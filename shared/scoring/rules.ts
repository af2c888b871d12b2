import type { Competency } from "../scenario/schema.js";
import type { Level } from "./levels.js";

/**
 * The scoring rubric as data (DOMAIN.md §5). Every threshold a teacher may
 * want to calibrate lives here, not in code: `scoreCell` takes a rules object
 * (this one by default), so a jury can score a session with its own table
 * without touching an indicator. Times are game minutes.
 */

/** How a raw measure maps to a level 0–3: three bounds, for levels 1, 2 and 3. */
export interface Scale {
  /** "higher": level k when value ≥ bounds[k-1]; "lower": level k when value ≤ bounds[k-1]. Bounds are inclusive. */
  better: "higher" | "lower";
  bounds: readonly [number, number, number];
}

export interface ScoringRules {
  /** One scale per generic indicator id. */
  scales: Readonly<Record<string, Scale>>;
  /** Weight of each indicator in its competency's indicator mean (default 1). */
  weights: Readonly<Record<string, number>>;
  /** Level contributed by an expectation, by final status. */
  expectationLevels: Readonly<{ met: number; late: number; missed: number }>;
  /** Share of the scenario's expectations in a competency's mean when both expectations and indicators apply. */
  expectationShare: number;
  /** Mean (0–3) from which a competency reaches level 1, 2 ("acquis") and 3 ("maîtrisé"). */
  meanThresholds: readonly [number, number, number];
  /** Highest level a competency can reach when one of its critical (★) items is at 0. */
  criticalCap: Level;
  /** Action parameters that name a legal basis (SITREP `legal`, notification `form`, scenario-specific forms). */
  legalParams: readonly string[];
  /** Fields a complete decision record fills (those its form offers). */
  decisionFields: readonly string[];
  /** Action kinds that show the cell is activated and organised. */
  activationKinds: readonly string[];
  /** The statement parameter naming the audience, its internal value and its press/public value. */
  audience: Readonly<{ param: string; internal: string; public: string }>;
  /** The RETEX section listing improvement actions, one per line. */
  planSection: string;
  /** Self-assessment parameters and the competency each rates. */
  selfAssessment: Readonly<Record<string, Competency>>;
  /** What counts as a link to the log inside a RETEX: an action or delivery id, or a game time. */
  evidenceLink: string;
}

export const SCORING_RULES: ScoringRules = {
  scales: {
    // C4.1
    sitrep_delay: { better: "lower", bounds: [120, 60, 30] },          // >2 h / 1–2 h / 30–60 min / <30 min
    stakeholders_mapped: { better: "higher", bounds: [0.4, 0.7, 0.9] }, // <40 % / 40–69 / 70–89 / ≥90 % with influence
    impact_levels: { better: "higher", bounds: [1, 2, 3] },            // 0 / 1 / 2 / 3 levels tagged
    legal_tools: { better: "higher", bounds: [0.5, 0.75, 1] },         // <50 % / 50–74 / 75–99 / 100 % and written down
    anticipation: { better: "higher", bounds: [1, 2, 3] },             // 0 / 1 / 2 / ≥3 hypotheses
    // C4.2
    holding_statement_delay: { better: "lower", bounds: [120, 60, 30] }, // >2 h / 1–2 h / ≤1 h / ≤30 min
    audiences_reached: { better: "higher", bounds: [0.4, 0.7, 0.9] },
    single_voice: { better: "lower", bounds: [2, 1, 1] },              // ≥3 / 2 / 1 / 1 via a validated workflow
    // C4.3
    deadlines_met: { better: "higher", bounds: [0.5, 0.8, 1] },        // <50 % / 50–79 / 80–99 / 100 %
    decision_records: { better: "higher", bounds: [0.5, 0.75, 1] },
    logbook_rhythm: { better: "higher", bounds: [0.5, 1, 2] },         // entries per game hour [design]
    cell_activation: { better: "lower", bounds: [60, 30, 15] },        // >60 / ≤60 / ≤30 / ≤15 min
    counterparts_engaged: { better: "higher", bounds: [0.3, 0.6, 0.9] },
    // C4.4
    retex_completeness: { better: "higher", bounds: [0.2, 1, 1] },     // none / partial / all sections / + links to the log
    self_assessment_gap: { better: "lower", bounds: [1.5, 1, 0.5] },   // >1.5 / ≤1.5 / ≤1 / ≤0.5 levels
    improvement_actions: { better: "higher", bounds: [1, 3, 6] },      // 0 / 1–2 / 3–5 / ≥6
  },
  weights: {},
  expectationLevels: { met: 3, late: 1.5, missed: 0 },
  expectationShare: 0.5,
  meanThresholds: [1, 2, 2.5],
  criticalCap: 1,
  legalParams: ["legal", "form", "basis", "instruments"],
  decisionFields: ["owner", "rationale"],
  activationKinds: ["assignment", "point", "task"],
  audience: { param: "audience", internal: "internal", public: "external" },
  planSection: "plan",
  selfAssessment: { c41: "C4.1", c42: "C4.2", c43: "C4.3", c44: "C4.4" },
  evidenceLink: String.raw`\b[ad]\d+\b|\b[TJ]\+\d`,
};

/** Tolerance for ratios such as 0.1 + 0.2: a value a hair under a bound still reaches it. */
const EPS = 1e-9;

/** The level of a raw measure on a scale. */
export function levelOnScale(value: number, scale: Scale): Level {
  const [a, b, c] = scale.bounds;
  if (scale.better === "higher") return value >= c - EPS ? 3 : value >= b - EPS ? 2 : value >= a - EPS ? 1 : 0;
  return value <= c + EPS ? 3 : value <= b + EPS ? 2 : value <= a + EPS ? 1 : 0;
}

/** The level of a mean of levels (0–3): "acquis" from 2 by default, as in the rubric. */
export function levelOfMean(mean: number, thresholds: readonly [number, number, number]): Level {
  return levelOnScale(mean, { better: "higher", bounds: thresholds });
}
