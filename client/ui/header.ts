import { getLang, onLang, setLang, t } from "../i18n/index.js";
import type { ConnStatus } from "../net/cell.js";
import { h } from "./dom.js";
import { isMuted, onMuted, setMuted, unlockAudio } from "./sound.js";

/**
 * The application header: brand, context (cell, player), connection status,
 * language switch and sound toggle. Screens set the context and the
 * connection status; the header re-labels itself when the language changes.
 */
let context = "";
let conn: ConnStatus | null = null;

export function setContext(text: string): void { context = text; render(); }
export function setConnection(status: ConnStatus | null): void {
  const was = conn;
  conn = status;
  render();
  const banner = document.getElementById("conn-banner")!;
  const down = status === "reconnecting" || status === "offline";
  banner.hidden = !down;
  banner.className = `conn-banner conn-${status ?? "none"}`;
  banner.textContent = down ? t(status === "offline" ? "conn.bannerOffline" : "conn.bannerReconnecting") : "";
  if (was && was !== status && status === "online" && (was === "reconnecting" || was === "offline")) {
    banner.hidden = false;
    banner.className = "conn-banner conn-online";
    banner.textContent = t("conn.bannerBack");
    setTimeout(() => { if (conn === "online") banner.hidden = true; }, 3000);
  }
}

const els: Partial<Record<"context" | "conn" | "connText" | "sound" | "lang" | "host", HTMLElement>> = {};

function render(): void {
  const host = document.getElementById("app-header");
  if (!host) return;
  if (els.host !== host) {
    els.host = host;
    els.context = h("span", { class: "header-context" });
    els.connText = h("span");
    els.conn = h("span", { class: "conn", role: "status" }, h("span", { class: "dot", "aria-hidden": "true" }), els.connText);
    els.sound = h("button", { type: "button", class: "btn-ghost", "data-action": "sound", onclick: () => { unlockAudio(); setMuted(!isMuted()); } });
    els.lang = h("button", { type: "button", class: "btn-ghost", "data-action": "lang", onclick: () => void setLang(getLang() === "fr" ? "en" : "fr") });
    host.replaceChildren(
      h("a", { class: "brand", href: "#/" }, h("span", { class: "brand-mark", "aria-hidden": "true" }), "Sangfroid"),
      els.context, els.conn, h("div", { class: "header-tools" }, els.sound, els.lang));
  }
  const other = getLang() === "fr" ? "en" : "fr";
  const muted = isMuted();
  els.context!.textContent = context;
  els.conn!.hidden = !conn;
  els.conn!.className = `conn conn-${conn ?? "none"}`;
  els.conn!.dataset.conn = conn ?? "";
  els.connText!.textContent = conn ? t(`conn.${conn}`) : "";
  els.sound!.dataset.muted = String(muted);
  els.sound!.textContent = muted ? t("header.soundOff") : t("header.soundOn");
  els.lang!.setAttribute("lang", other);
  els.lang!.textContent = other === "en" ? "English" : "Français";
  els.lang!.setAttribute("aria-label", other === "en" ? "English — switch the interface to English" : "Français — passer l'interface en français");
  const skip = document.querySelector<HTMLAnchorElement>(".skip-link");
  if (skip) skip.textContent = t("header.skip");
}

export function initHeader(): void {
  render();
  onLang(render);
  onMuted(render);
}
