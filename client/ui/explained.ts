import type { RubricText } from "../../shared/scoring/rubric-text.js";
import type { CauseLine, CompetencyLines, ItemLine } from "../../shared/scoring/explain.js";
import { getLang, t } from "../i18n/index.js";
import { h } from "./dom.js";

/**
 * Scores and rules in words, as the server computed them
 * (shared/scoring/explain.ts, rubric-text.ts): items with their outcome,
 * evidence, causes of misses and teaching notes; the rubric in force. Used by
 * the debrief, the cell's "What is assessed" panel and the evaluator workspace.
 * Nothing here shows an id: every line arrives written.
 */
const L = () => getLang();

const STATUS_CLASS: Record<ItemLine["status"], string> = {
  met: "st-met", late: "st-late", missed: "st-missed", partial: "st-late", against: "st-missed",
  pending: "st-open", upcoming: "st-upcoming", measured: "st-measured", not_applicable: "st-upcoming",
};

function causeView(c: CauseLine): HTMLElement {
  return h("li", { class: "cause" }, c.text[L()],
    c.consequences.length ? h("div", null, h("span", { class: "muted" }, `${t("debrief.followed")} `), c.consequences.map((x) => x[L()]).join(" · ")) : null,
    ...c.notes.map((n) => h("p", { class: "note" }, h("strong", null, `${t("debrief.toRemember")} `), n[L()])));
}

export function itemView(item: ItemLine): HTMLElement {
  return h("li", { class: `item item-${item.kind} ${STATUS_CLASS[item.status]}`, "data-item-status": item.status },
    h("p", { class: "feed-head" }, h("strong", null, item.title[L()]), item.critical ? h("span", { class: "tag tag-critical", title: t("cell.criticalDeadline") }, "★") : null),
    h("p", null, h("span", { class: `status ${STATUS_CLASS[item.status]}` }, item.outcome[L()])),
    h("p", { class: "muted small" }, `${t("debrief.basis")} ${item.basis[L()]}`, item.legal ? ` · ${t("debrief.legal")} ${item.legal[L()]}` : ""),
    item.evidence.length ? h("ul", { class: "evidence-lines" }, item.evidence.map((e) => h("li", null, e[L()]))) : null,
    item.causes.length ? h("ul", { class: "causes" }, item.causes.map(causeView)) : null,
    ...item.notes.map((n) => h("p", { class: "note" }, h("strong", null, `${t("debrief.toRemember")} `), n[L()])));
}

/** One competency of one scope: level, how it came about, every item. */
export function competencyView(c: CompetencyLines, title: string): HTMLElement {
  return h("section", { class: "competency-lines", "data-lines": c.competency },
    h("h4", null, title),
    h("p", { class: c.noEvidence ? "muted" : "hint" }, c.how[L()]),
    c.items.length ? h("ul", { class: "items" }, c.items.map(itemView)) : h("p", { class: "muted" }, t("debrief.nothingHere")));
}

/**
 * What moves one competency's score under the rubric in force: its generic
 * indicators and the scenario's expectations, each under a `sub` heading;
 * empty when nothing measures it. Also the studio's author's help.
 */
export function rubricCompetencyLines(r: RubricText, c: string, sub: "h3" | "h4" | "h5"): HTMLElement[] {
  const inds = r.indicators.filter((i) => i.competency === c), exps = (r.expectations ?? []).filter((e) => e.competency === c);
  return [
    ...(inds.length ? [h(sub, null, t("rubric.indicators")), h("ul", { class: "bullets" }, inds.map((i) => h("li", null, i.text[L()])))] : []),
    ...(exps.length ? [h(sub, null, t("rubric.expectations")), h("ul", { class: "bullets" }, exps.map((e) => h("li", null, e.text[L()])))] : []),
  ];
}

/** The rubric's general rules (levels, weights, thresholds, caps) and what it leaves out for this scenario. */
export function rubricGeneralLines(r: RubricText): { general: HTMLElement; disabled?: HTMLElement } {
  return {
    general: h("ul", { class: "bullets" }, r.general.map((g) => h("li", null, g[L()]))),
    ...(r.disabled.length ? { disabled: h("ul", { class: "bullets" }, r.disabled.map((d) => h("li", null, d[L()]))) } : {}),
  };
}

/** The rubric in force, by competency. */
export function rubricView(r: RubricText | undefined, headingLevel: "h2" | "h3" = "h3"): HTMLElement {
  if (!r) return h("p", { class: "muted" }, "—");
  const sub = headingLevel === "h2" ? "h3" : "h4";
  const comps = ["C4.1", "C4.2", "C4.3", "C4.4"];
  const { general, disabled } = rubricGeneralLines(r);
  return h("div", { class: "rubric" },
    h(headingLevel, null, t("rubric.general")),
    general,
    ...comps.map((c) => {
      const lines = rubricCompetencyLines(r, c, sub);
      if (!lines.length) return null;
      return h("section", { "data-rubric": c }, h(headingLevel, null, `${c} — ${t(`comp.${c}` as never)}`), ...lines);
    }),
    r.expectations ? null : h("p", { class: "hint" }, t("rubric.hidden")),
    disabled ? h("section", null, h(headingLevel, null, t("rubric.disabled")), disabled) : null);
}
