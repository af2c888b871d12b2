import { answerOf, callStatus, type CallStatus } from "../../shared/engine/calls.js";
import type { CellView, DeliveryView } from "../../shared/engine/view.js";
import { colon, t, tx } from "../i18n/index.js";
import { h, keyedList } from "./dom.js";
import { icon } from "./icons.js";

/**
 * The phone calls of one cell in the instructor's console: each call (once,
 * however often it was delivered) with where it stands at the console's game
 * time — ringing (for which roles), answered by whom and when, or missed and
 * left as a voicemail — by the engine's own rule (shared/engine/calls.ts), so
 * the console, the students' screens and the replay agree.
 */

export interface CallLine { d: DeliveryView; status: CallStatus; text: string }

/** The cell's calls at game time `time`, first delivery of each call only, oldest first. */
export function callLines(v: CellView, time: number, names: { role: (id: string) => string; player: (id: string) => string; clock: (s: number) => string }): CallLine[] {
  const firsts = v.deliveries.filter((d, i, all) => d.call && all.findIndex((x) => x.call?.inject === d.call!.inject) === i);
  return firsts.map((d) => {
    const call = d.call!;
    const answer = answerOf(v.actions, call.inject);
    const status = callStatus(call.until, answer !== undefined, time);
    const text = status === "ringing" ? t("console.callRinging", { roles: call.answer.map(names.role).join(", "), time: names.clock(call.until) })
      : status === "answered" ? t("console.callAnswered", { who: names.player(answer!.player), role: names.role(answer!.role), time: names.clock(answer!.at) })
        : t("console.callMissed", { time: names.clock(call.until) });
    return { d, status, text };
  });
}

/** The list element and its refresh (keyed: a line is rebuilt only when its call's status changes). */
export function callsPanel(label: string): { el: HTMLElement; render: (lines: CallLine[]) => void } {
  const list = h("ul", { class: "card-calls", "aria-label": label, "data-calls": "" });
  return {
    el: list,
    render: (lines) => {
      list.hidden = lines.length === 0;
      keyedList(list, lines, (l) => l.d.id, (l) => `${l.status}|${l.text}`, (l) => h("li", { class: `card-call call-${l.status}`, "data-call-state": l.status },
        icon(l.status === "missed" ? "absent" : l.status === "ringing" ? "ringing" : "phone", 14), " ",
        h("strong", null, `${tx(l.d.fromName)} — ${tx(l.d.subject)}`), colon(), l.text));
    },
  };
}
