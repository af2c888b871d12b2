import type { PortfolioModel } from "../students/portfolio.js";
import { portfolioChartSvg } from "./charts.js";
import { reportWords } from "../assessment/labels.js";
import { pageOf, wordsOf } from "../i18n/documents.js";
import { drawSvg, finishPdf, newPdf } from "./pdf-doc.js";
import { ACCENT, INK, layout, MUTED, RULE, TONE } from "./pdf-layout.js";

/**
 * A student's portfolio as an A4 PDF a certification jury reads and signs:
 * a first page with the student, every session played, their levels per
 * competency in each (a grid, then the same as a chart: levels over the
 * sessions) and the trend; then one page per competency — per session the
 * level as computed and as retained, every override with its author and
 * justification, how the level came about and the items behind it with
 * their evidence excerpts; a last page for the jury's decision and
 * signatures. Everything is selectable text but the chart (vectors).
 */

export function renderPortfolioPdf(m: PortfolioModel): Promise<Buffer> {
  const W = wordsOf("portfolio", m.lang);
  const L = reportWords(m.lang);
  const sep = L("sep");
  const { doc, done } = newPdf({ title: m.title, subject: m.student.name, lang: m.lang, margin: 50 });
  const w = layout(doc);
  const { left, width } = w;
  const words = { rule: L("rule"), legal: L("legal"), causes: L("causes"), note: L("note"), basis: L("basis") };

  // Page 1: who, what was played, the levels at a glance, the chart.
  w.text(m.title, { font: "bold", size: 17, color: ACCENT });
  doc.moveDown(0.3);
  w.labelled(W("student"), m.student.name, sep);
  if (m.student.number) w.labelled(W("number"), m.student.number, sep);
  if (m.student.classes.length) w.labelled(W("classes"), m.student.classes.join(", "), sep);
  w.labelled(W("pseudo"), m.student.pseudoId, sep);
  w.labelled(W("generated"), `${m.generatedAt} UTC${m.pseudonymized ? ` — ${W("pseudonymized")}` : ""}`, sep);

  w.heading(W("sessions"), 40);
  if (!m.sessions.length) w.para(W("noSession"), MUTED);
  for (const s of m.sessions) {
    w.row([
      { x: 0, w: 22, lines: [{ t: String(s.n), font: "bold" }] },
      { x: 24, w: 70, lines: [{ t: s.date }] },
      { x: 96, w: width - 96, lines: [{ t: `${s.scenario} — ${s.session}`, font: "bold" }, { t: `${s.cell} · ${W("roles")}${sep}${s.present ? s.roles : W("absent")}`, size: 7.5, color: MUTED }] },
    ], 3);
  }

  if (m.sessions.length) {
    const gridH = 30 * (m.competencies.length + 1);
    w.heading(W("levels"), gridH);
    const NAME_W = 150, COL_W = Math.min(90, (width - NAME_W) / Math.max(1, m.sessions.length));
    const visible = m.sessions.slice(0, Math.floor((width - NAME_W) / COL_W));
    w.row([{ x: 0, w: NAME_W, lines: [{ t: "" }] }, ...visible.map((s, k) => ({ x: NAME_W + k * COL_W, w: COL_W - 4, lines: [{ t: `${W("session")} ${s.n}`, font: "bold" as const }, { t: s.date, size: 7, color: MUTED }] }))], 3);
    for (const c of m.competencies) {
      w.row([
        { x: 0, w: NAME_W - 4, lines: [{ t: c.competency, font: "bold" }, { t: c.text, size: 7.5 }, { t: `${W("trend")}${sep}${c.trend.word}`, size: 7.5, color: MUTED }] },
        ...c.sessions.slice(0, visible.length).map((x, k) => ({ x: NAME_W + k * COL_W, w: COL_W - 4, lines: [
          { t: x.level.final, color: TONE[x.level.tone] },
          ...(x.level.revised ? [{ t: `(${W("computed")}${sep}${x.level.computed})`, size: 7, color: MUTED }] : []),
        ] })),
      ], 4);
    }
    if (visible.length < m.sessions.length) w.para(L("moreSessions", { count: m.sessions.length - visible.length }), MUTED, 0, 8);
    w.heading(W("chart"), 190);
    w.para(W("chartHint"), MUTED, 0, 8);
    drawSvg(doc, portfolioChartSvg(m.chart, m.lang, Math.floor(width)), left, width, w.ensure);
  }

  // One page (at least) per competency.
  for (const c of m.competencies) {
    doc.addPage();
    w.text(`${c.competency} — ${c.text}`, { font: "bold", size: 14, color: ACCENT });
    doc.moveDown(0.2);
    w.labelled(W("trend"), `${c.trend.word}${c.trend.detail ? ` (${c.trend.detail})` : ""}`, sep);
    const rule = () => { const y = doc.y + 2; doc.moveTo(left, y).lineTo(left + width, y).lineWidth(0.5).strokeColor(RULE).stroke(); doc.moveDown(0.4); };
    rule();
    for (const x of c.sessions) {
      const s = m.sessions[x.n - 1];
      w.sub(`${W("session")} ${s.n} — ${s.date} — ${s.scenario} — ${s.cell}`, 44, INK);
      if (!s.present) { w.para(W("absent"), MUTED, 8, 8.5); continue; }
      w.level(W("computed"), x.level, W("retained"), sep, 8);
      if (x.self) w.para(`${W("self")}${sep}${x.self}`, MUTED, 8, 8.5);
      if (x.how) w.para(x.how, MUTED, 8, 8.5);
      w.text(x.overrides.length ? W("overrides") : `${W("overrides")}${sep}${W("noOverride")}`, { font: "bold", size: 8.5, indent: 8, color: x.overrides.length ? INK : MUTED });
      for (const o of x.overrides) w.para(`${o.who} (${o.date} UTC) → ${o.level}${sep}« ${o.justification} »`, INK, 16, 8.5);
      w.text(W("evidence"), { font: "bold", size: 8.5, indent: 8 });
      if (!x.items.length || x.noEvidence) w.para(W("noEvidence"), MUTED, 16, 8.5);
      for (const i of x.items) w.item(i, words, sep, 16);
      doc.moveDown(0.3);
    }
  }

  // The jury's page.
  doc.addPage();
  w.text(W("jury"), { font: "bold", size: 15, color: ACCENT });
  w.para(W("juryHint"), MUTED, 0, 9);
  doc.moveDown(0.5);
  for (const c of m.competencies) {
    w.ensure(70);
    w.text(`${c.competency} — ${c.text}`, { font: "bold", size: 10 });
    w.para(`${W("trend")}${sep}${c.trend.word}    ${W("acquired")}`, INK, 8, 9);
    w.para(W("comment"), MUTED, 8, 8.5);
    const y = doc.y + 14;
    doc.moveTo(left + 8, y).lineTo(left + width, y).lineWidth(0.5).strokeColor(RULE).stroke();
    doc.y = y + 10;
  }
  doc.moveDown(1);
  const boxW = (width - 20) / 3, boxH = 90;
  w.ensure(boxH + 10);
  const top = doc.y;
  for (let k = 0; k < 3; k++) {
    const x = left + k * (boxW + 10);
    doc.rect(x, top, boxW, boxH).lineWidth(0.6).strokeColor(RULE).stroke();
    doc.font("body").fontSize(8).fillColor(MUTED).text(W("name"), x + 6, top + 6, { width: boxW - 12 });
    doc.text(W("date"), x + 6, top + 40, { width: boxW - 12 });
    doc.text(W("signature"), x + 6, top + 58, { width: boxW - 12 });
  }
  doc.y = top + boxH + 10;
  finishPdf(doc, (i, n) => `Sangfroid — ${m.student.name} — ${pageOf(m.lang, i, n)}`);
  return done;
}
