import type { LogPayloadInput } from "../../shared/engine/index.js";
import { checkParams } from "../../shared/engine/params.js";
import { Rejection } from "../../shared/engine/types.js";
import type { CodedParams } from "../../shared/i18n/coded.js";
import { ProtocolError, type PlayerIntent, type StaffCommand } from "../../shared/protocol.js";
import { roleLabel } from "../../shared/scoring/names.js";
import type { CellRuntime, Outcome } from "./cell-runtime.js";

/**
 * Authorization by role and the stale-intent rules, checked inside the
 * cell's queue (so against the state every earlier entry produced), then the
 * entry is committed. See server/CONTEXT.md "Stale intents" for the rules.
 */

export type Actor =
  | { kind: "player"; id: string; name: string }
  | { kind: "instructor" | "evaluator"; id: string; name: string };

/** A refusal as data (translated by the reader: shared/i18n/refusals.ts); `detail` names the variant. */
const refuse = (code: string, detail?: string | CodedParams): Outcome =>
  (detail === undefined ? { ok: false, code } : { ok: false, code, params: typeof detail === "string" ? { detail } : detail });
const stale = (detail: string) => refuse(ProtocolError.Stale, detail);

/** An intent whose `seq` the server has not reached yet comes from a confused or forged client. */
function futureSeq(rt: CellRuntime, seq: number): Outcome | null {
  return seq > rt.state.seq ? stale("seq") : null;
}

/** Something the intent targets changed after the state the client saw: it must look again before acting. */
function changedSince(rt: CellRuntime, item: string, seq: number, what: "proposal" | "message" | "task" | "player_message"): Outcome | null {
  const at = rt.meta.changed[item];
  return at !== undefined && at > seq ? stale(what) : null;
}

export function playerIntent(rt: CellRuntime, actor: Actor & { kind: "player" }, msg: { id: string; seq: number; intent: PlayerIntent }): Promise<Outcome> {
  return rt.exclusive(async () => {
    const dup = rt.duplicate(actor.id, msg.id);
    if (dup) return dup;
    const s = rt.state;
    const intent = msg.intent;
    const future = futureSeq(rt, msg.seq);
    if (future) return future;
    const me = s.players[actor.id];
    if (!me) return refuse(ProtocolError.Forbidden, "not_in_cell");
    const by = { kind: "player" as const, id: actor.id };
    if (intent.type === "take_role") {
      if (!rt.compiled.roles.has(intent.role)) return refuse(Rejection.UnknownRole);
      if (me.roles.includes(intent.role)) return { ok: true, seq: s.seq, effects: [] };
      if (s.status === "ended") return refuse(Rejection.AlreadyEnded);
      const holder = Object.values(s.players).find((p) => p.id !== actor.id && p.roles.includes(intent.role));
      if (holder) return refuse(Rejection.AlreadyTaken, { detail: "role", name: holder.name });
      return rt.commit({ type: "assign", player: actor.id, role: intent.role }, by, msg.id);
    }
    if (intent.type === "ready") {
      // Ready means ready to play a role: one must hold one first (saying "no longer ready" always passes).
      if (intent.ready && me.roles.length === 0) return refuse(ProtocolError.Forbidden, "role_not_held");
      if (s.status !== "lobby") return refuse(s.status === "ended" ? Rejection.AlreadyEnded : Rejection.BadState, "started");
      if ((me.ready ?? false) === intent.ready) return { ok: true, seq: s.seq, effects: [] };
      return rt.commit({ type: "ready", player: actor.id, ready: intent.ready }, by, msg.id);
    }
    if (!me.roles.includes(intent.role)) return refuse(ProtocolError.Forbidden, "role_not_held");
    if (intent.type === "release_role") return rt.commit({ type: "unassign", player: actor.id, role: intent.role }, by, msg.id);
    if (msg.seq < rt.meta.statusSeq) return stale("status");
    if (intent.type === "approve") {
      const old = changedSince(rt, intent.actionId, msg.seq, "proposal");
      if (old) return old;
      return rt.commit({ type: "approve", player: actor.id, role: intent.role, actionId: intent.actionId, approve: intent.approve }, by, msg.id);
    }
    if (intent.replyTo !== undefined) {
      const d = s.deliveries.find((x) => x.id === intent.replyTo);
      if (!d || !(d.to.some((r) => me.roles.includes(r)) || d.recipients.some((r) => me.roles.includes(r)))) {
        return refuse(ProtocolError.Forbidden, "unknown_message");
      }
      const old = changedSince(rt, intent.replyTo, msg.seq, "message");
      if (old) return old;
    }
    if (intent.action === "task_update") {
      // Only a task of this cell may be updated: any other id (a delivery, an action) would be marked as changed
      // and make a teammate's reply to it "stale".
      const task = intent.params.task;
      if (typeof task !== "string" || !isTask(rt, task)) return refuse(ProtocolError.UnknownTask);
      const old = changedSince(rt, task, msg.seq, "task");
      if (old) return old;
    }
    // The form first, with the bounds the fold does not check (see checkParams), so a refusal names the field by its
    // label (the log's own schema would name its id, and refuses NaN).
    const form = rt.compiled.actions.get(intent.action)?.source.params;
    const bad = form && checkParams(rt.compiled, form, intent.params, true);
    if (bad) return refuse(Rejection.BadParams, bad);
    return rt.commit({
      type: "action", player: actor.id, role: intent.role, action: intent.action, params: intent.params,
      ...(intent.replyTo !== undefined ? { replyTo: intent.replyTo } : {}),
    }, by, msg.id);
  });
}

/** Instructor commands. Pause, speed, pace, go-to-time and end first log the clock up to now, so game time up to that moment is exact. */
export function staffCommand(rt: CellRuntime, actor: Actor, msg: { id: string; seq: number; command: StaffCommand }): Promise<Outcome> {
  return rt.exclusive(async () => {
    if (actor.kind !== "instructor") return refuse(ProtocolError.Forbidden, "instructor_only");
    const dup = rt.duplicate(actor.id, msg.id);
    if (dup) return dup;
    const future = futureSeq(rt, msg.seq);
    if (future) return future;
    const c = msg.command;
    const by = { kind: "instructor" as const, id: actor.id };
    let entry: LogPayloadInput;
    switch (c.type) {
      case "start": {
        const vacant = vacantRequiredRoles(rt);
        if (vacant.length > 0 && !c.force) {
          return refuse(ProtocolError.RolesVacant, { roles: vacant.map((r) => roleLabel(rt.compiled, r)), count: vacant.length });
        }
        entry = { type: "start" };
        break;
      }
      case "pause": case "end": case "speed": case "pace": case "goto":
        // Game time up to this instant passes at the old speed, and a jump starts from now.
        await rt.catchUpClock(by);
        entry = c.type === "end" ? { type: "end", ...(c.reason ? { reason: c.reason } : {}) } : c;
        break;
      case "improvise": {
        if (c.replyTo !== undefined) {
          const old = changedSince(rt, c.replyTo, msg.seq, "player_message");
          if (old) return old;
        }
        const { type: _t, ...rest } = c;
        entry = { type: "improvise", ...rest };
        break;
      }
      case "assign": case "unassign":
        entry = { type: c.type, player: c.player, role: c.role };
        break;
      default:
        entry = c;
    }
    return rt.commit(entry, by, msg.id);
  });
}

/** A task created in this cell (an action of kind task, not an update of one) that took effect. */
function isTask(rt: CellRuntime, id: string): boolean {
  const a = rt.state.actions.find((x) => x.id === id);
  return a !== undefined && a.kind === "task" && a.action !== "task_update" && a.status === "done";
}

export function vacantRequiredRoles(rt: CellRuntime): string[] {
  const held = new Set(Object.values(rt.state.players).flatMap((p) => p.roles));
  return rt.compiled.scenario.roles.filter((r) => r.required && !held.has(r.id)).map((r) => r.id);
}
