import type { Param } from "../scenario/schema.js";
import type { CCondition, CompiledScenario } from "../engine/compiled.js";
import { actionAtoms, engineWorld, firstMoment, holds, positiveActionAtoms, matchingActions } from "../engine/conditions.js";
import { checkEntry, step } from "../engine/engine.js";
import { ANSWER_CALL } from "../scenario/builtins.js";
import { ringingCalls } from "../engine/calls.js";
import type { LogPayload } from "../engine/log.js";
import type { EngineState, ParamValue } from "../engine/types.js";

/**
 * Bot players for headless play-tests. A policy looks at the state and says
 * which entries its bots send at this tick. Bots only ever produce entries the
 * engine accepts (each one is checked), and draw from their own seeded
 * generator, so a simulation is reproducible from its seed.
 *
 * - expected: take, soon after each expectation starts, the actions its
 *   condition names (with the parameter values it requires);
 * - explore: aim, for each branch point, at one outcome drawn from the seed,
 *   and take the actions its trigger's condition names (nothing when the
 *   outcome is an absence), at a moment that makes it hold; meet the
 *   expectations but never with an action an aimed outcome forbids: over
 *   seeds, every outcome a bot can reach, including those decided by others;
 * - random: every role now and then takes a random permitted action;
 * - partial: follows each expectation or not, by a coin per expectation;
 * - idle: does nothing.
 */
export const POLICIES = ["expected", "explore", "random", "partial", "idle"] as const;
export type Policy = (typeof POLICIES)[number];

export interface BotContext {
  compiled: CompiledScenario; rand: () => number; policy: Policy; followed: Set<string>;
  /** explore: the outcome trigger aimed at, per branch point. */
  targets?: Map<string, string>;
}

/** explore: one outcome per branch point, drawn from the bots' generator. */
export function chooseTargets(compiled: CompiledScenario, rand: () => number): Map<string, string> {
  const out = new Map<string, string>();
  for (const [b, triggers] of compiled.branchPoints) out.set(b, triggers[Math.floor(rand() * triggers.length)].id);
  return out;
}

export const botPlayer = (role: string) => `bot-${role}`;

type ActionAtom = Extract<CCondition, { k: "action" }>;

/** A value for each required parameter (and the ones `where` fixes). */
function fillParams(ctx: BotContext, form: Param[], where: Record<string, ParamValue> | undefined, random: boolean): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  const pick = <T>(xs: T[]): T => xs[random ? Math.floor(ctx.rand() * xs.length) : 0];
  for (const p of form) {
    const fixed = where?.[p.id];
    if (fixed !== undefined) {
      out[p.id] = p.type === "multichoice" ? (Array.isArray(fixed) ? fixed : [String(fixed)]) : Array.isArray(fixed) ? fixed[0] : fixed;
      continue;
    }
    if (!p.required && !(random && ctx.rand() < 0.5)) continue;
    switch (p.type) {
      case "text": case "longtext": case "datetime": out[p.id] = "Texte rédigé par un bot de test."; break;
      case "number": out[p.id] = random ? Math.floor(ctx.rand() * 4) : 1; break;
      case "boolean": out[p.id] = random ? ctx.rand() < 0.5 : true; break;
      case "choice": out[p.id] = pick(p.options!).id; break;
      case "multichoice": out[p.id] = [pick(p.options!).id]; break;
      case "persona": out[p.id] = pick([...ctx.compiled.personas.keys()]); break;
      case "role": out[p.id] = pick([...ctx.compiled.roles.keys()]); break;
    }
  }
  return out;
}

function allowedRoles(ctx: BotContext, actionId: string): string[] {
  const a = ctx.compiled.actions.get(actionId)?.source;
  if (!a) return [];
  return a.roles === "all" ? [...ctx.compiled.roles.keys()] : a.roles;
}

/** An entry that would satisfy one action atom, if a bot can take it now. */
function entryFor(ctx: BotContext, state: EngineState, atom: ActionAtom, preferred: string[]): LogPayload | null {
  const candidates = atom.id !== undefined ? [atom.id]
    : [...ctx.compiled.actions.values()].filter((a) => a.source.kind === atom.kind).map((a) => a.source.id);
  for (const actionId of candidates) {
    const action = ctx.compiled.actions.get(actionId)!.source;
    const roles = allowedRoles(ctx, actionId).filter((r) => !atom.roles || atom.roles.includes(r));
    const ordered = [...preferred.filter((r) => roles.includes(r)), ...roles.filter((r) => !preferred.includes(r))];
    for (const role of ordered) {
      const entry: LogPayload = { type: "action", player: botPlayer(role), role, action: actionId, params: fillParams(ctx, action.params, atom.where, false) };
      if (!checkEntry(ctx.compiled, state, entry)) return entry;
    }
  }
  return null;
}

function inTimeWindow(ctx: BotContext, state: EngineState, atom: ActionAtom): boolean {
  if (atom.before !== undefined && state.time >= atom.before) return false;
  if (atom.after !== undefined && state.time < atom.after) return false;
  if (atom.since !== undefined && state.delivered[atom.since] === undefined) return false;
  if (atom.sinceEvent && firstMoment(atom.sinceEvent, engineWorld(ctx.compiled, state)) === undefined) return false;
  return true;
}

const sameAction = (a: ActionAtom, b: ActionAtom) => (a.id ?? a.kind) === (b.id ?? b.kind);

/**
 * The entries that take the missing actions of `c`'s positive atoms, now. An
 * action that `c` also needs NOT to come first (`first:`, `not:`) is taken
 * only when taking it now makes `c` hold (an accusation after the analysis,
 * not before it); `avoid` lists actions other goals forbid.
 */
function pursue(ctx: BotContext, state: EngineState, c: CCondition, roles: string[], out: LogPayload[], avoid: ActionAtom[] = []): void {
  const { neg } = actionAtoms(c);
  for (const atom of positiveActionAtoms(c)) {
    if (avoid.some((x) => sameAction(x, atom))) continue;
    if (matchingActions(ctx.compiled, state, atom).length >= atom.count || !inTimeWindow(ctx, state, atom)) continue;
    const entry = entryFor(ctx, state, atom, roles);
    if (!entry) continue;
    if (neg.some((x) => sameAction(x, atom)) && !holds(c, engineWorld(ctx.compiled, step(ctx.compiled, state, entry).state))) continue;
    out.push(entry);
  }
}

/** The entries the bots send at this tick. */
export function botTurn(ctx: BotContext, state: EngineState): LogPayload[] {
  if (ctx.policy === "idle" || state.status !== "running") return [];
  const out: LogPayload[] = [];
  // Approve what waits for approval (expected bots approve; random bots toss a coin).
  for (const a of state.actions) {
    if (a.status !== "proposed") continue;
    const role = ctx.compiled.actions.get(a.action)?.source.approval;
    if (!role) continue;
    const approve = ctx.policy === "random" ? ctx.rand() < 0.5 : true;
    out.push({ type: "approve", player: botPlayer(role), role, actionId: a.id, approve });
  }
  if (ctx.policy === "random") {
    // A ringing phone: picked up one turn in three (scenarios without calls draw nothing here).
    for (const { delivery, roles } of ringingCalls(ctx.compiled, state)) {
      if (ctx.rand() > 1 / 3) continue;
      const role = roles[Math.floor(ctx.rand() * roles.length)];
      out.push({ type: "action", player: botPlayer(role), role, action: ANSWER_CALL, params: { phone_call: delivery.inject! } });
    }
    for (const role of ctx.compiled.roles.keys()) {
      if (ctx.rand() > 0.08) continue;
      // Answering is not a move of its own: only a ringing call (above) is picked up.
      const actions = [...ctx.compiled.actions.values()].filter((a) => a.source.id !== ANSWER_CALL && (a.source.roles === "all" || a.source.roles.includes(role)));
      if (actions.length === 0) continue;
      const a = actions[Math.floor(ctx.rand() * actions.length)].source;
      out.push({ type: "action", player: botPlayer(role), role, action: a.id, params: fillParams(ctx, a.params, undefined, true) });
    }
    return out;
  }
  if (ctx.policy === "explore") {
    // Aim at the drawn outcomes; meet the expectations too, except where an aimed outcome forbids the action.
    const avoid: ActionAtom[] = [];
    for (const [b, target] of ctx.targets ?? []) {
      const t = ctx.compiled.triggers.find((x) => x.id === target)!;
      avoid.push(...actionAtoms(t.when).neg);
      if (!state.branches[b]) pursue(ctx, state, t.when, [], out);
    }
    for (const e of ctx.compiled.expectations) {
      const es = state.expectations[e.id];
      if (es.status === "pending" && es.startedAt !== undefined && !e.afterEnd) pursue(ctx, state, e.condition, e.roles, out, avoid);
    }
    return out;
  }
  for (const e of ctx.compiled.expectations) {
    const es = state.expectations[e.id];
    if (es.status !== "pending" || es.startedAt === undefined || e.afterEnd) continue;
    if (ctx.policy === "partial" && !ctx.followed.has(e.id)) continue;
    pursue(ctx, state, e.condition, e.roles, out);
  }
  return out;
}
