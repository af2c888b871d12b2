import { ANSWER_CALL, answerOf, callStatus, type CallStatus } from "../../shared/engine/calls.js";
import type { DeliveryView } from "../../shared/engine/view.js";
import { colon, t, tx } from "../i18n/index.js";
import { displayTime, type Changed } from "../net/apply.js";
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
export async function pickUp(ctx: PlayCtx, d: DeliveryView, status: HTMLElement): Promise<void> {
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


/** The open call views and how each takes the lines that arrived since (`syncCalls`). */
export const openCalls = new Map<string, () => void>();

/** New lines of the open answered calls, as the server sends them (a `live` update): each view appends what it had not shown. */
export function syncCalls(): void {
  for (const sync of [...openCalls.values()]) sync();
}
