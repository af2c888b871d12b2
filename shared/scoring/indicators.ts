import type { CompiledScenario } from "../engine/compiled.js";
import type { EngineState } from "../engine/types.js";
import { collectFacts, type Facts } from "./facts.js";
import { ANALYSIS_INDICATORS } from "./indicators-analysis.js";
import { COMMUNICATION_INDICATORS } from "./indicators-communication.js";
import { COORDINATION_INDICATORS } from "./indicators-coordination.js";
import { EVALUATION_INDICATORS } from "./indicators-evaluation.js";
import { notApplicable, pending, type IndicatorDef, type IndicatorResult } from "./kit.js";
import { INDICATOR_SPECS } from "../scenario/rubric.js";
import { rulesFor, SCORING_RULES, type ScoringRules } from "./rules.js";
import { isRetex, isSelfAssessment } from "./indicators-evaluation.js";

/**
 * The generic indicators of competency block 4, computed from any session
 * with no scenario-specific code: they read action kinds and parameters, the
 * deliveries, and the scenario's reference data (stakeholders, authorities,
 * legal bases, deadlines). Thresholds live in `rules.ts`.
 *
 * Not measured generically (left to the scenario's expectations): consistency
 * across published messages, the response to disinformation, procedure
 * artefacts, scenario-update proposals.
 */
export const INDICATORS: readonly IndicatorDef[] = [
  ...ANALYSIS_INDICATORS, ...COMMUNICATION_INDICATORS, ...COORDINATION_INDICATORS, ...EVALUATION_INDICATORS,
];

/** The indicators in force: the rubric may disable some. */
export const enabledIndicators = (f: Facts): IndicatorDef[] => INDICATORS.filter((d) => f.rules.indicators[d.id].enabled);

/** Measure every indicator in force on gathered facts. In the lobby, nothing is decidable yet. */
export function measureAll(f: Facts): IndicatorResult[] {
  if (!f.started) return enabledIndicators(f).map((d) => pending(f, d, [], { fr: "La session n'a pas commencé.", en: "The session has not started." }));
  return enabledIndicators(f).map((d) => d.measure(f));
}

const NO_EVIDENCE = { fr: "Aucune action de votre part pour cet indicateur.", en: "No action of yours for this indicator." };

/**
 * The indicators that judge one student's (or role's) own work, measured on
 * `own` — facts narrowed to their actions (`narrowFacts`). One they have no
 * action for is not applicable: nobody is scored on what a teammate did not do.
 */
export function measureOwn(own: Facts): IndicatorResult[] {
  if (!own.started) return [];
  return enabledIndicators(own).filter((d) => INDICATOR_SPECS[d.id].own).map((d) => {
    const has = d.id === "self_assessment_gap" ? own.done.some((a) => isSelfAssessment(own, a))
      : d.id === "retex_completeness" || d.id === "improvement_actions" ? own.counted(d.id).some((a) => isRetex(own, a))
      : own.counted(d.id).length > 0;
    return has ? d.measure(own) : notApplicable(own, d, NO_EVIDENCE);
  });
}

/**
 * Every indicator for one cell. The self-assessment gap needs each student's
 * computed levels: without `studentLevels` it is not applicable — `scoreCell`
 * supplies them.
 */
export function computeIndicators(compiled: CompiledScenario, state: EngineState, rules: ScoringRules = SCORING_RULES,
  studentLevels?: Facts["studentLevels"]): IndicatorResult[] {
  const f = collectFacts(compiled, state, rulesFor(compiled, rules));
  if (studentLevels) f.studentLevels = studentLevels;
  return measureAll(f);
}

export type { IndicatorDef, IndicatorResult } from "./kit.js";
