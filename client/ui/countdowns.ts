import { realSecondsUntil, WARN_REAL_SECONDS, type Closing, type CountdownView, type PacingView } from "../../shared/engine/pacing.js";
import type { CellView } from "../../shared/engine/view.js";
import { formatGameTime } from "../../shared/scenario/time.js";
import { colon, t, tx } from "../i18n/index.js";
import { announce } from "./announce.js";
import { h } from "./dom.js";
import { icon } from "./icons.js";

/**
 * Reply deadlines and pacing as a person reads them, shared by the player's
 * cell and the instructor's console: a countdown in game time with its
 * estimate in real minutes, what happened at expiry, and the warning before
 * the end or an exit window closes. Everything is computed from the view the
 * client holds (time, speed, pacing): nothing is sent per second.
 */

/** "≈ 4 min réelles" (at least 1). */
export function realMinutes(seconds: number): string {
  const n = Math.max(1, Math.round(seconds / 60));
  return t(n === 1 ? "pacing.realMinute" : "pacing.realMinutes", { n });
}

/** Game time left as "HH:MM". */
const left = (seconds: number) => formatGameTime(Math.max(0, seconds)).slice(2);

/** Open countdowns first (soonest first), then expired, then answered. */
export function sortCountdowns(cs: readonly CountdownView[]): CountdownView[] {
  const rank = { open: 0, expired: 1, answered: 2 } as const;
  return [...cs].sort((a, b) => rank[a.status] - rank[b.status] || a.dueAt - b.dueAt);
}

/** A signature that changes when the item must be drawn again (each game minute, a status change). */
export function countdownSig(c: CountdownView, time: number): string {
  return `${c.status}|${c.dueAt}|${c.status === "open" ? Math.floor((c.dueAt - time) / 60) : ""}`;
}

/**
 * One countdown: its title, the due time, and while open the game time left
 * with its real-minute estimate; once expired, « délai dépassé » and what
 * follows; once answered, when. `open` opens the message it runs on.
 */
export function countdownItem(c: CountdownView, v: Pick<CellView, "time" | "speed" | "pacing">, clock: (s: number) => string,
  opts: { open?: (delivery: string) => void; roles?: (ids: string[]) => string; staff?: boolean } = {}): HTMLElement {
  const rest = c.dueAt - v.time;
  const cls = c.status === "expired" ? "over" : c.status === "answered" ? "done" : realSecondsUntil(v.pacing, v.time, v.speed, c.dueAt) <= WARN_REAL_SECONDS ? "soon" : "";
  const status = c.status === "open"
    ? h("span", { class: "countdown-left" }, t("cell.left", { t: left(rest) }), ` (${realMinutes(realSecondsUntil(v.pacing, v.time, v.speed, c.dueAt))})`)
    : c.status === "expired" ? h("strong", null, t("countdown.expired"))
      : h("span", null, t("countdown.answered", { at: clock(c.resolvedAt ?? c.dueAt) }));
  return h("li", { class: `deadline countdown ${cls}`, "data-countdown": c.id, "data-status": c.status },
    icon(c.status === "answered" ? "check" : "clock", 14), " ", h("strong", null, tx(c.title)),
    c.critical ? h("span", { class: "star", title: t("cell.criticalDeadline") }, " ", icon("star", 14), h("span", { class: "sr-only" }, ` (${t("cell.criticalDeadline")})`)) : null,
    c.legal ? h("span", { class: "legal" }, ` (${tx(c.legal)})`) : null,
    opts.roles ? h("span", { class: "muted small" }, ` — ${opts.roles(c.to)}`) : null, h("br"),
    h("span", null, `${t("countdown.before")} ${clock(c.dueAt)} — `), status,
    c.consequence && (c.status === "expired" || opts.staff)
      ? h("p", { class: `countdown-consequence${c.status === "expired" ? "" : " muted small"}` }, c.status === "expired" ? "" : `${t("countdown.ifExpired")} `, tx(c.consequence))
      : null,
    opts.open ? h("button", { type: "button", class: "btn-link small", "data-open-delivery": c.delivery, onclick: () => opts.open!(c.delivery) }, t("countdown.open")) : null);
}

/** A reply deadline in one line, as the message shows it: title, due time, time left or what happened; punctuated for the reader's language. */
export function countdownLine(c: CountdownView, v: Pick<CellView, "time" | "speed" | "pacing">, clock: (s: number) => string): string {
  return `${tx(c.title)} — ${t("countdown.before")} ${clock(c.dueAt)} — ` + (c.status === "open"
    ? `${t("cell.left", { t: left(c.dueAt - v.time) })} (${realMinutes(realSecondsUntil(v.pacing, v.time, v.speed, c.dueAt))})`
    : c.status === "expired" ? `${t("countdown.expired")}${c.consequence ? `${colon()}${tx(c.consequence)}` : ""}`
      : t("countdown.answered", { at: clock(c.resolvedAt ?? c.dueAt) }));
}

/**
 * The countdown inside its message (the reading view of the delivery it runs
 * on): « Réponse avant 09:20 — reste 00:14 (≈ 2 min réelles) », then
 * « délai dépassé » with what followed, or « répondu à … ». It redraws itself
 * each second from what `now()` gives (the countdown as the view holds it, the
 * displayed time) and stops once the message is closed. Not a live region:
 * the countdown strip and the expiry announcement already speak.
 */
export function messageCountdown(now: () => { c: CountdownView | undefined; v: Pick<CellView, "time" | "speed" | "pacing"> }, clock: (s: number) => string): HTMLElement {
  const text = h("span", { class: "msg-countdown-text" });
  const el = h("p", { class: "msg-countdown", "data-msg-countdown": "" }, icon("clock", 14), " ", text);
  let shown = false;
  const draw = () => {
    const { c, v } = now();
    if (!c) return;
    el.dataset.status = c.status;
    el.classList.toggle("over", c.status === "expired");
    el.classList.toggle("done", c.status === "answered");
    el.classList.toggle("soon", c.status === "open" && realSecondsUntil(v.pacing, v.time, v.speed, c.dueAt) <= WARN_REAL_SECONDS);
    const s = countdownLine(c, v, clock);
    if (text.textContent !== s) text.textContent = s;
  };
  draw();
  const timer = setInterval(() => {
    if (el.isConnected) shown = true;
    else if (shown) { clearInterval(timer); return; }
    draw();
  }, 1000);
  return el;
}

/** What a closing is called: the end of the exercise, or the exit window of the phase. */
export function closingLabel(c: Closing): string {
  return c.kind === "end" ? t("pacing.end") : t("pacing.exit", { phase: tx(c.phase) });
}

/** The closing that warns now (within WARN_REAL_SECONDS real seconds), if any, with its real seconds left. */
export function warningNow(v: Pick<CellView, "time" | "speed" | "status" | "pacing">): { closing: Closing; real: number } | undefined {
  if (v.status !== "running" && v.status !== "paused") return undefined;
  for (const c of v.pacing.closings) {
    if (c.at <= v.time) continue;
    const real = realSecondsUntil(v.pacing, v.time, v.speed, c.at);
    if (real <= WARN_REAL_SECONDS) return { closing: c, real };
  }
  return undefined;
}

/** The warning's sentence: « Fin de l'exercice dans ≈ 4 min réelles (T+72:00) ». */
export function warningText(w: { closing: Closing; real: number }): string {
  return t("pacing.warning", { what: closingLabel(w.closing), real: realMinutes(w.real), at: formatGameTime(w.closing.at) });
}

/** Real seconds left at which the warning is said again after its first time: 2 minutes, then 1. */
export const WARNING_THRESHOLDS = [120, 60];

/**
 * Where a warning stands, as a key that changes only when it must be said
 * again: another closing, or a threshold of WARNING_THRESHOLDS crossed — never
 * the estimate moving by a minute.
 */
export function warningStage(w: { closing: Closing; real: number } | undefined): string {
  if (!w) return "";
  return `${w.closing.kind}|${w.closing.at}|${WARNING_THRESHOLDS.filter((s) => w.real <= s).length}`;
}

/**
 * The warning banner before the end or an exit window closes. Its text follows
 * the estimate (it moves each real minute), but it is not a live region: the
 * polite live region says it only when its stage changes (`warningStage`), so a
 * screen reader hears the first warning and each threshold, not every minute.
 * `prefix` names the cell in the console.
 */
export function warningBanner(prefix = ""): { el: HTMLElement; render: (w: { closing: Closing; real: number } | undefined) => void } {
  const text = h("span", null);
  const el = h("p", { class: "pacing-warning", "data-pacing-warning": "", hidden: true }, icon("clock", 16), " ", text);
  // Stages already said: a warning gone for a moment (a jump of the clock, a view between two states) and
  // back at the same stage is not said again.
  const said = new Set<string>();
  return {
    el,
    render: (w) => {
      el.hidden = !w;
      const s = w ? warningText(w) : "";
      if (text.textContent !== s) text.textContent = s;
      const stage = warningStage(w);
      if (w && !said.has(stage)) { said.add(stage); announce(`${prefix}${s}`); }
    },
  };
}

/** Real time left to the end of the exercise, for the console (« ≈ 38 min réelles restantes »). */
export function realLeftText(v: Pick<CellView, "time" | "speed" | "status" | "duration" | "pacing">): string {
  if (v.status === "ended") return "";
  return t("pacing.realLeft", { real: realMinutes(realSecondsUntil(v.pacing, v.time, v.speed, v.duration)) });
}

export type { PacingView };
