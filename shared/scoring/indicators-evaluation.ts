import type { ActionRecord } from "../engine/types.js";
import type { Competency } from "../scenario/schema.js";
import { filled, type Facts } from "./facts.js";
import { notApplicable, pending, scored, type Bilingual, type IndicatorDef } from "./kit.js";
import { both, joinLabels } from "./names.js";
import { say } from "./texts.js";

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
  return f.ended ? scored(f, def, 0, [], say("ind.retex.missing")) : pending(f, def, [], say("ind.retex.notYet"));
};

const retexCompleteness: IndicatorDef = {
  id: "retex_completeness",
  label: say("ind.retex_completeness.label"),
  measure(f) {
    const sections = new Map<string, Bilingual>();
    for (const { source } of f.compiled.actions.values()) {
      if (source.kind === "retex") for (const p of source.params) if (TEXT_TYPES.has(p.type) && !sections.has(p.id)) sections.set(p.id, both(p.label));
    }
    if (sections.size === 0) return notApplicable(f, this, say("ind.retex_completeness.none"));
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
    const left = [...sections].filter(([s]) => !done.has(s)).map(([, label]) => label);
    const missing = left.length ? say("ind.retex_completeness.missingSections", { list: joinLabels(left) }) : "";
    const links = say(linked ? "ind.retex_completeness.linked" : "ind.retex_completeness.unlinked");
    return scored(f, this, share, written.map((a) => a.id), say("ind.retex_completeness.done", { count: done.size, total: sections.size, missing, link: links }), linked ? undefined : 2);
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
  label: say("ind.improvement_actions.label"),
  measure(f) {
    const planned = [...f.compiled.actions.values()].some(({ source }) => source.kind === "retex" && source.params.some((p) => p.id === f.rules.planSection));
    if (!planned) return notApplicable(f, this, say("ind.improvement_actions.none"));
    const written = retexActions(f, "improvement_actions");
    if (written.length === 0) return notYet(f, this);
    const withPlan = written.filter((a) => filled(a.params[f.rules.planSection]));
    const n = planLines(f, withPlan).length;
    return scored(f, this, n, withPlan.map((a) => a.id), say("ind.improvement_actions.done", { count: n }));
  },
};

/**
 * The self-assessment gap over some self-assessments (the latest per student):
 * the mean, over students, of the mean |declared − computed| over the
 * competencies where the student has a computed level. Declared values are
 * clamped to 0–3. Not applicable without a self-assessment.
 */
export function selfAssessmentGap(f: Facts, actions: readonly ActionRecord[]): ReturnType<IndicatorDef["measure"]> {
  const def = selfGap;
  const latest = new Map<string, ActionRecord>();
  for (const a of actions) if (isSelfAssessment(f, a)) latest.set(a.player, a); // by the student's player id; `actions` are in time order
  const levels = f.studentLevels;
  const gaps: number[] = [];
  const evidence: string[] = [];
  for (const [student, a] of [...latest].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    const mine = levels?.(student) ?? {};
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
    const text = say("ind.self_assessment_gap.none");
    return f.ended ? notApplicable(f, def, text) : pending(f, def, [], text);
  }
  const gap = gaps.reduce((s, x) => s + x, 0) / gaps.length;
  const g = Math.round(gap * 100) / 100;
  return scored(f, def, gap, evidence, say("ind.self_assessment_gap.done", { count: g, gap: g, students: say("ind.self_assessment_gap.students", { count: gaps.length }) }));
}

const selfGap: IndicatorDef = {
  id: "self_assessment_gap",
  label: say("ind.self_assessment_gap.label"),
  measure(f) { return selfAssessmentGap(f, f.done); },
};

export const EVALUATION_INDICATORS: readonly IndicatorDef[] = [retexCompleteness, improvementActions, selfGap];
