import { parseHTML } from "linkedom";
import type { CompiledScenario, LogPayload } from "../../shared/engine/index.js";
import { chartData } from "../../shared/replay/chart-spec.js";
import { gaugeChart, markerChart } from "../../shared/replay/chart-plot.js";
import { crisisSeries } from "../../shared/replay/series.js";
import type { GlanceRow } from "../../shared/scoring/glance.js";
import { glanceChart } from "../../shared/scoring/glance-plot.js";
import type { Lang } from "../../shared/scenario/text.js";
import type { StoredEntry } from "../storage/types.js";

/**
 * The report's pictures as SVG text, drawn on the server by the same code as
 * the browser (shared/replay/chart-plot.ts, shared/scoring/glance-plot.ts)
 * into a light DOM (linkedom): the crisis over time and the levels at a
 * glance. The PDF renderer embeds them as vector graphics (svg-to-pdfkit);
 * as plain strings they travel in the report model to the PDF worker.
 * Ink for print: dark text on white (currentColor is set on the root).
 */
export interface ReportCharts { crisis: { gauges: string; markers: string; points: number; markerCount: number }; levels: string }

const INK = "#1b1f24";

function svgText(el: Element, width: number): string {
  el.setAttribute("color", INK);
  el.setAttribute("style", "");
  el.removeAttribute("style");
  el.setAttribute("width", String(width));
  return el.outerHTML;
}

export function reportCharts(compiled: CompiledScenario, log: readonly StoredEntry[], levels: GlanceRow[], lang: Lang, width = 760): ReportCharts {
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  const doc = document as unknown as Document;
  const { series } = crisisSeries(compiled, log.map((e) => e.payload as LogPayload));
  const d = chartData(series, lang);
  return {
    crisis: {
      gauges: svgText(gaugeChart(d, doc, lang, { width, rowHeight: 52 }), width),
      markers: svgText(markerChart(d, doc, lang, { width, markerRowHeight: 18 }), width),
      points: d.points.length, markerCount: d.markers.length,
    },
    levels: svgText(glanceChart(levels, doc, lang, width), width),
  };
}
