import { readFileSync } from "node:fs";
import { join } from "node:path";
import PDFDocument from "pdfkit";
import { LABELS } from "./labels.js";
import type { Contribution, ReportModel } from "./model.js";

/**
 * Draw a RETEX report model (model.ts) as an A4 PDF with pdfkit. The font is
 * DejaVu Sans, bundled in ./fonts (licence beside it): it covers French
 * (é è à ç œ « » ’) and the names of students from anywhere (ł, ş, ğ, ñ…),
 * which the PDF standard fonts (WinAnsi) do not. Nothing here computes:
 * every text comes from the model.
 */

const FONTS = join(import.meta.dirname, "fonts");
let fontCache: { regular: Buffer; bold: Buffer } | undefined;
const fonts = () => (fontCache ??= { regular: readFileSync(join(FONTS, "DejaVuSans.ttf")), bold: readFileSync(join(FONTS, "DejaVuSans-Bold.ttf")) });

const INK = "#1b1f24", MUTED = "#5a6470", ACCENT = "#0b5394", RULE = "#c9d1da";
const KIND_COLOR: Record<string, string> = { delivery: "#8a4b08", decision: "#0b5394", statement: "#38761d", notification: "#674ea7", phase: "#444444", status: "#444444", branch: "#a61c00", sitrep: "#0b5394" };

export function renderReportPdf(m: ReportModel): Promise<Buffer> {
  const L = LABELS[m.lang];
  const doc = new PDFDocument({ size: "A4", margins: { top: 56, bottom: 56, left: 56, right: 56 }, bufferPages: true, lang: m.lang === "fr" ? "fr-FR" : "en-GB",
    info: { Title: m.title, Subject: `${m.session} — ${m.cell}`, Creator: "Sangfroid" } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => { doc.on("end", () => resolve(Buffer.concat(chunks))); doc.on("error", reject); });
  const f = fonts();
  doc.registerFont("body", f.regular);
  doc.registerFont("bold", f.bold);
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const left = doc.page.margins.left;

  const heading = (text: string) => {
    if (doc.y > doc.page.height - 140) doc.addPage();
    doc.moveDown(0.8).font("bold").fontSize(13).fillColor(ACCENT).text(text, left, doc.y, { width });
    const y = doc.y + 2;
    doc.moveTo(left, y).lineTo(left + width, y).lineWidth(0.6).strokeColor(RULE).stroke();
    doc.moveDown(0.5).font("body").fontSize(9.5).fillColor(INK);
  };
  const sub = (text: string) => { doc.moveDown(0.4).font("bold").fontSize(10.5).fillColor(INK).text(text, left, doc.y, { width }).font("body").fontSize(9.5); };
  const para = (text: string, color = INK) => { doc.font("body").fontSize(9.5).fillColor(color).text(text, left, doc.y, { width }); };
  const labelled = (label: string, value: string) => {
    doc.font("bold").fontSize(9.5).fillColor(INK).text(`${label} : `, left, doc.y, { continued: true, width }).font("body").text(value || L.noTime);
  };
  const bullets = (items: string[]) => { for (const i of items) doc.font("body").fontSize(9.5).fillColor(INK).text(`•  ${i}`, left + 6, doc.y, { width: width - 6 }); };
  const contributions = (xs: Contribution[]) => {
    if (!xs.length) return para(L.none, MUTED);
    for (const c of xs) {
      doc.font("bold").fontSize(9).fillColor(c.source === "player" ? ACCENT : "#a61c00")
        .text(`${c.who} · ${c.source === "player" ? L.byPlayers : L.byEvaluators}${c.time ? ` · ${c.time}` : ""}`, left, doc.y, { width });
      doc.font("body").fontSize(9.5).fillColor(INK).text(c.text, left + 10, doc.y, { width: width - 10 });
      doc.moveDown(0.25);
    }
  };

  // Title block
  doc.font("bold").fontSize(18).fillColor(ACCENT).text(m.title, left, doc.y, { width });
  doc.moveDown(0.3).font("body").fontSize(10).fillColor(INK);
  labelled(L.session, m.session);
  labelled(L.cell, m.cell);
  labelled(L.generated, `${m.generatedAt} UTC${m.pseudonymized ? ` — ${L.pseudo}` : ""}`);

  heading(L.context);
  labelled(L.scenario, m.scenario);
  if (m.context.summary) para(m.context.summary, MUTED);
  labelled(L.duration, m.context.duration);
  labelled(L.ended, m.context.ended);
  sub(L.competencies);
  bullets(m.context.competencies.map((c) => `${c.id} — ${c.text} (${c.level})`));
  sub(L.roles);
  bullets(m.context.roles.map((r) => `${r.name} : ${r.players.length ? r.players.join(", ") : L.noTime}`));
  sub(L.objectives);
  bullets(m.context.objectives.map((o) => `${o.competency}${o.critical ? " ★" : ""} — ${o.title} (${L.deadline} ${o.deadline}${o.legal ? ` ; ${L.legal} : ${o.legal}` : ""})`));

  heading(L.facts);
  if (!m.facts.length) para(L.none, MUTED);
  const KIND_W = 92, TEXT_X = 50 + KIND_W + 4;
  for (const r of m.facts) {
    const kind = L.kinds[r.kind];
    const h = Math.max(doc.font("bold").fontSize(8.5).heightOfString(kind, { width: KIND_W }), doc.font("body").fontSize(8.5).heightOfString(r.text, { width: width - TEXT_X }));
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const top = doc.y;
    doc.font("bold").fontSize(8.5).fillColor(INK).text(r.time, left, top, { width: 48 });
    doc.font("bold").fontSize(8.5).fillColor(KIND_COLOR[r.kind] ?? MUTED).text(kind, left + 50, top, { width: KIND_W });
    doc.font("body").fontSize(8.5).fillColor(INK).text(r.text, left + TEXT_X, top, { width: width - TEXT_X });
    doc.y = top + h + 2;
  }
  if (m.factsOmitted) para(L.truncated(m.factsOmitted), MUTED);

  heading(L.analysis);
  if (!m.analysis.length) para(L.none, MUTED);
  for (const a of m.analysis) {
    doc.font("bold").fontSize(9.5).fillColor(INK).text(`${a.competency}${a.critical ? " ★" : ""} — ${a.title} : `, left, doc.y, { width, continued: true })
      .fillColor(a.outcome === L.met ? "#38761d" : a.outcome === L.missed ? "#a61c00" : a.outcome === L.late ? "#b45f06" : MUTED).text(a.outcome);
    para(`${L.start} ${a.start} · ${L.deadline} ${a.due} · ${L.done} ${a.done}${a.legal ? ` · ${L.legal} : ${a.legal}` : ""}`, MUTED);
    if (a.evidence.length) para(`${L.evidence} : ${a.evidence.join(" ; ")}`, MUTED);
    doc.moveDown(0.25);
  }
  if (m.observations.length) { sub(L.observations); contributions(m.observations); }

  heading(L.strengths);
  contributions(m.strengths);
  heading(L.improvements);
  contributions(m.improvements);
  heading(L.plan);
  contributions(m.plan);
  if (m.selfAssessments.length) { sub(L.selfAssessment); bullets(m.selfAssessments.map((s) => `${s.who} : ${s.levels}`)); }

  doc.addPage();
  heading(L.annex);
  const groups: [string, ReportModel["annex"]][] = [[L.levelsCell, m.annex.filter((a) => a.scope === "cell")], [L.levelsRoles, m.annex.filter((a) => a.scope === "role")], [L.levelsStudents, m.annex.filter((a) => a.scope === "student")]];
  for (const [title, rows] of groups) {
    if (!rows.length) continue;
    sub(title);
    let current = "";
    for (const r of rows) {
      if (r.name !== current) { current = r.name; doc.moveDown(0.2).font("bold").fontSize(9.5).fillColor(ACCENT).text(r.name, left, doc.y, { width }); }
      doc.font("body").fontSize(9).fillColor(INK).text(`${r.competency} — ${L.computed} : ${r.computed} · ${L.final} : ${r.final}`, left + 8, doc.y, { width: width - 8 });
      if (r.evidence.length) doc.fillColor(MUTED).fontSize(8).text(`${L.evidence} : ${r.evidence.join(" ; ")}`, left + 16, doc.y, { width: width - 16 });
      for (const o of r.overrides) {
        doc.fillColor("#a61c00").fontSize(8.5).text(`${o.who} (${o.date}) : ${o.computed} → ${o.level} — ${L.justification} : ${o.justification || L.noTime}`, left + 16, doc.y, { width: width - 16 });
      }
    }
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing in the margin must not add a page
    doc.font("body").fontSize(8).fillColor(MUTED)
      .text(`Sangfroid — ${m.cell} — ${L.page(i + 1, range.count)}`, left, doc.page.height - 36, { width, align: "right", lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
