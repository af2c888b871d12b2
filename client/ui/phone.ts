import { ANSWER_CALL, answerOf, callStatus, type CallStatus } from "../../shared/engine/calls.js";
import type { DeliveryView } from "../../shared/engine/view.js";
import { colon, getLang, t, tx } from "../i18n/index.js";
import { displayTime, type Changed } from "../net/apply.js";
import { prefs } from "../net/store.js";
import { announce } from "./announce.js";
import type { Part, PlayCtx } from "./context.js";
import { h, keyedList, reducedMotion } from "./dom.js";
import { ackMessage } from "./form.js";
import { icon } from "./icons.js";
import { cue } from "./sound.js";

/**
 * The phone. A call (a delivery with `call`) rings in a banner above the
 * workspace for everyone it reached: a WebAudio ring every few seconds, a
 * shaking handset (still with reduced motion), the caller and the ringing
 * time left, announced once through the assertive live region. A role that
 * may answer picks up with « Décrocher » (an `answer_call` action, logged by
 * the server like any other); once the ringing time is over (game time) the
 * call is missed and reads as a voicemail. The status is derived from the view
 * with the engine's own rule (shared/engine/calls.ts), so the banner, the
 * engine's consequences and the replay agree.
 */

const RING_EVERY_MS = 4000;

/** The game time on the player's screen now. */
export const shownTime = (ctx: PlayCtx): number => displayTime(ctx.view, performance.now() - ctx.conn.clockAt);

/** Where the call of `d` stands at game time `time`. */
export function statusOf(ctx: PlayCtx, d: DeliveryView, time: number): CallStatus | undefined {
  if (!d.call) return undefined;
  return callStatus(d.call.until, answerOf(ctx.view.actions, d.call.inject) !== undefined, time);
}

/** Pick up: as the first role I hold that the call rings for. */
async function pickUp(ctx: PlayCtx, d: DeliveryView, status: HTMLElement): Promise<void> {
  const role = ctx.you.roles.find((r) => d.call!.answer.includes(r));
  if (!role) return;
  const ack = await ctx.act(role, ANSWER_CALL, { phone_call: d.call!.inject });
  status.textContent = ack.ok ? "" : ackMessage(ack);
}

/** The incoming-call banner of the cell screen. `now()` is the displayed game time; `openCall` shows the conversation. */
export function phoneBanner(ctx: PlayCtx, now: () => number, openCall: (id: string) => void): Part & { tick: () => void } {
  const list = h("ul", { class: "calls-ringing", "aria-label": t("phone.incoming") });
  const el = h("section", { class: "phone-banner", "data-phone": "", hidden: true }, list);
  const announced = new Set<string>();
  let lastRing = 0;

  // One line per call: a call delivered again (timeline, then the instructor) rings once, as the engine has it.
  const ringing = () => ctx.view.deliveries.filter((d, i, all) => statusOf(ctx, d, now()) === "ringing" && all.findIndex((x) => x.call?.inject === d.call!.inject) === i);
  const render = () => {
    const calls = ringing();
    el.hidden = calls.length === 0;
    keyedList(list, calls, (d) => d.id, (d) => `${Math.ceil((d.call!.until - now()) / 60)}`, (d) => {
      const left = Math.max(0, d.call!.until - now());
      const mayAnswer = ctx.you.roles.some((r) => d.call!.answer.includes(r));
      const status = h("span", { class: "form-status", role: "status" });
      return h("li", { class: `call-ringing ${reducedMotion() ? "" : "shake"}`, "data-ringing": d.id },
        h("span", { class: "call-icon", "aria-hidden": "true" }, icon("ringing", 22)),
        h("span", { class: "call-who" }, h("strong", null, t("phone.callFrom", { name: tx(d.fromName) })), " — ", tx(d.subject),
          h("span", { class: "call-left" }, ` · ${t("phone.ringsFor", { min: String(Math.ceil(left / 60)) })}`)),
        mayAnswer
          ? h("button", { type: "button", class: "btn-primary", "data-answer": d.id, onclick: () => { void pickUp(ctx, d, status).then(() => openCall(d.id)); } },
            icon("phone", 16), " ", t("phone.answer"), h("span", { class: "sr-only" }, ` ${tx(d.fromName)}`))
          : h("span", { class: "muted" }, t("phone.forOthers", { roles: d.call!.answer.map(ctx.roleName).join(", ") })),
        status);
    });
    for (const d of calls) {
      if (announced.has(d.id)) continue;
      announced.add(d.id);
      announce(`${t("phone.callFrom", { name: tx(d.fromName) })}${colon()}${tx(d.subject)}`, true);
    }
    if (calls.length > 0 && performance.now() - lastRing > RING_EVERY_MS) { lastRing = performance.now(); cue("call"); }
  };
  render();
  return {
    el,
    tick: render,
    update: (changed: Set<Changed>) => { if (changed.has("deliveries") || changed.has("actions") || changed.has("clock") || changed.has("status")) render(); },
  };
}

/** Speech synthesis for calls: off unless the player turned it on (persisted); captions are always shown. */
function speak(text: string, onEnd: () => void): boolean {
  const synth = (globalThis as { speechSynthesis?: SpeechSynthesis }).speechSynthesis;
  const Utterance = (globalThis as { SpeechSynthesisUtterance?: typeof SpeechSynthesisUtterance }).SpeechSynthesisUtterance;
  if (!prefs.speech() || !synth || !Utterance) return false;
  const u = new Utterance(text);
  u.lang = getLang() === "fr" ? "fr-FR" : "en-GB";
  u.onend = onEnd;
  u.onerror = onEnd;
  synth.speak(u);
  return true;
}

/**
 * A call as read in the inbox: ringing (with « Décrocher »), answered (the
 * conversation unfolds line by line, captions always on, read aloud when the
 * player turned speech on), or missed (the voicemail).
 */
export function callView(ctx: PlayCtx, d: DeliveryView, time = shownTime(ctx)): HTMLElement {
  const call = d.call!;
  const state = statusOf(ctx, d, time)!;
  const answer = answerOf(ctx.view.actions, call.inject);
  const speech = h("input", { type: "checkbox", id: `speech-${d.id}`, checked: prefs.speech(), onchange: (e: Event) => prefs.setSpeech((e.target as HTMLInputElement).checked) });
  const head = h("p", { class: `call-status call-${state}`, "data-call-status": state }, icon(state === "missed" ? "absent" : state === "ringing" ? "ringing" : "phone", 16), " ",
    state === "ringing" ? t("phone.ringing") : state === "missed" ? t("phone.missed", { time: ctx.clock(call.until) })
      : t("phone.answeredBy", { who: `${ctx.playerName(answer!.player)} (${ctx.roleName(answer!.role)})`, time: ctx.clock(answer!.at) }));
  if (state === "missed") {
    return h("div", { class: "call", "data-call": d.id }, head,
      h("figure", { class: "voicemail", "data-voicemail": "" }, h("figcaption", null, icon("phone", 14), " ", t("phone.voicemail")),
        h("blockquote", { "data-authored": "" }, h("p", null, tx(call.voicemail)))));
  }
  if (state === "ringing") {
    const status = h("span", { class: "form-status", role: "status" });
    const mayAnswer = ctx.you.roles.some((r) => call.answer.includes(r));
    return h("div", { class: "call", "data-call": d.id }, head,
      mayAnswer ? h("button", { type: "button", class: "btn-primary", "data-answer": d.id, onclick: () => void pickUp(ctx, d, status) }, icon("phone", 16), " ", t("phone.answer")) : null, status);
  }
  const lines = h("ol", { class: "call-lines", "aria-live": "polite", "data-call-lines": "" });
  const who = (by: "caller" | "cell") => (by === "caller" ? tx(d.fromName) : t("phone.cell"));
  let shown = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const all = h("button", { type: "button", class: "btn-ghost", onclick: () => { while (shown < call.lines.length) add(false); } }, t("phone.showAll"));
  const add = (voice: boolean): void => {
    if (!lines.isConnected && shown > 0) return; // the message was closed
    const line = call.lines[shown++];
    lines.append(h("li", { class: `call-line by-${line.by}` }, h("strong", null, `${who(line.by)} : `), h("span", { "data-authored": "" }, tx(line.text))));
    if (shown >= call.lines.length) { all.hidden = true; return; }
    const next = () => { timer = setTimeout(() => add(true), 1200); };
    if (!(voice && speak(tx(line.text), next))) next();
  };
  const el = h("div", { class: "call", "data-call": d.id }, head,
    h("p", { class: "speech-toggle" }, speech, h("label", { htmlFor: `speech-${d.id}` }, ` ${t("phone.speech")}`)),
    lines, all);
  if (reducedMotion()) while (shown < call.lines.length) add(false);
  else { add(true); }
  void timer;
  return el;
}
