import type { DeliveryView } from "../../shared/engine/view.js";
import { t, tx } from "../i18n/index.js";
import type { Changed } from "../net/apply.js";
import { readMarks } from "../net/store.js";
import type { Part, PlayCtx } from "./context.js";
import { focusEl, h, keyedList } from "./dom.js";
import { actionForm } from "./form.js";
import { channelIcon } from "./icons.js";
import { shownTime, statusOf, syncCalls } from "./phone.js";

/**
 * The inbox, per channel: mail, phone calls (ringing until opened, with the
 * transcript), SMS, the news site, the social feed (share counters), official
 * notes… A list and a reading pane where each kind reads as what it is
 * (`reading.ts`); opening a message moves focus to it and offers the reply
 * composer (a `message` to the sender, linked to the message). The reading
 * views are a chunk of their own: nothing is open when the cell screen first
 * paints, so they are fetched after it (`prefetch`) or on the first opening.
 */
type Reading = typeof import("./reading.js");
let reading: Reading | undefined;
const loadReading = (): Promise<Reading> => import("./reading.js").then((m) => (reading = m));
const REPLYABLE = new Set(["mail", "phone", "sms", "official", "social", "sitrep", "alert", "document"]);

export function inboxPanel(ctx: PlayCtx): Part & { unread: () => number; open: (id: string) => void; prefetch: () => void } {
  const read = readMarks.load(ctx.cellId, ctx.playerId);
  let filter = "all";
  let openId: string | undefined;
  let openCall: string | undefined;
  const filters = h("div", { class: "channel-filters", role: "group", "aria-label": t("inbox.channels") });
  const list = h("ul", { class: "inbox-list", "aria-label": t("inbox.messages") });
  const pane = h("div", { class: "reading-pane" }, h("p", { class: "muted" }, t("inbox.pick")));
  let thread: HTMLElement = h("div", { class: "thread" });

  const deliveries = () => [...ctx.view.deliveries].sort((a, b) => b.at - a.at || Number(b.id.slice(1)) - Number(a.id.slice(1)));
  const channelName = (d: DeliveryView) => tx(ctx.brief.channels.find((c) => c.id === d.channel)?.name) || d.channelKind;
  const visible = () => deliveries().filter((d) => filter === "all" || d.channel === filter);

  const renderFilters = () => {
    const all = deliveries();
    const items = [{ id: "all", name: t("inbox.all") }, ...ctx.brief.channels.map((c) => ({ id: c.id, name: tx(c.name) }))];
    keyedList(filters, items, (c) => c.id, (c) => {
      const n = all.filter((d) => (c.id === "all" || d.channel === c.id) && !read.has(d.id)).length;
      return `${c.name}|${n}|${filter === c.id}`;
    }, (c) => {
      const n = all.filter((d) => (c.id === "all" || d.channel === c.id) && !read.has(d.id)).length;
      const kind = ctx.brief.channels.find((x) => x.id === c.id)?.kind;
      return h("button", { type: "button", class: "chip", "aria-pressed": String(filter === c.id), "data-channel": c.id,
        onclick: () => { filter = c.id; renderFilters(); renderList(); } },
        kind ? channelIcon(kind, 14) : null, c.name,
        n ? h("span", { class: "count" }, ` ${n}`, h("span", { class: "sr-only" }, ` ${t("inbox.unreadShort")}`)) : null);
    });
  };

  const renderList = () => {
    const items = visible();
    if (items.length === 0) { list.replaceChildren(h("li", { class: "muted empty" }, t("inbox.empty"))); return; }
    list.querySelector(".empty")?.remove();
    keyedList(list, items, (d) => d.id, (d) => `${read.has(d.id)}|${openId === d.id}|${d.call ? statusOf(ctx, d, shownTime(ctx)) : ""}`, (d) => {
      const unread = !read.has(d.id);
      const ringing = d.call ? statusOf(ctx, d, shownTime(ctx)) === "ringing" : unread && d.channelKind === "phone";
      return h("li", { class: `msg ${unread ? "unread" : ""} sev-${d.severity} ${ringing ? "ringing" : ""}` },
        h("button", { type: "button", class: "msg-btn", "aria-current": openId === d.id ? "true" : undefined, "data-delivery": d.id, onclick: () => open(d.id) },
          h("span", { class: "msg-icon" }, channelIcon(d.channelKind, 16)),
          h("span", { class: "msg-main" },
            h("span", { class: "msg-from" }, tx(d.fromName), unread ? h("span", { class: "sr-only" }, `, ${t("inbox.unread")}`) : null,
              ringing ? h("span", { class: "ring-tag" }, ` ${t("inbox.ringing")}`) : null),
            h("span", { class: "msg-subject" }, tx(d.subject))),
          h("span", { class: "msg-meta" }, h("time", null, ctx.clock(d.at)), h("span", { class: "sr-only" }, ` — ${channelName(d)}`),
            d.severity !== "info" ? h("span", { class: `sev sev-${d.severity}` }, t(`sev.${d.severity}`)) : null)));
    });
  };

  const renderThread = () => {
    if (!openId || !reading) return;
    const sent = ctx.view.actions.filter((a) => a.replyTo === openId);
    const received = ctx.view.deliveries.filter((d) => d.replyTo && sent.some((a) => a.id === d.replyTo));
    reading.renderThread(ctx, thread, { sent, received });
  };

  let wanted: string | undefined;
  const open = (id: string) => {
    const d = ctx.view.deliveries.find((x) => x.id === id);
    if (!d) return;
    if (!reading) {
      // The first opening before the prefetch: the message opens as soon as its view is here (the last one asked for).
      wanted = id;
      pane.setAttribute("aria-busy", "true");
      void loadReading().then(() => { pane.removeAttribute("aria-busy"); if (wanted === id) open(id); },
        () => { pane.removeAttribute("aria-busy"); pane.replaceChildren(h("p", { class: "error" }, t("app.loadError"))); });
      return;
    }
    openId = id;
    if (!read.has(id)) { read.add(id); readMarks.save(ctx.cellId, ctx.playerId, read); }
    const message = ctx.action("message");
    const reply = message && (d.reply || REPLYABLE.has(d.channelKind)) && ctx.brief.personas.some((p) => p.id === d.from)
      ? actionForm({ ctx, action: message, composer: `reply.${d.id}`, fixed: { to: d.from }, replyTo: d.id,
          template: { subject: `RE: ${tx(d.subject).replace(/^(RE:\s*)+/i, "")}`.slice(0, 200) },
          title: d.channelKind === "phone" ? t("inbox.callBack", { name: tx(d.fromName) }) : t("inbox.replyTo", { name: tx(d.fromName) }),
          submitLabel: t("inbox.send"), class: "reply-form" })
      : null;
    thread = reading.threadHostFor(d);
    openCall = d.call ? statusOf(ctx, d, shownTime(ctx)) : undefined;
    pane.replaceChildren(reading.readingView(ctx, d, thread, [reply]));
    renderThread();
    renderFilters();
    renderList();
    focusEl(pane.querySelector<HTMLElement>("h3"));
  };

  const el = h("div", { class: "inbox" },
    h("h2", { class: "sr-only" }, t("cell.tab.inbox")),
    filters,
    h("div", { class: "inbox-split" }, h("div", { class: "inbox-list-wrap" }, list), pane));
  renderFilters();
  renderList();

  return {
    el,
    unread: () => ctx.view.deliveries.filter((d) => !read.has(d.id)).length,
    open: (id: string) => { filter = "all"; open(id); },
    prefetch: () => { if (!reading) void loadReading().catch(() => undefined); },
    update: (changed: Set<Changed>) => {
      if (changed.has("deliveries") || changed.has("actions") || changed.has("clock")) { renderFilters(); renderList(); }
      // An open call that was just answered (here or by someone else) or missed reads again as what it became.
      const d = openId ? ctx.view.deliveries.find((x) => x.id === openId) : undefined;
      if (d?.call && openCall !== statusOf(ctx, d, shownTime(ctx))) open(d.id);
      else if (changed.has("live")) syncCalls();
      if (changed.has("actions") || changed.has("deliveries")) renderThread();
    },
  };
}
