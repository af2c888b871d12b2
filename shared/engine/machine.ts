import { setup, transition } from "xstate";
import type { CPhase, CTrigger } from "./compiled.js";
import type { EngineMachine, MachineAction, MachineEvent, MachineValue, Status } from "./types.js";

/**
 * The engine's model: one XState v5 statechart with parallel regions —
 * `session` (lobby → running ⇄ paused → ended), `phase` (the scenario's
 * phases; guarded SETTLE transitions, GOTO.<phase> to force one) and, under
 * `branches`, one region per branch point ("@open", then its outcome; FIRE.<trigger>
 * decides it). Effects are machine actions returned by the pure
 * `transition()` and applied by the engine as data: `started` (the current
 * phase's `onEnter`), `entered` (a phase's `onEnter`, and the end when it is
 * final), `fired` (an outcome trigger's `then`). Nothing here runs an actor,
 * a timer or a clock.
 *
 * Guards are evaluated once: the engine evaluates the phase's transition
 * conditions (with its dependency cache) and sends SETTLE with the first that
 * holds; the guard only compares. In version 2 a branch region leaves "@open"
 * once and only once — a branch point takes at most one outcome per run; the
 * version-1 machine lets a later outcome replace an earlier one, as version 1 did.
 */

export const OPEN = "@open";
export type { EngineMachine, MachineAction, MachineEvent };

interface Spec { id: string; phases: CPhase[]; initial: string; branchPoints: Map<string, CTrigger[]> }

function config(spec: Spec, version: number) {
  const entered = (phase: string) => [{ type: "entered", params: { phase } }];
  const phases: Record<string, object> = {};
  for (const p of spec.phases) {
    if (phases[p.id]) continue;
    const on: Record<string, unknown> = {
      SETTLE: p.transitions.map((t) => ({
        target: t.to, guard: { type: "holds", params: { root: t.root } }, ...(t.to !== p.id ? { actions: entered(t.to) } : {}),
      })),
    };
    for (const q of spec.phases) if (q.id !== p.id) on[`GOTO.${q.id}`] = { target: q.id, actions: entered(q.id) };
    phases[p.id] = { on, ...(p.final ? { tags: ["final"] } : {}), meta: { final: p.final } };
  }
  const branches: Record<string, object> = {};
  for (const [id, triggers] of spec.branchPoints) {
    const fire = Object.fromEntries(triggers.map((t) => [`FIRE.${t.id}`, { target: t.branch!.outcome, actions: [{ type: "fired", params: { trigger: t.id } }] }]));
    const states: Record<string, object> = { [OPEN]: { on: fire } };
    for (const t of triggers) states[t.branch!.outcome] = version >= 2 ? {} : { on: fire };
    branches[id] = { initial: OPEN, states };
  }
  const session = {
    initial: "lobby",
    states: {
      lobby: { on: { START: { target: "running", actions: [{ type: "started" }] }, END: "ended" } },
      running: { on: { PAUSE: "paused", END: "ended" } },
      paused: { on: { RESUME: "running", END: "ended" } },
      ended: { type: "final" },
    },
  };
  return {
    id: spec.id, type: "parallel",
    states: {
      session, phase: { initial: spec.initial, states: phases },
      ...(branches && Object.keys(branches).length > 0 ? { branches: { type: "parallel", states: branches } } : {}),
    },
  };
}

export function buildMachine(spec: Spec, version: number): EngineMachine {
  const machine = setup({
    types: { events: {} as MachineEvent },
    guards: { holds: ({ event }, params: { root: number }) => event.type === "SETTLE" && event.held === params.root },
  }).createMachine(config(spec, version) as never);
  type Snapshot = ReturnType<typeof machine.resolveState>;
  const snapshots = new Map<string, Snapshot>();
  const memo = new Map<string, { value: MachineValue; actions: MachineAction[] } | null>();
  const snapshotOf = (value: MachineValue, key: string): Snapshot => {
    let s = snapshots.get(key);
    if (!s) { s = machine.resolveState({ value, context: {} } as never); snapshots.set(key, s); }
    return s;
  };
  const hasBranches = spec.branchPoints.size > 0;
  return {
    /** The XState machine itself: `graph` and the studio draw from it. */
    machine,
    version,
    /** The configuration before anything happened. */
    initial(): MachineValue {
      return { session: "lobby", phase: spec.initial, ...(hasBranches ? { branches: Object.fromEntries([...spec.branchPoints.keys()].map((b) => [b, OPEN])) } : {}) };
    },
    /**
     * The pure transition, memoised (the machine has no context: a result
     * depends on the configuration and the event only). Null when the event
     * changes nothing (the statechart refuses it, or it leads where it was).
     */
    send(value: MachineValue, event: MachineEvent): { value: MachineValue; actions: MachineAction[] } | null {
      const key = JSON.stringify(value);
      const memoKey = `${key}|${event.type}${event.type === "SETTLE" ? `:${(event as { held: number }).held}` : ""}`;
      const hit = memo.get(memoKey);
      if (hit !== undefined) return hit;
      const [next, actions] = transition(machine, snapshotOf(value, key), event as never);
      const v = next.value as { session: Status; phase: string; branches?: Record<string, string> };
      const out: MachineValue = { session: v.session, phase: v.phase, ...(v.branches ? { branches: { ...v.branches } } : {}) };
      const acts = actions.filter((a) => ["started", "entered", "fired"].includes(a.type))
        .map((a) => ({ type: a.type, ...(a.params as object) }) as unknown as MachineAction);
      const result = acts.length === 0 && JSON.stringify(out) === key ? null : { value: out, actions: acts };
      if (memo.size > 20_000) memo.clear();
      memo.set(memoKey, result);
      return result;
    },
  };
}

