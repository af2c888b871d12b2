import { parseDuration } from "../scenario/time.js";
import type { CompiledScenario } from "./compiled.js";
import type { ActionRecord, Delivery, EngineState } from "./types.js";

/**
 * Phone calls: an inject with a `call:` block rings from its delivery to
 * `at + ring` (inclusive) and is picked up by an `answer_call` action naming
 * it. These pure helpers are what the engine checks an answer against, what
 * bots read, and what the views and the browser derive a call's state from,
 * so all of them agree to the second.
 */

import { ANSWER_CALL } from "../scenario/builtin-ids.js";

export { ANSWER_CALL };

export type CallStatus = "ringing" | "answered" | "missed";

/** The ringing time of an inject's call in game seconds, or undefined when it is not a call. */
export function ringOf(compiled: CompiledScenario, inject: string | undefined): number | undefined {
  const call = inject === undefined ? undefined : compiled.injects.get(inject)?.call;
  return call ? parseDuration(call.ring) ?? 0 : undefined;
}

/** The roles that may pick up a delivered call: the file's `answer`, else whoever it reached. */
export function answerRoles(compiled: CompiledScenario, d: Delivery): string[] {
  const call = d.inject === undefined ? undefined : compiled.injects.get(d.inject)?.call;
  return call?.answer ?? [...new Set([...d.recipients, ...d.to])];
}

/** The action that answered the call of `inject`, if any (the first one in effect). */
export function answerOf(actions: readonly ActionRecord[], inject: string): ActionRecord | undefined {
  return actions.find((a) => a.action === ANSWER_CALL && a.status === "done" && a.params.phone_call === inject);
}

/** Where a call stands at game time `t`: answered wins; otherwise ringing until `until`, then missed. */
export function callStatus(until: number, answered: boolean, t: number): CallStatus {
  if (answered) return "answered";
  return t <= until ? "ringing" : "missed";
}

/** The first delivery of each call inject still ringing now, with the roles that may pick it up. */
export function ringingCalls(compiled: CompiledScenario, state: EngineState): { delivery: Delivery; roles: string[] }[] {
  const out: { delivery: Delivery; roles: string[] }[] = [];
  for (const d of state.deliveries) {
    const ring = ringOf(compiled, d.inject);
    if (ring === undefined || state.delivered[d.inject!] !== d.at || out.some((x) => x.delivery.inject === d.inject)) continue;
    if (callStatus(d.at + ring, answerOf(state.actions, d.inject!) !== undefined, state.time) === "ringing") out.push({ delivery: d, roles: answerRoles(compiled, d) });
  }
  return out;
}

/** Why `role` may not answer the call of `inject` now (French, English), or null when it may. */
export function answerProblem(compiled: CompiledScenario, state: EngineState, inject: unknown, role: string): "not_a_call" | "call_answered" | "call_not_ringing" | "call_wrong_role" | null {
  if (typeof inject !== "string" || ringOf(compiled, inject) === undefined) return "not_a_call";
  if (answerOf(state.actions, inject)) return "call_answered";
  const ringing = ringingCalls(compiled, state).find((c) => c.delivery.inject === inject);
  if (!ringing) return "call_not_ringing";
  if (!ringing.roles.includes(role)) return "call_wrong_role";
  return null;
}
