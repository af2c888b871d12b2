import type { ActionRecord, EngineState } from "../engine/types.js";
import { COMPETENCIES, type Competency } from "../scenario/schema.js";
import type { ScoringRules } from "./rules.js";
import type { CellScore, ScopeScore } from "./score.js";

/**
 * Levels at a glance, per cell and per student: for each competency the
 * computed level, the level retained by the jury (when given), the
 * student's self-assessment and the number of pieces of evidence — the rows
 * a chart (shared/scoring/glance-plot.ts) and its table draw, in the
 * debrief, the evaluator workspace and the report.
 */

export interface GlanceRow {
  /** "cell" or the player's id (never shown). */
  subject: string; name: string; competency: Competency;
  computed: number | null; retained: number | null; self: number | null; evidence: number;
  noEvidence: boolean;
}

/** The retained level of an item, from the jury's rows when there are (the final level), else undefined. */
export type Retained = (scope: "cell" | "student", subject: string, competency: Competency) => number | null | undefined;

/** The latest self-assessment of each student (by their player id), per competency (0–3). */
export function declaredLevels(state: EngineState, rules: ScoringRules): Map<string, Partial<Record<Competency, number>>> {
  const out = new Map<string, Partial<Record<Competency, number>>>();
  const done = state.actions.filter((a: ActionRecord) => a.status === "done" && a.kind === "retex");
  for (const a of done) {
    const row: Partial<Record<Competency, number>> = {};
    for (const [param, c] of Object.entries(rules.selfAssessment)) if (typeof a.params[param] === "number") row[c] = Math.max(0, Math.min(3, a.params[param] as number));
    if (Object.keys(row).length) out.set(a.player, row);
  }
  return out;
}

export function glanceRows(score: CellScore, state: EngineState, cellName: string, retained: Retained = () => undefined): GlanceRow[] {
  const declared = declaredLevels(state, score.rules);
  const rows = (scope: "cell" | "student", subject: string, name: string, s: ScopeScore) => COMPETENCIES.map((c): GlanceRow => {
    const k = s.competencies.find((x) => x.competency === c)!;
    const r = retained(scope, subject, c);
    return {
      subject, name, competency: c, computed: k.level, retained: r === undefined ? k.level : r,
      self: scope === "student" ? declared.get(subject)?.[c] ?? null : null, evidence: k.evidence.length, noEvidence: k.noEvidence,
    };
  });
  return [...rows("cell", "cell", cellName, score.cell), ...score.students.flatMap((s) => rows("student", s.player, s.name, s))];
}
