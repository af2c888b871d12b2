import type { Condition } from "../scenario/condition.js";
import type { Effect, Scenario } from "../scenario/schema.js";
import { tr } from "../scenario/text.js";
import { parseDuration, parseGameTime } from "../scenario/time.js";
import { AFTER_END_ACTIONS, BUILTIN_ACTIONS } from "./builtins.js";
import { positiveActionAtoms } from "./conditions.js";
import type { CAction, CCondition, CEffect, CExpectation, CompiledScenario, CPhase } from "./compiled.js";
import { buildPhaseMachine } from "./machine.js";
import type { ActionKind } from "./types.js";

/** Thrown only for a scenario that skipped validation: the loader reports these with positions first. */
export class CompileError extends Error {}

/**
 * Turn a validated scenario into the structure the engine plays: times in
 * game seconds, lookups by id, the phase statechart, and the list of moments
 * named by conditions (so clock advances can visit them exactly).
 */
export function compileScenario(scenario: Scenario): CompiledScenario {
  const clockStart = parseDuration(scenario.meta.clockStart) ?? 0;
  const at = (s: string, where: string): number => {
    const v = parseGameTime(s, clockStart);
    if (v === null) throw new CompileError(`${where}: heure invalide « ${s} »`);
    return v;
  };
  const dur = (s: string, where: string): number => {
    const v = parseDuration(s);
    if (v === null) throw new CompileError(`${where}: durée invalide « ${s} »`);
    return v;
  };
  const conditionTimes = new Set<number>();
  const relativeTimes = new Map<string, Set<number>>();
  const addRelative = (inject: string, offset: number) => {
    const set = relativeTimes.get(inject) ?? new Set<number>();
    set.add(offset);
    relativeTimes.set(inject, set);
  };

  const cond = (c: Condition, where: string): CCondition => {
    if ("all" in c) return { k: "all", of: c.all.map((x, i) => cond(x, `${where}.all[${i}]`)) };
    if ("any" in c) return { k: "any", of: c.any.map((x, i) => cond(x, `${where}.any[${i}]`)) };
    if ("not" in c) return { k: "not", of: cond(c.not, `${where}.not`) };
    if ("after" in c) { const t = at(c.after, `${where}.after`); conditionTimes.add(t); return { k: "after", t }; }
    if ("before" in c) { const t = at(c.before, `${where}.before`); conditionTimes.add(t); return { k: "before", t }; }
    if ("action" in c) {
      const a = c.action;
      const before = a.before !== undefined ? at(a.before, `${where}.action.before`) : undefined;
      const after = a.after !== undefined ? at(a.after, `${where}.action.after`) : undefined;
      const within = a.within !== undefined ? dur(a.within, `${where}.action.within`) : undefined;
      if (before !== undefined) conditionTimes.add(before);
      if (after !== undefined) conditionTimes.add(after);
      if (a.since !== undefined && within !== undefined) addRelative(a.since, within + 1);
      return {
        k: "action", id: a.id, kind: a.kind as ActionKind | undefined,
        roles: a.role === undefined ? undefined : Array.isArray(a.role) ? a.role : [a.role],
        where: a.where, before, after, since: a.since, within, count: a.count ?? 1,
      };
    }
    if ("gauge" in c) return { k: "gauge", ...c.gauge };
    if ("phase" in c) return { k: "phase", phases: Array.isArray(c.phase) ? c.phase : [c.phase] };
    if ("delivered" in c) {
      const d = typeof c.delivered === "string" ? { inject: c.delivered, for: undefined } : c.delivered;
      const offset = d.for !== undefined ? dur(d.for, `${where}.delivered.for`) : 0;
      if (offset > 0) addRelative(d.inject, offset);
      return { k: "delivered", inject: d.inject, for: offset };
    }
    if ("expectation" in c) return { k: "expectation", id: c.expectation.id, status: c.expectation.status };
    if ("role" in c) return { k: "role", id: c.role.id, staffed: c.role.staffed ?? true };
    throw new CompileError(`${where}: condition inconnue`);
  };

  const effect = (e: Effect, where: string): CEffect => {
    if (e.inject !== undefined) return { k: "inject", inject: e.inject, delay: e.delay ? dur(e.delay, `${where}.delay`) : 0 };
    if (e.gauge !== undefined) return { k: "gauge", id: e.gauge.id, add: e.gauge.add, set: e.gauge.set };
    if (e.phase !== undefined) return { k: "phase", phase: e.phase };
    if (e.cancel !== undefined) return { k: "cancel", inject: e.cancel };
    if (e.end !== undefined) return { k: "end", reason: e.end === true ? "end" : tr(e.end) };
    if (e.speed !== undefined) return { k: "speed", speed: e.speed };
    throw new CompileError(`${where}: effet vide`);
  };

  const phases: CPhase[] = scenario.phases.map((p, i) => ({
    id: p.id, final: p.final, source: p,
    transitions: p.transitions.map((t, j) => ({ to: t.to, when: cond(t.when, `phases[${i}].transitions[${j}].when`) })),
    onEnter: p.onEnter.map((e, j) => effect(e, `phases[${i}].onEnter[${j}]`)),
  }));

  const actions = new Map<string, CAction>();
  for (const a of BUILTIN_ACTIONS) actions.set(a.id, { source: a, effects: [] });
  scenario.actions.forEach((a, i) => actions.set(a.id, { source: a, effects: a.effects.map((e, j) => effect(e, `actions[${i}].effects[${j}]`)) }));

  const expectations: CExpectation[] = scenario.expectations.map((e, i) => {
    const where = `expectations[${i}]`;
    const start = typeof e.start === "string" ? { at: at(e.start, `${where}.start`) } : e.start;
    const condition = cond(e.condition, `${where}.condition`);
    const atoms = positiveActionAtoms(condition);
    const afterEnd = e.deadline === undefined && atoms.length > 0
      && atoms.every((a) => (a.id !== undefined && AFTER_END_ACTIONS.has(a.id)) || (a.id === undefined && a.kind === "retex"));
    return { afterEnd,
      id: e.id, competency: e.competency, weight: e.weight, critical: e.critical, roles: e.roles, visible: e.visible,
      condition, start,
      deadline: e.deadline !== undefined ? dur(e.deadline, `${where}.deadline`) : undefined,
      lateUntil: e.lateUntil !== undefined ? dur(e.lateUntil, `${where}.lateUntil`) : undefined,
      source: e,
    };
  });

  const timeline = scenario.injects
    .map((inj, order) => ({ inject: inj.id, at: inj.at !== undefined ? at(inj.at, `injects[${order}].at`) : -1, order }))
    .filter((t) => t.at >= 0)
    .sort((a, b) => a.at - b.at || a.order - b.order)
    .map(({ inject, at: t }) => ({ inject, at: t }));

  const initialPhase = scenario.phases[0].id;
  const compiled: CompiledScenario = {
    scenario,
    duration: dur(scenario.meta.duration, "meta.duration"),
    clockStart,
    roles: new Map(scenario.roles.map((r) => [r.id, r])),
    personas: new Map(scenario.personas.map((p) => [p.id, p])),
    channels: new Map(scenario.channels.map((c) => [c.id, c])),
    gauges: new Map(scenario.gauges.map((g) => [g.id, g])),
    injects: new Map(scenario.injects.map((x) => [x.id, x])),
    timeline,
    phases: new Map(phases.map((p) => [p.id, p])),
    initialPhase,
    triggers: scenario.triggers.map((t, i) => ({
      id: t.id, once: t.once, chance: t.chance, branch: t.branch,
      when: cond(t.when, `triggers[${i}].when`), then: t.then.map((e, j) => effect(e, `triggers[${i}].then[${j}]`)),
    })),
    actions,
    expectations,
    end: scenario.end.map((e, i) => ({ id: e.id, when: cond(e.when, `end[${i}].when`), outcome: e.outcome ? tr(e.outcome) : e.id })),
    conditionTimes: [...conditionTimes].sort((a, b) => a - b),
    relativeTimes: new Map([...relativeTimes].map(([k, v]) => [k, [...v].sort((a, b) => a - b)])),
    phaseMachine: undefined as never,
  };
  compiled.phaseMachine = buildPhaseMachine(scenario.id, phases, initialPhase);
  return compiled;
}
