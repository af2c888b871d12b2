import { z } from "zod";
import { ENGINE_VERSION } from "./version.js";

/**
 * Log entries: the only inputs of the engine. The server validates each one,
 * appends it to the durable log, then folds it into the state. A replay is
 * the same fold from `createState(scenario, seed)`.
 *
 * `at` fields are game seconds; `seq`, `wall` and `by` are stamped by the log
 * (the engine never reads `wall`).
 */
const Id = z.string().min(1).max(64);
const Roles = z.array(Id).min(1).max(16);
/** Bounds of the instructor's tempo multiplier. */
export const PACE_MIN = 0.1;
export const PACE_MAX = 100;
/** Bounds of an improvised reply deadline, in game seconds: a minute to a week. */
export const IMPROVISED_DEADLINE_MIN = 60;
export const IMPROVISED_DEADLINE_MAX = 7 * 24 * 3600;
/** A reply deadline the instructor puts on an improvised inject: within how long, what the countdown says, what happens if missed (words only). */
const ImprovisedDeadline = z.strictObject({
  within: z.number().int().min(IMPROVISED_DEADLINE_MIN).max(IMPROVISED_DEADLINE_MAX),
  label: z.string().min(1).max(200).optional(),
  consequence: z.string().min(1).max(500).optional(),
});
const ParamValue = z.union([z.string().max(16_000), z.number(), z.boolean(), z.array(z.string().max(500)).max(50)]);

export const ENTRY_TYPES = [
  "open", "join", "leave", "assign", "unassign", "ready", "start", "pause", "resume", "speed", "pace", "goto", "clock",
  "inject_now", "improvise", "cancel", "gauge", "phase", "end", "action", "approve",
] as const;

export const LogPayload = z.discriminatedUnion("type", [
  /**
   * First entry of every log: the seed of the session's random generator and
   * the engine version that plays it (absent: version 1, the logs written
   * before versions were stamped; a later version than this engine's is refused).
   */
  z.strictObject({ type: z.literal("open"), seed: z.number().int().min(0).max(0xffffffff), engine: z.number().int().min(1).max(ENGINE_VERSION).optional() }),
  z.strictObject({ type: z.literal("join"), player: Id, name: z.string().min(1).max(60) }),
  z.strictObject({ type: z.literal("leave"), player: Id }),
  z.strictObject({ type: z.literal("assign"), player: Id, role: Id }),
  z.strictObject({ type: z.literal("unassign"), player: Id, role: Id }),
  /**
   * A player says they are ready to start (or no longer are), in the lobby: an event of its own, never a chat
   * line, so each reader sees it in their language and scoring never counts it. Logs written before it carried
   * readiness as chat lines starting with ✔/✖: those stay chat, and replay as they always did.
   */
  z.strictObject({ type: z.literal("ready"), player: Id, ready: z.boolean() }),
  z.strictObject({ type: z.literal("start") }),
  z.strictObject({ type: z.literal("pause") }),
  z.strictObject({ type: z.literal("resume") }),
  /** An absolute speed (game minutes per real minute) that overrides the scenario's tempo from then on (the older control; see `pace`). */
  z.strictObject({ type: z.literal("speed"), speed: z.number().positive().max(1440) }),
  /** The instructor's multiplier of the scenario's tempo: speed = tempo × factor, and the tempo's later changes still apply. */
  z.strictObject({ type: z.literal("pace"), factor: z.number().min(PACE_MIN).max(PACE_MAX) }),
  /** The instructor moves game time forward to `to` (running or paused): everything due on the way happens, in order. */
  z.strictObject({ type: z.literal("goto"), to: z.number().int().min(0) }),
  /** Game time advances only through these: `to` is the new game time in seconds. */
  z.strictObject({ type: z.literal("clock"), to: z.number().int().min(0) }),
  z.strictObject({ type: z.literal("inject_now"), inject: Id }),
  /** An inject written on the spot by the instructor, as any persona, to any roles. */
  z.strictObject({
    type: z.literal("improvise"),
    channel: Id, from: Id, to: Roles,
    subject: z.string().min(1).max(200), body: z.string().min(1).max(16_000),
    replyTo: Id.optional().describe("Action du joueur à laquelle le persona répond"),
    severity: z.enum(["info", "warning", "critical"]).default("info"),
    deadline: ImprovisedDeadline.optional(),
  }),
  z.strictObject({ type: z.literal("cancel"), inject: Id }),
  z.strictObject({ type: z.literal("gauge"), gauge: Id, add: z.number().optional(), set: z.number().optional() }),
  z.strictObject({ type: z.literal("phase"), phase: Id }),
  z.strictObject({ type: z.literal("end"), reason: z.string().max(500).optional() }),
  /** A player output: a catalogue action taken by `player` as `role`. */
  z.strictObject({
    type: z.literal("action"),
    player: Id, role: Id, action: Id,
    params: z.record(z.string().max(64), ParamValue).default({}),
    replyTo: Id.optional().describe("Remise (delivery) à laquelle on répond"),
  }),
  /** Approval (or refusal) of an action awaiting a role's approval. */
  z.strictObject({ type: z.literal("approve"), player: Id, role: Id, actionId: Id, approve: z.boolean() }),
]);
export type LogPayload = z.infer<typeof LogPayload>;
export type LogPayloadInput = z.input<typeof LogPayload>;

/** Who caused an entry (kept for audit and replay; the engine ignores it). */
export const Author = z.strictObject({
  kind: z.enum(["player", "instructor", "evaluator", "system"]),
  id: z.string().max(64),
});

export type LogEntry = LogPayload & { seq: number; wall?: number; by?: z.infer<typeof Author> };
