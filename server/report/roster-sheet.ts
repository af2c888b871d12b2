import { pageOf, wordsOf } from "../i18n/documents.js";
import { finishPdf, newPdf } from "./pdf-doc.js";
import { ACCENT, INK, MUTED, RULE } from "./pdf-layout.js";

/**
 * A class's roster sheet: one slip per student, ten to a page, to cut along
 * the dashed lines and hand out — the student's name and number, their
 * personal code in large letters and how to join with it. No password is
 * needed in class: the code says who they are in every session of the class.
 */

export interface RosterSheetJob {
  kind: "roster"; lang: "fr" | "en"; className: string; url: string; now: number;
  students: { firstName: string; lastName: string; number: string; code: string }[];
}

export function renderRosterSheet(j: RosterSheetJob): Promise<Buffer> {
  const W = wordsOf("sheet", j.lang);
  const { doc, done } = newPdf({ title: W("title", { className: j.className }), lang: j.lang, margin: 40 });
  const left = 40, width = doc.page.width - 80, top = 70;
  const cols = 2, rows = 5, slipW = width / cols, slipH = (doc.page.height - top - 50) / rows;
  const header = () => doc.font("bold").fontSize(13).fillColor(ACCENT).text(W("title", { className: j.className }), left, 40, { width, lineBreak: false });
  header();
  if (j.students.length === 0) doc.font("body").fontSize(11).fillColor(MUTED).text(W("none"), left, top);
  j.students.forEach((s, i) => {
    const k = i % (cols * rows);
    if (i > 0 && k === 0) { doc.addPage(); header(); }
    const x = left + (k % cols) * slipW, y = top + Math.floor(k / cols) * slipH;
    doc.save().dash(4, { space: 3 }).lineWidth(0.5).strokeColor(RULE).rect(x, y, slipW, slipH).stroke().restore();
    const pad = 12, inner = slipW - 2 * pad;
    doc.font("body").fontSize(8).fillColor(MUTED).text(j.className, x + pad, y + pad, { width: inner, lineBreak: false, ellipsis: true });
    doc.font("bold").fontSize(13).fillColor(INK).text(`${s.firstName} ${s.lastName}`, x + pad, y + pad + 14, { width: inner, height: 34, ellipsis: true });
    doc.font("body").fontSize(9).fillColor(MUTED).text(`${W("number")} ${s.number}`, x + pad, y + pad + 50, { width: inner, lineBreak: false });
    doc.font("body").fontSize(8).fillColor(MUTED).text(W("code"), x + pad, y + pad + 66, { width: inner, lineBreak: false });
    doc.font("bold").fontSize(22).fillColor(ACCENT).text(s.code, x + pad, y + pad + 78, { width: inner, lineBreak: false, characterSpacing: 2 });
    doc.font("body").fontSize(7.5).fillColor(INK).text(W("how", { url: j.url }), x + pad, y + slipH - pad - 30, { width: inner, height: 30 });
  });
  finishPdf(doc, (i, n) => `Sangfroid — ${pageOf(j.lang, i, n)}`, 30);
  return done;
}
