import { setup, transition } from "xstate";
import type { CCondition, CompiledScenario, CPhase } from "./compiled.js";
import { evaluate } from "./conditions.js";
import type { EngineState } from "./types.js";

/**
 * The scenario's phases compiled to an XState v5 statechart. Each phase is a
 * state; each `transitions` entry is a guarded transition on the EVALUATE
 * event (the guard evaluates the scenario condition against the engine state
 * carried by the event); `GOTO.<phase>` events force a phase (a trigger's
 * `phase:` effect or the instructor). The engine only ever calls the pure
 * `transition()`: no actor, no timers, nothing that reads a clock.
 */
type PhaseEvent =
  | { type: "EVALUATE"; state: EngineState; compiled: CompiledScenario }
  | { type: `GOTO.${string}` };

export function buildPhaseMachine(id: string, phases: CPhase[], initial: string) {
  const states: Record<string, object> = {};
  for (const p of phases) {
    states[p.id] = {
      ...(p.final ? { tags: ["final"] } : {}),
      on: {
        EVALUATE: p.transitions.map((t) => ({ target: t.to, guard: { type: "holds", params: { when: t.when } } })),
      },
    };
  }
  const on: Record<string, string> = {};
  for (const p of phases) on[`GOTO.${p.id}`] = `.${p.id}`;
  const machine = setup({
    types: { events: {} as PhaseEvent },
    guards: {
      holds: ({ event }, params: { when: CCondition }) =>
        event.type === "EVALUATE" && evaluate(params.when, event.state, event.compiled),
    },
  }).createMachine({ id, initial, on, states } as never);

  // Snapshots of a context-free machine depend only on the phase: resolve each once.
  type Snapshot = ReturnType<typeof machine.resolveState>;
  const snapshots = new Map<string, Snapshot>();
  for (const p of phases) snapshots.set(p.id, machine.resolveState({ value: p.id, context: {} } as never));
  const transitionsOf = new Map(phases.map((p) => [p.id, p.transitions]));

  return {
    machine,
    /** The phase reached from `phase` by the first transition whose condition holds, if any. */
    evaluate(phase: string, state: EngineState, compiled: CompiledScenario): string | undefined {
      // Most steps change no phase: check the guards first and ask the statechart only when one holds.
      const transitions = transitionsOf.get(phase);
      if (!transitions || !transitions.some((t) => evaluate(t.when, state, compiled))) return undefined;
      const [next] = transition(machine, snapshots.get(phase)!, { type: "EVALUATE", state, compiled } as never);
      const value = next.value as string;
      return value !== phase ? value : undefined;
    },
    /** Force a phase: the statechart decides whether it exists. */
    goto(phase: string, target: string): string | undefined {
      const from = snapshots.get(phase);
      if (!from) return undefined;
      const [next] = transition(machine, from, { type: `GOTO.${target}` } as never);
      const value = next.value as string;
      return value !== phase ? value : undefined;
    },
  };
}
export type PhaseMachine = ReturnType<typeof buildPhaseMachine>;
