import type { ActionRecord } from "../engine/types.js";
import type { Competency } from "../scenario/schema.js";
import { filled, type Facts } from "./facts.js";
import { notApplicable, pending, scored, type Bilingual, type IndicatorDef } from "./kit.js";
import { both, joinLabels } from "./names.js";

/**
 * C4.4 — evaluate and improve: RETEX completeness, improvement actions, and
 * the gap between each student's self-assessment and their computed levels.
 * A RETEX is any `retex` action whose form has text sections; a
 * self-assessment is a `retex` action rating C4.1–C4.4 with numbers.
 */

const TEXT_TYPES = new Set(["text", "longtext"]);
const sectionsOf = (f: Facts, a: ActionRecord): string[] => f.form(a).filter((p) => TEXT_TYPES.has(p.type)).map((p) => p.id);
/** A RETEX (a form with text sections), not a self-assessment. */
export const isRetex = (f: Facts, a: ActionRecord): boolean => sectionsOf(f, a).length > 0;
const retexActions = (f: Facts, id: "retex_completeness" | "improvement_actions"): ActionRecord[] => f.counted(id).filter((a) => sectionsOf(f, a).length > 0);
export const isSelfAssessment = (f: Facts, a: ActionRecord): boolean =>
  a.kind === "retex" && Object.keys(f.rules.selfAssessment).some((k) => typeof a.params[k] === "number");

/** While the game runs, the RETEX is still to come; after the end, its absence counts. */
const notYet = (f: Facts, def: IndicatorDef) => {
  const text = { fr: "Pas encore de RETEX.", en: "No RETEX yet." };
  return f.ended ? scored(f, def, 0, [], { fr: "Aucun RETEX rédigé.", en: "No RETEX written." }) : pending(f, def, [], text);
};

const retexCompleteness: IndicatorDef = {
  id: "retex_completeness",
  label: { fr: "RETEX complet (sections renseignées, liens vers le journal)", en: "RETEX completeness (sections filled, links to the log)" },
  measure(f) {
    const sections = new Map<string, Bilingual>();
    for (const { source } of f.compiled.actions.values()) {
      if (source.kind === "retex") for (const p of source.params) if (TEXT_TYPES.has(p.type) && !sections.has(p.id)) sections.set(p.id, both(p.label));
    }
    if (sections.size === 0) return notApplicable(f, this, { fr: "Le scénario n'a pas de formulaire de RETEX.", en: "The scenario has no RETEX form." });
    const written = retexActions(f, "retex_completeness");
    if (written.length === 0) return notYet(f, this);
    const done = new Set<string>();
    const link = new RegExp(f.rules.evidenceLink);
    let linked = false;
    for (const a of written) {
      for (const s of sectionsOf(f, a)) {
        if (!filled(a.params[s])) continue;
        done.add(s);
        if (link.test(String(a.params[s]))) linked = true;
      }
    }
    const share = done.size / sections.size;
    const missing = joinLabels([...sections].filter(([s]) => !done.has(s)).map(([, label]) => label));
    return scored(f, this, share, written.map((a) => a.id), {
      fr: `${done.size} section(s) sur ${sections.size}${missing.fr ? ` (manque : ${missing.fr})` : ""} ; ${linked ? "renvoie au journal" : "sans renvoi au journal (heure de jeu citée)"}.`,
      en: `${done.size} of ${sections.size} sections${missing.en ? ` (missing: ${missing.en})` : ""}; ${linked ? "links to the log" : "no link to the log (a game time cited)"}.`,
    }, linked ? undefined : 2);
  },
};

/** Improvement actions: the distinct non-empty lines of the RETEX action plans, bullets stripped. */
export function planLines(f: Facts, actions: readonly ActionRecord[]): string[] {
  const lines = new Set<string>();
  for (const a of actions) {
    const plan = a.params[f.rules.planSection];
    if (typeof plan !== "string") continue;
    for (const raw of plan.split(/\r?\n/)) {
      const line = raw.replace(/^[\s\-*•·–\d.)]+/, "").trim().toLowerCase();
      if (line) lines.add(line);
    }
  }
  return [...lines];
}

const improvementActions: IndicatorDef = {
  id: "improvement_actions",
  label: { fr: "Actions d'amélioration (lignes du plan d'action du RETEX)", en: "Improvement actions (lines of the RETEX action plan)" },
  measure(f) {
    const planned = [...f.compiled.actions.values()].some(({ source }) => source.kind === "retex" && source.params.some((p) => p.id === f.rules.planSection));
    if (!planned) return notApplicable(f, this, { fr: "Le RETEX du scénario n'a pas de plan d'action.", en: "The scenario's RETEX has no action plan." });
    const written = retexActions(f, "improvement_actions");
    if (written.length === 0) return notYet(f, this);
    const withPlan = written.filter((a) => filled(a.params[f.rules.planSection]));
    const n = planLines(f, withPlan).length;
    return scored(f, this, n, withPlan.map((a) => a.id), {
      fr: `${n} action(s) d'amélioration au plan d'action.`, en: `${n} improvement action(s) in the action plan.`,
    });
  },
};

/**
 * The self-assessment gap over some self-assessments (the latest per player):
 * the mean, over players, of the mean |declared − computed| over the
 * competencies where the player has a computed level. Declared values are
 * clamped to 0–3. Not applicable without a self-assessment.
 */
export function selfAssessmentGap(f: Facts, actions: readonly ActionRecord[]): ReturnType<IndicatorDef["measure"]> {
  const def = selfGap;
  const latest = new Map<string, ActionRecord>();
  for (const a of actions) if (isSelfAssessment(f, a)) latest.set(a.player, a); // `actions` are in time order
  const levels = f.playerLevels;
  const gaps: number[] = [];
  const evidence: string[] = [];
  for (const [player, a] of [...latest].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    const mine = levels?.(player) ?? {};
    const diffs: number[] = [];
    for (const [param, competency] of Object.entries(f.rules.selfAssessment) as [string, Competency][]) {
      const declared = a.params[param];
      const computed = mine[competency];
      if (typeof declared !== "number" || computed === null || computed === undefined) continue;
      diffs.push(Math.abs(Math.min(3, Math.max(0, declared)) - computed));
    }
    if (diffs.length === 0) continue;
    gaps.push(diffs.reduce((s, x) => s + x, 0) / diffs.length);
    evidence.push(a.id);
  }
  if (gaps.length === 0) {
    const text = { fr: "Pas d'auto-évaluation comparable à un niveau calculé.", en: "No self-assessment comparable with a computed level." };
    return f.ended ? notApplicable(f, def, text) : pending(f, def, [], text);
  }
  const gap = gaps.reduce((s, x) => s + x, 0) / gaps.length;
  const g = Math.round(gap * 100) / 100;
  return scored(f, def, gap, evidence, {
    fr: `Écart moyen de ${String(g).replace(".", ",")} niveau(x) entre l'auto-évaluation et les niveaux calculés (${gaps.length} joueur(s)).`,
    en: `Mean gap of ${g} level(s) between self-assessment and computed levels (${gaps.length} player(s)).`,
  });
}

const selfGap: IndicatorDef = {
  id: "self_assessment_gap",
  label: { fr: "Écart entre auto-évaluation et niveau calculé", en: "Gap between self-assessment and computed level" },
  measure(f) { return selfAssessmentGap(f, f.done); },
};

export const EVALUATION_INDICATORS: readonly IndicatorDef[] = [retexCompleteness, improvementActions, selfGap];
