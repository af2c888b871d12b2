import { scoringText } from "./texts.js";
import * as Plot from "@observablehq/plot";
import type { Lang } from "../scenario/text.js";
import type { GlanceRow } from "./glance.js";
import { LEVEL_LABELS } from "./levels.js";
import { strip } from "../plot/strip.js";

/**
 * Levels at a glance with Observable Plot: one column per competency, one
 * row per subject (the cell, then each student); on each row the level
 * scale 0–3 with the computed level (filled circle), the retained level
 * (open square, when the jury changed it) and the self-assessment (triangle)
 * — shapes, not colours, carry the meaning, so it reads in black and white;
 * each mark's title gives its numbers, the table beside it the evidence counts. Plot's <style> is removed (strict CSP; the stylesheet styles it).
 */
export function glanceChart(rows: readonly GlanceRow[], doc: Document, lang: Lang, width: number, rowHeight = 26): Element {
  const names = [...new Set(rows.map((r) => r.name))];
  const kinds = { computed: scoringText(lang, "plot.computed"), retained: scoringText(lang, "plot.retained"), self: scoringText(lang, "plot.self") };
  const points = rows.flatMap((r) => [
    ...(r.computed !== null ? [{ ...r, kind: kinds.computed, level: r.computed }] : []),
    ...(r.retained !== null && r.retained !== r.computed ? [{ ...r, kind: kinds.retained, level: r.retained }] : []),
    ...(r.self !== null ? [{ ...r, kind: kinds.self, level: r.self }] : []),
  ]);
  const none = rows.filter((r) => r.computed === null).map((r) => ({ ...r, text: "—" }));
  const svg = Plot.plot({
    document: doc, width, height: Math.max(90, names.length * rowHeight + 60), marginLeft: 120, marginTop: 28, marginBottom: 34, marginRight: 16,
    ariaLabel: scoringText(lang, "plot.glance"),
    fx: { label: null, axis: "top", padding: 0.12 },
    x: { domain: [0, 3], ticks: [0, 1, 2, 3], tickFormat: (v: number) => String(v), label: null, inset: 14 },
    y: { domain: names, label: null },
    symbol: { domain: [kinds.computed, kinds.retained, kinds.self], range: ["circle", "square", "triangle"], legend: false },
    marks: [
      Plot.ruleY(names, { stroke: "currentColor", strokeOpacity: 0.15 }),
      Plot.dot(points, { fx: "competency", x: "level", y: "name", symbol: "kind", r: 5.5, stroke: "currentColor",
        fill: (p: { kind: string }) => (p.kind === kinds.computed ? "currentColor" : "none"), strokeWidth: 1.6,
        title: (p: { name: string; competency: string; kind: string; level: number }) => `${p.name} — ${p.competency} ${p.kind} : ${p.level} ${LEVEL_LABELS[lang][Math.round(p.level) as 0 | 1 | 2 | 3]}`,
        className: "levels" }),
      // Not assessed (no evidence): a dash at the start of the scale, named in the legend and the table.
      Plot.text(none, { fx: "competency", x: 0, y: "name", text: "text", dx: -10, fontWeight: "bold", fillOpacity: 0.8 }),
    ],
  });
  return strip(svg as unknown as Element);
}
