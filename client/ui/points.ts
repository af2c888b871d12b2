import type { ActionRecord } from "../../shared/engine/types.js";
import type { Text } from "../../shared/scenario/text.js";
import { t, tx } from "../i18n/index.js";
import { drafts } from "../net/store.js";
import type { BriefAction, PlayCtx } from "./context.js";
import { h, keyedList } from "./dom.js";
import { actionForm } from "./form.js";
import { icon } from "./icons.js";

/**
 * The scenario's own actions as choices, grouped (by the action's `group`
 * when the brief carries one, else by its kind): each is a disclosure named
 * by its verb that opens its form (open already when a draft waits in it). A
 * one-shot action already used shows who took it and when instead of being
 * offered again. Used by « Décisions » (decisions, measures, analyses) and
 * « Communiquer » (the scenario's statements, notifications and messages).
 */
export type GroupedAction = BriefAction & { group?: Text };

/** The record that used a one-shot action (taken, or proposed and awaiting approval), if any. */
export function takenRecord(ctx: PlayCtx, a: BriefAction): ActionRecord | undefined {
  return a.once ? ctx.view.actions.find((x) => x.action === a.id && x.status !== "refused") : undefined;
}

export function groupOf(a: GroupedAction, prefix: "decide" | "comms"): string {
  if (a.group) return tx(a.group);
  const key = `${prefix}.group.${a.kind}`;
  const label = t(key as never);
  return label === key ? t(`kind.${a.kind}` as never) : label;
}

export function pointsList(ctx: PlayCtx, actions: () => GroupedAction[], prefix: "decide" | "comms"): { el: HTMLElement; refresh: () => void } {
  const el = h("div", { class: "points" });
  const forms = new Map<string, HTMLFormElement | null>();
  const formFor = (a: BriefAction) => {
    if (!forms.has(a.id)) forms.set(a.id, actionForm({ ctx, action: a, composer: `act.${a.id}`, rows: 3, class: "compact", title: null }));
    return forms.get(a.id) ?? null;
  };
  const groups = () => {
    const by = new Map<string, GroupedAction[]>();
    for (const a of actions()) { const g = groupOf(a, prefix); by.set(g, [...(by.get(g) ?? []), a]); }
    return [...by.entries()].map(([name, items]) => ({ name, items }));
  };
  const point = (a: GroupedAction) => {
    const taken = takenRecord(ctx, a);
    if (taken) {
      const who = { name: ctx.playerName(taken.player), role: ctx.roleName(taken.role), time: ctx.clock(taken.at) };
      return h("li", { class: `point taken status-${taken.status}`, "data-point": a.id, "data-taken": "" },
        h("p", { class: "point-name" }, icon(taken.status === "done" ? "ok" : "clock", 16), " ", h("strong", null, tx(a.name))),
        h("p", { class: "muted" }, t(taken.status === "done" ? "decide.taken" : "decide.pending", who)));
    }
    const form = formFor(a);
    const details = h("details", { class: "point-details", open: drafts.load(ctx.draftKey(`act.${a.id}`)) !== undefined },
      h("summary", { "data-open-action": a.id }, h("span", { class: "point-name" }, tx(a.name)),
        a.once ? h("span", { class: "tag tag-once" }, t("decide.once")) : null),
      form);
    return h("li", { class: "point", "data-point": a.id }, details);
  };
  let rolesKey = ctx.you.roles.join();
  const refresh = () => {
    // Forms depend on the roles held (who may act, as whom): rebuilt when they change, unless someone is typing in one.
    if (rolesKey !== ctx.you.roles.join() && !el.contains(document.activeElement)) { rolesKey = ctx.you.roles.join(); forms.clear(); el.replaceChildren(); }
    const gs = groups();
    keyedList(el, gs, (g) => g.name, (g) => g.items.map((a) => a.id).join(), (g) => {
      const list = h("ul", { class: "point-list" });
      return h("section", { class: "point-group", "aria-label": g.name }, h("h3", null, g.name), list);
    });
    for (const g of gs) {
      const list = el.querySelector<HTMLElement>(`[data-key="${CSS.escape(g.name)}"] .point-list`)!;
      keyedList(list, g.items, (a) => a.id, (a) => { const r = takenRecord(ctx, a); return r ? `${r.id}|${r.status}` : "open"; }, point);
    }
  };
  refresh();
  return { el, refresh };
}
