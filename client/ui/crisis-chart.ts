import { chartData } from "../../shared/replay/chart-spec.js";
import type { CrisisSeries, SeriesMarker } from "../../shared/replay/series.js";
import { formatGameTime } from "../../shared/scenario/time.js";
import { colon, getLang, t } from "../i18n/index.js";
import { h } from "./dom.js";

/**
 * The crisis over time in the browser: the gauge rows and the marker track
 * (shared/replay/chart-plot.ts, Observable Plot, loaded with the screens that
 * show it — never on the home page), every marker focusable and readable
 * (its time, kind and words), a click or Enter on one seeks the replay when
 * `onMarker` is given, and the same points as tables for screen readers and
 * for whoever prefers to read.
 */
export interface ChartOptions { title: string; onMarker?: (m: SeriesMarker) => void; width?: number; end?: number; compact?: boolean }

export async function crisisChartView(series: CrisisSeries, o: ChartOptions): Promise<HTMLElement> {
  const { gaugeChart, markerChart } = await import("../../shared/replay/chart-plot.js");
  const lang = getLang();
  const d = chartData(series, lang, o.end);
  const width = o.width ?? 900;
  const gauges = gaugeChart(d, document, lang, { width, rowHeight: o.compact ? 48 : 70 }) as SVGSVGElement;
  const markers = markerChart(d, document, lang, { width, markerRowHeight: o.compact ? 20 : 26 }) as SVGSVGElement;
  for (const svg of [gauges, markers]) svg.classList.add("plot");
  gauges.setAttribute("role", "img");
  gauges.setAttribute("aria-label", `${t("chart.gauges")} — ${o.title}`);

  // Each marker: focusable, named, and (in the evaluator) a way into the replay.
  const shapes = Array.from(markers.querySelectorAll('g.markers > *'));
  shapes.forEach((el, i) => {
    const m = d.markers[i];
    if (!m) return;
    el.setAttribute("tabindex", "0");
    el.setAttribute("aria-label", `${m.time} — ${m.kindLabel}${colon()}${m.label}`);
    el.setAttribute("data-marker-kind", m.kind);
    el.setAttribute("role", o.onMarker ? "button" : "img");
    if (o.onMarker) {
      const go = () => o.onMarker!(m.marker);
      el.addEventListener("click", go);
      el.addEventListener("keydown", (e) => { if ((e as KeyboardEvent).key === "Enter" || (e as KeyboardEvent).key === " ") { e.preventDefault(); go(); } });
    }
  });
  markers.setAttribute("role", "group");
  markers.setAttribute("aria-label", `${t("chart.markers")} — ${o.title}`);

  const legend = h("ul", { class: "chart-legend" },
    d.gauges.map((g) => h("li", null, h("span", { class: "swatch", "data-color": g.color, "data-dash": g.dash || "solid" }), g.facet)));
  for (const s of legend.querySelectorAll<HTMLElement>(".swatch")) {
    s.style.borderTopColor = s.dataset.color!;
    s.style.borderTopStyle = s.dataset.dash === "solid" ? "solid" : "dashed";
  }
  const summary = h("p", { class: "sr-only" }, t("chart.summary", { gauges: d.gauges.length, markers: d.markers.length }));
  const table = h("details", { class: "chart-data" },
    h("summary", null, t("chart.data")),
    h("table", { class: "chart-table", "data-chart-table": "markers" },
      h("caption", null, t("chart.markers")),
      h("thead", null, h("tr", null, h("th", { scope: "col" }, t("chart.time")), h("th", { scope: "col" }, t("chart.kind")), h("th", { scope: "col" }, t("chart.what")))),
      h("tbody", null, d.markers.map((m) => h("tr", { "data-marker-kind": m.kind }, h("td", null, m.time), h("td", null, m.kindLabel), h("td", null, m.label))))),
    h("table", { class: "chart-table", "data-chart-table": "gauges" },
      h("caption", null, t("chart.gauges")),
      h("thead", null, h("tr", null, h("th", { scope: "col" }, t("chart.gauge")), h("th", { scope: "col" }, t("chart.changes")))),
      h("tbody", null, series.gauges.map((g, i) => h("tr", { "data-gauge": "" }, h("th", { scope: "row" }, d.gauges[i].facet),
        h("td", null, g.points.map((p) => `${formatGameTime(p.at)} ${p.value}`).join(" → ")))))));
  return h("figure", { class: `crisis-chart${o.compact ? " compact" : ""}`, "data-crisis-chart": "" },
    h("figcaption", null, o.title), summary, legend, gauges, markers, table);
}
