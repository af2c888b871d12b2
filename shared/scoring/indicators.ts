import type { CompiledScenario } from "../engine/compiled.js";
import type { EngineState } from "../engine/types.js";
import { collectFacts, type Facts } from "./facts.js";
import { ANALYSIS_INDICATORS } from "./indicators-analysis.js";
import { COMMUNICATION_INDICATORS } from "./indicators-communication.js";
import { COORDINATION_INDICATORS } from "./indicators-coordination.js";
import { EVALUATION_INDICATORS } from "./indicators-evaluation.js";
import { pending, type IndicatorDef, type IndicatorResult } from "./kit.js";
import { SCORING_RULES, type ScoringRules } from "./rules.js";

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

/** Measure every indicator on gathered facts. In the lobby, nothing is decidable yet. */
export function measureAll(f: Facts): IndicatorResult[] {
  if (!f.started) return INDICATORS.map((d) => pending(f, d, [], { fr: "La session n'a pas commencé.", en: "The session has not started." }));
  return INDICATORS.map((d) => d.measure(f));
}

/**
 * Every indicator for one cell. The self-assessment gap needs each player's
 * computed levels: without `playerLevels` it is not applicable — `scoreCell`
 * supplies them.
 */
export function computeIndicators(compiled: CompiledScenario, state: EngineState, rules: ScoringRules = SCORING_RULES,
  playerLevels?: Facts["playerLevels"]): IndicatorResult[] {
  const f = collectFacts(compiled, state, rules);
  if (playerLevels) f.playerLevels = playerLevels;
  return measureAll(f);
}

export type { IndicatorDef, IndicatorResult } from "./kit.js";
