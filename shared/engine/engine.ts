import { AFTER_END_ACTIONS, ANSWER_CALL } from "../scenario/builtins.js";
import { answerProblem } from "./calls.js";
import { drawReplies } from "./social.js";
import { advanceTo } from "./clock.js";
import type { CompiledScenario } from "./compiled.js";
import { indexAction } from "./conditions.js";
import type { LogEntry, LogPayload } from "./log.js";
import { checkParams } from "./params.js";
import { Rejection, type ActionRecord, type Effect, type EngineState, type RejectionInfo } from "./types.js";
import type { CodedParams } from "../i18n/coded.js";
import { touch } from "./deps.js";
import { ENGINE_VERSION } from "./version.js";
import { applyEffects, cancelInject, deliverInject, endSession, gotoPhase, nextEvent, paced, pushDelivery, resolveRecipients, sendMachine, setGauge, setSpeed, settle, settleCountdowns, settleExpectations } from "./world.js";

/**
 * The engine: a deterministic fold over the log. `applyEntry` mutates the
 * state it is given (a state owned by one cell or one replay) and returns
 * what happened as data; `step` is the pure form for callers that keep old
 * states. Nothing here reads a clock, a file or an unseeded random source.
 */

export function createState(compiled: CompiledScenario): EngineState {
  const s = compiled.scenario;
  const expectations: EngineState["expectations"] = {};
  for (const e of s.expectations) expectations[e.id] = { status: "pending", evidence: [] };
  return {
    scenario: s.id, seq: 0, status: "lobby", time: 0, speed: s.meta.speed, tempo: s.meta.speed, manualSpeed: false,
    phase: compiled.initialPhase, phases: [{ phase: compiled.initialPhase, at: 0 }],
    rng: 0, gauges: Object.fromEntries(s.gauges.map((g) => [g.id, g.initial])),
    players: {}, deliveries: [], nextPending: 0,
    pending: compiled.timeline.map((t) => ({ key: `t:${t.inject}`, inject: t.inject, at: t.at, cause: "timeline" })),
    actions: [], fired: {}, latched: {}, branches: {}, expectations, delivered: {},
  };
}

/** A refusal as data: the code, and the variant of its text (`detail`) or the form's problem (translated by the reader, shared/i18n/refusals.ts). */
const reject = (code: RejectionInfo["code"], detail?: string | CodedParams): RejectionInfo =>
  (detail === undefined ? { code } : { code, params: typeof detail === "string" ? { detail } : detail });

/** Would this entry be accepted now? The server asks before appending, so refused intents never reach the log. */
export function checkEntry(compiled: CompiledScenario, state: EngineState, e: LogPayload): RejectionInfo | null {
  const ended = state.status === "ended";
  switch (e.type) {
    case "open": return state.seq === 0 ? null : reject(Rejection.BadState, "open");
    case "join": case "leave": return null;
    case "assign": case "unassign":
      if (!state.players[e.player]) return reject(Rejection.UnknownPlayer);
      if (!compiled.roles.has(e.role)) return reject(Rejection.UnknownRole);
      return null;
    case "ready":
      if (!state.players[e.player]) return reject(Rejection.UnknownPlayer);
      return state.status === "lobby" ? null : reject(Rejection.BadState, "started");
    case "start": return state.status === "lobby" ? null : reject(Rejection.BadState, "started");
    case "pause": return state.status === "running" ? null : reject(Rejection.NotRunning);
    case "resume": return state.status === "paused" ? null : reject(Rejection.BadState, "not_paused");
    case "speed": case "pace": return ended ? reject(Rejection.AlreadyEnded) : null;
    case "goto":
      if (state.status !== "running" && state.status !== "paused") return reject(Rejection.NotRunning, "goto");
      if (e.to <= state.time) return reject(Rejection.TimeBackwards, "goto");
      return e.to <= compiled.duration ? null : reject(Rejection.BadParams, "after_end");
    case "clock":
      if (state.status !== "running") return reject(Rejection.NotRunning, "clock");
      return e.to >= state.time ? null : reject(Rejection.TimeBackwards);
    case "inject_now":
      if (state.status !== "running" && state.status !== "paused") return reject(Rejection.NotRunning);
      return compiled.injects.has(e.inject) ? null : reject(Rejection.UnknownInject);
    case "improvise":
      if (state.status === "lobby" || ended) return reject(Rejection.NotRunning);
      if (!compiled.channels.has(e.channel)) return reject(Rejection.UnknownChannel);
      if (!compiled.personas.has(e.from)) return reject(Rejection.UnknownPersona);
      for (const r of e.to) if (!compiled.roles.has(r)) return reject(Rejection.UnknownRole);
      if (e.replyTo !== undefined && !state.actions.some((a) => a.id === e.replyTo)) return reject(Rejection.BadState, "unknown_action");
      return null;
    case "cancel":
      return state.pending.some((p) => p.inject === e.inject) ? null : reject(Rejection.NotPending);
    case "gauge":
      if (!compiled.gauges.has(e.gauge)) return reject(Rejection.UnknownGauge);
      if ((e.add === undefined) === (e.set === undefined)) return reject(Rejection.BadParams, "add_or_set");
      return ended ? reject(Rejection.AlreadyEnded) : null;
    case "phase":
      if (ended) return reject(Rejection.AlreadyEnded);
      return compiled.phases.has(e.phase) ? null : reject(Rejection.UnknownPhase);
    case "end": return ended ? reject(Rejection.AlreadyEnded) : null;
    case "action": return checkAction(compiled, state, e);
    case "approve": {
      const p = state.players[e.player];
      if (!p) return reject(Rejection.UnknownPlayer);
      if (!p.roles.includes(e.role)) return reject(Rejection.RoleNotHeld);
      const a = state.actions.find((x) => x.id === e.actionId);
      if (!a || a.status !== "proposed") return reject(Rejection.BadState, "nothing_to_approve");
      const approver = compiled.actions.get(a.action)?.source.approval;
      if (approver !== e.role) return reject(Rejection.RoleNotAllowed, "approve");
      return state.status === "running" ? null : reject(Rejection.NotRunning);
    }
  }
}

function checkAction(compiled: CompiledScenario, state: EngineState, e: Extract<LogPayload, { type: "action" }>): RejectionInfo | null {
  const p = state.players[e.player];
  if (!p) return reject(Rejection.UnknownPlayer);
  if (!p.roles.includes(e.role)) return reject(Rejection.RoleNotHeld);
  const action = compiled.actions.get(e.action);
  if (!action) return reject(Rejection.UnknownAction);
  const a = action.source;
  if (state.status === "ended" && !AFTER_END_ACTIONS.has(a.id)) return reject(Rejection.AlreadyEnded);
  if (state.status !== "running" && state.status !== "ended" && a.id !== "chat") return reject(Rejection.NotRunning);
  if (a.roles !== "all" && !a.roles.includes(e.role)) return reject(Rejection.RoleNotAllowed);
  if (a.once && state.actions.some((x) => x.action === a.id && x.status !== "refused")) return reject(Rejection.AlreadyTaken);
  if (e.replyTo !== undefined && !state.deliveries.some((d) => d.id === e.replyTo)) return reject(Rejection.BadParams, "unknown_message");
  const bad = checkParams(compiled, a.params, e.params ?? {});
  if (bad) return reject(Rejection.BadParams, bad);
  const call = a.id === ANSWER_CALL ? answerProblem(compiled, state, e.params?.phone_call, e.role) : null;
  return call ? reject(Rejection.BadState, call) : null;
}

/** Fold one entry into `state` (mutated). Refused entries change nothing but `seq`. */
export function applyEntry(compiled: CompiledScenario, state: EngineState, entry: LogPayload | LogEntry): Effect[] {
  const out: Effect[] = [];
  const rejection = checkEntry(compiled, state, entry);
  state.seq++;
  if (rejection) return [{ type: "rejected", ...rejection }];
  switch (entry.type) {
    case "open":
      state.rng = entry.seed >>> 0;
      if ((entry.engine ?? 1) >= 2) {
        state.engine = Math.min(entry.engine!, ENGINE_VERSION);
        state.machine = compiled.machine(state.engine).initial();
        state.events = 0;
      }
      break;
    case "join": {
      const p = state.players[entry.player];
      state.players[entry.player] = { id: entry.player, name: entry.name, roles: p?.roles ?? [], present: true };
      touch(compiled, state, "roles");
      out.push({ type: "roster", player: entry.player });
      break;
    }
    case "leave":
      if (state.players[entry.player]) state.players[entry.player].present = false;
      out.push({ type: "roster", player: entry.player });
      break;
    case "ready":
      state.players[entry.player].ready = entry.ready;
      out.push({ type: "roster", player: entry.player });
      break;
    case "assign": case "unassign": {
      const p = state.players[entry.player];
      p.roles = entry.type === "assign" ? [...new Set([...p.roles, entry.role])] : p.roles.filter((r) => r !== entry.role);
      touch(compiled, state, "roles");
      out.push({ type: "roster", player: entry.player });
      settle(compiled, state, out);
      break;
    }
    case "start":
      // The statechart's `started` action: the status, then the current phase's `onEnter`.
      sendMachine(compiled, state, { type: "START" }, out);
      advanceTo(compiled, state, state.time, out);
      settle(compiled, state, out);
      break;
    case "pause": sendMachine(compiled, state, { type: "PAUSE" }, out); out.push({ type: "status", status: "paused", at: state.time }); break;
    case "resume": sendMachine(compiled, state, { type: "RESUME" }, out); out.push({ type: "status", status: "running", at: state.time }); break;
    case "speed": state.speed = entry.speed; state.manualSpeed = true; out.push({ type: "speed", speed: entry.speed }); break;
    case "pace":
      state.factor = entry.factor;
      state.manualSpeed = false;
      setSpeed(state, paced(state.tempo, entry.factor), out);
      break;
    case "goto": advanceTo(compiled, state, entry.to, out, true); break;
    case "clock": advanceTo(compiled, state, entry.to, out); break;
    case "inject_now":
      cancelInject(state, entry.inject, []);
      deliverInject(compiled, state, entry.inject, out);
      settle(compiled, state, out);
      break;
    case "improvise":
      pushDelivery(compiled, state, {
        channel: entry.channel, from: entry.from, to: entry.to, recipients: resolveRecipients(compiled, state, entry.to),
        severity: entry.severity ?? "info", public: false, improvised: { subject: entry.subject, body: entry.body },
        ...(entry.replyTo !== undefined ? { replyTo: entry.replyTo } : {}),
      }, out, entry.deadline);
      settle(compiled, state, out);
      break;
    case "cancel": cancelInject(state, entry.inject, out); settle(compiled, state, out); break;
    case "gauge": setGauge(compiled, state, entry.gauge, entry, out); settle(compiled, state, out); break;
    case "phase": gotoPhase(compiled, state, entry.phase, out); settle(compiled, state, out); break;
    case "end": endSession(compiled, state, entry.reason ?? "instructor", out); break;
    case "action": {
      const action = compiled.actions.get(entry.action)!;
      const needsApproval = action.source.approval !== undefined && action.source.approval !== entry.role;
      const record: ActionRecord = {
        id: `a${state.actions.length + 1}`, seq: state.seq, at: state.time, player: entry.player, role: entry.role,
        action: entry.action, kind: action.source.kind,
        // A catalogue action addressed to a fixed persona records it, so `where: { to: … }` matches it too.
        params: action.source.to !== undefined && entry.params?.to === undefined ? { ...entry.params, to: action.source.to } : entry.params ?? {},
        ...(entry.replyTo !== undefined ? { replyTo: entry.replyTo } : {}),
        status: needsApproval ? "proposed" : "done",
      };
      if (!needsApproval) { const n = nextEvent(state); if (n !== undefined) record.n = n; }
      state.actions.push(record);
      out.push({ type: "action", action: record });
      if (record.status === "done") takeEffect(compiled, state, record, out);
      break;
    }
    case "approve": {
      const a = state.actions.find((x) => x.id === entry.actionId)!;
      a.status = entry.approve ? "done" : "refused";
      a.approvedBy = { player: entry.player, role: entry.role, at: state.time };
      if (a.status === "done") { const n = nextEvent(state); if (n !== undefined) a.n = n; }
      out.push({ type: "approval", action: a });
      if (a.status === "done") takeEffect(compiled, state, a, out);
      break;
    }
  }
  return out;
}

function takeEffect(compiled: CompiledScenario, state: EngineState, a: ActionRecord, out: Effect[]): void {
  const replies = drawReplies(compiled, state, a);
  if (replies.length > 0) a.replies = replies;
  indexAction(state, a);
  touch(compiled, state, `a:${a.action}`);
  touch(compiled, state, `k:${a.kind}`);
  if (state.status === "ended") { settleExpectations(compiled, state, out); return; }
  if (state.status !== "running") return;
  if (a.replyTo !== undefined && state.countdowns) settleCountdowns(compiled, state, out, a);
  applyEffects(compiled, state, compiled.actions.get(a.action)!.effects, `action:${a.id}`, out);
  settle(compiled, state, out);
}

/** Pure step: the next state and the effects, leaving `state` untouched. */
export function step(compiled: CompiledScenario, state: EngineState, entry: LogPayload | LogEntry): { state: EngineState; effects: Effect[] } {
  const next = structuredClone(state);
  const effects = applyEntry(compiled, next, entry);
  return { state: next, effects };
}

/** A replay is a fold over the log from the initial state. */
export function replay(compiled: CompiledScenario, log: readonly (LogPayload | LogEntry)[], onEffects?: (effects: Effect[], index: number) => void): EngineState {
  const state = createState(compiled);
  log.forEach((entry, i) => {
    const effects = applyEntry(compiled, state, entry);
    onEffects?.(effects, i);
  });
  return state;
}
