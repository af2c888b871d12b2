import type { CompiledScenario, EngineState } from "../../shared/engine/index.js";
import { tr } from "../../shared/scenario/text.js";
import { clockTime, competencyLines, evidenceLine, type CompetencyLines, type Speaker } from "../../shared/scoring/explain.js";
import { LEVEL_LABELS } from "../../shared/scoring/levels.js";
import { rubricText } from "../../shared/scoring/rubric-text.js";
import type { CellScore, CompetencyScore, ExpectationItem, ScopeScore } from "../../shared/scoring/index.js";
import type { IndicatorResult } from "../../shared/scoring/kit.js";
import type { LevelItem } from "../assessment/agreement.js";
import type { Names } from "../assessment/pseudonyms.js";
import { competencyText, reportWords, type ReportLang } from "./labels.js";

/**
 * The levels of a cell in words, for the RETEX report: per competency the
 * cell's level beside each student's own, how each came about (means, cap
 * and by what), every item with its rule, outcome, evidence lines and, for a
 * miss or a low level, its causes and teaching notes (shared/scoring/explain.ts).
 * A student's block holds only their own evidence (the score's own scope).
 * Plain data: the PDF is drawn from it, possibly in another thread.
 */

export type Tone = "good" | "warn" | "bad" | "neutral";
export interface CauseRow { text: string; consequences: string[]; notes: string[] }
export interface ItemRow {
  kind: "expectation" | "indicator"; title: string; critical: boolean; outcome: string; tone: Tone;
  /** Whose evidence it reads: the cell, the person's own actions, their approvals. */
  basis: string;
  timing?: string; rule?: string; legal?: string;
  evidence: string[]; causes: CauseRow[]; notes: string[];
}
export interface LevelText { computed: string; final: string; revised: boolean; tone: Tone }
export interface ScopeLevel { competency: string; name: string; level: LevelText; how: string; noEvidence: boolean; items: ItemRow[]; evidence: string[] }
export interface CompetencyBlock { competency: string; text: string; cell: ScopeLevel; students: ScopeLevel[] }
export interface GridRow { name: string; detail: string; cells: LevelText[] }
export interface PersonBlock { name: string; detail: string; competencies: ScopeLevel[]; byRole: { name: string; competencies: ScopeLevel[] }[] }
export interface RubricSection { general: string[]; indicators: string[]; disabled: string[]; expectations: string[] }

/** "2 Acquis", or "non évalué — aucune preuve" for a person with no evidence. */
export function levelWords(level: number | null, lang: ReportLang, noEvidence = false): string {
  const L = reportWords(lang);
  return level === null ? (noEvidence ? L("noEvidence") : L("notAssessed")) : `${level} ${LEVEL_LABELS[lang][level]}`;
}

const toneOfLevel = (l: number | null): Tone => (l === null ? "neutral" : l >= 2 ? "good" : l === 1 ? "warn" : "bad");
const OUTCOME_TONE: Record<string, Tone> = { met: "good", late: "warn", partial: "warn", missed: "bad", against: "bad", pending: "neutral", upcoming: "neutral" };

export interface LevelContext {
  compiled: CompiledScenario; state: EngineState; score: CellScore; lang: ReportLang; names: Names;
  /** The final level of an item (scope|subject|competency), overrides applied. */
  final(scope: LevelItem["scope"], subject: string, competency: string): LevelItem | undefined;
}

export function levelContext(compiled: CompiledScenario, state: EngineState, score: CellScore, lang: ReportLang, names: Names, levels: readonly LevelItem[]): LevelContext {
  const byKey = new Map(levels.map((i) => [`${i.scope}|${i.subject}|${i.competency}`, i]));
  return { compiled, state, score, lang, names, final: (scope, subject, competency) => byKey.get(`${scope}|${subject}|${competency}`) };
}

const speaker = (x: LevelContext): Speaker => ({ name: (p) => x.names.player(p, x.state.players[p]?.name) });

function levelText(x: LevelContext, c: CompetencyScore, item: LevelItem | undefined): LevelText {
  const L = reportWords(x.lang);
  const computed = levelWords(c.level, x.lang, c.noEvidence);
  if (!item || item.status === "computed") return { computed, final: computed, revised: false, tone: toneOfLevel(c.level) };
  const final = item.status === "disagreement" ? `${L("disagreement")} (${item.evaluators.map((e) => e.level).join(" / ")})` : levelWords(item.level, x.lang);
  return { computed, final, revised: true, tone: item.status === "disagreement" ? "warn" : toneOfLevel(item.level) };
}

function expectationRow(x: LevelContext, e: ExpectationItem, line: CompetencyLines["items"][number], rules: Map<string, string> | undefined): ItemRow {
  const L = reportWords(x.lang);
  const t = (s: number) => clockTime(x.compiled, s);
  const timing = e.startedAt === undefined ? undefined
    : [`${L("opened")} ${t(e.startedAt)}`, e.dueAt !== undefined ? `${L("deadline")} ${t(e.dueAt)}` : "", e.resolvedAt !== undefined ? `${L("resolved")} ${t(e.resolvedAt)}` : ""].filter(Boolean).join(" · ");
  return {
    ...common(x, line, e.evidence.length), kind: "expectation", critical: e.caps, tone: OUTCOME_TONE[line.status] ?? "neutral",
    ...(timing ? { timing } : {}), ...(rules?.get(`e:${e.id}`) ? { rule: rules.get(`e:${e.id}`) } : {}),
  };
}

function indicatorRow(x: LevelContext, i: IndicatorResult, line: CompetencyLines["items"][number], rules: Map<string, string> | undefined): ItemRow {
  return {
    ...common(x, line, i.evidence.length), kind: "indicator", critical: i.critical, tone: toneOfLevel(i.level),
    ...(rules?.get(`i:${i.id}`) ? { rule: rules.get(`i:${i.id}`) } : {}),
  };
}

function common(x: LevelContext, line: CompetencyLines["items"][number], total: number) {
  const s = (b: { fr: string; en: string }) => x.names.scrub(b[x.lang]);
  const evidence = line.evidence.map(s);
  if (total > evidence.length) evidence.push(reportWords(x.lang)("moreEvidence", { count: total - evidence.length }));
  return {
    title: line.title[x.lang], outcome: line.outcome[x.lang], basis: line.basis[x.lang], evidence, notes: line.notes.map(s), ...(line.legal ? { legal: line.legal[x.lang] } : {}),
    causes: line.causes.map((c) => ({ text: s(c.text), consequences: c.consequences.map(s), notes: c.notes.map(s) })),
  };
}

/** One competency of one scope: its level (overrides applied), how it came about, and, when asked, every item. */
function scopeLevel(x: LevelContext, name: string, c: CompetencyScore, final: LevelItem | undefined, own: boolean, opts: { items: boolean; rules?: Map<string, string>; evidence?: number }): ScopeLevel {
  const lines = competencyLines(x.compiled, x.state, c, speaker(x), own, "they"); // the jury reads about the student: "ses actions"
  const items = !opts.items ? [] : [
    ...c.expectations.map((e, k) => expectationRow(x, e, lines.items[k], opts.rules)),
    ...c.indicators.map((i, k) => indicatorRow(x, i, lines.items[c.expectations.length + k], opts.rules)),
  ];
  const max = opts.evidence ?? 0;
  const evidence = c.evidence.slice(0, max).map((id) => x.names.scrub(evidenceLine(x.compiled, x.state, id, speaker(x))[x.lang]));
  if (max && c.evidence.length > max) evidence.push(reportWords(x.lang)("moreEvidence", { count: c.evidence.length - max }));
  return {
    competency: c.competency, name, level: levelText(x, c, final), noEvidence: c.noEvidence, items, evidence,
    how: x.names.scrub(lines.how[x.lang]),
  };
}

/** The rule in force of each item, in words and without its title (shown beside it), keyed "e:<expectation>" / "i:<indicator>". */
export function ruleTexts(x: LevelContext): Map<string, string> {
  const r = rubricText(x.compiled, { rules: x.score.rules });
  const strip = (text: string, head: string | undefined) => {
    if (!head || !text.startsWith(head)) return text;
    const rest = text.slice(head.length).replace(/^\s*★?\s*[:;]?\s*/, "");
    return rest.charAt(0).toLocaleUpperCase(x.lang) + rest.slice(1);
  };
  const out = new Map<string, string>();
  for (const l of r.indicators) if (l.id) out.set(`i:${l.id}`, strip(l.text[x.lang], x.score.indicators.find((i) => i.id === l.id)?.label[x.lang]));
  for (const l of r.expectations ?? []) {
    const e = x.compiled.expectations.find((k) => k.id === l.id);
    if (l.id) out.set(`e:${l.id}`, strip(l.text[x.lang], e ? tr(e.source.title, x.lang) : undefined));
  }
  return out;
}

/** The rubric in force, in words (general rules, indicators, disabled ones, the scenario's expectations). */
export function rubricSection(x: LevelContext): RubricSection {
  const r = rubricText(x.compiled, { rules: x.score.rules });
  const at = (b: { fr: string; en: string }) => b[x.lang];
  const line = (l: { competency?: string; text: { fr: string; en: string } }) => `${l.competency ? `${l.competency} — ` : ""}${at(l.text)}`;
  return { general: r.general.map(at), indicators: r.indicators.map(line), disabled: r.disabled.map(at), expectations: (r.expectations ?? []).map(line) };
}

const studentName = (x: LevelContext, player: string, fallback: string) => x.names.player(player, fallback);
const roleNames = (x: LevelContext, roles: readonly string[]) => roles.map((r) => tr(x.compiled.roles.get(r)?.name, x.lang)).join(", ");

/** Section 3: per competency, the cell with every item (rule, outcome, evidence, causes), and each student's own level and how it came about. */
export function analysisBlocks(x: LevelContext, cellName: string): CompetencyBlock[] {
  const rules = ruleTexts(x);
  return x.score.cell.competencies.map((c) => ({
    competency: c.competency, text: competencyText(x.lang, c.competency),
    cell: scopeLevel(x, cellName, c, x.final("cell", "cell", c.competency), false, { items: true, rules }),
    students: x.score.students.map((s) => {
      const own = s.competencies.find((k) => k.competency === c.competency)!;
      return scopeLevel(x, studentName(x, s.player, s.name), own, x.final("student", s.player, c.competency), true, { items: false });
    }),
  }));
}

/** The levels side by side: the cell, then each student (computed, and the final level when evaluators revised it). */
export function levelsGrid(x: LevelContext, cellName: string): GridRow[] {
  const row = (name: string, detail: string, scope: ScopeScore, s: LevelItem["scope"], subject: string): GridRow =>
    ({ name, detail, cells: scope.competencies.map((c) => levelText(x, c, x.final(s, subject, c.competency))) });
  return [
    row(cellName, reportWords(x.lang)("cellLevel"), x.score.cell, "cell", "cell"),
    ...x.score.students.map((s) => row(studentName(x, s.player, s.name), roleNames(x, s.roles), s, "student", s.player)),
  ];
}

/** Annex A: each student on their own evidence only, every item; per role too when they acted in several. */
export function studentBlocks(x: LevelContext): PersonBlock[] {
  return x.score.students.map((s) => {
    const name = studentName(x, s.player, s.name);
    return {
      name, detail: roleNames(x, s.roles),
      competencies: s.competencies.map((c) => scopeLevel(x, name, c, x.final("student", s.player, c.competency), true, { items: true })),
      byRole: s.byRole.length > 1 ? s.byRole.map((r) => ({
        name: tr(r.name, x.lang), competencies: r.competencies.map((c) => scopeLevel(x, name, c, undefined, true, { items: false })),
      })) : [],
    };
  });
}

/** Annex B: each role on the actions taken in it (whoever held it), with the first pieces of evidence. */
export function roleBlocks(x: LevelContext): PersonBlock[] {
  return x.score.roles.map((r) => ({
    name: tr(r.name, x.lang), detail: r.players.map((p) => studentName(x, p, x.state.players[p]?.name ?? "—")).join(", "),
    competencies: r.competencies.map((c) => scopeLevel(x, tr(r.name, x.lang), c, x.final("role", r.role, c.competency), true, { items: false, evidence: 4 })),
    byRole: [],
  }));
}
