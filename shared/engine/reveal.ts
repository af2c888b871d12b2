import type { Inject } from "../scenario/schema.js";
import { tr } from "../scenario/lang.js";
import type { Text } from "../scenario/text.js";
import type { CompiledScenario } from "./compiled.js";
import { answerOf, answerRoles, callStatus, ringOf } from "./calls.js";
import { volumeNow } from "./volume.js";
import type { ActionRecord, Delivery, EngineState } from "./types.js";

/**
 * What a living delivery shows at the current game time, and nothing after
 * it: the views are the secrecy boundary, so a ringing call carries neither
 * its conversation nor its voicemail, an answered call only the lines already
 * said, a post its shares and likes now (never the curve they will follow),
 * a post of the cell only the public's replies already due. Pure functions of
 * the state (the answer's time, the clock, the scales of a curve), so a replay
 * shows the same thing at the same moment as the live cell did.
 */

/** A call as its recipients know it now. `ongoing`: answered and still talking (more lines to come). */
export interface CallView {
  inject: string; until: number; answer: string[];
  lines: { by: "caller" | "cell"; text: Text }[];
  voicemail?: Text;
  ongoing?: true;
}

/** The parts of a delivery that change with time, sent again when they do (`live` updates). */
export interface LivePart { id: string; body: Text; call?: CallView; shares?: number; likes?: number }

/** Speech rate of a call's lines, in characters per game second (about 150 words a minute). */
const CHARS_PER_SECOND = 15;
/** No line is said in less than this many game seconds. */
const MIN_LINE_SECONDS = 4;
/** Likes per share when the scenario does not say (`likes:` on the inject). */
export const DEFAULT_LIKES = 3;

/** Game seconds one line takes to say (its French text: the same on every machine and in every language). */
export function lineSeconds(text: Text): number {
  return Math.max(MIN_LINE_SECONDS, Math.ceil(tr(text, "fr").length / CHARS_PER_SECOND));
}

/** When each line is heard: the first as the call is picked up, each next once the previous one is said. */
export function lineTimes(lines: readonly { text: Text }[], answeredAt: number): number[] {
  const out: number[] = [];
  let t = answeredAt;
  for (const l of lines) { out.push(t); t += lineSeconds(l.text); }
  return out;
}

/** Texts joined line by line, in each language the texts have. */
function joinTexts(texts: readonly Text[]): Text {
  if (texts.every((x) => typeof x === "string")) return texts.join("\n");
  const fr = texts.map((x) => tr(x, "fr")).join("\n");
  return texts.some((x) => typeof x !== "string" && x.en !== undefined) ? { fr, en: texts.map((x) => tr(x, "en")).join("\n") } : fr;
}

/**
 * A delivered call at the state's time: ringing (nothing said yet), answered
 * (the lines said so far; the body is that transcript), or missed (the
 * voicemail, which is then its body). A second delivery of the same call
 * shares the first one's window and fate.
 */
export function callNow(compiled: CompiledScenario, state: EngineState, d: Delivery, inj: Inject & { call: NonNullable<Inject["call"]> }): { call: CallView; body: Text } {
  const until = (state.delivered[inj.id] ?? d.at) + (ringOf(compiled, inj.id) ?? 0);
  const base = { inject: inj.id, until, answer: answerRoles(compiled, d) };
  const answer = answerOf(state.actions, inj.id);
  const status = callStatus(until, answer !== undefined, state.time);
  if (status === "missed") {
    const voicemail = inj.call.voicemail ?? inj.call.lines[0].text;
    return { call: { ...base, lines: [], voicemail }, body: voicemail };
  }
  if (status === "ringing" || !answer) return { call: { ...base, lines: [] }, body: "" };
  const times = lineTimes(inj.call.lines, answer.at);
  const lines = inj.call.lines.filter((_, i) => times[i] <= state.time);
  const lastSaid = times[times.length - 1] + lineSeconds(inj.call.lines[inj.call.lines.length - 1].text);
  return { call: { ...base, lines, ...(state.time < lastSaid ? { ongoing: true as const } : {}) }, body: joinTexts(lines.map((l) => l.text)) };
}

/** A post's shares and likes now: its curve's value if it has one, else its fixed count; likes follow the shares. */
export function countsNow(compiled: CompiledScenario, state: EngineState, d: Delivery, inj: Inject | undefined): { shares?: number; likes?: number } {
  const shares = (inj && volumeNow(compiled, state, inj.id, Math.max(state.time, d.at))) ?? d.shares;
  if (shares === undefined) return {};
  return { shares, likes: Math.round(shares * (inj?.likes ?? DEFAULT_LIKES)) };
}

/** An action as a viewer sees it now: the public's replies to a post only from their time on. */
export function actionNow(state: EngineState, a: ActionRecord): ActionRecord {
  if (!a.replies || a.replies.every((r) => r.at <= state.time)) return a;
  return { ...a, replies: a.replies.filter((r) => r.at <= state.time) };
}

/** Whether a delivery's living parts can still change: a call, or a post whose audience follows a curve. */
export function isLive(compiled: CompiledScenario, d: Delivery): boolean {
  return d.inject !== undefined && (compiled.injects.get(d.inject)?.call !== undefined
    || (compiled.channels.get(d.channel)?.kind === "social" && compiled.volumes.has(d.inject)));
}
