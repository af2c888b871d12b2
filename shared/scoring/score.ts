import type { CompiledScenario } from "../engine/compiled.js";
import type { ActionRecord, EngineState, ExpectationStatus } from "../engine/types.js";
import { COMPETENCIES, type Competency } from "../scenario/schema.js";
import type { Text } from "../scenario/text.js";
import { collectFacts, expectationOutcome, sortEvidence, type Facts } from "./facts.js";
import { measureAll } from "./indicators.js";
import { selfAssessmentGap } from "./indicators-evaluation.js";
import { round, type Bilingual, type IndicatorResult } from "./kit.js";
import { LEVEL_LABELS, type Level } from "./levels.js";
import { levelOfMean, SCORING_RULES, type ScoringRules } from "./rules.js";

/**
 * Competency scores for one crisis cell, per cell, per role and per student,
 * each level with the log ids that justify it. Pure and deterministic: a
 * function of the compiled scenario and the engine state only, so the
 * instructor's live view, the replay viewer and the debrief compute the same
 * numbers, and a golden log always scores the same. The rules are in
 * README.md (fr/en) and the thresholds in rules.ts.
 */

export interface ExpectationItem {
  id: string; competency: Competency; title: Text; weight: number; critical: boolean; roles: string[]; legal?: Text;
  /** The engine's status. */
  status: ExpectationStatus;
  /** How it counts now: null while it can still be met in time, or when its clock never started. */
  outcome: "met" | "late" | "missed" | null;
  /** Its contribution to the mean (met 3, late 1.5, missed 0 by default), null when not assessed. */
  level: number | null;
  /** The delivery that started its clock, and the actions that met it. */
  evidence: string[];
  startedAt?: number; dueAt?: number; resolvedAt?: number;
}

export interface CompetencyScore {
  competency: Competency;
  /** 0–3, null when nothing assesses this competency in this scope. */
  level: Level | null;
  label: Bilingual | null;
  /** The combined mean of levels (0–3) before the critical cap. */
  mean: number | null;
  expectationMean: number | null;
  indicatorMean: number | null;
  /** A critical (★) item is at 0: the level is at most `rules.criticalCap`. */
  capped: boolean;
  cappedBy: string[];
  expectations: ExpectationItem[];
  indicators: IndicatorResult[];
  /** Union of the evidence of every assessed item, in game-time order. */
  evidence: string[];
}

export interface OverallScore {
  level: Level | null; label: Bilingual | null; mean: number | null;
  assessed: Competency[]; acquired: Competency[];
  /** Every competency the scenario targets is at least "acquis". */
  allAcquired: boolean;
  evidence: string[];
}

export interface ScopeScore { competencies: CompetencyScore[]; overall: OverallScore }
export interface RoleScore extends ScopeScore { role: string; name: Text; players: string[] }
export interface StudentScore extends ScopeScore { player: string; name: string; roles: string[] }
export interface CellScore {
  scenario: string;
  /** The session has ended: nothing but debrief actions can change these scores. */
  final: boolean;
  time: number;
  cell: ScopeScore;
  roles: RoleScore[];
  students: StudentScore[];
  /** Every generic indicator for the whole cell, applicable or not. */
  indicators: IndicatorResult[];
}

const label = (level: Level | null): Bilingual | null => (level === null ? null : { fr: LEVEL_LABELS.fr[level], en: LEVEL_LABELS.en[level] });

function assessExpectations(f: Facts): ExpectationItem[] {
  return f.compiled.expectations.map((e) => {
    const es = f.state.expectations[e.id];
    const outcome = expectationOutcome(f, e.id);
    const start = es.startedAt !== undefined && "inject" in e.start ? f.firstDelivery(e.start.inject)?.id : undefined;
    return {
      id: e.id, competency: e.competency, title: e.source.title, weight: e.weight, critical: e.critical, roles: e.roles,
      ...(e.source.legal ? { legal: e.source.legal } : {}),
      status: es.status, outcome, level: outcome === null ? null : f.rules.expectationLevels[outcome],
      evidence: sortEvidence(f, [...(start ? [start] : []), ...es.evidence]),
      ...(es.startedAt !== undefined ? { startedAt: es.startedAt } : {}), ...(es.dueAt !== undefined ? { dueAt: es.dueAt } : {}),
      ...(es.resolvedAt !== undefined ? { resolvedAt: es.resolvedAt } : {}),
    };
  });
}

function weightedMean(items: { level: number | null; weight: number }[]): number | null {
  let w = 0, s = 0;
  for (const i of items) if (i.level !== null) { w += i.weight; s += i.weight * i.level; }
  return w > 0 ? s / w : null;
}

/** The rule (README.md): weighted means of expectations and of indicators, combined; a critical item at 0 caps the level. */
export function scoreCompetency(f: Facts, competency: Competency, expectations: ExpectationItem[], indicators: IndicatorResult[], withEvidence = true): CompetencyScore {
  const { rules } = f;
  const exps = expectations.filter((e) => e.competency === competency);
  const inds = indicators.filter((i) => i.competency === competency);
  const em = weightedMean(exps);
  const im = weightedMean(inds.map((i) => ({ level: i.level, weight: rules.weights[i.id] ?? 1 })));
  const mean = em !== null && im !== null ? rules.expectationShare * em + (1 - rules.expectationShare) * im : em ?? im;
  const cappedBy = [...exps.filter((e) => e.critical && e.level === 0), ...inds.filter((i) => i.critical && i.level === 0)].map((x) => x.id);
  let level = mean === null ? null : levelOfMean(mean, rules.meanThresholds);
  if (level !== null && cappedBy.length > 0 && level > rules.criticalCap) level = rules.criticalCap;
  const evidence = withEvidence ? sortEvidence(f, ...[...exps, ...inds].filter((x) => x.level !== null).map((x) => x.evidence)) : [];
  return {
    competency, level, label: label(level), mean: mean === null ? null : round(mean),
    expectationMean: em === null ? null : round(em), indicatorMean: im === null ? null : round(im),
    capped: cappedBy.length > 0, cappedBy, expectations: exps, indicators: inds, evidence,
  };
}

function scoreScope(f: Facts, expectations: ExpectationItem[], indicators: IndicatorResult[], withEvidence = true): ScopeScore {
  const competencies = COMPETENCIES.map((c) => scoreCompetency(f, c, expectations, indicators, withEvidence));
  const assessed = competencies.filter((c) => c.level !== null);
  const mean = assessed.length ? assessed.reduce((s, c) => s + c.level!, 0) / assessed.length : null;
  const level = mean === null ? null : levelOfMean(mean, f.rules.meanThresholds);
  const acquired = assessed.filter((c) => c.level! >= 2).map((c) => c.competency);
  return {
    competencies,
    overall: {
      level, label: label(level), mean: mean === null ? null : round(mean),
      assessed: assessed.map((c) => c.competency), acquired,
      allAcquired: f.compiled.scenario.meta.competencies.every((c) => acquired.includes(c)),
      evidence: withEvidence ? sortEvidence(f, ...assessed.map((c) => c.evidence)) : [],
    },
  };
}

/** Who a scope is: the roles it answers for, and whose actions are its own ("r:<role>" or "p:<player>"). */
interface Scope { roles: string[]; actor: string; takes(a: ActionRecord): boolean }

/**
 * An item counts for a role or a student when they took (or approved) one of
 * the actions in its evidence, or when they are responsible for it: an expectation's
 * `roles`, or — for expectations without roles and for indicators — the
 * roles whose `competencies` in the scenario include the item's competency.
 */
function attribute(f: Facts, actorsOf: (evidence: string[]) => Set<string>, scope: Scope, expectations: ExpectationItem[], indicators: IndicatorResult[]) {
  const did = (evidence: string[]) => actorsOf(evidence).has(scope.actor);
  const owns = (competency: Competency) => scope.roles.some((r) => f.compiled.roles.get(r)?.competencies.includes(competency));
  const own = expectations.filter((e) => did(e.evidence) || (e.roles.length ? e.roles.some((r) => scope.roles.includes(r)) : owns(e.competency)));
  const inds = indicators.filter((i) => i.id !== "self_assessment_gap" && (did(i.evidence) || owns(i.competency)));
  const gap = selfAssessmentGap(f, f.done.filter((a) => scope.takes(a)));
  return { expectations: own, indicators: gap.evidence.length ? [...inds, gap] : inds };
}

/** Score a cell: the whole cell, each role of the scenario, each player (a player holding several roles answers for all of them). */
export function scoreCell(compiled: CompiledScenario, state: EngineState, rules: ScoringRules = SCORING_RULES): CellScore {
  const f = collectFacts(compiled, state, rules);
  const expectations = assessExpectations(f);
  const indicators = measureAll(f);
  const roleOrder = [...compiled.roles.keys()];
  const players = Object.values(state.players).map((p) => p.id).sort();
  const rolesOf = new Map(players.map((p) => [p, new Set(state.players[p].roles)]));
  for (const a of f.done) rolesOf.get(a.player)?.add(a.role);
  const ordered = (rs: Set<string>) => [...rs].sort((x, y) => roleOrder.indexOf(x) - roleOrder.indexOf(y));
  const byRole = new Map<string, Scope>(roleOrder.map((r) => [r, { roles: [r], actor: `r:${r}`, takes: (a) => a.role === r }]));
  const byPlayer = new Map<string, Scope>(players.map((p) => [p, { roles: ordered(rolesOf.get(p)!), actor: `p:${p}`, takes: (a) => a.player === p }]));
  // Who took the actions of an evidence list, computed once per list (thousands of logbook ids, dozens of scopes).
  const byId = new Map(f.done.map((a) => [a.id, a]));
  const memo = new WeakMap<string[], Set<string>>();
  const actorsOf = (evidence: string[]) => {
    let set = memo.get(evidence);
    if (!set) {
      set = new Set();
      for (const id of evidence) {
        const a = byId.get(id);
        if (!a) continue;
        set.add(`r:${a.role}`); set.add(`p:${a.player}`);
        // Approving an action (a statement validated by the director) is taking part in it.
        if (a.approvedBy) { set.add(`r:${a.approvedBy.role}`); set.add(`p:${a.approvedBy.player}`); }
      }
      memo.set(evidence, set);
    }
    return set;
  };

  // First pass: each player's levels without the self-assessment gap, which compares against them.
  const first = new Map<string, Partial<Record<Competency, number | null>>>();
  for (const [p, scope] of byPlayer) {
    const { expectations: e, indicators: i } = attribute(f, actorsOf, scope, expectations, indicators);
    const levels = scoreScope(f, e, i.filter((x) => x.id !== "self_assessment_gap"), false);
    first.set(p, Object.fromEntries(levels.competencies.map((c) => [c.competency, c.level])));
  }
  f.playerLevels = (p) => first.get(p) ?? {};
  const cellIndicators = indicators.map((i) => (i.id === "self_assessment_gap" ? selfAssessmentGap(f, f.done) : i));

  const playersOf = (role: string) => players.filter((p) => byPlayer.get(p)!.roles.includes(role));
  return {
    scenario: state.scenario, final: f.ended, time: state.time,
    cell: scoreScope(f, expectations, cellIndicators),
    roles: roleOrder.map((role) => {
      const a = attribute(f, actorsOf, byRole.get(role)!, expectations, cellIndicators);
      return { role, name: compiled.roles.get(role)!.name, players: playersOf(role), ...scoreScope(f, a.expectations, a.indicators) };
    }),
    students: players.map((player) => {
      const scope = byPlayer.get(player)!;
      const a = attribute(f, actorsOf, scope, expectations, cellIndicators);
      return { player, name: state.players[player].name, roles: scope.roles, ...scoreScope(f, a.expectations, a.indicators) };
    }),
    indicators: cellIndicators,
  };
}

/** Just the levels, for tables and golden tests: competency → level, per cell, role and student. */
export function levelTable(score: CellScore): { cell: Record<string, Level | null>; roles: Record<string, Record<string, Level | null>>; students: Record<string, Record<string, Level | null>> } {
  const row = (s: ScopeScore) => Object.fromEntries(s.competencies.map((c) => [c.competency, c.level]));
  return {
    cell: row(score.cell),
    roles: Object.fromEntries(score.roles.map((r) => [r.role, row(r)])),
    students: Object.fromEntries(score.students.map((s) => [s.player, row(s)])),
  };
}
