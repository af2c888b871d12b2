import { colon, t, tx } from "../i18n/index.js";
import type { Changed } from "../net/apply.js";
import { announce } from "./announce.js";
import type { Part, PlayCtx } from "./context.js";
import { h, keyedList } from "./dom.js";
import { ackMessage, actionForm } from "./form.js";
import { paramText } from "./logbook.js";
import { pointsList } from "./points.js";
import { composerSlot } from "./slot.js";

/**
 * Decisions as choices. On one side the decision log: a role records a
 * decision in its own words (the `decision` form), and the register lists
 * every decision of the cell (recorded ones and the scenario's decisive
 * actions) with owner, deadline, rationale and status, and approval buttons
 * for the role that must approve. On the other, the scenario's decision
 * points available to my roles, grouped, each named by its verb, a one-shot
 * one shown as taken once used. The scenario's communication actions are
 * under « Communiquer », not here.
 */
const COMMUNICATION = new Set(["statement", "message", "notification"]);
export function decisionsPanel(ctx: PlayCtx): Part {
  const register = h("ol", { class: "register", "aria-label": t("decisions.register") });
  const scenarioActions = () => ctx.brief.actions.filter((a) => !a.builtin && !COMMUNICATION.has(a.kind) && ctx.rolesFor(a).length > 0);
  const points = pointsList(ctx, scenarioActions, "decide");
  const noPoints = h("p", { class: "hint" }, t("decisions.noScenarioActions"));
  const record = composerSlot(ctx, () => { const a = ctx.action("decision"); return a ? actionForm({ ctx, action: a, composer: "decision", title: t("decisions.record"), rows: 3 }) : null; }, () => t("comms.notAllowed"));
  const renderPoints = () => { points.refresh(); noPoints.hidden = scenarioActions().length > 0; };

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
          ? h("p", { class: "muted" }, Object.entries(p).filter(([k]) => def?.params.some((x) => x.id === k)).map(([k, v]) => `${tx(def?.params.find((x) => x.id === k)?.label)}${colon()}${paramText(ctx, a, k, v)}`).join(" · ")) : null,
        a.status === "proposed" && approver ? h("p", { class: "hint" }, t("decisions.awaiting", { role: ctx.roleName(approver) })) : null,
        a.approvedBy ? h("p", { class: "muted" }, t(a.status === "done" ? "decisions.approvedBy" : "decisions.refusedBy", { name: ctx.playerName(a.approvedBy.player) })) : null,
        canApprove ? h("div", { class: "row" },
          h("button", { type: "button", class: "btn-primary", "data-approve": a.id, onclick: (e: Event) => void approve(a.id, true, approver!, e.currentTarget as HTMLButtonElement) }, t("decisions.approve")),
          h("button", { type: "button", class: "btn-secondary", "data-refuse": a.id, onclick: (e: Event) => void approve(a.id, false, approver!, e.currentTarget as HTMLButtonElement) }, t("decisions.refuse"))) : null);
    });
  };
  renderPoints();
  renderRegister();
  return {
    el: h("div", { class: "decisions split" },
      h("section", { class: "split-main", "aria-labelledby": "register-title" }, h("h2", { id: "register-title" }, t("decide.log")),
        h("p", { class: "hint" }, t("decide.logHint")), record.el, h("h3", null, t("decisions.register")), register),
      h("section", { class: "split-side", "aria-labelledby": "decide-title" }, h("h2", { id: "decide-title" }, t("decide.points")),
        h("p", { class: "hint" }, t("decide.pointsHint")), noPoints, points.el)),
    update: (changed: Set<Changed>) => {
      if (changed.has("actions") || changed.has("players")) { renderRegister(); renderPoints(); }
      if (changed.has("players")) record.refresh();
    },
  };
}
