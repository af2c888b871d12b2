import { cellName } from "../../shared/i18n/cell-name.js";
import { endReason } from "../../shared/replay/describe.js";
import type { ActionRecord } from "../../shared/engine/index.js";
import type { LevelItem } from "../../shared/assessment.js";
import { glanceRows } from "../../shared/scoring/glance.js";
import type { ChartsData } from "./charts.js";
import { COMPETENCIES, type Competency } from "../../shared/scenario/schema.js";
import { formatDuration, formatGameTime } from "../../shared/scenario/time.js";
import { tr } from "../../shared/scenario/text.js";
import { clockTime } from "../../shared/scoring/explain.js";
import { minutes } from "../../shared/scoring/kit.js";
import { cellItems, finalLevels } from "../assessment/agreement.js";
import type { CellData } from "../assessment/cell-data.js";
import type { Names } from "../assessment/pseudonyms.js";
import { chronology, type FactRow } from "./chronology.js";
import { competencyText, reportWords, type ReportLang } from "../assessment/labels.js";
import {
  analysisBlocks, levelContext, levelsGrid, levelWords, roleBlocks, rubricSection, studentBlocks,
  type CompetencyBlock, type GridRow, type PersonBlock, type RubricSection,
} from "../assessment/level-text.js";

/**
 * The RETEX report of one cell as plain data, in one language, names already
 * pseudonymised when asked: the PDF renderer (pdf.ts) draws it — possibly in
 * a worker thread, so nothing here but strings, numbers, booleans and arrays —
 * and tests read it. Sections follow the French doctrine (DOMAIN.md §6):
 * context and objectives, facts, analysis (levels of the cell and of each
 * student side by side, every item with its rule, outcome, evidence and the
 * causes of misses), strengths, areas for improvement, action plan; then each
 * student's RETEX in full, the self-assessments against the computed levels,
 * every evaluator's override with its justification, and annexes: each
 * student's and each role's levels on their own evidence, the rubric in force.
 * No id of the log or of the scenario reaches the model: labels only.
 *
 * Evaluators feed sections 4–6 through annotations: a text starting with "+"
 * is a strength, with "-" an area for improvement, with "→", "->", "plan:" or
 * "action:" a line of the action plan; any other annotation is an observation
 * (listed in the analysis). Players feed them through their RETEX action
 * (`forts`, `ameliorations`, the plan section: one plan line per line of text).
 */

export interface Contribution { source: "player" | "evaluator"; who: string; text: string; time?: string }
export interface RetexDoc { who: string; time: string; sections: { label: string; text: string }[] }
export interface SelfAssessmentDoc { who: string; time: string; rows: { competency: string; declared: string; declaredText: string; computed: string; computedText: string; gap: string }[] }
export interface OverrideRow { scope: string; name: string; competency: string; who: string; date: string; computed: string; level: string; justification: string; final: string }

export interface ReportModel {
  lang: ReportLang; pseudonymized: boolean; generatedAt: string;
  title: string; session: string; cell: string; scenario: string;
  context: {
    summary: string; duration: string; ended: string; competencies: { id: string; text: string; level: string }[];
    roles: { name: string; players: string[] }[]; objectives: { competency: string; title: string; deadline: string; legal?: string; critical: boolean }[];
  };
  facts: FactRow[]; factsOmitted: number;
  grid: { competencies: string[]; rows: GridRow[] };
  analysis: CompetencyBlock[]; observations: Contribution[];
  strengths: Contribution[]; improvements: Contribution[]; plan: Contribution[];
  retex: RetexDoc[];
  selfAssessments: SelfAssessmentDoc[];
  overrides: OverrideRow[];
  students: PersonBlock[];
  roles: PersonBlock[];
  rubric: RubricSection;
  /** The pictures' data (the crisis over time, levels at a glance), drawn by the PDF renderer on the first page. */
  charts: ChartsData;
}

const MAX_FACTS = 400;
const TEXT_TYPES = new Set(["text", "longtext"]);

function classify(text: string): { section: "strengths" | "improvements" | "plan" | "observations"; text: string } {
  const t = text.trim();
  if (t.startsWith("+")) return { section: "strengths", text: t.slice(1).trim() };
  if (/^(→|->)/.test(t)) return { section: "plan", text: t.replace(/^(→|->)\s*/, "") };
  if (/^(plan|action)\s*:/i.test(t)) return { section: "plan", text: t.replace(/^(plan|action)\s*:\s*/i, "") };
  if (t.startsWith("-") || t.startsWith("–")) return { section: "improvements", text: t.slice(1).trim() };
  return { section: "observations", text: t };
}

/** Identical texts from several students (a shared debrief) appear once, with every author. */
function grouped(xs: Contribution[]): Contribution[] {
  const out: Contribution[] = [];
  for (const c of xs) {
    const same = out.find((o) => o.source === c.source && o.text === c.text);
    if (!same) { out.push({ ...c }); continue; }
    if (!same.who.split(", ").includes(c.who)) same.who = `${same.who}, ${c.who}`;
    if (same.time !== c.time) delete same.time;
  }
  return out;
}

export function buildReport(d: CellData, names: Names, lang: ReportLang, now: number): ReportModel {
  const L = reportWords(lang);
  const { compiled, state, score } = d;
  const meta = compiled.scenario.meta;
  const rules = score.rules;
  const time = (s: number) => `${clockTime(compiled, s)} (${formatGameTime(s)})`;
  const cell = cellName(d.cell, lang);
  const levels = finalLevels(cellItems(score, cell, lang), d.assessments);
  const x = levelContext(compiled, state, score, lang, names, levels);
  const who = (a: ActionRecord) => `${names.player(a.player, state.players[a.player]?.name)} (${tr(compiled.roles.get(a.role)?.name, lang)})`;

  // RETEX forms (a retex action with text sections) and self-assessments (one that rates competencies with numbers).
  const contributions = { strengths: [] as Contribution[], improvements: [] as Contribution[], plan: [] as Contribution[], observations: [] as Contribution[] };
  const retex: RetexDoc[] = [];
  const latestSelf = new Map<string, ActionRecord>();
  for (const a of state.actions) {
    if (a.status !== "done" || a.kind !== "retex") continue;
    const form = compiled.actions.get(a.action)?.source.params ?? [];
    if (Object.keys(rules.selfAssessment).some((k) => typeof a.params[k] === "number")) { latestSelf.set(a.player, a); continue; }
    const sections = form.filter((p) => TEXT_TYPES.has(p.type));
    if (!sections.length) continue;
    const text = (k: string) => (typeof a.params[k] === "string" ? names.scrub((a.params[k] as string).trim()) : "");
    const by = who(a), at = time(a.at);
    retex.push({ who: by, time: at, sections: sections.map((p) => ({ label: tr(p.label, lang), text: text(p.id) })) });
    if (text("forts")) contributions.strengths.push({ source: "player", who: by, text: text("forts"), time: at });
    if (text("ameliorations")) contributions.improvements.push({ source: "player", who: by, text: text("ameliorations"), time: at });
    for (const line of text(rules.planSection).split(/\r?\n/).map((s) => s.replace(/^[-*•\d.)\s]+/, "").trim()).filter(Boolean)) {
      contributions.plan.push({ source: "player", who: by, text: line, time: at });
    }
  }
  for (const n of d.annotations) {
    const c = classify(names.scrub(n.text));
    contributions[c.section].push({ source: "evaluator", who: names.staff(n.authorId, n.author), text: c.text, time: time(n.at) });
  }

  const descriptor = (c: Competency, level: number | null) => (level === null ? "" : tr(rules.descriptors[c]?.[level], lang));
  const selfAssessments: SelfAssessmentDoc[] = [...latestSelf.values()].sort((a, b) => a.at - b.at).map((a) => {
    const own = score.students.find((s) => s.player === a.player);
    const rows = (Object.entries(rules.selfAssessment) as [string, Competency][]).filter(([k]) => typeof a.params[k] === "number").map(([k, c]) => {
      const declared = Math.min(3, Math.max(0, Math.round(a.params[k] as number)));
      const mine = own?.competencies.find((x) => x.competency === c);
      const computed = mine?.level ?? null;
      return {
        competency: c, declared: levelWords(declared, lang), declaredText: descriptor(c, declared),
        computed: levelWords(computed, lang, mine?.noEvidence ?? true), computedText: descriptor(c, computed),
        gap: computed === null ? L("noTime") : String(Math.abs(declared - computed)),
      };
    });
    return { who: who(a), time: time(a.at), rows };
  });

  const date = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");
  const subjectName = (scope: string, subject: string) => scope === "cell" ? cell
    : scope === "role" ? tr(compiled.roles.get(subject)?.name, lang)
    : names.player(subject, score.students.find((s) => s.player === subject)?.name ?? state.players[subject]?.name);
  const overrides: OverrideRow[] = [...d.assessments].sort((a, b) => a.wall - b.wall).map((a) => {
    const item = x.final(a.scope, a.subject, a.competency);
    const final = !item ? L("noTime") : item.status === "disagreement" ? `${L("disagreement")} (${item.evaluators.map((e) => e.level).join(" / ")})` : levelWords(item.level, lang);
    return {
      scope: L(`scopes.${a.scope}`), name: subjectName(a.scope, a.subject), competency: a.competency, who: names.staff(a.authorId, a.author), date: date(a.wall),
      computed: levelWords(a.computed, lang), level: levelWords(a.level, lang), justification: names.scrub(a.justification) || L("noTime"), final,
    };
  });

  // The engine's codes and the scenario's outcomes in words (as in the event log); an instructor's own words scrubbed.
  const reason = (r: string) => names.scrub(endReason(compiled, r)[lang]);
  const ended = state.ended ? `${time(state.ended.at)} — ${reason(state.ended.reason)}` : L("notEnded");
  const facts = chronology(compiled, d.log, lang, names);
  return {
    lang, pseudonymized: names.pseudonymize, generatedAt: date(now),
    title: `${L("title")} — ${tr(meta.title, lang)}`, session: names.scrub(d.session.name), cell, scenario: tr(meta.title, lang),
    context: {
      summary: tr(meta.summary, lang), duration: formatDuration(compiled.duration), ended,
      competencies: meta.competencies.map((c) => ({ id: c, text: competencyText(lang, c), level: levelWords(score.cell.competencies.find((k) => k.competency === c)?.level ?? null, lang) })),
      roles: score.roles.map((r) => ({ name: tr(r.name, lang), players: r.players.map((p) => names.player(p, state.players[p]?.name)) })),
      objectives: compiled.expectations.map((e) => ({
        competency: e.competency, title: tr(e.source.title, lang), critical: e.critical && e.visible,
        deadline: e.deadline !== undefined ? minutes(e.deadline / 60) : e.afterEnd ? L("afterEnd") : L("noTime"),
        ...(e.source.legal ? { legal: tr(e.source.legal, lang) } : {}),
      })),
    },
    facts: facts.slice(0, MAX_FACTS), factsOmitted: Math.max(0, facts.length - MAX_FACTS),
    grid: { competencies: [...COMPETENCIES], rows: levelsGrid(x, cell) },
    analysis: analysisBlocks(x, cell), observations: contributions.observations,
    strengths: grouped(contributions.strengths), improvements: grouped(contributions.improvements), plan: grouped(contributions.plan),
    retex, selfAssessments, overrides,
    students: studentBlocks(x), roles: roleBlocks(x), rubric: rubricSection(x),
    charts: chartsOf(d, names, levels, cell),
  };
}

/** The crisis over time of the whole cell (its markers' free texts scrubbed) and every level at a glance, names as the report shows them. */
function chartsOf(d: CellData, names: Names, items: LevelItem[], cell: string): ChartsData {
  const series = d.series;
  const scrubbed = { ...series, markers: series.markers.map((m) => ({ ...m, label: { fr: names.scrub(m.label.fr), en: names.scrub(m.label.en) } })) };
  const retained = (scope: "cell" | "student", subject: string, competency: string) => items.find((i) => i.scope === scope && i.subject === subject && i.competency === competency)?.level;
  const rows = glanceRows(d.score, d.state, cell, retained).map((r) => (r.subject === "cell" ? r : { ...r, name: names.player(r.subject, r.name) }));
  return { series: scrubbed, levels: rows };
}
