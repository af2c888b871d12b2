import { formatDuration, formatGameTime } from "../../shared/scenario/time.js";
import { tr } from "../../shared/scenario/text.js";
import type { ExpectationItem } from "../../shared/scoring/index.js";
import { cellItems, finalLevels, type LevelItem } from "../assessment/agreement.js";
import type { CellData } from "../assessment/cell-data.js";
import type { Names } from "../assessment/pseudonyms.js";
import { chronology, type FactRow } from "./chronology.js";
import { LABELS, type ReportLang } from "./labels.js";

/**
 * The RETEX report of one cell as plain data, in one language, names already
 * pseudonymised when asked: the PDF renderer (pdf.ts) draws it, tests read it.
 * Sections follow the French doctrine (DOMAIN.md §6): context and objectives,
 * facts, analysis, strengths, areas for improvement, action plan, and an annex
 * of levels per cell / role / student with evidence and overrides.
 *
 * Evaluators feed sections 4–6 through annotations: a text starting with "+"
 * is a strength, with "-" an area for improvement, with "→", "->", "plan:" or
 * "action:" a line of the action plan; any other annotation is an observation
 * (listed in the analysis). Players feed them through their RETEX action
 * (`forts`, `ameliorations`, `plan`: one plan line per line of text).
 */

export interface Contribution { source: "player" | "evaluator"; who: string; text: string; time?: string }
export interface AnalysisRow { competency: string; title: string; outcome: string; critical: boolean; start: string; due: string; done: string; legal?: string; evidence: string[] }
export interface AnnexRow { scope: LevelItem["scope"]; name: string; competency: string; computed: string; final: string; status: LevelItem["status"]; evidence: string[]; overrides: { who: string; level: string; computed: string; justification: string; date: string }[] }

export interface ReportModel {
  lang: ReportLang; pseudonymized: boolean; generatedAt: string;
  title: string; session: string; cell: string; scenario: string;
  context: {
    summary: string; duration: string; ended: string; competencies: { id: string; text: string; level: string }[];
    roles: { name: string; players: string[] }[]; objectives: { competency: string; title: string; deadline: string; legal?: string; critical: boolean }[];
  };
  facts: FactRow[]; factsOmitted: number;
  analysis: AnalysisRow[]; observations: Contribution[];
  strengths: Contribution[]; improvements: Contribution[]; plan: Contribution[];
  selfAssessments: { who: string; levels: string }[];
  annex: AnnexRow[];
}

export const COMPETENCY_TEXT = {
  fr: { "C4.1": "Analyser et cartographier les crises", "C4.2": "Communiquer : plan de communication institutionnelle et de crise", "C4.3": "Organiser et coordonner la cellule de crise, procédures", "C4.4": "Évaluer les réponses et proposer des améliorations (RETEX, continuité)" },
  en: { "C4.1": "Analyse and map crises", "C4.2": "Communicate: institutional and crisis communication plan", "C4.3": "Organise and coordinate the crisis cell, procedures", "C4.4": "Evaluate responses and propose improvements (RETEX, continuity)" },
} as const;

const MAX_FACTS = 400;

function classify(text: string): { section: "strengths" | "improvements" | "plan" | "observations"; text: string } {
  const t = text.trim();
  if (t.startsWith("+")) return { section: "strengths", text: t.slice(1).trim() };
  if (/^(→|->)/.test(t)) return { section: "plan", text: t.replace(/^(→|->)\s*/, "") };
  if (/^(plan|action)\s*:/i.test(t)) return { section: "plan", text: t.replace(/^(plan|action)\s*:\s*/i, "") };
  if (t.startsWith("-") || t.startsWith("–")) return { section: "improvements", text: t.slice(1).trim() };
  return { section: "observations", text: t };
}

export function buildReport(d: CellData, names: Names, lang: ReportLang, now: number): ReportModel {
  const L = LABELS[lang];
  const { compiled, state, score } = d;
  const meta = compiled.scenario.meta;
  // Evidence a reader can follow: "T+01:00 Publier une déclaration (Anaïs Çelik)", "T+00:45 « Photo de l'écran »".
  const short = (x: string) => (x.length > 48 ? `${x.slice(0, 47)}…` : x);
  const evidenceText = new Map<string, string>([
    ...state.actions.map((a) => [a.id, `${formatGameTime(a.at)} ${tr(compiled.actions.get(a.action)?.source.name ?? a.action, lang)} (${names.player(a.player, state.players[a.player]?.name)})`] as const),
    ...state.deliveries.map((x) => [x.id, `${formatGameTime(x.at)} « ${short(x.improvised?.subject ?? tr(x.inject ? compiled.injects.get(x.inject)?.subject : undefined, lang))} »`] as const),
  ]);
  const ev = (ids: string[], max = 12) => {
    const out = ids.slice(0, max).map((id) => evidenceText.get(id) ?? id);
    return ids.length > max ? [...out, `+${ids.length - max}`] : out;
  };
  const t = (s?: number) => (s === undefined ? L.noTime : formatGameTime(s));
  const lvl = (l: number | null) => (l === null ? L.notAssessed : `${l} ${L.levelNames[l]}`);
  const levels = finalLevels(cellItems(score, d.cell.name, lang), d.assessments);
  const finalOf = (i: LevelItem) => (i.status === "disagreement" ? `${L.disagreement} (${i.evaluators.map((e) => e.level).join(" / ")})` : lvl(i.level));

  const outcome = (e: ExpectationItem) => (e.outcome ? L[e.outcome] : e.startedAt === undefined ? L.notStarted : L.pending);
  const analysis: AnalysisRow[] = score.cell.competencies.flatMap((c) => c.expectations.map((e) => ({
    competency: e.competency, title: tr(e.title, lang), outcome: outcome(e), critical: e.critical,
    start: t(e.startedAt), due: t(e.dueAt), done: t(e.resolvedAt), ...(e.legal ? { legal: tr(e.legal, lang) } : {}), evidence: ev(e.evidence),
  })));

  const contributions = { strengths: [] as Contribution[], improvements: [] as Contribution[], plan: [] as Contribution[], observations: [] as Contribution[] };
  const selfAssessments: ReportModel["selfAssessments"] = [];
  for (const a of state.actions) {
    if (a.status !== "done") continue;
    const who = `${names.player(a.player)} (${tr(compiled.roles.get(a.role)?.name ?? a.role, lang)})`;
    const text = (k: string) => (typeof a.params[k] === "string" ? names.scrub((a.params[k] as string).trim()) : "");
    if (a.action === "retex") {
      if (text("forts")) contributions.strengths.push({ source: "player", who, text: text("forts"), time: t(a.at) });
      if (text("ameliorations")) contributions.improvements.push({ source: "player", who, text: text("ameliorations"), time: t(a.at) });
      for (const line of text("plan").split(/\r?\n/).map((s) => s.replace(/^[-*•\d.)\s]+/, "").trim()).filter(Boolean)) {
        contributions.plan.push({ source: "player", who, text: line, time: t(a.at) });
      }
    } else if (a.action === "self_assessment") {
      selfAssessments.push({ who, levels: ["c41", "c42", "c43", "c44"].map((k) => `C4.${k.slice(-1)} ${a.params[k] ?? "?"}`).join(" · ") });
    }
  }
  for (const n of d.annotations) {
    const c = classify(names.scrub(n.text));
    contributions[c.section].push({ source: "evaluator", who: names.staff(n.authorId, n.author), text: c.text, time: formatGameTime(n.at) });
  }

  const reason = (r: string) => {
    if (r.startsWith("phase:")) { const name = tr(compiled.phases.get(r.slice(6))?.source.name ?? r.slice(6), lang); return `${L.endReasons.phase} ${lang === "fr" ? `« ${name} »` : `"${name}"`}`; }
    return r in L.endReasons ? L.endReasons[r as keyof typeof L.endReasons] : names.scrub(r);
  };
  const ended = state.ended ? `${formatGameTime(state.ended.at)} — ${reason(state.ended.reason)}` : L.notEnded;
  const facts = chronology(compiled, d.log, lang, names);
  const date = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");
  return {
    lang, pseudonymized: names.pseudonymize, generatedAt: date(now),
    title: `${L.title} — ${tr(meta.title, lang)}`, session: names.scrub(d.session.name), cell: d.cell.name, scenario: tr(meta.title, lang),
    context: {
      summary: tr(meta.summary, lang), duration: formatDuration(compiled.duration), ended,
      competencies: meta.competencies.map((c) => ({ id: c, text: COMPETENCY_TEXT[lang][c], level: lvl(score.cell.competencies.find((x) => x.competency === c)?.level ?? null) })),
      roles: score.roles.map((r) => ({ name: tr(r.name, lang), players: r.players.map((p) => names.player(p, state.players[p]?.name)) })),
      objectives: compiled.scenario.expectations.map((e) => ({
        competency: e.competency, title: tr(e.title, lang), deadline: e.deadline ?? L.noTime, critical: e.critical, ...(e.legal ? { legal: tr(e.legal, lang) } : {}),
      })),
    },
    facts: facts.slice(0, MAX_FACTS), factsOmitted: Math.max(0, facts.length - MAX_FACTS),
    analysis, observations: contributions.observations,
    strengths: contributions.strengths, improvements: contributions.improvements, plan: contributions.plan,
    selfAssessments,
    annex: levels.map((i) => {
      const history = d.assessments.filter((a) => a.scope === i.scope && a.subject === i.subject && a.competency === i.competency);
      return {
        scope: i.scope, competency: i.competency, computed: lvl(i.computed), final: finalOf(i), status: i.status, evidence: ev(i.evidence, 8),
        name: i.scope === "student" ? names.player(i.subject, i.name) : i.name,
        overrides: history.map((a) => ({ who: names.staff(a.authorId, a.author), level: lvl(a.level), computed: lvl(a.computed), justification: names.scrub(a.justification), date: date(a.wall) })),
      };
    }),
  };
}
