import { reportWords } from "../assessment/labels.js";
import { pageOf } from "../i18n/documents.js";
import type { PersonBlock } from "../assessment/level-text.js";
import type { Contribution, ReportModel } from "./model.js";
import { ACCENT, INK, layout, MUTED, TONE } from "./pdf-layout.js";
import { reportCharts } from "./charts.js";
import { drawSvg, finishPdf, newPdf } from "./pdf-doc.js";

/**
 * Draw a RETEX report model (model.ts) as an A4 PDF with pdfkit, in DejaVu
 * Sans (pdf-doc.ts: it covers French — é è à ç œ « » ’ — and the names of
 * students from anywhere — ł, ş, ğ, ñ…). Nothing here computes: every text
 * comes from the model, which is plain data (this function may run in a
 * worker thread).
 */

const KIND_COLOR: Record<string, string> = { delivery: "#8a4b08", decision: "#0b5394", statement: "#38761d", notification: "#674ea7", phase: "#444444", status: "#444444", branch: "#a61c00", sitrep: "#0b5394" };

export function renderReportPdf(m: ReportModel): Promise<Buffer> {
  const L = reportWords(m.lang);
  const sep = L("sep");
  const { doc, done } = newPdf({ title: m.title, subject: `${m.session} — ${m.cell}`, lang: m.lang, margin: 56 });
  const w = layout(doc);
  const { left, width } = w;
  const words = { rule: L("rule"), legal: L("legal"), causes: L("causes"), note: L("note"), basis: L("basis") };

  const contributions = (xs: Contribution[]) => {
    if (!xs.length) return w.para(L("none"), MUTED);
    for (const c of xs) {
      w.ensure(30);
      w.text(`${c.who} · ${c.source === "player" ? L("byPlayers") : L("byEvaluators")}${c.time ? ` · ${c.time}` : ""}`, { font: "bold", size: 9, color: c.source === "player" ? ACCENT : TONE.bad });
      w.para(c.text, INK, 10);
      doc.moveDown(0.25);
    }
  };

  // Title block
  w.text(m.title, { font: "bold", size: 18, color: ACCENT });
  doc.moveDown(0.3);
  w.labelled(L("session"), m.session, sep);
  w.labelled(L("cell"), m.cell, sep);
  w.labelled(L("generated"), `${m.generatedAt} UTC${m.pseudonymized ? ` — ${L("pseudo")}` : ""}`, sep);

  // First page: the crisis over time and the levels at a glance, as vector graphics (the rest stays selectable text).
  // Drawn at the page's width in points (1 SVG pixel = 1 point), so text keeps its size.
  const charts = reportCharts(m.charts, m.lang, Math.floor(width));
  const svg = (markup: string) => drawSvg(doc, markup, left, width, w.ensure);
  w.heading(L("chartTitle"), 200);
  w.para(L("chartHint", { count: charts.crisis.markerCount }), MUTED, 0, 8.5);
  svg(charts.crisis.gauges);
  svg(charts.crisis.markers);
  w.heading(L("glanceTitle"), Number(/height="([\d.]+)"/.exec(charts.levels)?.[1] ?? 120) + 30);
  w.para(L("glanceHint"), MUTED, 0, 8.5);
  svg(charts.levels);
  doc.addPage();

  w.heading(L("context"));
  w.labelled(L("scenario"), m.scenario, sep);
  if (m.context.summary) w.para(m.context.summary, MUTED);
  w.labelled(L("duration"), m.context.duration, sep);
  w.labelled(L("ended"), m.context.ended, sep);
  w.sub(L("competencies"));
  w.bullets(m.context.competencies.map((c) => `${c.id} — ${c.text} (${c.level})`));
  w.sub(L("roles"));
  w.bullets(m.context.roles.map((r) => `${r.name}${sep}${r.players.length ? r.players.join(", ") : L("noTime")}`));
  w.sub(L("objectives"));
  w.bullets(m.context.objectives.map((o) => `${o.competency}${o.critical ? " ★" : ""} — ${o.title} (${L("deadline")} ${o.deadline}${o.legal ? ` ; ${L("legal")}${sep}${o.legal}` : ""})`), 6, 9);

  w.heading(L("facts"));
  if (!m.facts.length) w.para(L("none"), MUTED);
  const TIME_W = 58, KIND_W = 92, TEXT_X = TIME_W + 4 + KIND_W + 4;
  for (const r of m.facts) {
    w.row([
      { x: 0, w: TIME_W, lines: [{ t: r.time, font: "bold" }, { t: r.offset, size: 7, color: MUTED }] },
      { x: TIME_W + 4, w: KIND_W, lines: [{ t: L(`kinds.${r.kind}`), font: "bold", color: KIND_COLOR[r.kind] ?? MUTED }] },
      { x: TEXT_X, w: width - TEXT_X, lines: [{ t: r.text }] },
    ]);
  }
  if (m.factsOmitted) w.para(L("truncated", { count: m.factsOmitted }), MUTED);

  const gridKeep = Math.min(300, 24 * (m.grid.rows.length + 1)); // the grid on one page when it fits, with its titles
  w.heading(L("analysis"), gridKeep + 24);
  w.sub(L("levelsGrid"), gridKeep);
  const NAME_W = 140, COL_W = (width - NAME_W) / m.grid.competencies.length;
  const header = [{ x: 0, w: NAME_W, lines: [{ t: "", size: 8 }] }, ...m.grid.competencies.map((c, k) => ({ x: NAME_W + k * COL_W, w: COL_W - 4, lines: [{ t: c, font: "bold" as const }] }))];
  w.row(header, 4);
  for (const r of m.grid.rows) {
    w.row([
      { x: 0, w: NAME_W - 4, lines: [{ t: r.name, font: "bold" }, { t: r.detail, size: 7, color: MUTED }] },
      ...r.cells.map((c, k) => ({ x: NAME_W + k * COL_W, w: COL_W - 4, lines: [
        { t: c.computed, color: c.revised ? INK : TONE[c.tone] },
        ...(c.revised ? [{ t: `${L("final")}${sep}${c.final}`, size: 7.5, color: TONE[c.tone] }] : []),
      ] })),
    ], 4);
  }
  for (const b of m.analysis) {
    w.sub(`${b.competency} — ${b.text}`, 50, ACCENT);
    w.level(L("cellLevel"), b.cell.level, L("final"), sep);
    w.para(b.cell.how, MUTED, 0, 8.5);
    doc.moveDown(0.2);
    for (const i of b.cell.items) w.item(i, words, sep);
    w.sub(L("studentLevels"), 30);
    for (const s of b.students) {
      w.level(s.name, s.level, L("final"), sep, 8);
      w.para(s.how, MUTED, 16, 8);
    }
  }
  if (m.observations.length) { w.sub(L("observations")); contributions(m.observations); }

  w.heading(L("strengths"));
  contributions(m.strengths);
  w.heading(L("improvements"));
  contributions(m.improvements);
  w.heading(L("plan"));
  contributions(m.plan);

  w.heading(L("retex"));
  if (!m.retex.length) w.para(L("noRetex"), MUTED);
  for (const r of m.retex) {
    w.sub(`${r.who} · ${r.time}`, 40, ACCENT);
    for (const s of r.sections) {
      w.ensure(24);
      w.text(s.label, { font: "bold", size: 9, indent: 8 });
      w.text(s.text || L("emptySection"), { color: s.text ? INK : MUTED, indent: 16 });
    }
  }

  w.heading(L("selfAssessment"));
  if (!m.selfAssessments.length) w.para(L("noSelfAssessment"), MUTED);
  for (const s of m.selfAssessments) {
    w.sub(`${s.who} · ${s.time}`, 40, ACCENT);
    for (const r of s.rows) {
      w.ensure(40);
      w.text(`${r.competency} — ${L("declared")}${sep}${r.declared} · ${L("computed")}${sep}${r.computed} · ${L("gap")}${sep}${r.gap}`, { font: "bold", size: 9, indent: 8 });
      if (r.declaredText) w.para(`${L("declared")}${sep}« ${r.declaredText} »`, MUTED, 16, 8);
      if (r.computedText && r.computedText !== r.declaredText) w.para(`${L("computed")}${sep}« ${r.computedText} »`, MUTED, 16, 8);
    }
  }

  w.heading(L("overrides"));
  if (!m.overrides.length) w.para(L("noOverride"), MUTED);
  for (const o of m.overrides) {
    w.ensure(36);
    w.text(`${o.scope} ${o.name} — ${o.competency} — ${o.who} (${o.date} UTC)${sep}${L("computed")} ${o.computed} → ${o.level}`, { font: "bold", size: 9 });
    w.para(`${L("justification")}${sep}${o.justification}`, INK, 10, 9);
    w.para(`${L("final")}${sep}${o.final}`, MUTED, 10, 8);
    doc.moveDown(0.2);
  }

  const people = (blocks: PersonBlock[], heldBy: string, items: boolean) => {
    for (const p of blocks) {
      w.sub(p.name, 50, ACCENT);
      if (p.detail) w.para(`${heldBy}${sep}${p.detail}`, MUTED, 0, 8.5);
      for (const c of p.competencies) {
        doc.moveDown(0.15);
        w.level(c.competency, c.level, L("final"), sep, 4);
        w.para(c.how, MUTED, 12, 8);
        for (const e of c.evidence) w.para(e, INK, 16, 8);
        if (items) for (const i of c.items) w.item(i, words, sep, 12);
      }
      for (const r of p.byRole) {
        w.sub(`${L("inRole")} ${r.name}`, 30);
        for (const c of r.competencies) { w.level(c.competency, c.level, L("final"), sep, 8); w.para(c.how, MUTED, 16, 8); }
      }
    }
  };
  doc.addPage();
  w.heading(L("annexStudents"));
  people(m.students, L("heldRoles"), true);
  w.heading(L("annexRoles"));
  people(m.roles, L("players"), false);

  w.heading(L("rubric"));
  w.sub(L("rubricGeneral"));
  w.bullets(m.rubric.general, 6, 8.5);
  w.sub(L("rubricIndicators"));
  w.bullets(m.rubric.indicators, 6, 8.5);
  if (m.rubric.disabled.length) { w.sub(L("rubricDisabled")); w.bullets(m.rubric.disabled, 6, 8.5); }
  if (m.rubric.expectations.length) { w.sub(L("rubricExpectations")); w.bullets(m.rubric.expectations, 6, 8.5); }

  finishPdf(doc, (i, n) => `Sangfroid — ${m.cell} — ${pageOf(m.lang, i, n)}`);
  return done;
}
