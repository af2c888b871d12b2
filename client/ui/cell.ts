import { formatGameTime } from "../../shared/scenario/time.js";
import { t, tx } from "../i18n/index.js";
import { loadRefusals } from "../i18n/refusal-load.js";
import { displayTime, type Changed } from "../net/apply.js";
import { chatPanel } from "./chat.js";
import type { Part, PlayCtx } from "./context.js";
import { fill, h, keyedList, tabs } from "./dom.js";
import { announce } from "./announce.js";
import { countdownItem, countdownSig, sortCountdowns, warningBanner, warningNow } from "./countdowns.js";
import { icon } from "./icons.js";
import { inboxPanel } from "./inbox.js";
import { lazyPart, whenIdle, type LazyPart } from "./lazy.js";
import { phoneBanner } from "./phone.js";
import { situationPart } from "./situation.js";
import "./cell.css";

/**
 * The crisis cell: the situation display (clock, map, gauges, last events)
 * and the visible deadlines on the left; every reading and writing panel in
 * tabs on the right. Panels update their lists on each change; composers are
 * never re-rendered. Only what the first paint shows is in this chunk (the
 * inbox, the situation display, the phone banner, the chat of the lobby): the
 * other tabs and the social feed are chunks of their own, fetched once the
 * map is drawn and the browser idle, or at once when their tab is opened.
 */
const otherTabs = () => import("./cell-tabs.js");

export function cellPart(ctx: PlayCtx): Part {
  const deadlines = h("ul", { class: "deadlines" });
  const countdowns = h("ul", { class: "deadlines countdowns", "aria-label": t("countdown.list") });
  const pausedBanner = h("p", { class: "paused-banner", role: "status" });
  // The warning before the end or an exit window closes: said on its first time and at each threshold, not each minute.
  const warnBanner = warningBanner();
  const roleLine = h("p", { class: "my-roles" });

  const inbox = inboxPanel(ctx);
  const openDelivery = (id: string) => { tabBox.select("inbox"); inbox.open(id); };
  const situation = situationPart(ctx, openDelivery);
  const now = () => displayTime(ctx.view, performance.now() - ctx.conn.clockAt);
  const phone = phoneBanner(ctx, now, openDelivery);
  const later = (build: (m: Awaited<ReturnType<typeof otherTabs>>) => Part) => lazyPart(() => otherTabs().then(build));
  const lazy: LazyPart[] = [];
  const panels: { id: string; label: string; part: Part | LazyPart; count?: () => string; sr?: string }[] = [
    { id: "inbox", label: t("cell.tab.inbox"), part: inbox, sr: t("inbox.unreadShort"), count: () => { const n = inbox.unread(); return n ? String(n) : ""; } },
    { id: "media", label: t("cell.tab.media"), part: later((m) => m.mediaPanel(ctx, openDelivery)) },
    ...(ctx.brief.channels.some((c) => c.kind === "social")
      ? [{ id: "feed", label: t("cell.tab.feed"), part: lazyPart(() => import("./feed.js").then((m) => m.feedPanel(ctx, now)), t("feed.loading")) }] : []),
    { id: "comms", label: t("cell.tab.comms"), part: later((m) => m.commsPanel(ctx)) },
    { id: "logbook", label: t("cell.tab.logbook"), part: later((m) => m.logbookPanel(ctx)) },
    { id: "decisions", label: t("cell.tab.decisions"), part: later((m) => m.decisionsPanel(ctx)), sr: t("decisions.toApprove"), count: () => {
      const n = ctx.view.actions.filter((a) => a.status === "proposed" && ctx.you.roles.includes(ctx.action(a.action)?.approval ?? "")).length;
      return n ? String(n) : ""; } },
    { id: "tasks", label: t("cell.tab.tasks"), part: later((m) => m.tasksPanel(ctx)) },
    { id: "actors", label: t("cell.tab.actors"), part: later((m) => m.stakeholdersPanel(ctx)) },
    { id: "sitrep", label: t("cell.tab.sitrep"), part: later((m) => m.sitrepPanel(ctx)) },
    { id: "chat", label: t("cell.tab.chat"), part: chatPanel(ctx) },
  ];
  for (const p of panels) if ("load" in p.part) lazy.push(p.part);
  const tabBox = tabs(t("cell.tabs"), panels.map((p) => ({ id: p.id, label: p.label, panel: h("div", { class: `panel panel-${p.id}` }, p.part.el) })),
    (id) => { const p = panels.find((x) => x.id === id)?.part; if (p && "load" in p) void p.load(); });
  // What the first paint does not show, once it is done (the map drawn) and the browser idle: ready before anyone opens it.
  let gone = false;
  void situation.drawn.then(() => whenIdle(() => {
    if (gone) return;
    for (const p of lazy) void p.load();
    inbox.prefetch();
    void loadRefusals();
  }));
  const badges = () => { for (const p of panels) if (p.count) tabBox.setBadge(p.id, p.count(), p.sr); };

  const expiredSeen = new Set(ctx.view.countdowns.filter((c) => c.status === "expired").map((c) => c.id));
  const renderCountdowns = () => {
    const v = { ...ctx.view, time: now() };
    const items = sortCountdowns(v.countdowns);
    countdowns.hidden = items.length === 0;
    keyedList(countdowns, items, (c) => c.id, (c) => countdownSig(c, v.time), (c) => countdownItem(c, v, ctx.clock, { open: openDelivery }));
    for (const c of items) {
      if (c.status !== "expired" || expiredSeen.has(c.id)) continue;
      expiredSeen.add(c.id);
      announce(t("countdown.expiredAnnounce", { title: tx(c.title), consequence: tx(c.consequence) }));
    }
  };
  const renderWarning = () => warnBanner.render(warningNow({ ...ctx.view, time: now() }));

  const renderDeadlines = () => {
    const time = now();
    renderCountdowns();
    renderWarning();
    const items = [...ctx.view.deadlines].sort((a, b) => a.dueAt - b.dueAt);
    if (items.length === 0) { deadlines.replaceChildren(...(ctx.view.countdowns.length ? [] : [h("li", { class: "muted" }, t("cell.noDeadline"))])); return; }
    if (deadlines.querySelector(".muted")) deadlines.replaceChildren();
    keyedList(deadlines, items, (d) => d.id, (d) => `${d.dueAt}|${Math.floor((d.dueAt - time) / 60)}|${time > d.dueAt}`, (d) => {
      const left = d.dueAt - time;
      const over = left < 0;
      return h("li", { class: `deadline ${over ? "over" : left < 1800 ? "soon" : ""}`, "data-deadline-kind": d.rubric ? "rubric" : "expectation" },
        h("strong", null, tx(d.title)), d.critical ? h("span", { class: "star", title: t("cell.criticalDeadline") }, " ", icon("star", 14), h("span", { class: "sr-only" }, ` (${t("cell.criticalDeadline")})`)) : null, d.legal ? h("span", { class: "legal" }, ` (${tx(d.legal)})`) : null, h("br"),
        h("span", null, `${t("cell.due")} ${ctx.clock(d.dueAt)} — `, over ? h("strong", null, t("cell.overdue")) : t("cell.left", { t: formatGameTime(left).slice(2) })));
    });
  };

  let rolesKey = "";
  const roleCard = h("section", { class: "card role-card", "aria-labelledby": "role-card-title" });
  const renderRoleCard = () => {
    const key = `${ctx.you.roles.join()}`;
    if (key === rolesKey) return;
    rolesKey = key;
    const roles = ctx.brief.roles.filter((r) => ctx.you.roles.includes(r.id));
    fill(roleCard, h("h2", { id: "role-card-title" }, t("cell.myRoleCard")),
      roles.map((r) => h("div", { class: "role-item" },
        h("h3", null, tx(r.name)),
        r.responsibilities.length ? h("ul", { class: "bullets" }, r.responsibilities.map((x) => h("li", null, tx(x)))) : null,
        r.competencies.length ? h("p", { class: "muted small" }, `${t("cell.assessedOn")} ${r.competencies.map((c) => `${c} ${t(`comp.${c}` as never)}`).join(" · ")}`) : null)));
  };

  // Every rule that can move a level, from the start (the scenario's own expectations come at the debrief).
  // Closed at first: its text comes with the other tabs, or when it is opened.
  const rubric = lazyPart(() => import("./explained.js").then((m) => ({ el: m.rubricView(ctx.conn.rubric, "h3"), update: () => undefined })));
  lazy.push(rubric);
  const rubricCard = h("details", { class: "card rubric-card", "data-rubric-card": "", ontoggle: () => void rubric.load() },
    h("summary", null, t("rubric.title")), rubric.el);

  const renderHead = () => {
    renderRoleCard();
    roleLine.textContent = `${t("cell.myRoles")} ${ctx.you.roles.map(ctx.roleName).join(", ") || t("lobby.noRole")}`;
    pausedBanner.hidden = ctx.view.status !== "paused";
    pausedBanner.replaceChildren(...(ctx.view.status === "paused" ? [icon("paused", 16), " ", t("cell.pausedBanner")] : []));
  };

  const el = h("div", { class: "cell", "data-screen": "cell" },
    h("div", { class: "cell-head" }, h("h1", null, t("cell.title"), " — ", tx(ctx.brief.title)), roleLine, pausedBanner, warnBanner.el),
    phone.el,
    h("div", { class: "cell-grid" },
      h("aside", { class: "cell-side", "aria-label": t("cell.situation") },
        situation.el,
        h("section", { class: "card deadlines-card", "aria-labelledby": "deadlines-title" }, h("h2", { id: "deadlines-title" }, t("cell.deadlines")), countdowns, deadlines),
        roleCard, rubricCard),
      h("section", { class: "cell-main", "aria-label": t("cell.workspace") }, tabBox.el)));

  renderHead(); renderDeadlines(); badges();
  const timer = setInterval(() => {
    if (ctx.view.status !== "running") return;
    situation.tick();
    renderDeadlines();
    phone.tick();
    for (const p of lazy) p.tick();
  }, 1000);

  return {
    el,
    update: (changed: Set<Changed>) => {
      for (const p of panels) p.part.update(changed);
      situation.update(changed);
      phone.update(changed);
      renderHead();
      if (changed.has("deadlines") || changed.has("countdowns") || changed.has("pacing") || changed.has("clock") || changed.has("status")) renderDeadlines();
      badges();
    },
    dispose: () => { gone = true; clearInterval(timer); situation.dispose?.(); for (const p of panels) p.part.dispose?.(); rubric.dispose?.(); },
  };
}
