import { z } from "zod";
import type { Competency } from "./competency.js";
import { Text } from "./text.js";

/**
 * The rubric section of a scenario: every rule that can move a level and that
 * is not one of the scenario's own expectations. A scenario that says nothing
 * is scored by the documented default rubric (shared/scoring/README.md); this
 * section re-weights, re-times, disables or extends its generic indicators,
 * sets the mix between expectations and indicators, the weight of a
 * validation (approving a teammate's statement), the critical cap and the
 * level descriptors students rate themselves against. `npm run scenario --
 * rubric FILE` prints the rules in force in words.
 *
 *   rubric:
 *     expectationShare: 0.6
 *     indicators:
 *       sitrep_delay: { from: { inject: sitrep-request }, bounds: ["2h", "1h", "30m"] }
 *       counterparts_engaged: { actions: [report_platform] }
 *       logbook_rhythm: { enabled: false }
 */

/** What a generic indicator measures, as the scenario language knows it (the scorer implements each one). */
export interface IndicatorSpec {
  competency: Competency;
  unit: "min" | "ratio" | "count" | "per_hour" | "levels";
  /** Default ★: at level 0 it caps the competency. */
  critical: boolean;
  /** Default scale: level 1, 2, 3 bounds ("lower": at most; "higher": at least). Minutes for `min`. */
  better: "lower" | "higher";
  bounds: readonly [number, number, number];
  /** Measured on each student's own actions too (otherwise: a measure of the whole cell only). */
  own: boolean;
  /** A delay: its start can be re-timed with `from`. */
  delay: boolean;
  /** The action kind it counts; `actions` in the rubric adds scenario actions to it. Absent: derived from expectations, not extensible. */
  counts?: string;
}

export const INDICATOR_SPECS = {
  sitrep_delay: { competency: "C4.1", unit: "min", critical: true, better: "lower", bounds: [120, 60, 30], own: false, delay: true, counts: "sitrep" },
  stakeholders_mapped: { competency: "C4.1", unit: "ratio", critical: false, better: "higher", bounds: [0.4, 0.7, 0.9], own: false, delay: false, counts: "stakeholder" },
  impact_levels: { competency: "C4.1", unit: "count", critical: false, better: "higher", bounds: [1, 2, 3], own: true, delay: false, counts: "sitrep" },
  legal_tools: { competency: "C4.1", unit: "ratio", critical: false, better: "higher", bounds: [0.5, 0.75, 1], own: false, delay: false },
  anticipation: { competency: "C4.1", unit: "count", critical: false, better: "higher", bounds: [1, 2, 3], own: true, delay: false, counts: "hypothesis" },
  holding_statement_delay: { competency: "C4.2", unit: "min", critical: true, better: "lower", bounds: [120, 60, 30], own: false, delay: true, counts: "statement" },
  audiences_reached: { competency: "C4.2", unit: "ratio", critical: false, better: "higher", bounds: [0.4, 0.7, 0.9], own: false, delay: false, counts: "statement" },
  single_voice: { competency: "C4.2", unit: "count", critical: false, better: "lower", bounds: [2, 1, 1], own: false, delay: false, counts: "statement" },
  deadlines_met: { competency: "C4.3", unit: "ratio", critical: true, better: "higher", bounds: [0.5, 0.8, 1], own: false, delay: false },
  decision_records: { competency: "C4.3", unit: "ratio", critical: false, better: "higher", bounds: [0.5, 0.75, 1], own: true, delay: false, counts: "decision" },
  logbook_rhythm: { competency: "C4.3", unit: "per_hour", critical: false, better: "higher", bounds: [0.5, 1, 2], own: false, delay: false, counts: "logbook" },
  cell_activation: { competency: "C4.3", unit: "min", critical: false, better: "lower", bounds: [60, 30, 15], own: false, delay: true, counts: "assignment" },
  counterparts_engaged: { competency: "C4.3", unit: "ratio", critical: false, better: "higher", bounds: [0.3, 0.6, 0.9], own: false, delay: false, counts: "notification" },
  retex_completeness: { competency: "C4.4", unit: "ratio", critical: true, better: "higher", bounds: [0.2, 1, 1], own: true, delay: false, counts: "retex" },
  improvement_actions: { competency: "C4.4", unit: "count", critical: false, better: "higher", bounds: [1, 3, 6], own: true, delay: false, counts: "retex" },
  self_assessment_gap: { competency: "C4.4", unit: "levels", critical: false, better: "lower", bounds: [1.5, 1, 0.5], own: true, delay: false },
} as const satisfies Record<string, IndicatorSpec>;

export type IndicatorId = keyof typeof INDICATOR_SPECS;
export const INDICATOR_IDS = Object.keys(INDICATOR_SPECS) as IndicatorId[];

const Id = z.string().regex(/^[a-z][a-z0-9_-]*$/, "identifiant attendu : minuscules, chiffres, - ou _ (ex. « isolate_network »)");
const Bound = z.union([z.number().finite().min(0), z.string().describe("Durée (« 2h », « 30m ») pour un indicateur de délai")]);

export const IndicatorRule = z.strictObject({
  enabled: z.boolean().optional().describe("false : l'indicateur ne compte pas pour ce scénario"),
  weight: z.number().finite().min(0).max(100).optional().describe("Poids dans la moyenne des indicateurs de sa compétence (1 par défaut)"),
  critical: z.boolean().optional().describe("★ : à 0, plafonne la compétence (s'il est visible des joueurs)"),
  bounds: z.tuple([Bound, Bound, Bound]).optional().describe("Bornes des niveaux 1, 2 et 3 (durées pour un délai)"),
  from: z.union([z.string(), z.strictObject({ inject: Id }), z.strictObject({ action: Id })]).optional()
    .describe("Délai mesuré à partir de : une heure (« T+02:00 »), la remise d'un inject, la première action"),
  actions: z.array(Id).min(1).optional().describe("Actions du scénario que l'indicateur compte aussi"),
  roles: z.array(Id).min(1).optional().describe("Ne compter que les actions prises dans ces rôles"),
});
export type IndicatorRule = z.infer<typeof IndicatorRule>;

const Descriptors = z.tuple([Text, Text, Text, Text]).describe("Descripteurs des niveaux 0, 1, 2 et 3");

export const Rubric = z.strictObject({
  expectationShare: z.number().min(0).max(1).optional().describe("Part des attentes dans la moyenne quand attentes et indicateurs comptent (0,5 par défaut)"),
  thresholds: z.tuple([z.number().min(0).max(3), z.number().min(0).max(3), z.number().min(0).max(3)]).optional()
    .describe("Moyennes à partir desquelles on est en cours d'acquisition, acquis, maîtrisé (1 ; 2 ; 2,5)"),
  criticalCap: z.number().int().min(0).max(3).optional().describe("Niveau maximal quand un élément ★ visible est à 0 (1 par défaut)"),
  late: z.number().min(0).max(3).optional().describe("Niveau d'une attente tenue en retard (1,5 par défaut)"),
  validation: z.strictObject({
    weight: z.number().min(0).max(1).optional().describe("Poids d'une validation (approbation) par rapport à la rédaction (0,5 par défaut)"),
    maxLevel: z.number().int().min(0).max(3).optional().describe("Niveau maximal qu'une validation apporte (2 par défaut)"),
  }).optional(),
  indicators: z.record(z.string(), IndicatorRule).optional().describe("Réglages des indicateurs génériques, par identifiant"),
  descriptors: z.record(z.string(), Descriptors).optional().describe("Descripteurs des niveaux 0–3 par compétence (C4.1…C4.4) pour l'auto-évaluation"),
});
export type Rubric = z.infer<typeof Rubric>;
