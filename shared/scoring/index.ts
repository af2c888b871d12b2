/** Competency scoring (block 4, C4.1–C4.4): pure functions of a compiled scenario and an engine state. */
export { scoreCell, scoreCompetency, levelTable, type CellScore, type ScopeScore, type RoleScore, type StudentScore, type CompetencyScore, type ExpectationItem, type OverallScore } from "./score.js";
export { INDICATORS, computeIndicators, type IndicatorDef, type IndicatorResult } from "./indicators.js";
export { SCORING_RULES, levelOnScale, levelOfMean, type ScoringRules, type Scale } from "./rules.js";
export { LEVEL_LABELS, competencyLevels, levelOf, type Level, type ScoredExpectation, type CompetencyLevel } from "./levels.js";
