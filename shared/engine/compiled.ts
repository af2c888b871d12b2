import type { Action, Channel, Competency, Gauge, Inject, Persona, Phase, Role, Scenario } from "../scenario/schema.js";
import type { ActionKind, EngineMachine, ParamValue } from "./types.js";

/** Every condition the engine evaluates, indexed by what it reads (deps.ts builds it while compiling). */
export interface Roots {
  /** Every condition the engine evaluates, by root number. */
  list: CCondition[];
  /** Dependency key → roots that read it. */
  deps: Map<string, number[]>;
  /** Roots whose truth can change with time alone. */
  timed: boolean[];
  /** The numbers of those roots. */
  timedList: number[];
}

/**
 * Conditions with times resolved to game seconds, lists normalised and named
 * conditions (`ref`) inlined; `name` keeps the name a `ref` gave the node.
 */
export type CCondition = (
  | { k: "all"; of: CCondition[] }
  | { k: "any"; of: CCondition[] }
  | { k: "not"; of: CCondition }
  | { k: "after"; t: number }
  | { k: "before"; t: number }
  | CActionAtom
  | { k: "gauge"; id: string; below?: number; above?: number; atMost?: number; atLeast?: number }
  | { k: "phase"; phases: string[] }
  | { k: "delivered"; inject: string; for: number }
  | { k: "expectation"; id: string; status: string }
  | { k: "role"; id: string; staffed: boolean }
  | { k: "branch"; id: string; outcomes?: string[] }
  | { k: "volume"; inject: string; below?: number; above?: number; atMost?: number; atLeast?: number }
  | { k: "sequence"; of: CCondition[]; within?: number }
  | { k: "first"; of: CCondition[] }
  | { k: "elapsed"; since: CCondition; for: number }
) & { name?: string };

/**
 * An action atom. `since` (an inject id) and `after` / `before` are the
 * version-1 filters; `sinceEvent` opens the window at an event's moment;
 * `lines` asks for at least N non-empty lines in text fields.
 */
export interface CActionAtom {
  k: "action"; id?: string; kind?: ActionKind; roles?: string[]; where?: Record<string, ParamValue>;
  before?: number; after?: number; since?: string; sinceEvent?: CCondition; within?: number; count: number;
  lines?: Record<string, number>;
}

export type CEffect =
  | { k: "inject"; inject: string; delay: number }
  | { k: "gauge"; id: string; add?: number; set?: number }
  | { k: "phase"; phase: string }
  | { k: "cancel"; inject: string }
  | { k: "end"; reason: string }
  | { k: "speed"; speed: number }
  | { k: "volume"; inject: string; scale: number };

export interface CTrigger { id: string; when: CCondition; then: CEffect[]; once: boolean; chance: number; branch?: { id: string; outcome: string }; root: number }
export interface CExpectation {
  id: string; competency: Competency; condition: CCondition; weight: number; critical: boolean; roles: string[]; root: number;
  start: { at: number } | { inject: string } | { action: string };
  deadline?: number; lateUntil?: number; visible: boolean;
  /** Met by debrief actions (RETEX, self-assessment) that happen after the end: stays open after FINEX. */
  afterEnd: boolean;
  source: Scenario["expectations"][number];
}
export interface CPhase { id: string; transitions: { to: string; when: CCondition; root: number }[]; onEnter: CEffect[]; final: boolean; source: Phase }
export interface CAction { source: Action; effects: CEffect[] }
export interface CEnd { id: string; when: CCondition; outcome: string; root: number }
/** An inject's reply deadline: `until` indexed as a root (absent: a recipient's reply stops it). */
export interface CCountdown { within: number; until?: { when: CCondition; root: number }; expired: CEffect[] }
/** A tempo change known in advance: a trigger on time alone (`when: { after: … }`) whose effects set the speed. */
export interface CTempoStep { at: number; speed: number; trigger: string }
/** An inject's volume curve in seconds. */
export interface CVolume { from: number; to: number; over: number; shape: "linear" | "exponential" | "logistic" | "step" }

/** A scenario ready to play: everything the engine needs, looked up by id. */
export interface CompiledScenario {
  scenario: Scenario;
  duration: number;
  clockStart: number;
  roles: Map<string, Role>;
  personas: Map<string, Persona>;
  channels: Map<string, Channel>;
  gauges: Map<string, Gauge>;
  injects: Map<string, Inject>;
  /** Timeline injects (with `at`), in time order then file order. */
  timeline: { inject: string; at: number }[];
  phases: Map<string, CPhase>;
  initialPhase: string;
  triggers: CTrigger[];
  actions: Map<string, CAction>;
  expectations: CExpectation[];
  end: CEnd[];
  /** Volume curves by inject. */
  volumes: Map<string, CVolume>;
  /** Reply deadlines by inject. */
  countdowns: Map<string, CCountdown>;
  /** By phase: the time by which it surely hands over to a final phase (its exit window closes), when one is certain. */
  exitBy: Map<string, number>;
  /** The tempo changes known in advance, by time (for the estimate of real time left). */
  tempoPlan: CTempoStep[];
  /** Game seconds between two public replies to a post of the cell (`social.spacing`; 0 without `social:`). */
  socialSpacing: number;
  /** Branch points: id → outcome triggers, in file order. */
  branchPoints: Map<string, CTrigger[]>;
  /**
   * Every condition the engine evaluates (transitions, triggers, expectations,
   * end conditions), by root number, with what it depends on (see deps.ts).
   */
  roots: Roots;
  /** The engine's statechart, one per engine version (see machine.ts). */
  machine(version: number): EngineMachine;
}
