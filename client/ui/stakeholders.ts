import { t, tx } from "../i18n/index.js";
import type { Changed } from "../net/apply.js";
import { optionLabel } from "./comms.js";
import type { Part, PlayCtx } from "./context.js";
import { h } from "./dom.js";
import { actionForm } from "./form.js";
import { composerSlot } from "./slot.js";

/**
 * The stakeholder map: actors placed by scope (internal, regional,
 * international) and influence. Mapping an actor again updates its place
 * (the latest entry wins). An accessible table, and the editor beside it.
 */
const SCOPES = ["internal", "regional", "international"];
const INFLUENCE = ["high", "medium", "low"];

export function stakeholdersPanel(ctx: PlayCtx): Part {
  const grid = h("div", { class: "stake-grid" });
  const slot = composerSlot(ctx, () => { const a = ctx.action("stakeholder"); return a ? actionForm({ ctx, action: a, composer: "stakeholder", title: t("stakeholders.edit"), rows: 2 }) : null; }, () => t("comms.notAllowed"));
  const render = () => {
    const latest = new Map<string, PlayCtx["view"]["actions"][number]>();
    for (const a of ctx.view.actions) if (a.kind === "stakeholder" && a.status === "done" && typeof a.params.actor === "string") latest.set(a.params.actor, a);
    const table = h("table", { class: "stake-table" },
      h("caption", { class: "sr-only" }, t("stakeholders.caption")),
      h("thead", null, h("tr", null, h("th", { scope: "col" }, t("stakeholders.influence")), SCOPES.map((s) => h("th", { scope: "col" }, optionLabel(ctx, "stakeholder", "scope", s))))),
      h("tbody", null, INFLUENCE.map((inf) => h("tr", null,
        h("th", { scope: "row" }, optionLabel(ctx, "stakeholder", "influence", inf)),
        SCOPES.map((s) => {
          const here = [...latest.values()].filter((a) => a.params.influence === inf && a.params.scope === s);
          return h("td", null, here.length ? h("ul", { class: "stake-cell" }, here.map((a) =>
            h("li", { class: "stake", title: String(a.params.note ?? "") }, ctx.personaName(String(a.params.actor)), a.params.note ? h("span", { class: "muted" }, ` — ${a.params.note}`) : null))) : "");
        })))));
    const unmapped = ctx.brief.personas.filter((p) => !latest.has(p.id));
    grid.replaceChildren(table, h("p", { class: "muted" }, t("stakeholders.count", { count: latest.size, total: ctx.brief.personas.length }),
      unmapped.length ? ` ${t("stakeholders.unmapped")} ${unmapped.map((p) => tx(p.name)).join(", ")}` : ""));
  };
  render();
  return {
    el: h("div", { class: "actors split" },
      h("section", { class: "split-main", "aria-labelledby": "actors-title" }, h("h2", { id: "actors-title" }, t("stakeholders.title")), grid),
      h("section", { class: "split-side" }, slot.el)),
    update: (changed: Set<Changed>) => {
      if (changed.has("actions")) render();
      if (changed.has("players")) slot.refresh();
    },
  };
}
