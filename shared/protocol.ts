import { z } from "zod";
import type { ActionRecord, Effect, ExpectationStatus, Status } from "./engine/types.js";
import { IMPROVISED_DEADLINE_MAX, IMPROVISED_DEADLINE_MIN, PACE_MAX, PACE_MIN } from "./engine/log.js";
import type { CellView, DeliveryView, ExpectationView, GaugeView, ScenarioBrief } from "./engine/view.js";
import type { LivePart } from "./engine/reveal.js";
import type { Competency } from "./scenario/schema.js";
import type { Level } from "./scoring/levels.js";
import type { CompetencyLines } from "./scoring/explain.js";
import type { RubricText } from "./scoring/rubric-text.js";
import type { CrisisSeries } from "./replay/series.js";
import { sanitizeText } from "./text/sanitize.js";
import type { Coded } from "./i18n/coded.js";

/**
 * The wire protocol between the browser and a crisis-cell room. Versioned,
 * discriminated unions, validated with zod on arrival (tldraw sync style).
 * Clients send intents; the server answers each with an ack and pushes
 * projected updates. Nothing here is trusted: the room re-checks everything.
 */
/** The largest message a client may send, measured on the raw frame (the version and its refusal: PROTOCOL_VERSION in protocol-codes.ts). */
export const MAX_MESSAGE_BYTES = 16 * 1024;

const Id = z.string().min(1).max(64);
/** Text typed by a person: at most `max` characters as sent, then cleaned (shared/text/sanitize.ts) before anything is checked or logged. */
const FreeText = (max: number, min = 0) => z.string().max(max).transform(sanitizeText).pipe(z.string().min(min, min > 0 ? "texte vide" : undefined));
/**
 * Any number passes here (msgpack carries NaN and ±Infinity too): the form's check (shared/engine/params.ts,
 * run before anything is logged) refuses what is not finite or out of range, naming the field by its label.
 */
const ParamValue = z.union([FreeText(12_000), z.custom<number>((v) => typeof v === "number", "nombre attendu"), z.boolean(), z.array(FreeText(500)).max(50)]);

/** What a player may ask for. `seq` is the last state sequence number the client saw. */
export const PlayerIntent = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("action"), role: Id, action: Id, params: z.record(z.string().max(64), ParamValue).default({}), replyTo: Id.optional() }),
  z.strictObject({ type: z.literal("approve"), role: Id, actionId: Id, approve: z.boolean() }),
  z.strictObject({ type: z.literal("take_role"), role: Id }),
  z.strictObject({ type: z.literal("release_role"), role: Id }),
  /** Ready to start (or no longer), in the lobby: logged as a `ready` entry, never as chat. */
  z.strictObject({ type: z.literal("ready"), ready: z.boolean() }),
]);
export type PlayerIntent = z.infer<typeof PlayerIntent>;

/** What an instructor may command (evaluators may not). */
export const StaffCommand = z.discriminatedUnion("type", [
  /** `force`: start although required roles are vacant (their traffic then goes to their fallback roles). */
  z.strictObject({ type: z.literal("start"), force: z.boolean().optional() }),
  z.strictObject({ type: z.literal("pause") }),
  z.strictObject({ type: z.literal("resume") }),
  /** An absolute speed: overrides the scenario's tempo for the rest of the game (prefer `pace`). */
  z.strictObject({ type: z.literal("speed"), speed: z.number().positive().max(1440) }),
  /** A multiplier of the scenario's tempo, for this cell (the console sends it to every cell for the whole session). */
  z.strictObject({ type: z.literal("pace"), factor: z.number().min(PACE_MIN).max(PACE_MAX) }),
  /** Move game time forward to `to` (game seconds since T+0): what is due on the way happens, in order. */
  z.strictObject({ type: z.literal("goto"), to: z.number().int().min(0) }),
  z.strictObject({ type: z.literal("inject_now"), inject: Id }),
  z.strictObject({ type: z.literal("improvise"), channel: Id, from: Id, to: z.array(Id).min(1).max(16),
    subject: FreeText(200, 1), body: FreeText(12_000, 1), replyTo: Id.optional(),
    severity: z.enum(["info", "warning", "critical"]).default("info"),
    /** A reply deadline on it, shown as a countdown to the roles it reaches (game seconds). */
    deadline: z.strictObject({ within: z.number().int().min(IMPROVISED_DEADLINE_MIN).max(IMPROVISED_DEADLINE_MAX),
      label: FreeText(200, 1).optional(), consequence: FreeText(500, 1).optional() }).optional() }),
  z.strictObject({ type: z.literal("cancel"), inject: Id }),
  z.strictObject({ type: z.literal("gauge"), gauge: Id, add: z.number().optional(), set: z.number().optional() }),
  z.strictObject({ type: z.literal("phase"), phase: Id }),
  z.strictObject({ type: z.literal("end"), reason: FreeText(500).optional() }),
  /** Seat a player in a role, or free the role (a student who left, a role to hand over). */
  z.strictObject({ type: z.literal("assign"), player: Id, role: Id }),
  z.strictObject({ type: z.literal("unassign"), player: Id, role: Id }),
]);
export type StaffCommand = z.infer<typeof StaffCommand>;

/** Client → server messages, by Colyseus message type. */
export const ClientMessages = {
  intent: z.strictObject({ id: Id, seq: z.number().int().min(0), intent: PlayerIntent }),
  command: z.strictObject({ id: Id, seq: z.number().int().min(0), command: StaffCommand }),
  annotate: z.strictObject({ id: Id, at: z.number().int().min(0), entry: z.number().int().min(0).optional(),
    competency: z.enum(["C4.1", "C4.2", "C4.3", "C4.4"]).optional(), text: FreeText(4000, 1) }),
} as const;
export type ClientMessageType = keyof typeof ClientMessages;

/** Who joins the `cell` room (roomId = cell id): a player's token from POST /api/join, or a staff token from GET /api/staff-token. */
export type JoinOptions = { token: string } | { staffToken: string };
/** Join options as sent: the seat's credentials and the client's `PROTOCOL_VERSION` (shared/net/cell-connection.ts adds it). */
export type JoinRequest = JoinOptions & { protocol: number };
/** The protocol version a join asked for; undefined for a client from before versioned joins. */
export function joinProtocol(options: unknown): number | undefined {
  const v = options && typeof options === "object" ? (options as { protocol?: unknown }).protocol : undefined;
  return typeof v === "number" ? v : undefined;
}

export { CloseReason, PROTOCOL_MISMATCH_STATUS, PROTOCOL_VERSION, ProtocolError, type ProtocolErrorCode } from "./protocol-codes.js";

/**
 * Server → client messages. A refusal is data, never prose: its code and
 * parameters (`detail` for the variant, labels in both languages, counts),
 * which the client translates into the reader's language
 * (shared/i18n/refusals.ts); and for `rate_limited` the wait in ms before the
 * same message may be sent again (`retryAfterMs`): the client waits, then
 * resends it with the same id (idempotent), so nothing is lost or doubled.
 */
export type Refusal = Coded & { retryAfterMs?: number };
export type Ack = { id: string; ok: true; seq: number } | ({ id: string; ok: false } & Refusal);

/** The per-seat message budget (a token bucket: `burst` at once, then `perSecond`), told in every view so clients pace themselves under it. */
export interface RateLimits { burst: number; perSecond: number }

/** An update projected for one viewer: only what that viewer may see. */
export type ViewUpdate =
  | { type: "status"; status: Status; at: number }
  | { type: "clock"; time: number; speed: number }
  | { type: "phase"; phase: string; name: CellView["phase"]["name"]; at: number }
  | { type: "gauge"; gauge: GaugeView["id"]; value: number; at: number }
  | { type: "delivery"; delivery: DeliveryView }
  /** What calls and posts show now, for the deliveries whose living parts changed (never a future line, count or reply). */
  | { type: "live"; deliveries: LivePart[] }
  | { type: "action"; action: ActionRecord }
  | { type: "roster"; players: CellView["players"] }
  | { type: "deadlines"; deadlines: CellView["deadlines"] }
  | { type: "countdowns"; countdowns: CellView["countdowns"] }
  | { type: "pacing"; pacing: CellView["pacing"] }
  | { type: "expectation"; expectation: string; status: ExpectationStatus; at: number }
  | { type: "end"; at: number; reason: string }
  // Staff only (instructors and evaluators):
  | { type: "pending"; pending: NonNullable<CellView["pending"]> }
  | { type: "trigger"; trigger: string; at: number; branch?: { id: string; outcome: string } }
  | { type: "expectations"; expectations: ExpectationView[] }
  | { type: "annotation"; annotation: AnnotationView };

/**
 * The debrief's levels, computed by the server with the full scorer
 * (`scoreCell` with the log's cause trace), the same numbers as the
 * evaluators' workspace and the RETEX report. A player gets the cell's levels
 * and their own, never another student's, each with its items in words
 * (evidence, outcomes, causes of misses, teaching notes: `shared/scoring/explain.ts`).
 * Sent from the end on.
 */
export interface LevelLine {
  competency: Competency; level: Level | null; mean: number | null; capped: boolean;
  /** A student's competency with none of their actions: "non évalué — aucune preuve". */
  noEvidence?: boolean;
  /** How many pieces of evidence the level rests on. */
  evidence?: number;
  /** How the level came about (the cell's lines): the two means and each generic indicator. */
  expectationMean?: number | null; indicatorMean?: number | null;
  indicators?: { id: string; label: { fr: string; en: string }; level: Level | null; critical: boolean; explanation: { fr: string; en: string } }[];
}
export interface DebriefLevels {
  cell: LevelLine[];
  you?: LevelLine[];
  /** Per competency, in words: the cell's items and (for a player) their own. */
  explained: { cell: CompetencyLines[]; you?: CompetencyLines[] };
  /** The player's latest self-assessment beside their computed levels, and the mean gap. */
  self?: { declared: Partial<Record<Competency, number>>; gap: number | null };
  /** The crisis over time, as this viewer may see it (shared/replay/series.ts). */
  series?: CrisisSeries;
}

/** An evaluator's or instructor's note on a moment of a cell (never part of the game log: it changes nothing in the game). */
export interface AnnotationView {
  id: string; cell: string; author: string; at: number; entry?: number; competency?: string; text: string; wall: number;
}

export interface ServerMessages {
  /** The full view, sent on join and reconnection (and again at the end, when expectations appear). `brief` is `scenarioBrief(compiled)` without a language. */
  view: {
    seq: number; view: CellView; brief: ScenarioBrief;
    you: { player: string; name: string; roles: string[]; staff?: "instructor" | "evaluator" };
    /** Staff only: the annotations of this cell so far. */
    annotations?: AnnotationView[];
    /** From the end on: the levels of the debrief. */
    levels?: DebriefLevels;
    /** The rubric in force in words: generic rules from the start, the scenario's expectations from the end on. */
    rubric?: RubricText;
    /** The level descriptors (0–3) of each competency, for the self-assessment, in the scenario's languages. */
    descriptors?: Record<Competency, { fr: string; en: string }[]>;
    /** The message budget of this seat: clients send (and resend) under it. */
    limits?: RateLimits;
  };
  /** Incremental updates after each accepted entry. */
  update: { seq: number; updates: ViewUpdate[] };
  ack: Ack;
  /** A refusal of something that had no usable id (a bad frame, a message without id). */
  error: Refusal;
}

export type { Effect };
