import type { CompiledScenario } from "../engine/compiled.js";
import { applyEntry, checkEntry, createState } from "../engine/engine.js";
import type { LogPayload } from "../engine/log.js";
import { seededRandom } from "../engine/rng.js";
import type { Effect, EngineState } from "../engine/types.js";
import { ENGINE_VERSION } from "../engine/version.js";
import { botPlayer, botTurn, chooseTargets, type Policy } from "./bots.js";

export interface SimulationOptions { seed: number; policy: Policy; tick?: number; maxTime?: number }
export interface SimulationResult {
  seed: number; policy: Policy; log: LogPayload[]; state: EngineState;
  deliveries: { at: number; inject: string; channel: string; to: string[] }[];
  triggers: { at: number; trigger: string; branch?: { id: string; outcome: string } }[];
  phases: { phase: string; at: number }[];
  /** Real minutes the session would last at the speeds in force (scenario tempo, no instructor change). */
  realMinutes: number;
}

/**
 * Play a scenario headless at full speed: one bot per role, clock advanced
 * by `tick` game seconds (5 game minutes by default), bots acting at each
 * tick under the policy. Pure: the same scenario, seed and policy always
 * give the same log and result.
 */
export function simulate(compiled: CompiledScenario, opts: SimulationOptions): SimulationResult {
  const tick = opts.tick ?? 300;
  const rand = seededRandom(opts.seed ^ 0x9e3779b9);
  const followed = new Set(compiled.expectations.filter(() => rand() < 0.5).map((e) => e.id));
  const ctx = { compiled, rand, policy: opts.policy, followed, ...(opts.policy === "explore" ? { targets: chooseTargets(compiled, rand) } : {}) };
  const state = createState(compiled);
  const log: LogPayload[] = [];
  const triggers: SimulationResult["triggers"] = [];
  const apply = (entry: LogPayload) => {
    // Bots may race each other (two approvals of one action): only accepted entries reach the log.
    if (checkEntry(compiled, state, entry)) return;
    const effects: Effect[] = applyEntry(compiled, state, entry);
    log.push(entry);
    for (const fx of effects) if (fx.type === "trigger") triggers.push({ at: fx.at, trigger: fx.trigger, ...(fx.branch ? { branch: fx.branch } : {}) });
  };
  apply({ type: "open", seed: opts.seed >>> 0, engine: ENGINE_VERSION });
  for (const role of compiled.roles.keys()) {
    apply({ type: "join", player: botPlayer(role), name: `Bot ${role}` });
    apply({ type: "assign", player: botPlayer(role), role });
  }
  apply({ type: "start" });
  const limit = Math.min(opts.maxTime ?? Infinity, compiled.duration);
  let realSeconds = 0;
  while (state.status === "running") {
    for (const entry of botTurn(ctx, state)) apply(entry);
    if (state.status !== "running" || state.time >= limit) break;
    // Speed is game minutes per real minute; it can change inside a tick, so count per game second span.
    const before = state.time, speed = state.speed;
    apply({ type: "clock", to: Math.min(limit, state.time + tick) });
    realSeconds += (state.time - before) / speed;
  }
  if (state.status === "ended" && opts.policy !== "idle") {
    for (const role of compiled.roles.keys()) {
      apply({ type: "action", player: botPlayer(role), role, action: "retex",
        params: { faits: "Chronologie relue.", analyse: "Écarts identifiés.", forts: "Coordination.", ameliorations: "Anticipation.", plan: "Former l'équipe." } });
    }
  }
  return {
    seed: opts.seed, policy: opts.policy, log, state, triggers, phases: state.phases,
    realMinutes: Math.round(realSeconds / 6) / 10,
    deliveries: state.deliveries.map((d) => ({ at: d.at, inject: d.inject ?? "(improvisé)", channel: d.channel, to: d.recipients })),
  };
}
