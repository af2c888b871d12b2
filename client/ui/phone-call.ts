import { answerOf } from "../../shared/engine/calls.js";
import type { DeliveryView } from "../../shared/engine/view.js";
import { colon, getLang, t, tx } from "../i18n/index.js";
import { prefs } from "../net/store.js";
import type { PlayCtx } from "./context.js";
import { h, reducedMotion } from "./dom.js";
import { icon } from "./icons.js";
import { openCalls, pickUp, shownTime, statusOf } from "./phone.js";

// The call as read in its message, apart from the ringing banner (phone.ts): the reading views load
// after the cell screen's first paint, and this with them.

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
 * conversation unfolds line by line as the server sends each line, at its game
 * time, and never faster than one line each 1.2 s here; captions always on,
 * read aloud when the player turned speech on), or missed (the voicemail).
 */
export function callView(ctx: PlayCtx, d: DeliveryView, time = shownTime(ctx)): HTMLElement {
  const call = d.call!;
  const state = statusOf(ctx, d, time)!;
  const answer = answerOf(ctx.view.actions, call.inject);
  const speech = h("input", { type: "checkbox", id: `speech-${d.id}`, checked: prefs.speech(), onchange: (e: Event) => prefs.setSpeech((e.target as HTMLInputElement).checked) });
  const head = h("p", { class: `call-status call-${state}`, "data-call-status": state }, icon(state === "missed" ? "absent" : state === "ringing" ? "ringing" : "phone", 16), " ",
    state === "ringing" ? t("phone.ringing") : state === "missed" ? t("phone.missed", { time: ctx.clock(call.until) })
      : t("phone.answeredBy", { who: `${ctx.playerName(answer!.player)} (${ctx.roleName(answer!.role)})`, time: ctx.clock(answer!.at) }));
  openCalls.delete(d.id);
  if (state === "missed") {
    // The screen's clock runs a little ahead of the server's: the voicemail comes with the next update.
    const message = h("blockquote", { "data-authored": "" }, h("p", null, call.voicemail ? tx(call.voicemail) : t("phone.voicemailComing")));
    const el = h("div", { class: "call", "data-call": d.id }, head,
      h("figure", { class: "voicemail", "data-voicemail": "" }, h("figcaption", null, icon("phone", 14), " ", t("phone.voicemail")), message));
    if (!call.voicemail) {
      openCalls.set(d.id, () => {
        const now = ctx.view.deliveries.find((x) => x.id === d.id)?.call;
        if (!el.isConnected) { openCalls.delete(d.id); return; }
        if (now?.voicemail) { message.replaceChildren(h("p", null, tx(now.voicemail))); openCalls.delete(d.id); }
      });
    }
    return el;
  }
  if (state === "ringing") {
    const status = h("span", { class: "form-status", role: "status" });
    const mayAnswer = ctx.you.roles.some((r) => call.answer.includes(r));
    return h("div", { class: "call", "data-call": d.id }, head,
      mayAnswer ? h("button", { type: "button", class: "btn-primary", "data-answer": d.id, onclick: () => void pickUp(ctx, d, status) }, icon("phone", 16), " ", t("phone.answer")) : null, status);
  }
  const lines = h("ol", { class: "call-lines", "aria-live": "polite", "data-call-lines": "" });
  const who = (by: "caller" | "cell") => (by === "caller" ? tx(d.fromName) : t("phone.cell"));
  const received = () => ctx.view.deliveries.find((x) => x.id === d.id)?.call ?? call;
  const onLine = h("p", { class: "muted small", "data-call-ongoing": "" }, t("phone.onLine"));
  let shown = 0;
  let busy = false;
  const all = h("button", { type: "button", class: "btn-ghost", onclick: () => { while (shown < received().lines.length) add(); settle(); } }, t("phone.showAll"));
  const settle = () => { const c = received(); all.hidden = shown >= c.lines.length; onLine.hidden = !c.ongoing; };
  const add = (): void => {
    const line = received().lines[shown++];
    lines.append(h("li", { class: `call-line by-${line.by}` }, h("strong", null, `${who(line.by)}${colon().trimEnd()} `), h("span", { "data-authored": "" }, tx(line.text))));
  };
  // One line at a time, each after the previous one was read (or said): lines that came meanwhile wait their turn.
  const next = (voice: boolean): void => {
    if (!el.isConnected && shown > 0) { openCalls.delete(d.id); return; } // the message was closed
    if (shown >= received().lines.length) { busy = false; settle(); return; }
    busy = true;
    add();
    settle();
    const line = received().lines[shown - 1];
    const go = () => { setTimeout(() => next(true), 1200); };
    if (!(voice && speak(tx(line.text), go))) go();
  };
  const el = h("div", { class: "call", "data-call": d.id }, head,
    h("p", { class: "speech-toggle" }, speech, h("label", { htmlFor: `speech-${d.id}` }, ` ${t("phone.speech")}`)),
    lines, onLine, all);
  openCalls.set(d.id, () => {
    if (!el.isConnected && shown > 0) { openCalls.delete(d.id); return; }
    if (reducedMotion()) { while (shown < received().lines.length) add(); settle(); }
    else if (!busy) next(true);
    else settle();
  });
  if (reducedMotion()) { while (shown < received().lines.length) add(); settle(); }
  else next(true);
  return el;
}
