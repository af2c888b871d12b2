import { ANSWER_CALL } from "../../shared/engine/calls.js";
import type { ActionRecord, ParamValue } from "../../shared/engine/types.js";
import { colon, t, tx } from "../i18n/index.js";
import type { Changed } from "../net/apply.js";
import type { Part, PlayCtx } from "./context.js";
import { h, keyedList, newId } from "./dom.js";
import { actionForm } from "./form.js";
import { composerSlot } from "./slot.js";

/**
 * The shared logbook (main courante): timestamped facts, decisions and
 * actions, newest first, with its composer on top. A switch adds the rest
 * of the cell's activity (decisions, statements, tasks…) to the journal.
 */
/** A parameter's value in words: option labels, persona and role names, yes/no — never the stored code. */
export function paramText(ctx: PlayCtx, a: ActionRecord, param: string, v: ParamValue): string {
  const def = ctx.action(a.action)?.params.find((x) => x.id === param);
  const one = (x: string | number | boolean): string => {
    if (typeof x === "boolean") return t(x ? "form.yes" : "form.no");
    if (def?.type === "persona") return ctx.personaName(String(x));
    if (def?.type === "role") return ctx.roleName(String(x));
    return tx(def?.options?.find((o) => o.id === x)?.label) || String(x);
  };
  return Array.isArray(v) ? v.map(one).join(", ") : one(v);
}

export function summary(ctx: PlayCtx, a: ActionRecord): string {
  const p = a.params;
  const opt = (param: string, v: unknown) => tx(ctx.action(a.action)?.params.find((x) => x.id === param)?.options?.find((o) => o.id === v)?.label) || String(v ?? "");
  if (a.kind === "stakeholder" && typeof p.actor === "string") return `${ctx.personaName(p.actor)} — ${opt("influence", p.influence)}, ${opt("scope", p.scope)}`;
  if (a.action === "task_update") {
    const task = ctx.view.actions.find((x) => x.id === p.task);
    return `${String(task?.params.title ?? "—")} → ${opt("state", p.state)}`;
  }
  if (a.action === ANSWER_CALL) {
    const call = ctx.view.deliveries.find((d) => d.call?.inject === p.phone_call);
    return `${tx(ctx.action(a.action)?.name)}${colon()}${call ? `${tx(call.fromName)} — ${tx(call.subject)}` : "—"}`;
  }
  const text = String(p.text ?? p.title ?? p.subject ?? "");
  if ((a.kind === "message" || a.kind === "notification") && typeof p.to === "string") return `→ ${ctx.personaName(p.to)}${colon()}${text}`;
  return text || tx(ctx.action(a.action)?.name) || a.action;
}

export function logbookPanel(ctx: PlayCtx): Part {
  let all = false;
  const list = h("ol", { class: "journal", "aria-label": t("logbook.list") });
  const toggleId = newId();
  const toggle = h("input", { type: "checkbox", id: toggleId, onchange: () => { all = toggle.checked; list.replaceChildren(); render(); } });
  const slot = composerSlot(ctx, () => {
    const a = ctx.action("logbook");
    return a ? actionForm({ ctx, action: a, composer: "logbook", title: t("logbook.new"), rows: 3, submitLabel: t("logbook.add") }) : null;
  }, () => t("comms.notAllowed"));
  const render = () => {
    const items = ctx.view.actions.filter((a) => (all ? a.kind !== "chat" : a.kind === "logbook")).slice().reverse();
    if (items.length === 0) { list.replaceChildren(h("li", { class: "muted empty" }, t("logbook.empty"))); return; }
    list.querySelector(".empty")?.remove();
    keyedList(list, items, (a) => a.id, (a) => a.status, (a) =>
      h("li", { class: `journal-entry kind-${a.kind}` },
        h("time", { class: "when" }, ctx.clock(a.at)),
        h("span", { class: "who" }, `${ctx.playerName(a.player)} — ${ctx.roleName(a.role)}`),
        a.kind !== "logbook" ? h("span", { class: "tag" }, t(`kind.${a.kind}` as never)) : null,
        h("p", { class: "pre" }, summary(ctx, a))));
  };
  render();
  return {
    el: h("div", { class: "logbook" },
      h("h2", null, t("logbook.title")),
      slot.el,
      h("div", { class: "field field-check" }, toggle, h("label", { htmlFor: toggleId }, t("logbook.showAll"))),
      list),
    update: (changed: Set<Changed>) => {
      if (changed.has("actions")) render();
      if (changed.has("players")) slot.refresh();
    },
  };
}
