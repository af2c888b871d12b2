import { cellName } from "../../shared/i18n/cell-name.js";
import type { SessionComparison } from "../../shared/assessment.js";
import { getLang, t } from "../i18n/index.js";
import { evaluateApi } from "../net/evaluate-api.js";
import { announce } from "./announce.js";
import { fill, h, newId } from "./dom.js";

/**
 * The cross-cell comparison for the collective debrief: pick an inject or a
 * branch point (by its words), see every cell side by side — when it came,
 * what the cell did and how long after, the expectations it started and how
 * they ended, the branch outcomes with the action that decided each and the
 * scenario's teaching note. Everything arrives written from the server.
 */
export function comparePanel(sessionId: string): HTMLElement {
  const ids = { kind: newId("cmp"), target: newId("cmp") };
  const kind = h("select", { id: ids.kind, name: "kind" }, h("option", { value: "inject" }, t("compare.inject")), h("option", { value: "branch" }, t("compare.branch")));
  const target = h("select", { id: ids.target, name: "target" });
  const out = h("div", { class: "compare-grid", "aria-live": "polite" });
  const status = h("p", { class: "form-status", role: "status" });
  let targets: SessionComparison["targets"] | undefined;

  const fillTargets = () => {
    const list = kind.value === "inject" ? (targets?.injects ?? []).map((x) => ({ index: x.index, text: `${x.label} — ${x.from}` })) : (targets?.branches ?? []).map((x) => ({ index: x.index, text: x.label }));
    target.replaceChildren(...list.map((x) => h("option", { value: String(x.index) }, x.text)));
  };
  const show = async () => {
    status.textContent = t("compare.loading");
    try {
      const r = await evaluateApi.compare(sessionId, getLang(), kind.value as "inject" | "branch", Number(target.value));
      status.textContent = "";
      fill(out, ...(r.cells ?? []).map((c) => h("section", { class: "compare-cell card", "data-compare-cell": "" },
        h("h3", null, c.name),
        h("p", { class: "muted" }, c.delivered ? t("compare.delivered", { at: c.delivered }) : kind.value === "inject" ? t("compare.notDelivered") : ""),
        h("h4", null, t("compare.actions")),
        c.actions.length ? h("ul", { class: "bullets small" }, c.actions.map((a) => h("li", { class: a.kind === "against" ? "against" : "" },
          a.after ? h("span", { class: "tag" }, a.after) : null, " ", a.text, a.kind === "against" ? h("strong", { class: "warn" }, ` (${t("compare.against")})`) : null)))
          : h("p", { class: "muted" }, t("compare.noAction")),
        c.expectations.length ? h("h4", null, t("compare.expectations")) : null,
        c.expectations.length ? h("ul", { class: "bullets small" }, c.expectations.map((e) => h("li", null, `${e.title} : `,
          h("span", { class: `status st-${e.outcome === "not_started" ? "upcoming" : e.outcome}` }, t(`compare.outcome.${e.outcome}` as never)), e.at ? ` (${e.at})` : ""))) : null,
        c.outcomes.length ? h("h4", null, t("compare.outcomes")) : null,
        c.outcomes.length ? h("ul", { class: "bullets small" }, c.outcomes.map((o) => h("li", null, h("strong", null, o.label), ` — ${o.at}${o.after ? ` (${o.after})` : ""}, `,
          o.decidedBy ? `${t("compare.decidedBy")} ${o.decidedBy}` : t("compare.byTime"), o.note ? h("p", { class: "note" }, o.note) : null))) : null)));
      announce(t("compare.title"));
    } catch (err) { status.textContent = (err as Error).message; }
  };
  kind.addEventListener("change", fillTargets);
  void evaluateApi.compare(sessionId, getLang()).then((r) => { targets = r.targets; fillTargets(); }).catch((err) => { status.textContent = (err as Error).message; });

  return h("section", { class: "compare", "aria-labelledby": `${ids.kind}-title`, "data-compare": "" },
    h("h2", { id: `${ids.kind}-title` }, t("compare.title")),
    h("p", { class: "hint" }, t("compare.hint")),
    h("div", { class: "row" },
      h("div", { class: "field" }, h("label", { htmlFor: ids.kind }, t("compare.what")), kind),
      h("div", { class: "field grow" }, h("label", { htmlFor: ids.target }, t("compare.pick")), target),
      h("button", { type: "button", class: "btn-primary", "data-compare-show": "", onclick: () => void show() }, t("compare.show"))),
    status, out);
}

/**
 * The collective view for the class debrief on a projector: every cell's
 * crisis over time, one under the other on the same time axis, so the class
 * sees who reacted when.
 */
export function collectivePanel(sessionId: string): HTMLElement {
  const host = h("div", { class: "collective-charts", "data-collective": "" }, h("p", { class: "muted" }, t("chart.loading")));
  let loaded = false;
  const load = async () => {
    if (loaded) return;
    loaded = true;
    try {
      const { cells } = await evaluateApi.series(sessionId);
      const end = Math.max(...cells.map((c) => c.series.end ?? c.series.duration));
      const { crisisChartView } = await import("./crisis-chart.js");
      const width = Math.max(640, Math.min(1400, (host.clientWidth || 1100) - 16));
      const figs = await Promise.all(cells.map((c) => crisisChartView(c.series, { title: cellName(c, getLang()), end, width, compact: true })));
      host.replaceChildren(...figs);
    } catch (err) { host.replaceChildren(h("p", { class: "form-error" }, (err as Error).message)); loaded = false; }
  };
  const box = h("details", { class: "collective-host" }, h("summary", null, t("chart.collective")), h("p", { class: "hint" }, t("chart.collectiveHint")), host);
  box.addEventListener("toggle", () => { if (box.open) void load(); });
  return box;
}
