import { sequenceOf, type CallMatch, type Condition } from "../scenario/condition.js";
import type { Effect, Scenario } from "../scenario/schema.js";
import { tr } from "../scenario/text.js";
import { parseDuration, parseGameTime } from "../scenario/time.js";
import { AFTER_END_ACTIONS, ANSWER_CALL, BUILTIN_ACTIONS } from "../scenario/builtins.js";
import { positiveActionAtoms } from "./conditions.js";
import type { CAction, CCondition, CCountdown, CEffect, CExpectation, CompiledScenario, CPhase, CTrigger, CVolume } from "./compiled.js";
import { RootSet } from "./deps.js";
import { buildMachine, type EngineMachine } from "./machine.js";
import type { ActionKind } from "./types.js";

/** Thrown only for a scenario that skipped validation: the loader reports these with positions first. */
export class CompileError extends Error {}

/**
 * Turn a validated scenario into the structure the engine plays: times in
 * game seconds, lookups by id, named conditions inlined, every condition
 * indexed by what it reads (deps.ts), and the statechart (machine.ts).
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
  const roots = new RootSet();
  const named = scenario.conditions ?? {};
  const inlined = new Map<string, CCondition>();
  const resolving = new Set<string>();

  const cond = (c: Condition, where: string): CCondition => {
    if ("all" in c) return { k: "all", of: c.all.map((x, i) => cond(x, `${where}.all[${i}]`)) };
    if ("any" in c) return { k: "any", of: c.any.map((x, i) => cond(x, `${where}.any[${i}]`)) };
    if ("not" in c) return { k: "not", of: cond(c.not, `${where}.not`) };
    if ("after" in c) return { k: "after", t: at(c.after, `${where}.after`) };
    if ("before" in c) return { k: "before", t: at(c.before, `${where}.before`) };
    if ("action" in c) {
      const a = c.action;
      const since = typeof a.since === "string" ? a.since : undefined;
      const sinceEvent = a.since !== undefined && typeof a.since === "object" ? cond(a.since, `${where}.action.since`) : undefined;
      return {
        k: "action", id: a.id, kind: a.kind as ActionKind | undefined,
        roles: a.role === undefined ? undefined : Array.isArray(a.role) ? a.role : [a.role],
        where: a.where,
        before: a.before !== undefined ? at(a.before, `${where}.action.before`) : undefined,
        after: a.after !== undefined ? at(a.after, `${where}.action.after`) : undefined,
        since, sinceEvent,
        within: a.within !== undefined ? dur(a.within, `${where}.action.within`) : undefined,
        count: a.count ?? 1,
        ...(a.lines ? { lines: a.lines } : {}),
      };
    }
    if ("gauge" in c) return { k: "gauge", ...c.gauge };
    if ("phase" in c) return { k: "phase", phases: Array.isArray(c.phase) ? c.phase : [c.phase] };
    if ("delivered" in c) {
      const d = typeof c.delivered === "string" ? { inject: c.delivered, for: undefined } : c.delivered;
      return { k: "delivered", inject: d.inject, for: d.for !== undefined ? dur(d.for, `${where}.delivered.for`) : 0 };
    }
    if ("expectation" in c) return { k: "expectation", id: c.expectation.id, status: c.expectation.status };
    if ("role" in c) return { k: "role", id: c.role.id, staffed: c.role.staffed ?? true };
    if ("branch" in c) {
      const o = c.branch.outcome;
      return { k: "branch", id: c.branch.id, ...(o !== undefined ? { outcomes: Array.isArray(o) ? o : [o] } : {}) };
    }
    if ("volume" in c) return { k: "volume", ...c.volume };
    if ("call" in c) return callCondition(c.call, where);
    if ("sequence" in c) {
      const of = sequenceOf(c.sequence).map((x, i) => cond(x, `${where}.sequence[${i}]`));
      const within = !Array.isArray(c.sequence) && c.sequence.within !== undefined ? dur(c.sequence.within, `${where}.sequence.within`) : undefined;
      return { k: "sequence", of, ...(within !== undefined ? { within } : {}) };
    }
    if ("first" in c) return { k: "first", of: c.first.map((x, i) => cond(x, `${where}.first[${i}]`)) };
    if ("elapsed" in c) return { k: "elapsed", since: cond(c.elapsed.since, `${where}.elapsed.since`), for: dur(c.elapsed.for, `${where}.elapsed.for`) };
    if ("ref" in c) {
      const hit = inlined.get(c.ref);
      if (hit) return hit;
      const def = named[c.ref];
      if (def === undefined) throw new CompileError(`${where}.ref: condition nommée inconnue « ${c.ref} »`);
      if (resolving.has(c.ref)) throw new CompileError(`${where}.ref: condition nommée récursive « ${c.ref} »`);
      resolving.add(c.ref);
      const out = { ...cond(def, `conditions.${c.ref}`), name: c.ref } as CCondition;
      resolving.delete(c.ref);
      inlined.set(c.ref, out);
      return out;
    }
    throw new CompileError(`${where}: condition inconnue`);
  };

  /**
   * `call` is written in the language of events the engine already plays: answered = an `answer_call`
   * naming this inject, taken from its delivery to the end of its ringing (inclusive); missed = the
   * ringing is over (one second after its end) and nobody answered.
   */
  const callCondition = (m: CallMatch, where: string): CCondition => {
    const call = scenario.injects.find((i) => i.id === m.inject)?.call;
    if (!call) throw new CompileError(`${where}.call.inject: « ${m.inject} » n'est pas un appel (bloc \`call:\`)`);
    const ring = dur(call.ring, `${where}.call.ring`);
    const answered = (roles?: string[]): CCondition => ({
      k: "action", id: ANSWER_CALL, where: { phone_call: m.inject }, since: m.inject, within: ring, count: 1, ...(roles ? { roles } : {}),
    });
    if (m.status === "answered") return answered(m.role === undefined ? undefined : Array.isArray(m.role) ? m.role : [m.role]);
    return { k: "all", of: [{ k: "delivered", inject: m.inject, for: ring + 1 }, { k: "not", of: answered() }] };
  };

  const effect = (e: Effect, where: string): CEffect => {
    if (e.inject !== undefined) return { k: "inject", inject: e.inject, delay: e.delay ? dur(e.delay, `${where}.delay`) : 0 };
    if (e.gauge !== undefined) return { k: "gauge", id: e.gauge.id, add: e.gauge.add, set: e.gauge.set };
    if (e.phase !== undefined) return { k: "phase", phase: e.phase };
    if (e.cancel !== undefined) return { k: "cancel", inject: e.cancel };
    if (e.end !== undefined) return { k: "end", reason: e.end === true ? "end" : tr(e.end) };
    if (e.speed !== undefined) return { k: "speed", speed: e.speed };
    if (e.volume !== undefined) return { k: "volume", inject: e.volume.inject, scale: e.volume.scale };
    throw new CompileError(`${where}: effet vide`);
  };

  const phases: CPhase[] = scenario.phases.map((p, i) => ({
    id: p.id, final: p.final, source: p,
    transitions: p.transitions.map((t, j) => {
      const when = cond(t.when, `phases[${i}].transitions[${j}].when`);
      return { to: t.to, when, root: roots.add(when) };
    }),
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
    return { afterEnd, root: roots.add(condition),
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
  const triggers: CTrigger[] = scenario.triggers.map((t, i) => {
    const when = cond(t.when, `triggers[${i}].when`);
    return {
      id: t.id, once: t.once, chance: t.chance, root: roots.add(when),
      ...(t.branch ? { branch: { id: t.branch.id, outcome: t.branch.outcome } } : {}),
      when, then: t.then.map((e, j) => effect(e, `triggers[${i}].then[${j}]`)),
    };
  });
  const branchPoints = new Map<string, CTrigger[]>();
  for (const t of triggers) if (t.branch) branchPoints.set(t.branch.id, [...(branchPoints.get(t.branch.id) ?? []), t]);
  const end = scenario.end.map((e, i) => {
    const when = cond(e.when, `end[${i}].when`);
    return { id: e.id, when, outcome: e.outcome ? tr(e.outcome) : e.id, root: roots.add(when) };
  });
  const volumes = new Map<string, CVolume>();
  scenario.injects.forEach((inj, i) => {
    if (inj.volume) volumes.set(inj.id, { ...inj.volume, over: dur(inj.volume.over, `injects[${i}].volume.over`) });
  });
  const countdowns = new Map<string, CCountdown>();
  scenario.injects.forEach((inj, i) => {
    const d = inj.deadline;
    if (d === undefined) return;
    const where = `injects[${i}].deadline`;
    if (typeof d === "string") { countdowns.set(inj.id, { within: dur(d, where), expired: [] }); return; }
    const until = d.until !== undefined ? cond(d.until, `${where}.until`) : undefined;
    countdowns.set(inj.id, {
      within: dur(d.within, `${where}.within`),
      ...(until ? { until: { when: until, root: roots.add(until) } } : {}),
      expired: d.expired.map((e, j) => effect(e, `${where}.expired[${j}]`)),
    });
  });
  const finals = new Set(phases.filter((p) => p.final).map((p) => p.id));
  const exitBy = new Map<string, number>();
  for (const p of phases) {
    const bys = p.transitions.filter((t) => finals.has(t.to)).map((t) => surelyBy(t.when)).filter((t): t is number => t !== undefined);
    if (bys.length > 0) exitBy.set(p.id, Math.min(...bys));
  }
  const tempoPlan = triggers.flatMap((t) => {
    const speed = t.then.filter((e) => e.k === "speed").at(-1);
    return t.when.k === "after" && speed?.k === "speed" && !t.branch && t.chance === 1 ? [{ at: t.when.t, speed: speed.speed, trigger: t.id }] : [];
  }).sort((a, b) => a.at - b.at);
  const machines = new Map<number, EngineMachine>();
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
    triggers,
    actions,
    expectations,
    end,
    volumes,
    countdowns,
    exitBy,
    tempoPlan,
    socialSpacing: scenario.social ? dur(scenario.social.spacing, "social.spacing") : 0,
    branchPoints,
    roots: roots.build(),
    machine: (version) => {
      let m = machines.get(version);
      if (!m) { m = buildMachine({ id: scenario.id, phases, initial: initialPhase, branchPoints }, version); machines.set(version, m); }
      return m;
    },
  };
  return compiled;
}

/**
 * The time by which a condition surely holds by time alone (whatever the
 * players do), if there is one: `after: T`; an `any` holds at its earliest
 * such child; an `all` only when every child has one.
 */
function surelyBy(c: CCondition): number | undefined {
  switch (c.k) {
    case "after": return c.t;
    case "any": {
      const ts = c.of.map(surelyBy).filter((t): t is number => t !== undefined);
      return ts.length > 0 ? Math.min(...ts) : undefined;
    }
    case "all": {
      const ts = c.of.map(surelyBy);
      return ts.every((t) => t !== undefined) ? Math.max(...(ts as number[])) : undefined;
    }
    default: return undefined;
  }
}
