import { readFileSync } from "node:fs";
import { join } from "node:path";
import PDFDocument from "pdfkit";
import SVGtoPDF from "svg-to-pdfkit";
import { MUTED } from "./pdf-layout.js";

/**
 * What every PDF of Sangfroid starts and ends with (the RETEX report, the
 * portfolio, the roster sheet): an A4 pdfkit document with DejaVu Sans
 * registered as "body" and "bold" (bundled in ./fonts, licence beside it: it
 * covers French and the names of students from anywhere, which the PDF
 * standard fonts do not), its bytes collected, a footer on every page, and
 * SVG pictures embedded as vectors.
 */

type Doc = InstanceType<typeof PDFDocument>;
const FONTS = join(import.meta.dirname, "fonts");
let fontCache: { regular: Buffer; bold: Buffer } | undefined;
export const fonts = () => (fontCache ??= { regular: readFileSync(join(FONTS, "DejaVuSans.ttf")), bold: readFileSync(join(FONTS, "DejaVuSans-Bold.ttf")) });

export function newPdf(o: { title: string; subject?: string; lang: "fr" | "en"; margin: number }): { doc: Doc; done: Promise<Buffer> } {
  const m = o.margin;
  const doc = new PDFDocument({ size: "A4", margins: { top: m, bottom: m, left: m, right: m }, bufferPages: true, lang: o.lang === "fr" ? "fr-FR" : "en-GB",
    info: { Title: o.title, ...(o.subject ? { Subject: o.subject } : {}), Creator: "Sangfroid" } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => { doc.on("end", () => resolve(Buffer.concat(chunks))); doc.on("error", reject); });
  const f = fonts();
  doc.registerFont("body", f.regular);
  doc.registerFont("bold", f.bold);
  return { doc, done };
}

/** Write `text(i, n)` at the foot of every page (right-aligned, in the margin), then end the document. */
export function finishPdf(doc: Doc, text: (page: number, pages: number) => string, fromBottom = 36): void {
  const left = doc.page.margins.left, width = doc.page.width - left - doc.page.margins.right;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing in the margin must not add a page
    doc.font("body").fontSize(8).fillColor(MUTED).text(text(i + 1, range.count), left, doc.page.height - fromBottom, { width, align: "right", lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
}

/** An SVG picture at the current position, at `width` points (1 SVG pixel = 1 point, so its text keeps its size); `ensure` moves it to a new page when it does not fit. */
export function drawSvg(doc: Doc, markup: string, left: number, width: number, ensure: (h: number) => void): void {
  const h = Number(/height="([\d.]+)"/.exec(markup)?.[1] ?? 200);
  ensure(h);
  SVGtoPDF(doc, markup, left, doc.y, { width, height: h, assumePt: true, fontCallback: (_family, bold) => (bold ? "bold" : "body"), warningCallback: () => undefined });
  doc.y += h + 4;
}
