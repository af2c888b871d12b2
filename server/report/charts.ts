import { parseHTML } from "linkedom";
import { chartData } from "../../shared/replay/chart-spec.js";
import { gaugeChart, markerChart } from "../../shared/replay/chart-plot.js";
import type { CrisisSeries } from "../../shared/replay/series.js";
import type { GlanceRow } from "../../shared/scoring/glance.js";
import { glanceChart } from "../../shared/scoring/glance-plot.js";
import { portfolioChart, type PortfolioPoint } from "../../shared/scoring/portfolio-plot.js";
import type { Lang } from "../../shared/scenario/text.js";

/**
 * The report's pictures as SVG text, drawn on the server by the same code as
 * the browser (shared/replay/chart-plot.ts, shared/scoring/glance-plot.ts)
 * into a light DOM (linkedom): the crisis over time and the levels at a
 * glance. The report model carries only their data (a series and rows, plain
 * JSON), and the PDF renderer, in its worker thread, draws them here and
 * embeds them as vector graphics (svg-to-pdfkit): nothing of it on the event loop.
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

/** What the report model carries for its pictures. */
export interface ChartsData { series: CrisisSeries; levels: GlanceRow[] }

export function reportCharts(data: ChartsData, lang: Lang, width = 760): ReportCharts {
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  const doc = document as unknown as Document;
  const { series, levels } = data;
  const d = chartData(series, lang);
  return {
    crisis: {
      gauges: svgText(gaugeChart(d, doc, lang, { width, rowHeight: 32 }), width),
      markers: svgText(markerChart(d, doc, lang, { width, markerRowHeight: 13 }), width),
      points: d.points.length, markerCount: d.markers.length,
    },
    levels: svgText(glanceChart(levels, doc, lang, width, 17), width),
  };
}

/** The portfolio's picture: one student's levels over their sessions (shared/scoring/portfolio-plot.ts), as SVG text for the PDF. */
export function portfolioChartSvg(points: readonly PortfolioPoint[], lang: Lang, width = 480): string {
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  return svgText(portfolioChart(points, document as unknown as Document, lang, width), width);
}
