import { formatGameTime } from "../../shared/scenario/time.js";
import type { DeliveryView } from "../../shared/engine/view.js";
import { colon, t, tx } from "../i18n/index.js";
import { displayTime, type Changed } from "../net/apply.js";
import { mountScene, type SceneHandle } from "../scenes/host.js";
import type { MapData } from "../scenes/map.js";
import type { Part, PlayCtx } from "./context.js";
import { fill, h, keyedList, reducedMotion } from "./dom.js";
import { gaugeState } from "./gauges.js";
import { channelIcon, icon } from "./icons.js";

/**
 * The situation display: the game clock, the map (Phaser: places, markers,
 * ticker), the gauges coloured by the way they worsen, and a strip of the
 * last events (each opens its message). Clock, gauges and events are DOM,
 * readable as they are; the map is an image whose facts (places, incidents,
 * links) are also written out for screen readers. A full-screen toggle puts
 * the whole display on the screen (the Fullscreen API where the browser
 * allows it, a fixed overlay otherwise); Escape leaves it.
 */
const TICKER_KINDS = new Set(["news", "tv", "social", "leak"]);
const STRIP = 5;

export function situationPart(ctx: PlayCtx, openDelivery: (id: string) => void): Part & { tick: () => void; drawn: Promise<void> } {
  const now = () => displayTime(ctx.view, performance.now() - ctx.conn.clockAt);
  const clock = h("p", { class: "sit-clock" });
  const sub = h("p", { class: "sit-sub" });
  const paused = h("p", { class: "sit-paused", hidden: true }, icon("paused", 14), " ", t("cell.paused"));
  const fullBtn = h("button", { type: "button", class: "btn-ghost sit-full", "aria-pressed": "false", "data-action": "fullscreen" });
  const sceneHost = h("div", { class: "scene scene-map" });
  const gauges = h("ul", { class: "gauges", "aria-label": t("sit.gauges") });
  const strip = h("ol", { class: "event-strip", "aria-label": t("sit.events") });
  const facts = h("div", { class: "sr-only" });
  const el = h("section", { class: "situation", "aria-labelledby": "sit-title", "data-situation": "" },
    h("div", { class: "sit-head" },
      h("div", { class: "sit-time" }, h("h2", { id: "sit-title", class: "sit-title" }, t("cell.situation")), clock, sub, paused),
      fullBtn),
    sceneHost, facts, gauges,
    h("h3", { class: "sit-events-title" }, t("sit.events")), strip);
  let scene: SceneHandle<MapData> | undefined;
  let disposed = false;

  const place = (id: string) => ctx.brief.places.find((p) => p.id === id);
  const placeOf = (d: DeliveryView) => (d.place ? place(d.place) : undefined)
    ?? (() => { const per = ctx.brief.personas.find((x) => x.id === d.from); return per?.place ? place(per.place) : undefined; })();

  const mapData = (): MapData => {
    const v = ctx.view, b = ctx.brief;
    const marked = v.deliveries.filter((d) => d.place && place(d.place));
    const used = new Map<string, number>();
    for (const d of v.deliveries) { const p = placeOf(d); if (p) used.set(p.id, (used.get(p.id) ?? 0) + 1); }
    const focus = b.places.filter((p) => used.has(p.id)).map((p) => [p.lon, p.lat] as [number, number]);
    const latest = [...v.deliveries].reverse().find((d) => d.severity === "critical");
    const pt = (id: string) => { const p = place(id) ?? place(b.personas.find((x) => x.id === id)?.place ?? ""); return p ? [p.lon, p.lat] as [number, number] : null; };
    return {
      label: t("cell.mapLabel", { places: b.places.map((p) => tx(p.name)).join(", ") || "—", markers: marked.length }),
      places: b.places.filter((p) => focus.length === 0 || used.has(p.id) || b.personas.some((x) => x.place === p.id))
        .map((p) => ({ id: p.id, name: tx(p.name), lat: p.lat, lon: p.lon, priority: used.get(p.id) ?? 0 })),
      focus,
      actors: b.personas.filter((p) => p.place).map((p) => ({ name: tx(p.name), place: p.place! })),
      links: b.links.map((l) => { const a = pt(l.from), c = pt(l.to); return a && c ? { from: a, to: c } : null; }).filter((x): x is NonNullable<typeof x> => x !== null),
      markers: marked.map((d) => ({ id: d.id, place: d.place!, severity: d.severity })),
      more: { one: t("sit.moreOne"), many: t("sit.moreMany") },
      ticker: v.deliveries.filter((d) => TICKER_KINDS.has(d.channelKind)).slice(-5).reverse()
        .map((d) => `${tx(d.fromName)} — ${tx(d.subject)}`.slice(0, 110)),
      tickerEmpty: t("cell.noNews"), tickerLabel: t("sit.tickerLabel"), alertLabel: t("sit.alertLabel"),
      alert: latest ? { id: latest.id, text: tx(latest.subject).slice(0, 110) } : undefined,
      reducedMotion: reducedMotion(),
    };
  };

  const renderClock = () => {
    const v = ctx.view, time = now();
    clock.textContent = ctx.clock(time);
    sub.textContent = `${formatGameTime(time)} · ×${v.speed} · ${t("cell.phase")} ${tx(v.phase.name)}`;
    paused.hidden = v.status !== "paused";
  };

  const renderGauges = () => {
    keyedList(gauges, ctx.view.gauges, (g) => g.id, (g) => String(g.value), (g) => {
      const s = gaugeState(g);
      const fillEl = h("span", { class: "gauge-fill" });
      fillEl.style.width = `${Math.round(s.share * 100)}%`;
      return h("li", { class: `gauge sev-${s.severity} worse-${s.worse}`, "data-gauge": g.id, "data-severity": s.severity },
        h("span", { class: "gauge-name" }, tx(g.name)),
        h("span", { class: "gauge-value" }, String(Math.round(g.value)), h("span", { class: "sr-only" }, ` / ${g.max}`)),
        h("span", { class: "gauge-bar", "aria-hidden": "true" }, fillEl),
        h("span", { class: "gauge-band" }, s.band ? tx(s.band) : t(`sit.sev.${s.severity}` as never),
          h("span", { class: "sr-only" }, ` (${t(s.worse === "high" ? "sit.worseHigh" : "sit.worseLow")})`)));
    });
  };

  const renderStrip = () => {
    const items = [...ctx.view.deliveries].sort((a, b) => b.at - a.at).slice(0, STRIP);
    if (items.length === 0) { strip.replaceChildren(h("li", { class: "muted empty" }, t("inbox.empty"))); return; }
    strip.querySelector(".empty")?.remove();
    keyedList(strip, items, (d) => d.id, (d) => d.id, (d) => h("li", { class: `event sev-${d.severity}` },
      h("button", { type: "button", class: "event-btn", "data-event": d.id, onclick: () => openDelivery(d.id) },
        h("time", null, ctx.clock(d.at)), channelIcon(d.channelKind, 14),
        h("span", { class: "event-text" }, tx(d.subject)),
        d.severity !== "info" ? h("span", { class: `sev sev-${d.severity}` }, t(`sev.${d.severity}`)) : null)));
  };

  const renderFacts = () => {
    const v = ctx.view;
    const incidents = (id: string) => v.deliveries.filter((d) => d.place === id);
    fill(facts, h("h3", null, t("cell.places")),
      h("ul", null, ctx.brief.places.map((p) => {
        const n = incidents(p.id);
        const who = ctx.brief.personas.filter((x) => x.place === p.id).map((x) => tx(x.name));
        return h("li", null, tx(p.name), who.length ? ` (${who.join(", ")})` : "", n.length ? ` — ${t("sit.incidents", { count: n.length })}${colon()}${n.map((d) => tx(d.subject)).join(" ; ")}` : "");
      })),
      ctx.brief.links.length ? h("p", null, t("sit.links"), " ", ctx.brief.links.map((l) => `${ctx.personaName(l.from) || l.from} → ${ctx.personaName(l.to) || l.to}${l.label ? ` (${tx(l.label)})` : ""}`).join(" ; ")) : null);
  };

  // Full screen: the Fullscreen API when allowed, the same layout as a fixed overlay otherwise.
  const setFull = (on: boolean) => {
    el.classList.toggle("is-full", on);
    fullBtn.setAttribute("aria-pressed", String(on));
    fullBtn.replaceChildren(icon(on ? "shrink" : "expand", 16), h("span", { class: "sr-only" }, t(on ? "sit.exitFull" : "sit.full")));
    fullBtn.title = t(on ? "sit.exitFull" : "sit.full");
  };
  fullBtn.addEventListener("click", () => {
    const on = !el.classList.contains("is-full");
    setFull(on);
    if (on) el.requestFullscreen?.().catch(() => undefined);
    else if (document.fullscreenElement === el) void document.exitFullscreen().catch(() => undefined);
  });
  let native = false;
  const onFsChange = () => { if (document.fullscreenElement === el) native = true; else if (native) { native = false; setFull(false); } };
  const onKey = (e: KeyboardEvent) => { if (e.key === "Escape" && el.classList.contains("is-full")) { setFull(false); fullBtn.focus(); } };
  document.addEventListener("fullscreenchange", onFsChange);
  document.addEventListener("keydown", onKey);
  setFull(false);

  renderClock(); renderGauges(); renderStrip(); renderFacts();
  const mounted = mountScene(sceneHost, "map", mapData(), reducedMotion()).then((s) => { if (disposed) s.destroy(); else scene = s; return s.drawn; });
  return {
    el,
    drawn: mounted.then(() => undefined, () => undefined),
    tick: () => { renderClock(); scene?.update(mapData()); },
    update: (changed: Set<Changed>) => {
      renderClock();
      if (changed.has("gauges")) renderGauges();
      if (changed.has("deliveries")) { renderStrip(); renderFacts(); }
      scene?.update(mapData());
    },
    dispose: () => { disposed = true; scene?.destroy(); document.removeEventListener("fullscreenchange", onFsChange); document.removeEventListener("keydown", onKey); },
  };
}
