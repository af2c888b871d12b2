import { formatGameTime } from "../../shared/scenario/time.js";
import { getLang, t } from "../i18n/index.js";
import { h, reducedMotion } from "./dom.js";
import type { Ws } from "./evaluate-context.js";

/**
 * The event log beside the replay (fuesim #1408): one line per meaningful
 * entry (clock ticks that changed nothing are left out), with what followed
 * it. The line of the current moment is marked (aria-current) and scrolled
 * into view; activating a line seeks the replay there.
 */
export function logPanel(ws: Ws): { el: HTMLElement } {
  const lines = ws.index.lines.filter((l) => !l.quiet);
  const lang = getLang();
  const rows = lines.map((l) => {
    const b = h("button", { type: "button", class: "log-line", "data-seq": l.seq, onclick: () => ws.seek(l.position, { announce: true }) },
      h("span", { class: "log-time" }, formatGameTime(l.at)), h("span", { class: "log-seq muted" }, `#${l.seq}`),
      h("span", { class: `log-text t-${l.type}` }, l.text[lang]),
      l.effects.length ? h("span", { class: "log-effects" }, l.effects.map((e) => h("span", null, e[lang]))) : null);
    return { line: l, li: h("li", null, b), b };
  });
  const list = h("ol", { class: "event-log" }, rows.map((r) => r.li));
  let current: (typeof rows)[number] | undefined;
  ws.onSeek(() => {
    const p = ws.position();
    // The last meaningful line at or before the current position (binary search over positions).
    let lo = 0, hi = rows.length - 1, found = -1;
    while (lo <= hi) { const mid = (lo + hi) >> 1; if (rows[mid].line.position <= p) { found = mid; lo = mid + 1; } else hi = mid - 1; }
    const next = found >= 0 ? rows[found] : undefined;
    if (next === current) return;
    if (current) { current.b.removeAttribute("aria-current"); current.li.classList.remove("current"); }
    current = next;
    if (!current) return;
    current.b.setAttribute("aria-current", "true");
    current.li.classList.add("current");
    reveal(0);
  });
  /** Keep the list in place while the user works inside it; otherwise bring the current line into view (once the screen is laid out). */
  const reveal = (tries: number) => {
    if (!current || list.contains(document.activeElement)) return;
    if (!list.isConnected || list.clientHeight === 0) { if (tries < 30) requestAnimationFrame(() => reveal(tries + 1)); return; }
    // (The list is the offset parent: scrolling it never moves the page.)
    const top = current.li.offsetTop, bottom = top + current.li.offsetHeight;
    if (top < list.scrollTop || bottom > list.scrollTop + list.clientHeight) {
      list.scrollTo({ top: Math.max(0, top - list.clientHeight / 3), behavior: reducedMotion() || tries > 0 ? "auto" : "smooth" });
    }
  };
  return {
    el: h("section", { class: "eval-log card", "aria-labelledby": "eval-log-title" },
      // The heading counts what the list shows; the scrubber counts every entry (clock ticks too): say both, so 47 beside 340 is no riddle.
      h("h2", { id: "eval-log-title" }, t("eval.log")),
      h("p", { class: "muted small eval-log-count", "data-log-count": "" }, t("eval.logCount", { count: lines.length, total: ws.index.length })), list),
  };
}
