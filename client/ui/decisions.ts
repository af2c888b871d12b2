import { t, tx } from "../i18n/index.js";
import type { Changed } from "../net/apply.js";
import { announce } from "./announce.js";
import type { Part, PlayCtx } from "./context.js";
import { h, keyedList } from "./dom.js";
import { ackMessage, actionForm } from "./form.js";
import { paramText } from "./logbook.js";
import { composerSlot } from "./slot.js";

/**
 * The decision register: every decision of the cell (recorded decisions and
 * the scenario's own decisive actions) with owner, deadline, rationale and
 * status; approval buttons for the role that must approve; the composers of
 * the scenario's actions available to my roles, and the decision record form.
 */
export function decisionsPanel(ctx: PlayCtx): Part {
  const register = h("ol", { class: "register", "aria-label": t("decisions.register") });
  const scenarioActions = () => ctx.brief.actions.filter((a) => !a.builtin && ctx.rolesFor(a).length > 0);
  const catalogue = h("div", { class: "catalogue" });
  const record = composerSlot(ctx, () => { const a = ctx.action("decision"); return a ? actionForm({ ctx, action: a, composer: "decision", title: t("decisions.record"), rows: 3 }) : null; }, () => t("comms.notAllowed"));
  let catalogueKey = "";
  const renderCatalogue = () => {
    const key = ctx.you.roles.join();
    if (key === catalogueKey || catalogue.contains(document.activeElement)) return;
    catalogueKey = key;
    const forms = scenarioActions().map((a) => actionForm({ ctx, action: a, composer: `act.${a.id}`, rows: 2, class: "compact" })).filter((f): f is HTMLFormElement => f !== null);
    catalogue.replaceChildren(...(forms.length ? forms : [h("p", { class: "hint" }, t("decisions.noScenarioActions"))]));
  };

  const approve = async (id: string, yes: boolean, role: string, btn: HTMLButtonElement) => {
    btn.disabled = true;
    const ack = await ctx.conn.intent({ type: "approve", role, actionId: id, approve: yes });
    btn.disabled = false;
    announce(ack.ok ? t(yes ? "decisions.approved" : "decisions.refused") : `${t("form.refused")} ${ackMessage(ack)}`, !ack.ok);
  };

  const renderRegister = () => {
    const items = ctx.view.actions.filter((a) => a.kind === "decision").slice().reverse();
    if (items.length === 0) { register.replaceChildren(h("li", { class: "muted empty" }, t("decisions.empty"))); return; }
    register.querySelector(".empty")?.remove();
    keyedList(register, items, (a) => a.id, (a) => `${a.status}|${ctx.you.roles.join()}`, (a) => {
      const def = ctx.action(a.action);
      const p = a.params;
      const approver = def?.approval;
      const canApprove = a.status === "proposed" && approver && ctx.you.roles.includes(approver);
      return h("li", { class: `decision status-${a.status}` },
        h("p", { class: "feed-head" }, h("strong", null, a.action === "decision" ? String(p.title ?? "") : tx(def?.name) || a.action),
          h("span", { class: `status status-${a.status}` }, t(`decisions.status.${a.status}`))),
        h("p", { class: "muted" }, `${ctx.clock(a.at)} · ${ctx.playerName(a.player)} (${ctx.roleName(a.role)})`,
          p.owner ? ` · ${t("decisions.owner")} ${ctx.roleName(String(p.owner))}` : "", p.deadline ? ` · ${t("decisions.deadline")} ${p.deadline}` : ""),
        p.rationale ? h("p", { class: "pre" }, `${t("decisions.rationale")} ${p.rationale}`) : null,
        Object.entries(p).filter(([k]) => !["title", "owner", "deadline", "rationale"].includes(k)).length && a.action !== "decision"
          ? h("p", { class: "muted" }, Object.entries(p).filter(([k]) => def?.params.some((x) => x.id === k)).map(([k, v]) => `${tx(def?.params.find((x) => x.id === k)?.label)} : ${paramText(ctx, a, k, v)}`).join(" · ")) : null,
        a.status === "proposed" && approver ? h("p", { class: "hint" }, t("decisions.awaiting", { role: ctx.roleName(approver) })) : null,
        a.approvedBy ? h("p", { class: "muted" }, t(a.status === "done" ? "decisions.approvedBy" : "decisions.refusedBy", { name: ctx.playerName(a.approvedBy.player) })) : null,
        canApprove ? h("div", { class: "row" },
          h("button", { type: "button", class: "btn-primary", "data-approve": a.id, onclick: (e: Event) => void approve(a.id, true, approver!, e.currentTarget as HTMLButtonElement) }, t("decisions.approve")),
          h("button", { type: "button", class: "btn-secondary", "data-refuse": a.id, onclick: (e: Event) => void approve(a.id, false, approver!, e.currentTarget as HTMLButtonElement) }, t("decisions.refuse"))) : null);
    });
  };
  renderCatalogue();
  renderRegister();
  return {
    el: h("div", { class: "decisions split" },
      h("section", { class: "split-main", "aria-labelledby": "register-title" }, h("h2", { id: "register-title" }, t("decisions.register")), register),
      h("section", { class: "split-side", "aria-labelledby": "decide-title" }, h("h2", { id: "decide-title" }, t("decisions.decide")),
        h("h3", null, t("decisions.scenarioActions")), catalogue, record.el)),
    update: (changed: Set<Changed>) => {
      if (changed.has("actions") || changed.has("players")) renderRegister();
      if (changed.has("players")) { renderCatalogue(); record.refresh(); }
    },
  };
}
