import type { Action, Channel, Competency, Gauge, Inject, Persona, Phase, Role, Scenario } from "../scenario/schema.js";
import type { ActionKind, ParamValue } from "./types.js";

/** Conditions with times resolved to game seconds and lists normalised. */
export type CCondition =
  | { k: "all"; of: CCondition[] }
  | { k: "any"; of: CCondition[] }
  | { k: "not"; of: CCondition }
  | { k: "after"; t: number }
  | { k: "before"; t: number }
  | { k: "action"; id?: string; kind?: ActionKind; roles?: string[]; where?: Record<string, ParamValue>;
      before?: number; after?: number; since?: string; within?: number; count: number }
  | { k: "gauge"; id: string; below?: number; above?: number; atMost?: number; atLeast?: number }
  | { k: "phase"; phases: string[] }
  | { k: "delivered"; inject: string; for: number }
  | { k: "expectation"; id: string; status: string }
  | { k: "role"; id: string; staffed: boolean };

export type CEffect =
  | { k: "inject"; inject: string; delay: number }
  | { k: "gauge"; id: string; add?: number; set?: number }
  | { k: "phase"; phase: string }
  | { k: "cancel"; inject: string }
  | { k: "end"; reason: string }
  | { k: "speed"; speed: number };

export interface CTrigger { id: string; when: CCondition; then: CEffect[]; once: boolean; chance: number; branch?: { id: string; outcome: string } }
export interface CExpectation {
  id: string; competency: Competency; condition: CCondition; weight: number; critical: boolean; roles: string[];
  start: { at: number } | { inject: string } | { action: string };
  deadline?: number; lateUntil?: number; visible: boolean;
  /** Met by debrief actions (RETEX, self-assessment) that happen after the end: stays open after FINEX. */
  afterEnd: boolean;
  source: Scenario["expectations"][number];
}
export interface CPhase { id: string; transitions: { to: string; when: CCondition }[]; onEnter: CEffect[]; final: boolean; source: Phase }
export interface CAction { source: Action; effects: CEffect[] }
export interface CEnd { id: string; when: CCondition; outcome: string }

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
  /** Every absolute time named in a condition, sorted: moments the engine must visit. */
  conditionTimes: number[];
  /** Delivery-relative offsets named in conditions (`delivered.for`, `within`), by inject. */
  relativeTimes: Map<string, number[]>;
  /** The XState machine of the phases (see machine.ts). */
  phaseMachine: import("./machine.js").PhaseMachine;
}
