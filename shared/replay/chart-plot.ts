import { chartTexts } from "./chart-texts.js";
import * as Plot from "@observablehq/plot";
import type { Lang } from "../scenario/text.js";
import { strip } from "../plot/strip.js";
import type { ChartData } from "./chart-spec.js";

/**
 * The crisis chart drawn with Observable Plot into SVG: in the browser with
 * its document, on the server with a light DOM (linkedom) for the PDF. Two
 * parts sharing the x axis (game time): one row per gauge (step curve,
 * threshold bands, value at the end), and the marker track. Plot's own
 * <style> element is removed: the page's stylesheet styles the chart (a
 * strict Content-Security-Policy forbids inline style elements).
 */

type Doc = Document;


export interface ChartSize { width: number; rowHeight?: number; markerRowHeight?: number }

/** Both parts share their left and right margins, so their time axes line up. */
const MARGIN_LEFT = 150, MARGIN_RIGHT = 40;

/** Round-hour ticks: every 1, 2, 3, 6, 12 or 24 hours of game time, at most 9 of them. */
export function timeTicks(end: number): number[] {
  const hours = end / 3600;
  const step = [1, 2, 3, 6, 12, 24, 48].find((s) => hours / s <= 8) ?? 72;
  const out: number[] = [];
  for (let h = 0; h * 3600 <= end; h += step) out.push(h * 3600);
  if (hours < 1) return [0, end];
  return out;
}

/** The gauge rows: one facet per gauge, value as % of its range. */
export function gaugeChart(d: ChartData, doc: Doc, lang: Lang, size: ChartSize): Element {
  const fy = d.gauges.map((g) => g.facet);
  const svg = Plot.plot({
    document: doc, width: size.width, height: Math.max(120, fy.length * (size.rowHeight ?? 70) + 52),
    marginLeft: MARGIN_LEFT, marginRight: MARGIN_RIGHT, marginTop: 8, marginBottom: 42,
    ariaLabel: chartTexts.t(lang, "chart.gauges"),
    x: { domain: [0, d.end], ticks: timeTicks(d.end), tickFormat: d.tick, label: chartTexts.t(lang, "chart.gameTime"), labelAnchor: "right", labelOffset: 36 },
    y: { domain: [0, 100], axis: null },
    fy: { domain: fy, label: null, axis: "left", tickSize: 0, padding: 0.3, tickFormat: (f: string) => d.gauges.find((g) => g.facet === f)?.name ?? f },
    marks: [
      Plot.rect(d.bands, { x1: "x1", x2: "x2", y1: "y1", y2: "y2", fy: "gauge", fill: "fill", fillOpacity: 0.16, title: "label", className: "bands" }),
      Plot.frame({ anchor: "bottom", stroke: "currentColor", strokeOpacity: 0.4 }),
      Plot.ruleY([50], { stroke: "currentColor", strokeOpacity: 0.12, strokeDasharray: "2 3" }),
      ...d.gauges.map((g) => Plot.lineY(d.points.filter((p) => p.gauge === g.facet), {
        x: "at", y: "pct", fy: "gauge", curve: "step-after", stroke: g.color, strokeWidth: 2.2, strokeDasharray: g.dash || undefined,
        className: "gauge-line",
      })),
      Plot.text(d.points.filter((p, i, all) => i === all.length - 1 || all[i + 1].gauge !== p.gauge), {
        x: "at", y: "pct", fy: "gauge", text: (p: { value: number }) => String(Math.round(p.value)), dx: 14, fill: "currentColor", fontWeight: "bold", className: "end-values",
      }),
    ],
  });
  return strip(svg as unknown as Element);
}

/** The marker track: one row per kind of marker, each with its symbol. */
export function markerChart(d: ChartData, doc: Doc, lang: Lang, size: ChartSize): Element {
  const svg = Plot.plot({
    document: doc, width: size.width, height: Math.max(60, d.kinds.length * (size.markerRowHeight ?? 26) + 34),
    marginLeft: MARGIN_LEFT, marginRight: MARGIN_RIGHT, marginTop: 6, marginBottom: 28,
    ariaLabel: chartTexts.t(lang, "chart.markers"),
    x: { domain: [0, d.end], ticks: timeTicks(d.end), tickFormat: d.tick, label: null },
    y: { domain: d.kinds, label: null, tickSize: 0 },
    symbol: { domain: d.markers.map((m) => m.kindLabel).filter((k, i, a) => a.indexOf(k) === i), range: [...new Set(d.markers.map((m) => m.symbol))] },
    marks: [
      Plot.ruleY(d.kinds, { stroke: "currentColor", strokeOpacity: 0.15 }),
      Plot.dot(d.markers, { x: "at", y: "kindLabel", symbol: "kindLabel", r: Math.min(5, (size.markerRowHeight ?? 26) / 3.2), stroke: "currentColor", fill: "currentColor", fillOpacity: 0.35,
        title: (m: { time: string; label: string }) => `${m.time} — ${m.label}`, className: "markers" }),
    ],
  });
  return strip(svg as unknown as Element);
}
