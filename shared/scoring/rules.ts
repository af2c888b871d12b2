import type { CompiledScenario } from "../engine/compiled.js";
import { INDICATOR_IDS, INDICATOR_SPECS, type IndicatorId, type IndicatorSpec, type Rubric } from "../scenario/rubric.js";
import type { Competency } from "../scenario/schema.js";
import { tr, type Text } from "../scenario/text.js";
import { parseDuration, parseGameTime } from "../scenario/time.js";
import { DEFAULT_DESCRIPTORS } from "./descriptors.js";
import type { Level } from "./levels.js";

/**
 * The scoring rubric as data. `SCORING_RULES` is the documented default
 * (README.md, DOMAIN.md §5); a scenario's `rubric` section re-weights,
 * re-times, disables or extends it (`rulesFor`), and nothing else moves a
 * level: every rule here is printed in words by `describeRubric` for the
 * author (`npm run scenario -- rubric`), the players and the jury. Times are
 * game minutes, except `from` (game seconds or an event).
 */

/** How a raw measure maps to a level 0–3: three bounds, for levels 1, 2 and 3. */
export interface Scale {
  /** "higher": level k when value ≥ bounds[k-1]; "lower": level k when value ≤ bounds[k-1]. Bounds are inclusive. */
  better: "higher" | "lower";
  bounds: readonly [number, number, number];
}

/** Where a delay indicator starts: a game time, an inject's first delivery, or the first time an action is taken. */
export type DelayStart = { at: number } | { inject: string } | { action: string };

export interface IndicatorSettings {
  enabled: boolean;
  /** ★: at level 0 it caps its competency at `criticalCap`. */
  critical: boolean;
  weight: number;
  scale: Scale;
  /** Delays only: the start of the clock, when the scenario re-times it (default: the indicator's own start). */
  from?: DelayStart;
  /** Scenario actions the indicator counts besides its own kind. */
  actions: readonly string[];
  /** Only actions taken in these roles count (all roles when absent). */
  roles?: readonly string[];
}

export interface ScoringRules {
  indicators: Readonly<Record<IndicatorId, IndicatorSettings>>;
  /** Level contributed by an expectation, by final status. */
  expectationLevels: Readonly<{ met: number; late: number; missed: number }>;
  /** Share of the scenario's expectations in a competency's mean when both expectations and indicators apply. */
  expectationShare: number;
  /** Mean (0–3) from which a competency reaches level 1, 2 ("acquis") and 3 ("maîtrisé"). */
  meanThresholds: readonly [number, number, number];
  /** Highest level a competency can reach when one of its critical (★) items players could see is at 0. */
  criticalCap: Level;
  /** Approving a teammate's action: its weight relative to writing it, and the highest level it can bring. */
  validation: Readonly<{ weight: number; maxLevel: number }>;
  /** The four level descriptors of each competency, for the self-assessment. */
  descriptors: Readonly<Record<Competency, readonly [Text, Text, Text, Text]>>;
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
  /** What counts as a link to the log inside a RETEX: a game time or clock time. */
  evidenceLink: string;
}

const defaults = Object.fromEntries(INDICATOR_IDS.map((id): [IndicatorId, IndicatorSettings] => {
  const s: IndicatorSpec = INDICATOR_SPECS[id];
  return [id, { enabled: true, critical: s.critical, weight: 1, scale: { better: s.better, bounds: s.bounds }, actions: [] }];
})) as Record<IndicatorId, IndicatorSettings>;

export const SCORING_RULES: ScoringRules = {
  indicators: defaults,
  expectationLevels: { met: 3, late: 1.5, missed: 0 },
  expectationShare: 0.5,
  meanThresholds: [1, 2, 2.5],
  criticalCap: 1,
  validation: { weight: 0.5, maxLevel: 2 },
  descriptors: DEFAULT_DESCRIPTORS,
  legalParams: ["legal", "form", "basis", "instruments", "regimes"],
  decisionFields: ["owner", "rationale"],
  activationKinds: ["assignment", "point", "task"],
  audience: { param: "audience", internal: "internal", public: "external" },
  planSection: "plan",
  selfAssessment: { c41: "C4.1", c42: "C4.2", c43: "C4.3", c44: "C4.4" },
  evidenceLink: String.raw`\b[TJ]\+\d|\b\d{1,2}[:h]\d{2}\b`,
};

/** A bound written in the rubric, in the indicator's unit: durations become minutes. */
function boundValue(v: number | string): number {
  if (typeof v === "number") return v;
  const d = parseDuration(v);
  return d === null ? Number.NaN : d / 60;
}

/** The default rubric with the scenario's `rubric` section applied (validated files only: unknown ids are errors there). */
export function applyRubric(base: ScoringRules, rubric: Rubric | undefined, clockStart = 0): ScoringRules {
  if (!rubric) return base;
  const indicators = { ...base.indicators };
  for (const [id, rule] of Object.entries(rubric.indicators ?? {})) {
    const cur = indicators[id as IndicatorId];
    if (!cur) continue;
    let from: DelayStart | undefined = cur.from;
    if (typeof rule.from === "string") { const t = parseGameTime(rule.from, clockStart); if (t !== null) from = { at: t }; }
    else if (rule.from) from = rule.from;
    indicators[id as IndicatorId] = {
      enabled: rule.enabled ?? cur.enabled, critical: rule.critical ?? cur.critical, weight: rule.weight ?? cur.weight,
      scale: rule.bounds ? { better: cur.scale.better, bounds: rule.bounds.map(boundValue) as unknown as Scale["bounds"] } : cur.scale,
      ...(from ? { from } : {}), actions: [...cur.actions, ...(rule.actions ?? [])], ...(rule.roles ? { roles: rule.roles } : cur.roles ? { roles: cur.roles } : {}),
    };
  }
  const descriptors = { ...base.descriptors } as Record<Competency, readonly [Text, Text, Text, Text]>;
  for (const [c, d] of Object.entries(rubric.descriptors ?? {})) if (c in descriptors) descriptors[c as Competency] = d;
  const late = rubric.late ?? base.expectationLevels.late;
  return {
    ...base, indicators, descriptors,
    expectationLevels: { ...base.expectationLevels, late },
    expectationShare: rubric.expectationShare ?? base.expectationShare,
    meanThresholds: rubric.thresholds ?? base.meanThresholds,
    criticalCap: (rubric.criticalCap ?? base.criticalCap) as Level,
    validation: { weight: rubric.validation?.weight ?? base.validation.weight, maxLevel: rubric.validation?.maxLevel ?? base.validation.maxLevel },
  };
}

const cache = new WeakMap<CompiledScenario, ScoringRules>();
/** The rules in force for a compiled scenario (cached: scoring runs after every entry in a live cell). */
export function rulesFor(compiled: CompiledScenario, base: ScoringRules = SCORING_RULES): ScoringRules {
  if (base !== SCORING_RULES) return applyRubric(base, compiled.scenario.rubric, compiled.clockStart);
  let r = cache.get(compiled);
  if (!r) { r = applyRubric(SCORING_RULES, compiled.scenario.rubric, compiled.clockStart); cache.set(compiled, r); }
  return r;
}

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

/** A descriptor in one language. */
export const descriptor = (rules: ScoringRules, c: Competency, level: Level, lang: "fr" | "en"): string => tr(rules.descriptors[c][level], lang);
