import { t } from "../i18n/index.js";
import type { Changed } from "../net/apply.js";
import { optionLabel } from "./comms.js";
import type { Part, PlayCtx } from "./context.js";
import { h, keyedList } from "./dom.js";
import { actionForm } from "./form.js";
import { composerSlot } from "./slot.js";

/**
 * Analysis: the SITREP editor (prefilled from a template: situation,
 * analysis, actions, needs), points de situation and hypotheses; the
 * cell's SITREPs and points, newest first.
 */
export function sitrepPanel(ctx: PlayCtx): Part {
  const which = ["sitrep", "point", "hypothesis"] as const;
  let shown: (typeof which)[number] = "sitrep";
  const slots = which.map((id) => ({ id, slot: composerSlot(ctx, () => {
    const a = ctx.action(id);
    return a ? actionForm({ ctx, action: a, composer: id, rows: id === "sitrep" ? 9 : 4, template: id === "sitrep" ? { text: t("sitrep.template") } : undefined }) : null;
  }, () => t("comms.notAllowed")) }));
  const switcher = h("div", { class: "segmented", role: "group", "aria-label": t("sitrep.choose") });
  const renderSwitcher = () => {
    switcher.replaceChildren(...which.map((id) => h("button", { type: "button", class: "chip", "aria-pressed": String(shown === id), "data-composer": id,
      onclick: () => { shown = id; renderSwitcher(); } }, t(`sitrep.tab.${id}`))));
    for (const s of slots) s.slot.el.hidden = s.id !== shown;
  };
  renderSwitcher();
  const list = h("ol", { class: "feed", "aria-label": t("sitrep.list") });
  const render = () => {
    const items = ctx.view.actions.filter((a) => (which as readonly string[]).includes(a.kind)).slice().reverse();
    if (items.length === 0) { list.replaceChildren(h("li", { class: "muted empty" }, t("sitrep.empty"))); return; }
    list.querySelector(".empty")?.remove();
    keyedList(list, items, (a) => a.id, (a) => a.status, (a) => h("li", { class: `feed-item kind-${a.kind}` },
      h("p", { class: "feed-head" }, h("strong", null, t(`sitrep.tab.${a.kind}` as never)), ` · ${ctx.clock(a.at)} · ${ctx.playerName(a.player)} (${ctx.roleName(a.role)})`),
      a.params.severity ? h("p", null, `${t("sitrep.severity")} ${optionLabel(ctx, "sitrep", "severity", a.params.severity)}`,
        Array.isArray(a.params.impacts) && a.params.impacts.length ? ` · ${t("sitrep.impacts")} ${a.params.impacts.map((x) => optionLabel(ctx, "sitrep", "impacts", x)).join(", ")}` : "") : null,
      a.params.legal ? h("p", { class: "muted" }, `${t("sitrep.legal")} ${a.params.legal}`) : null,
      h("p", { class: "pre clamp" }, String(a.params.text ?? ""))));
  };
  render();
  return {
    el: h("div", { class: "sitrep split" },
      h("section", { class: "split-main", "aria-labelledby": "sitrep-title" }, h("h2", { id: "sitrep-title" }, t("sitrep.title")), switcher, ...slots.map((s) => s.slot.el)),
      h("section", { class: "split-side", "aria-labelledby": "sitrep-list-title" }, h("h2", { id: "sitrep-list-title" }, t("sitrep.history")), list)),
    update: (changed: Set<Changed>) => {
      if (changed.has("actions")) render();
      if (changed.has("players")) for (const s of slots) s.slot.refresh();
    },
  };
}
