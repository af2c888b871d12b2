import { tr, type Lang } from "../../shared/scenario/text.js";
import type { CellScore, ScopeScore } from "../../shared/scoring/index.js";
import type { Agreement, AssessmentLevel, AssessmentScope, EvaluatorLevel, ItemKey, LevelItem } from "../../shared/assessment.js";
import type { Competency } from "../../shared/scenario/schema.js";
import type { AssessmentRow } from "../storage/types.js";

/**
 * Final levels and inter-rater agreement, pure functions of a cell's
 * computed scores and its assessment rows (no I/O).
 *
 * An *item* is one (scope, subject, competency) of a cell: the cell as a
 * whole, a role of the scenario or a student. Each evaluator's latest row on
 * an item is their level (earlier rows stay in the history). The final level:
 * - no evaluator: the computed level (`status: "computed"`);
 * - one evaluator, or several giving the same level: that level (`override` / `agreed`);
 * - evaluators who disagree: no single final level (`disagreement`, `level: null`);
 *   each evaluator's level is listed, with the spread (max − min).
 *
 * Agreement among evaluators, over the items at least two of them rated:
 * every pair of evaluators on an item is compared; `exact` is the share of
 * pairs giving the same level, `withinOne` the share differing by at most one
 * level. Cohen's kappa (unweighted, categories 0–3) is computed only when
 * exactly two evaluators rated, on the items both rated:
 * κ = (pₒ − pₑ) / (1 − pₑ), pₒ the observed agreement, pₑ the agreement
 * expected from each evaluator's own distribution of levels; null when
 * pₑ = 1 (both always gave one same level: κ is undefined). `withComputed`
 * is the share of evaluators' levels equal to the computed level.
 */

export type { Agreement, Competency, EvaluatorLevel, ItemKey, LevelItem };

export const itemKey = (k: ItemKey) => `${k.scope}|${k.subject}|${k.competency}`;

/** Every item of a cell with its computed level and evidence, in a stable order: cell, roles, students; C4.1→C4.4. */
export function cellItems(score: CellScore, cellName: string, lang: Lang = "fr"): Omit<LevelItem, "level" | "status" | "evaluators" | "overrides" | "spread">[] {
  const rows = (scope: AssessmentScope, subject: string, name: string, s: ScopeScore) =>
    s.competencies.map((c) => ({ scope, subject, name, competency: c.competency, computed: c.level as AssessmentLevel | null, evidence: c.evidence }));
  return [
    ...rows("cell", "cell", cellName, score.cell),
    ...score.roles.flatMap((r) => rows("role", r.role, tr(r.name, lang), r)),
    ...score.students.flatMap((s) => rows("student", s.player, s.name, s)),
  ];
}

/** The computed level of one item, or undefined when the subject does not exist in this cell. */
export function computedLevel(score: CellScore, k: ItemKey): AssessmentLevel | null | undefined {
  const scope = k.scope === "cell" ? (k.subject === "cell" ? score.cell : undefined)
    : k.scope === "role" ? score.roles.find((r) => r.role === k.subject) : score.students.find((s) => s.player === k.subject);
  if (!scope) return undefined;
  return (scope.competencies.find((c) => c.competency === k.competency)?.level ?? null) as AssessmentLevel | null;
}

/** Final levels of a cell's items from its assessment rows (rows of other cells are ignored by the caller). */
export function finalLevels(items: ReturnType<typeof cellItems>, rows: readonly AssessmentRow[]): LevelItem[] {
  const byItem = new Map<string, AssessmentRow[]>();
  for (const r of [...rows].sort((a, b) => a.wall - b.wall || a.id.localeCompare(b.id))) {
    const k = itemKey(r);
    const list = byItem.get(k);
    if (list) list.push(r); else byItem.set(k, [r]);
  }
  return items.map((it) => {
    const history = byItem.get(itemKey(it)) ?? [];
    const latest = new Map<string, AssessmentRow>();
    for (const r of history) latest.set(r.authorId, r);
    const evaluators: EvaluatorLevel[] = [...latest.values()].map((r) => ({ id: r.id, authorId: r.authorId, author: r.author, level: r.level, justification: r.justification, wall: r.wall }));
    const levels = evaluators.map((e) => e.level);
    const spread = levels.length ? Math.max(...levels) - Math.min(...levels) : null;
    const status: LevelItem["status"] = levels.length === 0 ? "computed" : spread! > 0 ? "disagreement" : levels.length === 1 ? "override" : "agreed";
    const last = history.length ? history[history.length - 1] : undefined;
    return {
      ...it, evaluators, overrides: history.length, spread, status,
      level: status === "computed" ? it.computed : status === "disagreement" ? null : levels[0],
      ...(last?.justification ? { lastJustification: last.justification } : {}),
    };
  });
}

const share = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 1000) / 1000);

export function agreement(items: readonly LevelItem[]): Agreement {
  const raters = new Set(items.flatMap((i) => i.evaluators.map((e) => e.authorId)));
  let pairs = 0, exact = 0, within = 0, rated = 0, same = 0, comparable = 0;
  for (const it of items) {
    for (const e of it.evaluators) if (it.computed !== null) { comparable++; if (e.level === it.computed) same++; }
    if (it.evaluators.length < 2) continue;
    rated++;
    for (let i = 0; i < it.evaluators.length; i++) {
      for (let j = i + 1; j < it.evaluators.length; j++) {
        const d = Math.abs(it.evaluators[i].level - it.evaluators[j].level);
        pairs++; if (d === 0) exact++; if (d <= 1) within++;
      }
    }
  }
  const out: Agreement = {
    evaluators: raters.size, items: rated, pairs, exact: share(exact, pairs), withinOne: share(within, pairs),
    kappa: null, kappaItems: 0, withComputed: share(same, comparable),
  };
  if (raters.size === 2) {
    const [a, b] = [...raters].sort();
    const both = items.map((it) => [it.evaluators.find((e) => e.authorId === a)?.level, it.evaluators.find((e) => e.authorId === b)?.level])
      .filter((p): p is [AssessmentLevel, AssessmentLevel] => p[0] !== undefined && p[1] !== undefined);
    out.kappaRaters = [a, b];
    out.kappaItems = both.length;
    out.kappa = cohenKappa(both);
  }
  return out;
}

/** Unweighted Cohen's kappa over levels 0–3; null without pairs or when chance agreement is 1. */
export function cohenKappa(pairs: readonly [number, number][]): number | null {
  const n = pairs.length;
  if (n === 0) return null;
  const ca = [0, 0, 0, 0], cb = [0, 0, 0, 0];
  let agree = 0;
  for (const [x, y] of pairs) { ca[x]++; cb[y]++; if (x === y) agree++; }
  const po = agree / n;
  const pe = ca.reduce((s, c, k) => s + (c / n) * (cb[k] / n), 0);
  if (pe >= 1) return null;
  return Math.round(((po - pe) / (1 - pe)) * 1000) / 1000;
}
