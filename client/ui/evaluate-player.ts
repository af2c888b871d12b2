import { formatGameTime, parseDuration, parseGameTime } from "../../shared/scenario/time.js";
import { t } from "../i18n/index.js";
import { announce } from "./announce.js";
import { h, newId } from "./dom.js";
import type { Ws } from "./evaluate-context.js";

/**
 * The replay transport: a range input over the log's entries (arrows move
 * one entry, Page Up/Down ten, Home/End the ends), play/pause at 1×, 10×,
 * 60× or 600× game seconds per real second, previous/next meaningful entry
 * (clock ticks that changed nothing are skipped), and "go to" a game time
 * typed as T+01:30, 01:30 or J+1 08:00. The new moment is announced after
 * each deliberate move (not while playing).
 */
export const SPEEDS = [1, 10, 60, 600] as const;

export function transport(ws: Ws): { el: HTMLElement; dispose: () => void } {
  const { index } = ws;
  const ids = { range: newId("ev"), speed: newId("ev"), time: newId("ev") };
  const range = h("input", { id: ids.range, type: "range", min: 0, max: index.length, step: 1, value: String(index.length), class: "eval-range", "data-control": "scrub" });
  const readout = h("p", { class: "eval-readout", "data-readout": "" });
  const play = h("button", { type: "button", class: "btn-primary", "data-control": "play", "aria-pressed": "false" }, t("eval.play"));
  const speed = h("select", { id: ids.speed, "data-control": "speed" }, SPEEDS.map((s) => h("option", { value: String(s), selected: s === 60 }, `${s}×`)));
  const timeInput = h("input", { id: ids.time, name: "time", class: "eval-time", placeholder: "T+01:30", autocomplete: "off", "aria-describedby": `${ids.time}-hint` });
  const timeError = h("p", { class: "form-error", role: "alert" });
  const meaningful = index.lines.filter((l) => !l.quiet).map((l) => l.position);

  const step = (dir: -1 | 1) => {
    const p = ws.position();
    const target = dir > 0 ? meaningful.find((x) => x > p) : [...meaningful].reverse().find((x) => x < p);
    ws.seek(target ?? (dir > 0 ? index.length : 0), { announce: true });
  };
  const prev = h("button", { type: "button", class: "btn-secondary", "data-control": "prev", onclick: () => step(-1) }, h("span", { "aria-hidden": "true" }, "◀ "), t("eval.prev"));
  const next = h("button", { type: "button", class: "btn-secondary", "data-control": "next", onclick: () => step(1) }, t("eval.next"), h("span", { "aria-hidden": "true" }, " ▶"));

  // Playback: game time advances at the chosen speed; the position follows it.
  let timer: ReturnType<typeof setInterval> | undefined;
  let gameTime = 0, last = 0;
  const stop = (say = true) => {
    if (timer === undefined) return;
    clearInterval(timer); timer = undefined;
    play.textContent = t("eval.play"); play.setAttribute("aria-pressed", "false");
    if (say) announce(t("eval.pausedAt", { when: ws.when(ws.state().time) }));
  };
  const start = () => {
    if (ws.position() >= index.length) ws.seek(0);
    gameTime = ws.state().time; last = performance.now();
    play.textContent = t("eval.pause"); play.setAttribute("aria-pressed", "true");
    announce(t("eval.playing", { speed: speed.value }));
    timer = setInterval(() => {
      const now = performance.now();
      gameTime += ((now - last) / 1000) * Number(speed.value);
      last = now;
      const p = Math.max(ws.position(), index.positionAtTime(gameTime));
      // Time may stand still in the log (lobby, pauses): step at least one entry per tick.
      const target = p === ws.position() && index.timeAt(p + 1) <= gameTime ? p + 1 : p;
      if (target !== ws.position()) ws.seek(target);
      if (ws.position() >= index.length) stop();
    }, 200);
  };
  play.addEventListener("click", () => (timer === undefined ? start() : stop()));

  let pending = 0;
  range.addEventListener("input", () => {
    stop(false);
    pending = Number(range.value);
    requestAnimationFrame(() => { if (Number(range.value) === pending) ws.seek(pending); });
  });
  range.addEventListener("change", () => ws.seek(Number(range.value), { announce: true }));

  const goForm = h("form", { class: "eval-goto", "aria-label": t("eval.goto") },
    h("label", { htmlFor: ids.time }, t("eval.gotoLabel")), timeInput,
    h("button", { type: "submit", class: "btn-secondary", "data-control": "goto" }, t("eval.go")),
    h("span", { id: `${ids.time}-hint`, class: "sr-only" }, t("eval.gotoHint")));
  goForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const raw = timeInput.value.trim();
    const seconds = parseGameTime(raw, ws.compiled.clockStart) ?? parseDuration(raw);
    if (seconds === null) { timeError.textContent = t("eval.badTime"); timeInput.setAttribute("aria-invalid", "true"); return; }
    timeError.textContent = ""; timeInput.removeAttribute("aria-invalid");
    stop(false);
    ws.seek(index.positionAtTime(seconds), { announce: true });
  });

  const render = () => {
    const p = ws.position(), s = ws.state();
    if (document.activeElement !== timeInput && timeError.textContent) { timeError.textContent = ""; timeInput.removeAttribute("aria-invalid"); }
    range.value = String(p);
    const line = p > 0 ? index.lines[p - 1] : undefined;
    const text = `${ws.when(s.time)} — ${t("eval.entry", { n: line?.seq ?? 0, total: index.length })}`;
    range.setAttribute("aria-valuetext", text);
    readout.textContent = `${text} · ${ws.text(ws.compiled.phases.get(s.phase)?.source.name)} · ${t(`eval.status.${s.status}` as never)}`;
    if (document.activeElement !== timeInput) timeInput.value = formatGameTime(s.time);
  };
  ws.onSeek(render);

  const el = h("section", { class: "eval-transport card", "aria-label": t("eval.transport") },
    h("div", { class: "row" }, play,
      h("label", { htmlFor: ids.speed, class: "inline-label" }, t("eval.speed")), speed,
      prev, next, goForm),
    h("div", { class: "eval-scrub" }, h("label", { htmlFor: ids.range, class: "sr-only" }, t("eval.scrub")), range),
    readout, timeError);
  return { el, dispose: () => stop(false) };
}
