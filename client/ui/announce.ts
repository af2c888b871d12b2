import { h } from "./dom.js";

/**
 * Screen-reader announcements and visible toasts. Two live regions live in
 * index.html from the first paint (regions added later are often ignored by
 * screen readers): #sr-polite for new injects and confirmations, #sr-assertive
 * for errors and critical alerts.
 */
export function announce(text: string, urgent = false): void {
  const region = document.getElementById(urgent ? "sr-assertive" : "sr-polite");
  if (!region) return;
  // Re-set the text so the same message twice is announced twice.
  region.textContent = "";
  setTimeout(() => { region.textContent = text; }, 30);
}

/** A visible, dismissable toast (not announced: callers announce what matters). */
export function toast(text: string, kind: "info" | "ok" | "error" | "critical" = "info"): void {
  const host = document.getElementById("toasts");
  if (!host) return;
  const close = h("button", { type: "button", class: "toast-close", "aria-label": "×", onclick: () => el.remove() }, "×");
  const el = h("div", { class: `toast toast-${kind}` }, h("span", null, text), close);
  host.append(el);
  setTimeout(() => el.remove(), kind === "error" || kind === "critical" ? 12_000 : 6_000);
  while (host.children.length > 4) host.firstElementChild?.remove();
}
