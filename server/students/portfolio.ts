import { COMPETENCIES, type Competency } from "../../shared/scenario/schema.js";
import { tr } from "../../shared/scenario/text.js";
import { glanceRows } from "../../shared/scoring/glance.js";
import type { PortfolioPoint } from "../../shared/scoring/portfolio-plot.js";
import { cellItems, finalLevels } from "../assessment/agreement.js";
import { loadCell, pseudonymizeCellData } from "../assessment/cell-data.js";
import { sessionNames, type Names } from "../assessment/pseudonyms.js";
import type { CellRuntime } from "../game/cell-runtime.js";
import { csvField, safeText } from "../exports/csv.js";
import { competencyText, reportWords, type ReportLang } from "../assessment/labels.js";
import { wordsOf } from "../i18n/documents.js";
import { levelContext, levelWords, studentBlocks, type ItemRow, type LevelText } from "../assessment/level-text.js";
import type { Storage } from "../storage/types.js";
import { cellName } from "../../shared/i18n/cell-name.js";

/**
 * One student's portfolio, as plain data (the PDF, the CSV and the browser
 * screen are drawn from it): every session they played that the reader may
 * see, in the order played; for each competency and session their OWN level
 * (their StudentScore in that cell: their own actions only,
 * shared/scoring/README.md) as computed and as retained after the
 * evaluators' overrides, each override with its author and justification,
 * how the level came about, the items behind it with their evidence, the
 * self-assessment, and the trend from the first assessed session to the
 * last. The same words as the RETEX report (assessment/level-text.ts).
 */

export interface PortfolioPlay { sessionId: string; cellId: string; playerId: string }
export interface PortfolioStudent { name: string; number?: string; classes: string[]; pseudoId: string }

export interface Trend { word: string; detail: string; delta: number | null }
export interface PortfolioSession { n: number; date: string; scenario: string; session: string; cell: string; roles: string; ended: boolean; present: boolean; label: string }
export interface PortfolioOverride { who: string; date: string; level: string; justification: string }
export interface PortfolioCell {
  n: number; level: LevelText; value: number | null; computedValue: number | null; noEvidence: boolean; evidenceCount: number;
  /** calculé, révisé, révisé (accord), désaccord. */
  status: string;
  how: string; items: ItemRow[]; overrides: PortfolioOverride[]; self?: string;
}
export interface PortfolioCompetency { competency: Competency; text: string; trend: Trend; sessions: PortfolioCell[] }

export interface PortfolioModel {
  lang: ReportLang; pseudonymized: boolean; generatedAt: string; title: string;
  student: PortfolioStudent;
  sessions: PortfolioSession[];
  competencies: PortfolioCompetency[];
  /** The chart's points: each competency's levels over the sessions. */
  chart: PortfolioPoint[];
}

/** From the first assessed session to the last: +n, 0, −n, with the sequence of levels. */
export function trendOf(values: (number | null)[], lang: ReportLang): Trend {
  const W = wordsOf("trend", lang);
  const seen = values.filter((v): v is number => v !== null);
  if (seen.length === 0) return { word: W("never"), detail: "", delta: null };
  const detail = seen.join(" → ");
  if (seen.length === 1) return { word: W("once"), detail, delta: null };
  const delta = seen[seen.length - 1] - seen[0];
  return { word: delta > 0 ? `${W("up")} (+${delta})` : delta < 0 ? `${W("down")} (${delta})` : W("steady"), detail, delta };
}

const day = (ms: number, lang: ReportLang) => new Date(ms).toLocaleDateString(lang === "fr" ? "fr-FR" : "en-GB", { timeZone: "UTC" });
const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

/**
 * The portfolio from storage: each play (a session, the cell and the player the student was there) folded
 * and scored like anywhere else (assessment/cell-data.ts). `cells`: live runtimes of this process (may be empty).
 */
export async function buildPortfolio(storage: Storage, cells: Map<string, CellRuntime>, student: PortfolioStudent, plays: PortfolioPlay[], lang: ReportLang, pseudonymize: boolean, now: number): Promise<PortfolioModel> {
  const W = wordsOf("trend", lang);
  const loaded = [];
  for (const p of plays) {
    const cell = await storage.getCell(p.cellId);
    const session = cell && await storage.getSession(p.sessionId);
    if (!cell || !session) continue;
    const names: Names = await sessionNames(storage, session.id, pseudonymize, lang);
    loaded.push({ play: p, names, d: pseudonymizeCellData(await loadCell({ storage, cells }, cell, session), names) });
  }
  loaded.sort((a, b) => a.d.session.createdAt - b.d.session.createdAt || a.d.cell.index - b.d.cell.index);

  const sessions: PortfolioSession[] = [];
  const byCompetency = new Map<Competency, PortfolioCell[]>(COMPETENCIES.map((c) => [c, []]));
  const chart: PortfolioPoint[] = [];
  loaded.forEach(({ play, names, d }, i) => {
    const n = i + 1;
    const at = d.score.students.findIndex((s) => s.player === play.playerId);
    const own = at >= 0 ? d.score.students[at] : undefined;
    const scenario = tr(d.compiled.scenario.meta.title, lang);
    const date = day(d.session.createdAt, lang);
    sessions.push({
      n, date, scenario, session: d.session.name, cell: cellName(d.cell, lang), ended: d.state.status === "ended", present: own !== undefined,
      roles: own ? own.roles.map((r) => tr(d.compiled.roles.get(r)?.name, lang)).join(", ") : W("absent"), label: `${date} — ${scenario} — ${cellName(d.cell, lang)}`,
    });
    const levels = finalLevels(cellItems(d.score, cellName(d.cell, lang), lang), d.assessments);
    const x = levelContext(d.compiled, d.state, d.score, lang, names, levels);
    const block = own ? studentBlocks(x)[at] : undefined;
    const glance = own ? glanceRows(d.score, d.state, cellName(d.cell, lang), (scope, subject, c) => levels.find((l) => l.scope === scope && l.subject === subject && l.competency === c)?.level)
      .filter((r) => r.subject === play.playerId) : [];
    for (const c of COMPETENCIES) {
      const score = own?.competencies.find((k) => k.competency === c);
      const item = levels.find((l) => l.scope === "student" && l.subject === play.playerId && l.competency === c);
      const shown = block?.competencies.find((k) => k.competency === c);
      const value = item ? item.level : score?.level ?? null;
      const self = glance.find((r) => r.competency === c)?.self;
      const none = levelWords(null, lang, true);
      byCompetency.get(c)!.push({
        n, value, computedValue: score?.level ?? null, status: reportWords(lang)(`levelStatus.${item?.status ?? "computed"}`), noEvidence: score?.noEvidence ?? true, evidenceCount: score?.evidence.length ?? 0,
        level: shown?.level ?? { computed: none, final: none, revised: false, tone: "neutral" },
        how: shown?.how ?? "", items: shown?.items ?? [],
        overrides: (item?.evaluators ?? []).map((e) => ({ who: names.staff(e.authorId, e.author), date: stamp(e.wall), level: levelWords(e.level, lang), justification: names.scrub(e.justification) })),
        ...(self !== null && self !== undefined ? { self: levelWords(self, lang) } : {}),
      });
      chart.push({ session: n, label: sessions[i].label, competency: c, computed: score?.level ?? null, retained: value });
    }
  });
  return {
    lang, pseudonymized: pseudonymize, generatedAt: stamp(now), title: `${W("title")} — ${student.name}`, student, sessions,
    competencies: COMPETENCIES.map((c) => {
      const cellsOf = byCompetency.get(c)!;
      return { competency: c, text: competencyText(lang, c), trend: trendOf(cellsOf.map((x) => x.value), lang), sessions: cellsOf };
    }),
    chart,
  };
}

const CSV_HEADER = ["etudiant", "numero", "pseudonyme", "session_n", "date", "scenario", "session", "cellule", "roles", "competence", "intitule",
  "niveau_calcule", "niveau_retenu", "statut", "nb_preuves", "auto_evaluation", "tendance", "revisions", "derniere_justification"];

/**
 * The portfolio as CSV (RFC 4180, UTF-8 with BOM, French headers like the session CSV): one row per
 * session × competency, levels in figures and words; formula-like texts prefixed with an apostrophe.
 */
export function portfolioCsv(m: PortfolioModel, sep: "," | ";" = ","): string {
  const field = (v: string | number | null | undefined) => csvField(typeof v === "string" ? safeText(v) : v, sep);
  const lines = [CSV_HEADER.join(sep)];
  for (const c of m.competencies) {
    for (const x of c.sessions) {
      const s = m.sessions[x.n - 1];
      const last = x.overrides[x.overrides.length - 1];
      lines.push([
        m.student.name, m.student.number ?? "", m.student.pseudoId, x.n, s.date, s.scenario, s.session, s.cell, s.roles, c.competency, c.text,
        x.level.computed, x.level.final, x.status, x.evidenceCount, x.self ?? "",
        c.trend.word, x.overrides.length, last?.justification ?? "",
      ].map(field).join(sep));
    }
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
