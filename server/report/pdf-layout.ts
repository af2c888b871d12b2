import type PDFDocument from "pdfkit";
import type { ItemRow, LevelText, Tone } from "../assessment/level-text.js";

/**
 * The few drawing moves the RETEX report is made of, on one pdfkit document:
 * headings that never end a page (a heading and its first line go together),
 * paragraphs, bullets, rows drawn side by side at measured heights (so no two
 * texts overlap), and the item of a level (title, outcome, rule, evidence,
 * causes). Nothing here chooses what to say: texts come from the model.
 */

export const INK = "#1b1f24", MUTED = "#5a6470", ACCENT = "#0b5394", RULE = "#c9d1da";
export const TONE: Record<Tone, string> = { good: "#38761d", warn: "#b45f06", bad: "#a61c00", neutral: MUTED };

type Doc = InstanceType<typeof PDFDocument>;

export interface ItemWords { rule: string; legal: string; causes: string; note: string; basis: string }

export function layout(doc: Doc) {
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const height = (text: string, font: "body" | "bold", size: number, w: number) => doc.font(font).fontSize(size).heightOfString(text, { width: w });
  /** Start a new page unless `h` points still fit on this one. */
  const ensure = (h: number) => { if (doc.y + h > bottom()) doc.addPage(); };
  const text = (t: string, o: { font?: "body" | "bold"; size?: number; color?: string; indent?: number } = {}) => {
    const indent = o.indent ?? 0;
    doc.font(o.font ?? "body").fontSize(o.size ?? 9.5).fillColor(o.color ?? INK).text(t, left + indent, doc.y, { width: width - indent });
  };

  const api = {
    left, width, ensure, text,
    /** A section title, kept with `keep` points of what follows. */
    heading(t: string, keep = 40) {
      doc.moveDown(0.8);
      ensure(height(t, "bold", 13, width) + 8 + keep);
      text(t, { font: "bold", size: 13, color: ACCENT });
      const y = doc.y + 2;
      doc.moveTo(left, y).lineTo(left + width, y).lineWidth(0.6).strokeColor(RULE).stroke();
      doc.moveDown(0.5);
    },
    sub(t: string, keep = 30, color = INK) {
      doc.moveDown(0.4);
      ensure(height(t, "bold", 10.5, width) + keep);
      text(t, { font: "bold", size: 10.5, color });
    },
    para: (t: string, color = INK, indent = 0, size = 9.5) => text(t, { color, indent, size }),
    /** "Label : value" on one flowing line. */
    labelled(label: string, value: string, sep: string) {
      ensure(14);
      doc.font("bold").fontSize(9.5).fillColor(INK).text(`${label}${sep}`, left, doc.y, { continued: true, width }).font("body").text(value);
    },
    bullets(items: string[], indent = 6, size = 9.5, color = INK) {
      for (const i of items) { ensure(size + 4); text(`•  ${i}`, { indent, size, color }); }
    },
    /**
     * Columns drawn side by side from the same top, the row as high as its tallest
     * cell, moved whole to the next page when it does not fit.
     */
    row(cells: { x: number; w: number; lines: { t: string; font?: "body" | "bold"; size?: number; color?: string }[] }[], gap = 2) {
      const hs = cells.map((c) => c.lines.reduce((s, l) => s + height(l.t, l.font ?? "body", l.size ?? 8.5, c.w), 0));
      const h = Math.max(...hs);
      ensure(h);
      const top = doc.y;
      for (const c of cells) {
        doc.y = top;
        for (const l of c.lines) doc.font(l.font ?? "body").fontSize(l.size ?? 8.5).fillColor(l.color ?? INK).text(l.t, left + c.x, doc.y, { width: c.w });
      }
      doc.y = top + h + gap;
    },
    /** A level in words, the final one beside it when evaluators revised it. */
    level(label: string, l: LevelText, finalWord: string, sep: string, indent = 0) {
      ensure(26);
      doc.font("bold").fontSize(9.5).fillColor(INK).text(`${label}${sep}`, left + indent, doc.y, { continued: true, width: width - indent })
        .fillColor(l.revised ? INK : TONE[l.tone]).text(l.computed, { continued: l.revised });
      if (l.revised) doc.fillColor(TONE[l.tone]).text(` — ${finalWord} : ${l.final}`);
    },
    /** One expectation or indicator: title and outcome, then rule, timing, legal basis, evidence, causes and notes. */
    item(i: ItemRow, w: ItemWords, sep: string, indent = 8) {
      const title = `${i.critical ? "★ " : ""}${i.title}${sep}`;
      ensure(height(title + i.outcome, "bold", 9, width - indent) + 12);
      doc.font("bold").fontSize(9).fillColor(INK).text(title, left + indent, doc.y, { width: width - indent, continued: true })
        .font("body").fillColor(TONE[i.tone]).text(`${i.outcome} (${w.basis} ${i.basis})`);
      const inner = indent + 10;
      if (i.rule) text(`${w.rule}${sep}${i.rule}`, { size: 7.5, color: MUTED, indent: inner });
      if (i.timing) text(i.timing, { size: 7.5, color: MUTED, indent: inner });
      if (i.legal && !i.rule?.includes(i.legal)) text(`${w.legal}${sep}${i.legal}`, { size: 7.5, color: MUTED, indent: inner });
      for (const e of i.evidence) text(e, { size: 8, indent: inner });
      if (i.causes.length) {
        ensure(24);
        text(w.causes, { font: "bold", size: 8, color: TONE.bad, indent: inner });
        for (const c of i.causes) {
          text(c.text, { size: 8, color: TONE.bad, indent: inner + 6 });
          for (const k of c.consequences) text(`→ ${k}`, { size: 8, indent: inner + 14 });
          for (const n of c.notes) text(`${w.note}${sep}${n}`, { size: 7.5, color: MUTED, indent: inner + 14 });
        }
      }
      for (const n of i.notes) text(`${w.note}${sep}${n}`, { size: 7.5, color: MUTED, indent: inner });
      doc.moveDown(0.2);
    },
  };
  return api;
}
