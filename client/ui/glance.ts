import type { GlanceRow } from "../../shared/scoring/glance.js";
import { LEVEL_LABELS } from "../../shared/scoring/levels.js";
import { getLang, t } from "../i18n/index.js";
import { h } from "./dom.js";

/**
 * Levels at a glance in the browser (shared/scoring/glance-plot.ts, loaded
 * with the screens that show it), with its legend in words and the same
 * numbers as a table: computed, retained, self-assessment, evidence count.
 */
export async function glanceView(rows: GlanceRow[], title: string, width = 900): Promise<HTMLElement> {
  const { glanceChart } = await import("../../shared/scoring/glance-plot.js");
  const lang = getLang();
  const svg = glanceChart(rows, document, lang, width) as SVGSVGElement;
  svg.classList.add("plot");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", title);
  const lvl = (l: number | null) => (l === null ? "—" : `${l} ${LEVEL_LABELS[lang][Math.max(0, Math.min(3, Math.round(l))) as 0 | 1 | 2 | 3]}`);
  return h("figure", { class: "crisis-chart glance", "data-glance": "" },
    h("figcaption", null, title),
    h("p", { class: "hint" }, `● ${t("levels.computed")} · □ ${t("levels.retained")} · △ ${t("levels.self")} · — ${t("debrief.noOwnEvidence")}`),
    svg,
    h("details", { class: "chart-data" }, h("summary", null, t("chart.data")),
      h("table", { class: "chart-table", "data-chart-table": "levels" },
        h("thead", null, h("tr", null, ...["eval.subject", "debrief.competency", "levels.computed", "levels.retained", "levels.self", "levels.evidence"].map((k) => h("th", { scope: "col" }, t(k as never))))),
        h("tbody", null, rows.map((r) => h("tr", null, h("th", { scope: "row" }, r.name), h("td", null, r.competency),
          h("td", null, r.noEvidence ? t("debrief.noOwnEvidence") : lvl(r.computed)), h("td", null, lvl(r.retained)), h("td", null, lvl(r.self)), h("td", null, String(r.evidence))))))));
}
