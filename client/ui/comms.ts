import { t, tx } from "../i18n/index.js";
import type { Changed } from "../net/apply.js";
import type { Part, PlayCtx } from "./context.js";
import { h, keyedList } from "./dom.js";
import { actionForm } from "./form.js";
import { pointsList } from "./points.js";
import { composerSlot } from "./slot.js";

/**
 * Outgoing communication: publish a statement, notify an authority (with the
 * form / legal basis), write to any contact. One composer shown at a time
 * (all kept, drafts intact); under them, the scenario's own communication
 * actions grouped by kind (« Déclarer », « Notifier », « Écrire »), a one-shot
 * one shown as taken once used; beside them, what the cell has sent.
 */
const LEGAL_FORMS = ["RGPD art. 33 — notification de violation (CNIL)", "NIS2 art. 23 — alerte précoce (CSIRT)", "Code des assurances L.12-10-1 — plainte",
  "CVRC art. 36 — accès consulaire", "CVRD art. 22 — protection des locaux", "DORA art. 19 — notification initiale"];
const KINDS = ["statement", "notification", "message"] as const;

export function commsPanel(ctx: PlayCtx): Part {
  const composers: { id: string; label: string; slot: ReturnType<typeof composerSlot> }[] = [
    { id: "statement", label: t("comms.statement"), slot: composerSlot(ctx, () => { const a = ctx.action("statement"); return a ? actionForm({ ctx, action: a, composer: "statement", rows: 6 }) : null; }, () => t("comms.notAllowed")) },
    { id: "notify", label: t("comms.notify"), slot: composerSlot(ctx, () => { const a = ctx.action("notify"); return a ? actionForm({ ctx, action: a, composer: "notify", rows: 6, suggestions: { form: LEGAL_FORMS } }) : null; }, () => t("comms.notAllowed")) },
    { id: "message", label: t("comms.message"), slot: composerSlot(ctx, () => { const a = ctx.action("message"); return a ? actionForm({ ctx, action: a, composer: "message", rows: 6 }) : null; }, () => t("comms.notAllowed")) },
  ];
  let shown = "statement";
  const switcher = h("div", { class: "segmented", role: "group", "aria-label": t("comms.choose") });
  const holder = h("div", { class: "composer-holder" });
  const renderSwitcher = () => {
    switcher.replaceChildren(...composers.map((c) => h("button", { type: "button", class: "chip", "aria-pressed": String(shown === c.id), "data-composer": c.id,
      onclick: () => { shown = c.id; renderSwitcher(); holder.querySelector<HTMLElement>(`[data-slot="${c.id}"] input, [data-slot="${c.id}"] select, [data-slot="${c.id}"] textarea`)?.focus(); } }, c.label)));
    for (const c of composers) c.slot.el.hidden = c.id !== shown;
  };
  for (const c of composers) { c.slot.el.dataset.slot = c.id; holder.append(c.slot.el); }
  renderSwitcher();
  const order = (k: string) => (KINDS as readonly string[]).indexOf(k);
  const scenarioComms = () => ctx.brief.actions.filter((a) => !a.builtin && order(a.kind) >= 0 && ctx.rolesFor(a).length > 0).sort((a, b) => order(a.kind) - order(b.kind));
  const points = pointsList(ctx, scenarioComms, "comms");

  const sent = h("ol", { class: "feed", "aria-label": t("comms.sent") });
  const renderSent = () => {
    const items = ctx.view.actions.filter((a) => (KINDS as readonly string[]).includes(a.kind) && a.status !== "refused").slice().reverse();
    if (items.length === 0) { sent.replaceChildren(h("li", { class: "muted empty" }, t("comms.none"))); return; }
    sent.querySelector(".empty")?.remove();
    keyedList(sent, items, (a) => a.id, (a) => a.status, (a) => {
      const p = a.params;
      const target = a.kind === "statement" ? `${t("comms.audience")} ${optionLabel(ctx, "statement", "audience", p.audience)} · ${optionLabel(ctx, "statement", "medium", p.medium)}`
        : `${t("comms.to")} ${ctx.personaName(String(p.to ?? ""))}${p.form ? ` · ${p.form}` : ""}`;
      return h("li", { class: `feed-item kind-${a.kind}` },
        h("p", { class: "feed-head" }, h("strong", null, t(`kind.${a.kind}` as never)), ` · ${ctx.clock(a.at)} · ${ctx.playerName(a.player)} (${ctx.roleName(a.role)})`),
        h("p", { class: "muted" }, target),
        p.title || p.subject ? h("p", null, h("strong", null, String(p.title ?? p.subject))) : null,
        h("p", { class: "pre clamp" }, String(p.text ?? "")));
    });
  };
  renderSent();

  return {
    el: h("div", { class: "comms split" },
      h("section", { class: "split-main", "aria-labelledby": "comms-title" }, h("h2", { id: "comms-title" }, t("comms.title")), switcher, holder, points.el),
      h("section", { class: "split-side", "aria-labelledby": "sent-title" }, h("h2", { id: "sent-title" }, t("comms.sent")), sent)),
    update: (changed: Set<Changed>) => {
      if (changed.has("actions")) renderSent();
      if (changed.has("actions") || changed.has("players")) points.refresh();
      if (changed.has("players")) for (const c of composers) c.slot.refresh();
    },
  };
}

export function optionLabel(ctx: PlayCtx, action: string, param: string, value: unknown): string {
  const opt = ctx.action(action)?.params.find((p) => p.id === param)?.options?.find((o) => o.id === value);
  return opt ? tx(opt.label) : String(value ?? "");
}
