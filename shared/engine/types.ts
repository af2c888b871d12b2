import type { ActionKind, Competency } from "../scenario/schema.js";
import type { Text } from "../scenario/text.js";
import type { CodedParams } from "../i18n/coded.js";

/** Session status, the engine's outer statechart region. */
export type Status = "lobby" | "running" | "paused" | "ended";
export type ExpectationStatus = "pending" | "met" | "late" | "missed";
export type Severity = "info" | "warning" | "critical";
export type ParamValue = string | number | boolean | string[];

/** An inject that reached roles. Content is resolved from the scenario or, when improvised, kept here. */
export interface Delivery {
  id: string;               // "d1", "d2"… in delivery order
  inject?: string;          // scenario inject id; absent when improvised
  at: number;               // game seconds (the scheduled time, never the clock tick's)
  channel: string;
  from: string;             // persona id
  to: string[];             // roles addressed
  recipients: string[];     // roles that actually received it (vacant roles → fallback)
  severity: Severity;
  improvised?: { subject: string; body: string };
  replyTo?: string;         // action id this answers (the instructor replying as a persona)
  public: boolean;
  shares?: number;
  place?: string;
  /** Engine version 2: the order in which the engine recorded it (see `EngineState.events`). */
  n?: number;
}

/** A pending delivery: a timeline inject or a delayed trigger effect. */
export interface Pending {
  key: string;              // stable key: "t:<inject>" for timeline, "p<n>" otherwise
  inject: string;
  at: number;
  cause: string;            // "timeline", "trigger:<id>", "action:<id>", "phase:<id>"
}

export interface ActionRecord {
  id: string;               // "a1", "a2"…
  seq: number;              // log entry that recorded it
  at: number;               // game seconds
  player: string;
  role: string;
  action: string;
  kind: ActionKind;
  params: Record<string, ParamValue>;
  replyTo?: string;
  /** done: in effect; proposed: awaiting approval; refused: approval denied. */
  status: "done" | "proposed" | "refused";
  approvedBy?: { player: string; role: string; at: number };
  /** Engine version 2: the order in which it took effect (recorded done, or approved). */
  n?: number;
  /** A post from the cell's official account: the public's replies it drew (social.ts), each shown from its `at`. */
  replies?: PublicReply[];
}

export interface ExpectationState {
  status: ExpectationStatus;
  startedAt?: number;       // when the deadline clock started (undefined: not yet)
  dueAt?: number;
  resolvedAt?: number;
  evidence: string[];       // action ids (or delivery ids) that satisfied it
}

/**
 * A reply deadline running on one delivery (the inject's `deadline`): open
 * until a recipient replies (or its `until` holds), expired at `dueAt`
 * otherwise. Created at delivery, so states of scenarios without deadlines
 * keep their shape.
 */
export interface CountdownState {
  delivery: string;         // the delivery it runs on ("d3")
  /** The scenario inject whose `deadline` it is; absent for an improvised inject's deadline (then `improvised`). */
  inject?: string;
  /** An instructor's deadline on an improvised inject: what the countdown says and what follows if missed (words only, no effect). */
  improvised?: { label?: string; consequence?: string };
  dueAt: number;            // game seconds
  status: "open" | "answered" | "expired";
  resolvedAt?: number;
  /** The reply (action id) that stopped it, when one did. */
  by?: string;
}

/** `ready`: said in the lobby (a `ready` entry); absent until the player first says it, so states of older logs are unchanged. */
export interface PlayerState { id: string; name: string; roles: string[]; present: boolean; ready?: boolean }

/**
 * The whole state of one crisis cell. Plain JSON: it can be snapshotted,
 * hashed and compared. The engine mutates a state it owns (see `applyEntry`);
 * `step` is the pure wrapper.
 */
export interface EngineState {
  scenario: string;
  seq: number;              // entries applied
  /**
   * The engine version the log was opened with (its `open` entry); absent:
   * version 1, whose states keep exactly the shape version 1 wrote, so the
   * checkpoints it recorded still verify. Fields marked "v2" exist only from 2.
   */
  engine?: number;
  /** v2: the statechart's snapshot value (machine.ts); `status`, `phase` and `branches` mirror it for readers. */
  machine?: MachineValue;
  /** v2: events recorded so far (actions taking effect, deliveries, branch outcomes): their `n`, the log's order. */
  events?: number;
  /** v2: scale changes of volume curves, by inject, in time order. */
  volumes?: Record<string, { at: number; scale: number }[]>;
  status: Status;
  time: number;             // game seconds
  speed: number;            // game minutes per real minute
  /** The scenario's own tempo (its `speed:` effects). */
  tempo: number;
  /**
   * True after an absolute `speed` entry: the instructor's speed then wins over the tempo for
   * good (the older control). A `pace` entry sets `factor` and gives the tempo back.
   */
  manualSpeed: boolean;
  /** The instructor's multiplier of the authored tempo (`pace` entries): speed = tempo × factor. Absent: 1. */
  factor?: number;
  /** Reply deadlines of delivered injects, in delivery order (absent until the first one). */
  countdowns?: CountdownState[];
  phase: string;
  phases: { phase: string; at: number }[];
  rng: number;              // mulberry32 state, seeded by the "open" entry
  gauges: Record<string, number>;
  players: Record<string, PlayerState>;
  deliveries: Delivery[];
  pending: Pending[];       // sorted by at, then insertion
  nextPending: number;
  actions: ActionRecord[];
  fired: Record<string, number>;            // trigger id → times fired
  latched: Record<string, boolean>;         // trigger id → condition held at the last settle (edge detection)
  branches: Record<string, { outcome: string; at: number; trigger: string; n?: number }>;
  expectations: Record<string, ExpectationState>;
  delivered: Record<string, number>;        // inject id → first delivery time
  ended?: { at: number; reason: string; condition?: string };
}

/** The statechart's configuration: session lifecycle, phase, and each branch point ("open" or its outcome). */
export interface MachineValue { session: Status; phase: string; branches?: Record<string, string> }
export type MachineEvent =
  | { type: "START" | "PAUSE" | "RESUME" | "END" }
  | { type: "SETTLE"; held: number }
  | { type: `GOTO.${string}` }
  | { type: `FIRE.${string}` };
export type MachineAction = { type: "started" } | { type: "entered"; phase: string } | { type: "fired"; trigger: string };

/**
 * The engine's statechart as the engine uses it (machine.ts builds it): the
 * XState machine, for drawing; its initial configuration; the pure,
 * memoised transition (null when the event changes nothing). Declared here,
 * with the state it moves, so the compiled scenario can hold one without
 * importing the builder that reads the compiled scenario.
 */
export interface EngineMachine {
  /** The XState machine itself (`graph` and the studio walk its `root` node). */
  machine: { readonly root: unknown };
  version: number;
  initial(): MachineValue;
  send(value: MachineValue, event: MachineEvent): { value: MachineValue; actions: MachineAction[] } | null;
}

/** A public reply to one of the cell's posts (social.ts draws them). */
export type Tone = "supportive" | "neutral" | "hostile";
export interface PublicReply { at: number; tone: Tone; handle: string; text: Text }

/** What a step did, as data: the server broadcasts these; the replay viewer lists them. */
export type Effect =
  | { type: "status"; status: Status; at: number }
  | { type: "speed"; speed: number }
  | { type: "clock"; at: number }
  | { type: "delivery"; delivery: Delivery }
  | { type: "scheduled"; pending: Pending }
  | { type: "cancelled"; inject: string; at: number }
  | { type: "gauge"; gauge: string; from: number; to: number; at: number }
  | { type: "phase"; from: string; to: string; at: number }
  | { type: "action"; action: ActionRecord }
  | { type: "approval"; action: ActionRecord }
  | { type: "trigger"; trigger: string; at: number; branch?: { id: string; outcome: string } }
  | { type: "expectation"; expectation: string; status: ExpectationStatus; at: number }
  | { type: "roster"; player: string }
  | { type: "countdown"; countdown: CountdownState }
  | { type: "end"; at: number; reason: string }
  | ({ type: "rejected" } & RejectionInfo);

/** Why an entry was refused. `as const` object + derived union (tldraw style). */
export const Rejection = {
  NotRunning: "not_running",
  NotStarted: "not_started",
  AlreadyEnded: "ended",
  UnknownPlayer: "unknown_player",
  RoleNotHeld: "role_not_held",
  RoleNotAllowed: "role_not_allowed",
  UnknownRole: "unknown_role",
  UnknownAction: "unknown_action",
  UnknownInject: "unknown_inject",
  UnknownGauge: "unknown_gauge",
  UnknownPhase: "unknown_phase",
  UnknownChannel: "unknown_channel",
  UnknownPersona: "unknown_persona",
  BadParams: "bad_params",
  AlreadyTaken: "already_taken",
  NotPending: "not_pending",
  TimeBackwards: "time_backwards",
  BadState: "bad_state",
} as const;
export type RejectionCode = (typeof Rejection)[keyof typeof Rejection];
/** Why an entry was refused, as data: the code and its parameters (`detail` for the variant), translated by the reader (shared/i18n/refusals.ts). */
export interface RejectionInfo { code: RejectionCode; params?: CodedParams }

export type { ActionKind, Competency };
