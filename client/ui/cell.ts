import { formatGameTime } from "../../shared/scenario/time.js";
import { t, tx } from "../i18n/index.js";
import { displayTime, type Changed } from "../net/apply.js";
import { mountScene, type SceneHandle } from "../scenes/host.js";
import type { MapData } from "../scenes/map.js";
import { chatPanel } from "./chat.js";
import { commsPanel } from "./comms.js";
import type { Part, PlayCtx } from "./context.js";
import { decisionsPanel } from "./decisions.js";
import { rubricView } from "./explained.js";
import { fill, h, keyedList, reducedMotion, tabs } from "./dom.js";
import { inboxPanel } from "./inbox.js";
import { logbookPanel } from "./logbook.js";
import { sitrepPanel } from "./sitrep.js";
import { stakeholdersPanel } from "./stakeholders.js";
import { tasksPanel } from "./tasks.js";

/**
 * The crisis cell: the situation display (Phaser: clock, map, gauges, ticker,
 * alerts) with its DOM text alternative and the visible deadlines on the
 * left; every reading and writing panel in tabs on the right. Panels update
 * their lists on each change; composers are never re-rendered.
 */
const TICKER_KINDS = new Set(["news", "tv", "social", "leak"]);

export function cellPart(ctx: PlayCtx): Part {
  const sceneHost = h("div", { class: "scene scene-map" });
  const situation = h("section", { class: "sr-only", "aria-labelledby": "sit-title" });
  const deadlines = h("ul", { class: "deadlines" });
  const pausedBanner = h("p", { class: "paused-banner", role: "status" });
  const roleLine = h("p", { class: "my-roles" });
  let scene: SceneHandle<MapData> | undefined;
  let disposed = false;

  const inbox = inboxPanel(ctx);
  const panels: { id: string; label: string; part: Part; count?: () => string; sr?: string }[] = [
    { id: "inbox", label: t("cell.tab.inbox"), part: inbox, sr: t("inbox.unreadShort"), count: () => { const n = inbox.unread(); return n ? String(n) : ""; } },
    { id: "comms", label: t("cell.tab.comms"), part: commsPanel(ctx) },
    { id: "logbook", label: t("cell.tab.logbook"), part: logbookPanel(ctx) },
    { id: "decisions", label: t("cell.tab.decisions"), part: decisionsPanel(ctx), sr: t("decisions.toApprove"), count: () => {
      const n = ctx.view.actions.filter((a) => a.status === "proposed" && ctx.you.roles.includes(ctx.action(a.action)?.approval ?? "")).length;
      return n ? String(n) : ""; } },
    { id: "tasks", label: t("cell.tab.tasks"), part: tasksPanel(ctx) },
    { id: "actors", label: t("cell.tab.actors"), part: stakeholdersPanel(ctx) },
    { id: "sitrep", label: t("cell.tab.sitrep"), part: sitrepPanel(ctx) },
    { id: "chat", label: t("cell.tab.chat"), part: chatPanel(ctx) },
  ];
  const tabBox = tabs(t("cell.tabs"), panels.map((p) => ({ id: p.id, label: p.label, panel: h("div", { class: `panel panel-${p.id}` }, p.part.el) })));
  const badges = () => { for (const p of panels) if (p.count) tabBox.setBadge(p.id, p.count(), p.sr); };

  const now = () => displayTime(ctx.view, performance.now() - ctx.conn.clockAt);
  const severityOf = (g: PlayCtx["view"]["gauges"][number]) => {
    const hit = g.thresholds.filter((th) => (th.below !== undefined && g.value < th.below) || (th.above !== undefined && g.value > th.above));
    const worst = hit.find((x) => x.severity === "critical") ?? hit.find((x) => x.severity === "warning") ?? hit[0];
    return { severity: (worst?.severity ?? "ok") as MapData["gauges"][number]["severity"], band: worst ? tx(worst.label) : undefined };
  };

  const mapData = (): MapData => {
    const v = ctx.view, b = ctx.brief;
    const time = now();
    const place = (id: string) => b.places.find((p) => p.id === id) ?? (() => { const per = b.personas.find((x) => x.id === id); return per?.place ? b.places.find((p) => p.id === per.place) : undefined; })();
    const news = v.deliveries.filter((d) => TICKER_KINDS.has(d.channelKind)).slice(-5).reverse();
    const lastCritical = [...v.deliveries].reverse().find((d) => d.severity === "critical");
    return {
      label: t("cell.mapLabel", { places: b.places.map((p) => tx(p.name)).join(", ") || "—", markers: v.deliveries.filter((d) => d.place).length }),
      clock: ctx.clock(time),
      sub: `${formatGameTime(time)} · ×${v.speed}`,
      phase: tx(v.phase.name),
      paused: v.status === "paused", pausedLabel: t("cell.paused").toUpperCase(),
      gauges: v.gauges.map((g) => ({ id: g.id, name: tx(g.name), value: g.value, min: g.min, max: g.max, ...severityOf(g) })),
      places: b.places.map((p) => ({ id: p.id, name: tx(p.name), lat: p.lat, lon: p.lon })),
      actors: b.personas.filter((p) => p.place).map((p) => ({ name: tx(p.name), place: p.place! })),
      links: b.links.map((l) => { const a = place(l.from), c = place(l.to); return a && c ? { from: [a.lon, a.lat] as [number, number], to: [c.lon, c.lat] as [number, number], label: l.label ? tx(l.label) : undefined } : null; })
        .filter((x): x is NonNullable<typeof x> => x !== null),
      markers: v.deliveries.filter((d) => d.place).map((d) => { const p = place(d.place!); return p ? { id: d.id, lon: p.lon, lat: p.lat, label: tx(d.subject), severity: d.severity } : null; })
        .filter((x): x is NonNullable<typeof x> => x !== null),
      ticker: news.map((d) => `${tx(d.fromName)} — ${tx(d.subject)}${d.shares !== undefined ? ` (${t("inbox.shares", { n: d.shares })})` : ""}`),
      tickerEmpty: t("cell.noNews"),
      alert: lastCritical ? { id: lastCritical.id, text: `${t("cell.alert")} ${tx(lastCritical.subject)}` } : undefined,
      reducedMotion: reducedMotion(),
    };
  };

  const renderSituation = () => {
    const v = ctx.view, time = now();
    fill(situation,
      h("h2", { id: "sit-title" }, t("cell.situation")),
      h("p", null, `${t("cell.clock")} ${ctx.clock(time)} (${formatGameTime(time)}), ${t("cell.speed", { n: v.speed })}. ${v.status === "paused" ? t("cell.paused") : ""} ${t("cell.phase")} ${tx(v.phase.name)}.`),
      h("ul", null, v.gauges.map((g) => h("li", null, `${tx(g.name)} : ${Math.round(g.value)} / ${g.max}${severityOf(g).band ? ` — ${severityOf(g).band}` : ""}`))),
      h("p", null, t("cell.places"), " ", ctx.brief.places.map((p) => tx(p.name)).join(", ") || "—"));
  };

  const renderDeadlines = () => {
    const time = now();
    const items = [...ctx.view.deadlines].sort((a, b) => a.dueAt - b.dueAt);
    if (items.length === 0) { deadlines.replaceChildren(h("li", { class: "muted" }, t("cell.noDeadline"))); return; }
    if (deadlines.querySelector(".muted")) deadlines.replaceChildren();
    keyedList(deadlines, items, (d) => d.id, (d) => `${d.dueAt}|${Math.floor((d.dueAt - time) / 60)}|${time > d.dueAt}`, (d) => {
      const left = d.dueAt - time;
      const over = left < 0;
      return h("li", { class: `deadline ${over ? "over" : left < 1800 ? "soon" : ""}`, "data-deadline-kind": d.rubric ? "rubric" : "expectation" },
        h("strong", null, tx(d.title)), d.critical ? h("span", { class: "star", title: t("cell.criticalDeadline") }, " ★", h("span", { class: "sr-only" }, ` (${t("cell.criticalDeadline")})`)) : null, d.legal ? h("span", { class: "legal" }, ` (${tx(d.legal)})`) : null, h("br"),
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
  const rubricCard = h("details", { class: "card rubric-card", "data-rubric-card": "" },
    h("summary", null, t("rubric.title")), rubricView(ctx.conn.rubric, "h3"));

  const renderHead = () => {
    renderRoleCard();
    roleLine.textContent = `${t("cell.myRoles")} ${ctx.you.roles.map(ctx.roleName).join(", ") || t("lobby.noRole")}`;
    pausedBanner.hidden = ctx.view.status !== "paused";
    pausedBanner.textContent = ctx.view.status === "paused" ? t("cell.pausedBanner") : "";
  };

  const el = h("div", { class: "cell", "data-screen": "cell" },
    h("div", { class: "cell-head" }, h("h1", null, t("cell.title"), " — ", tx(ctx.brief.title)), roleLine, pausedBanner),
    h("div", { class: "cell-grid" },
      h("aside", { class: "cell-side", "aria-label": t("cell.situation") },
        sceneHost, situation,
        h("section", { class: "card deadlines-card", "aria-labelledby": "deadlines-title" }, h("h2", { id: "deadlines-title" }, t("cell.deadlines")), deadlines),
        roleCard, rubricCard),
      h("section", { class: "cell-main", "aria-label": t("cell.workspace") }, tabBox.el)));

  renderHead(); renderSituation(); renderDeadlines(); badges();
  void mountScene(sceneHost, "map", mapData()).then((s) => { if (disposed) s.destroy(); else scene = s; });
  const timer = setInterval(() => {
    if (ctx.view.status !== "running") return;
    scene?.update(mapData());
    renderDeadlines();
  }, 1000);
  const slowTimer = setInterval(renderSituation, 30_000);

  return {
    el,
    update: (changed: Set<Changed>) => {
      for (const p of panels) p.part.update(changed);
      renderHead();
      if (changed.has("deadlines") || changed.has("clock")) renderDeadlines();
      if (changed.has("gauges") || changed.has("phase") || changed.has("status")) renderSituation();
      scene?.update(mapData());
      badges();
    },
    dispose: () => { disposed = true; clearInterval(timer); clearInterval(slowTimer); scene?.destroy(); for (const p of panels) p.part.dispose?.(); },
  };
}
