import { chartTexts } from "./chart-texts.js";
import type { Lang } from "../scenario/text.js";
import { tr } from "../scenario/text.js";
import { formatGameTime } from "../scenario/time.js";
import type { CrisisSeries, MarkerKind, SeriesMarker } from "./series.js";

/**
 * The crisis chart as data ready for a plotting library, the same in the
 * browser (debrief, evaluator workspace, collective view) and in the RETEX
 * PDF (rendered to SVG on the server): one row per gauge (its value as a
 * share of its range, step curve, threshold bands) and a track of markers
 * (injects, decisions, statements, notifications, SITREPs, branch outcomes,
 * phases). Colours are the Okabe–Ito palette (safe under colour-blindness)
 * and every series also has its own dash pattern and every marker kind its
 * own symbol, so the chart reads in black and white.
 */

export const OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"] as const;
const DASHES = ["", "6 3", "2 2", "8 3 2 3", "1 3", "10 4"] as const;

export const MARKER_KINDS: readonly MarkerKind[] = ["inject", "decision", "statement", "notification", "sitrep", "branch", "phase"];
export const MARKER_SYMBOL: Record<MarkerKind, string> = {
  inject: "circle", decision: "square", statement: "triangle", notification: "diamond", sitrep: "star", branch: "cross", phase: "wye",
};
export const MARKER_LABEL = Object.fromEntries(
  (["inject", "decision", "statement", "notification", "sitrep", "branch", "phase"] as const).map((k) => [k, chartTexts.say(`chart.marker.${k}`)]),
) as Record<MarkerKind, { fr: string; en: string }>;
const SEVERITY_FILL: Record<string, string> = { critical: "#D55E00", warning: "#E69F00", info: "#56B4E9" };

export interface GaugeRow { gauge: string; name: string; at: number; pct: number; value: number }
export interface BandRow { gauge: string; x1: number; x2: number; y1: number; y2: number; fill: string; label: string }
export interface MarkerRow { kind: string; kindLabel: string; symbol: string; at: number; time: string; label: string; index: number; marker: SeriesMarker }

export interface ChartData {
  end: number;
  gauges: { id: string; name: string; color: string; dash: string; worse: "low" | "high"; facet: string }[];
  points: GaugeRow[];
  bands: BandRow[];
  markers: MarkerRow[];
  kinds: string[];
  /** "T+06" tick labels. */
  tick: (seconds: number) => string;
}

/** Turn a series into the rows the chart draws (`end`: the x domain's end, so cells side by side share it). */
export function chartData(series: CrisisSeries, lang: Lang, end = series.end ?? series.duration): ChartData {
  const worse = (w: "low" | "high") => chartTexts.t(lang, `chart.worse.${w}`);
  const gauges = series.gauges.map((g, i) => ({
    id: g.id, name: tr(g.name, lang), color: OKABE_ITO[i % OKABE_ITO.length], dash: DASHES[i % DASHES.length], worse: g.worse,
    facet: `${tr(g.name, lang)} (${worse(g.worse)})`,
  }));
  const pct = (g: CrisisSeries["gauges"][number], v: number) => (g.max === g.min ? 0 : ((v - g.min) / (g.max - g.min)) * 100);
  const points: GaugeRow[] = [];
  const bands: BandRow[] = [];
  series.gauges.forEach((g, i) => {
    const facet = gauges[i].facet;
    for (const p of g.points) if (p.at <= end) points.push({ gauge: facet, name: gauges[i].name, at: p.at, pct: pct(g, p.value), value: p.value });
    const last = g.points.filter((p) => p.at <= end).at(-1);
    if (last) points.push({ gauge: facet, name: gauges[i].name, at: end, pct: pct(g, last.value), value: last.value });
    for (const b of g.bands) bands.push({ gauge: facet, x1: 0, x2: end, y1: pct(g, b.from), y2: pct(g, b.to), fill: SEVERITY_FILL[b.severity] ?? "#999999", label: tr(b.label, lang) });
  });
  const markers = series.markers.filter((m) => m.at <= end).map((m, index) => ({
    kind: m.kind, kindLabel: MARKER_LABEL[m.kind][lang], symbol: MARKER_SYMBOL[m.kind], at: m.at, time: formatGameTime(m.at), label: m.label[lang], index, marker: m,
  }));
  const kinds = MARKER_KINDS.filter((k) => markers.some((m) => m.kind === k)).map((k) => MARKER_LABEL[k][lang]);
  return { end, gauges, points, bands, markers, kinds, tick: (s) => formatGameTime(s).replace(/:00$/, "") };
}
