import type { CellView } from "../../shared/engine/view.js";
import { formatGameTime } from "../../shared/scenario/time.js";
import { colon, t } from "../i18n/index.js";
import { fill, h, newId, reflow, richText } from "./dom.js";
import type { Ws } from "./evaluate-context.js";

/**
 * "As seen by role X": the cell exactly as the holder of a role saw it at
 * the current moment — `viewFor` with every role that person held then —
 * read-only: who held the role, clock, phase, the gauges and deadlines shown
 * to players, the inbox (newest first, each message openable) and the
 * cell's outputs they could see. Nothing here is staff-only.
 */
const ICON: Record<string, string> = { mail: "✉", phone: "☎", sms: "✆", news: "▤", tv: "▶", social: "#", official: "⚖", sitrep: "≡", document: "▭", alert: "⚠", leak: "☠" };

export function seenPanel(ws: Ws): { el: HTMLElement; refresh: () => void } {
  const selId = newId("ev");
  const roles = [...ws.compiled.roles.keys()];
  const select = h("select", { id: selId, "data-control": "seen-role" }, roles.map((r) => h("option", { value: r }, ws.roleName(r))));
  const body = h("div", { class: "seen-body", "aria-live": "off" });
  const el = h("div", { class: "eval-seen" },
    h("h2", null, t("eval.seenTitle")),
    h("div", { class: "field field-inline" }, h("label", { htmlFor: selId }, t("eval.seenBy")), select),
    body);

  const render = () => {
    if (el.closest("[hidden]")) return;
    const state = ws.state();
    const role = select.value;
    const { roles: held, view } = ws.index.viewAt(role, ws.position(), state);
    const holders = Object.values(state.players).filter((p) => p.roles.includes(role));
    fill(body,
      h("p", { class: "seen-who" }, holders.length
        ? t("eval.heldBy", { names: holders.map((p) => ws.playerName(p.id)).join(", "), roles: held.map(ws.roleName).join(", ") })
        : t("eval.vacant")),
      h("p", { class: "seen-clock" }, h("strong", null, ws.when(view.time)), ` · ${t("eval.phase")} ${ws.text(view.phase.name)} · ${t(`eval.status.${view.status}` as never)}`),
      h("div", { class: "seen-cols" },
        h("section", { "aria-labelledby": "seen-inbox-title", class: "seen-inbox" },
          h("h3", { id: "seen-inbox-title" }, t("eval.seenInbox", { n: view.deliveries.length })),
          view.deliveries.length === 0 ? h("p", { class: "muted" }, t("inbox.empty")) :
            h("ul", { class: "seen-list" }, [...view.deliveries].reverse().map((d) => h("li", { "data-delivery": d.id },
              h("details", null,
                h("summary", null, h("span", { "aria-hidden": "true" }, `${ICON[d.channelKind] ?? "•"} `), h("time", null, formatGameTime(d.at)), " ",
                  h("strong", null, ws.text(d.fromName)), ` — ${ws.text(d.subject)}`,
                  d.severity !== "info" ? h("span", { class: `sev sev-${d.severity}` }, ` ${t(`sev.${d.severity}` as never)}`) : null),
                h("div", { class: "pre small" }, richText(reflow(ws.text(d.body))))))))),
        h("section", { "aria-labelledby": "seen-side-title", class: "seen-side" },
          h("h3", { id: "seen-side-title" }, t("eval.seenGauges")), gauges(ws, view),
          h("h3", null, t("cell.deadlines")),
          // The reply countdowns this role had then (with what followed an expiry), then the other deadlines.
          view.countdowns.length || view.deadlines.length ? h("ul", { class: "bullets small" },
            view.countdowns.map((c) => h("li", { "data-countdown": c.id, "data-status": c.status },
              `${ws.text(c.title)} — ${t("countdown.before")} ${formatGameTime(c.dueAt)}`,
              c.status === "expired" ? ` (${t("countdown.expired")}${c.consequence ? `${colon()}${ws.text(c.consequence)}` : ""})` : c.status === "answered" ? ` (${t("countdown.answered", { at: formatGameTime(c.resolvedAt ?? c.dueAt) })})` : "")),
            view.deadlines.map((d) => h("li", null, `${ws.text(d.title)} — ${t("cell.due")} ${formatGameTime(d.dueAt)}${d.dueAt < view.time ? ` (${t("cell.overdue")})` : ""}`)))
            : h("p", { class: "muted small" }, t("cell.noDeadline")),
          h("h3", null, t("eval.seenOutputs", { n: view.actions.length })),
          view.actions.length ? h("ul", { class: "bullets small" }, view.actions.slice(-12).reverse().map((a) => h("li", null,
            `${formatGameTime(a.at)} ${t(`kind.${a.kind}` as never) || a.kind} — ${ws.playerName(a.player)} (${ws.roleName(a.role)})${typeof a.params.text === "string" ? `${colon()}${a.params.text.slice(0, 80)}` : ""}`)))
            : h("p", { class: "muted small" }, t("console.noAction")))));
  };
  select.addEventListener("change", render);
  ws.onSeek(render);
  return { el, refresh: render };
}

function gauges(ws: Ws, view: CellView): HTMLElement {
  if (view.gauges.length === 0) return h("p", { class: "muted small" }, "—");
  return h("ul", { class: "gauges-mini" }, view.gauges.map((g) => h("li", null, `${ws.text(g.name)} `,
    h("meter", { min: g.min, max: g.max, value: g.value, "aria-hidden": "true" }), ` ${Math.round(g.value)} / ${g.max}`)));
}
