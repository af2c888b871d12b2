import { scoringText } from "./texts.js";
import * as Plot from "@observablehq/plot";
import { strip } from "../plot/strip.js";
import type { Lang } from "../scenario/text.js";
import { LEVEL_LABELS } from "./levels.js";

/**
 * One student's levels over their sessions, with Observable Plot: one panel
 * per competency, sessions in the order they were played on the x axis,
 * the level 0–3 on the y axis — the retained level (the jury's when it
 * revised it, else the computed one) as a line with filled dots, the
 * computed level as open circles where it differs; a session where the
 * competency was not assessed (no evidence) has no dot and breaks the line.
 * Shapes, not colours, carry the meaning (black-and-white print). Drawn by
 * the browser (the portfolio screen) and by the server for the portfolio PDF
 * (server/report/charts.ts) from the same rows. Plot's <style> is removed
 * (strict CSP; the stylesheet styles it).
 */

export interface PortfolioPoint {
  /** 1, 2, 3…: the session's place in the student's history (its label says which it is). */
  session: number; label: string; competency: string;
  computed: number | null; retained: number | null;
}

export function portfolioChart(points: readonly PortfolioPoint[], doc: Document, lang: Lang, width: number, height = 170): Element {
  const sessions = [...new Set(points.map((p) => p.session))].sort((a, b) => a - b);
  const words = { retained: scoringText(lang, "plot.retained"), computed: scoringText(lang, "plot.computed"), session: scoringText(lang, "plot.session") };
  const retained = points.map((p) => ({ ...p, level: p.retained }));
  const differs = points.filter((p) => p.computed !== null && p.computed !== p.retained).map((p) => ({ ...p, level: p.computed }));
  const title = (kind: string) => (p: PortfolioPoint & { level: number | null }) =>
    `${p.competency} — ${p.label} — ${kind} : ${p.level === null ? "—" : `${p.level} ${LEVEL_LABELS[lang][Math.round(p.level) as 0 | 1 | 2 | 3]}`}`;
  const svg = Plot.plot({
    document: doc, width, height, marginLeft: 36, marginTop: 26, marginBottom: 30, marginRight: 12,
    ariaLabel: scoringText(lang, "plot.portfolio"),
    fx: { label: null, axis: "top", padding: 0.14 },
    x: { domain: sessions, label: null, tickFormat: (v: number) => String(v), inset: 10 },
    y: { domain: [0, 3], ticks: [0, 1, 2, 3], tickFormat: (v: number) => String(v), label: null, grid: true },
    marks: [
      Plot.line(retained, { fx: "competency", x: "session", y: "level", stroke: "currentColor", strokeWidth: 1.6 }), // a null level breaks the line
      Plot.dot(retained.filter((p) => p.level !== null), { fx: "competency", x: "session", y: "level", r: 4, fill: "currentColor", title: title(words.retained), className: "retained" }),
      Plot.dot(differs, { fx: "competency", x: "session", y: "level", r: 5.5, stroke: "currentColor", fill: "none", strokeWidth: 1.4, title: title(words.computed), className: "computed" }),
    ],
  });
  return strip(svg as unknown as Element);
}
