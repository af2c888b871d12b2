import type { CExpectation, CompiledScenario } from "../engine/compiled.js";
import type { ActionRecord, EngineState, ExpectationStatus } from "../engine/types.js";
import { COMPETENCIES, type Competency } from "../scenario/schema.js";
import type { Text } from "../scenario/text.js";
import { actionCause, expectationCauses, indicatorCauses, type Cause, type CauseTrace } from "./causes.js";
import { collectFacts, expectationOutcome, narrowFacts, sortEvidence, type Facts } from "./facts.js";
import { measureAll, measureOwn } from "./indicators.js";
import { selfAssessmentGap } from "./indicators-evaluation.js";
import { round, type Bilingual, type IndicatorResult } from "./kit.js";
import { LEVEL_LABELS, type Level } from "./levels.js";
import { ownActions, ownExpectation, type OwnActions } from "./own.js";
import { levelOfMean, rulesFor, SCORING_RULES, type ScoringRules } from "./rules.js";

/**
 * Competency scores for one crisis cell: the cell's (collective outcomes),
 * each role's and each student's (their own evidence only), each level with
 * the log ids that justify it. Pure and deterministic: a function of the
 * compiled scenario and the engine state, so the instructor's live view, the
 * replay viewer, the debrief and the reports compute the same numbers. The
 * rules are in README.md and in the rubric in force (rules.ts).
 */

/**
 * How an expectation counts in a scope. "cell": the cell's outcome; "own": judged
 * on the person's own actions (own.ts); "validation": on actions they approved.
 */
export type ItemBasis = "cell" | "own" | "validation";
export type ItemOutcome = "met" | "late" | "missed" | "partial" | "against";

export interface ExpectationItem {
  id: string; competency: Competency; title: Text; critical: boolean; roles: string[]; legal?: Text; note?: Text;
  /** Its weight in this scope's mean (a validation weighs less than writing). */
  weight: number;
  /** Critical and shown to players during the game: at 0 it caps the competency. */
  caps: boolean;
  basis: ItemBasis;
  /** The engine's status (the cell's). */
  status: ExpectationStatus;
  /** How it counts now: null while it can still be met in time, or when its clock never started. */
  outcome: ItemOutcome | null;
  /** For a partial item: the share of the condition fulfilled. */
  fraction?: number;
  /** Its contribution to the mean (met 3, late 1.5, missed 0 by default), null when not assessed. */
  level: number | null;
  /** The delivery that started its clock, and the actions that met it (or, against it, worked against it). */
  evidence: string[];
  startedAt?: number; dueAt?: number; resolvedAt?: number;
  /** With a cause trace, for a missed, late, partial or against item: the actions that worked against it and what absences brought about. */
  causes?: Cause[];
}

export interface ScoreOptions {
  /** A jury's own table instead of the default rubric (the scenario's `rubric` section still applies on top). */
  rules?: ScoringRules;
  /** The log's consequences (`traceCauses`): misses and low levels are then explained by their causes. */
  trace?: CauseTrace;
}

export interface CompetencyScore {
  competency: Competency;
  /** 0–3, null when nothing assesses this competency in this scope. */
  level: Level | null;
  label: Bilingual | null;
  /** A student or role scope with no evidence at all in this competency ("non évalué — aucune preuve"). */
  noEvidence: boolean;
  /** The combined mean of levels (0–3) before the critical cap. */
  mean: number | null;
  expectationMean: number | null;
  indicatorMean: number | null;
  /** A critical (★) item players could see is at 0: the level is at most `rules.criticalCap`. */
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
/** A role: the evidence produced in that role, by whoever held it. */
export interface RoleScore extends ScopeScore { role: string; name: Text; players: string[] }
/** A student's work in one of the roles they acted in. */
export interface StudentRoleScore extends ScopeScore { role: string; name: Text }
/**
 * A student's levels from their own actions. A student is known in a cell's log only by the seat they
 * took there: `player` is that player id (the server maps it to the student of its roster), `name` the
 * display name they joined with.
 */
export interface StudentScore extends ScopeScore { player: string; name: string; roles: string[]; byRole: StudentRoleScore[] }
export interface CellScore {
  scenario: string;
  /** The session has ended: nothing but debrief actions can change these scores. */
  final: boolean;
  time: number;
  cell: ScopeScore;
  roles: RoleScore[];
  students: StudentScore[];
  /** Every generic indicator in force for the whole cell, applicable or not. */
  indicators: IndicatorResult[];
  /** The rules these scores were computed with. */
  rules: ScoringRules;
}

const label = (level: Level | null): Bilingual | null => (level === null ? null : { fr: LEVEL_LABELS.fr[level], en: LEVEL_LABELS.en[level] });

function base(f: Facts, e: CExpectation): Omit<ExpectationItem, "basis" | "outcome" | "level" | "evidence" | "weight"> {
  const es = f.state.expectations[e.id];
  return {
    id: e.id, competency: e.competency, title: e.source.title, critical: e.critical, caps: e.critical && e.visible, roles: e.roles,
    ...(e.source.legal ? { legal: e.source.legal } : {}), ...(e.source.note ? { note: e.source.note } : {}), status: es.status,
    ...(es.startedAt !== undefined ? { startedAt: es.startedAt } : {}), ...(es.dueAt !== undefined ? { dueAt: es.dueAt } : {}),
    ...(es.resolvedAt !== undefined ? { resolvedAt: es.resolvedAt } : {}),
  };
}

function startDelivery(f: Facts, e: CExpectation): string[] {
  if (f.state.expectations[e.id].startedAt === undefined || !("inject" in e.start)) return [];
  const d = f.firstDelivery(e.start.inject);
  return d ? [d.id] : [];
}

/** The cell's expectations: the engine's outcomes. */
function cellExpectations(f: Facts): ExpectationItem[] {
  return f.compiled.expectations.map((e) => {
    const outcome = expectationOutcome(f, e.id);
    return {
      ...base(f, e), basis: "cell", weight: e.weight, outcome, level: outcome === null ? null : f.rules.expectationLevels[outcome],
      evidence: sortEvidence(f, startDelivery(f, e), f.state.expectations[e.id].evidence),
    };
  });
}

/** A person's expectations, judged on what they wrote, else on what they approved. */
function ownExpectations(f: Facts, mine: OwnActions, approved: OwnActions): ExpectationItem[] {
  const { met, late } = f.rules.expectationLevels;
  const v = f.rules.validation;
  const out: ExpectationItem[] = [];
  for (const e of f.compiled.expectations) {
    let basis: ItemBasis = "own";
    let r = ownExpectation(f, e, mine);
    if (!r && approved.all.length) { r = ownExpectation(f, e, approved); basis = "validation"; }
    if (!r) continue;
    let level = r.outcome === "met" ? met : r.outcome === "late" ? late : r.outcome === "partial" ? round(met * r.fraction) : 0;
    if (basis === "validation") level = Math.min(level, v.maxLevel);
    out.push({
      ...base(f, e), basis, weight: basis === "validation" ? e.weight * v.weight : e.weight, outcome: r.outcome, level,
      ...(r.outcome === "partial" ? { fraction: r.fraction } : {}),
      evidence: sortEvidence(f, startDelivery(f, e), r.evidence.map((a) => a.id)),
    });
  }
  return out;
}

function weightedMean(items: { level: number | null; weight: number }[]): number | null {
  let w = 0, s = 0;
  for (const i of items) if (i.level !== null) { w += i.weight; s += i.weight * i.level; }
  return w > 0 ? s / w : null;
}

/** The rule (README.md): weighted means of expectations and of indicators, combined; a critical item players could see, at 0, caps the level. */
export function scoreCompetency(f: Facts, competency: Competency, expectations: ExpectationItem[], indicators: IndicatorResult[], personal: boolean, withEvidence = true): CompetencyScore {
  const { rules } = f;
  const exps = expectations.filter((e) => e.competency === competency);
  const inds = indicators.filter((i) => i.competency === competency);
  const em = weightedMean(exps);
  const im = weightedMean(inds);
  const mean = em !== null && im !== null ? rules.expectationShare * em + (1 - rules.expectationShare) * im : em ?? im;
  const cappedBy = [...exps.filter((e) => e.caps && e.level === 0), ...inds.filter((i) => i.critical && i.level === 0)].map((x) => x.id);
  let level = mean === null ? null : levelOfMean(mean, rules.meanThresholds);
  if (level !== null && cappedBy.length > 0 && level > rules.criticalCap) level = rules.criticalCap;
  const evidence = withEvidence ? sortEvidence(f, ...[...exps, ...inds].filter((x) => x.level !== null).map((x) => x.evidence)) : [];
  return {
    competency, level, label: label(level), noEvidence: personal && level === null,
    mean: mean === null ? null : round(mean), expectationMean: em === null ? null : round(em), indicatorMean: im === null ? null : round(im),
    capped: cappedBy.length > 0, cappedBy, expectations: exps, indicators: inds, evidence,
  };
}

function scoreScope(f: Facts, expectations: ExpectationItem[], indicators: IndicatorResult[], personal: boolean, withEvidence = true): ScopeScore {
  const competencies = COMPETENCIES.map((c) => scoreCompetency(f, c, expectations, indicators, personal, withEvidence));
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

/** One person's (or one role's) own evidence: the actions they wrote and the ones they approved. */
interface Own { mine: ActionRecord[]; approved: ActionRecord[] }

function ownScope(f: Facts, own: Own, withGap: boolean, withEvidence = true): ScopeScore {
  const expectations = ownExpectations(f, ownActions(own.mine), ownActions(own.approved));
  const narrowed = narrowFacts(f, own.mine);
  let indicators = measureOwn(narrowed);
  if (!withGap) indicators = indicators.filter((i) => i.id !== "self_assessment_gap");
  return scoreScope(f, expectations, indicators.filter((i) => i.level !== null || i.pending), true, withEvidence);
}

/** Score a cell: the whole cell, each role of the scenario, each student (one holding several roles answers for all of them, and for each). */
export function scoreCell(compiled: CompiledScenario, state: EngineState, options: ScoreOptions = {}): CellScore {
  const f = collectFacts(compiled, state, rulesFor(compiled, options.rules ?? SCORING_RULES));
  const roleOrder = [...compiled.roles.keys()];
  const studentIds = Object.values(state.players).map((p) => p.id).sort(); // each student by their player id
  const by = (pick: (a: ActionRecord) => boolean, approver: (a: ActionRecord) => boolean): Own => ({
    mine: f.done.filter(pick), approved: f.done.filter((a) => a.approvedBy !== undefined && approver(a) && !pick(a)),
  });
  const ownOf = new Map(studentIds.map((p) => [p, by((a) => a.player === p, (a) => a.approvedBy!.player === p)]));

  // First pass: each student's levels without the self-assessment gap, which compares against them.
  const first = new Map<string, Partial<Record<Competency, number | null>>>();
  for (const [p, own] of ownOf) {
    const levels = ownScope(f, own, false, false);
    first.set(p, Object.fromEntries(levels.competencies.map((c) => [c.competency, c.level])));
  }
  f.studentLevels = (p) => first.get(p) ?? {};
  const indicators = measureAll(f).map((i) => (i.id === "self_assessment_gap" ? selfAssessmentGap(f, f.done) : i));

  const rolesOf = (p: string) => {
    const rs = new Set(state.players[p].roles);
    for (const a of ownOf.get(p)!.mine) rs.add(a.role);
    for (const a of ownOf.get(p)!.approved) rs.add(a.approvedBy!.role);
    return [...rs].sort((x, y) => roleOrder.indexOf(x) - roleOrder.indexOf(y));
  };
  const acted = (own: Own, role: string) => own.mine.some((a) => a.role === role) || own.approved.some((a) => a.approvedBy!.role === role);
  const students: StudentScore[] = studentIds.map((player) => {
    const own = ownOf.get(player)!;
    const byRole = rolesOf(player).filter((r) => acted(own, r)).map((role) => ({
      role, name: compiled.roles.get(role)!.name,
      ...ownScope(f, { mine: own.mine.filter((a) => a.role === role), approved: own.approved.filter((a) => a.approvedBy!.role === role) }, true),
    }));
    return { player, name: state.players[player].name, roles: rolesOf(player), byRole, ...ownScope(f, own, true) };
  });
  const score: CellScore = {
    scenario: state.scenario, final: f.ended, time: state.time, rules: f.rules,
    cell: scoreScope(f, cellExpectations(f), indicators, false),
    roles: roleOrder.map((role) => ({
      role, name: compiled.roles.get(role)!.name,
      players: students.filter((s) => s.roles.includes(role)).map((s) => s.player),
      ...ownScope(f, by((a) => a.role === role, (a) => a.approvedBy!.role === role), true),
    })),
    students,
    indicators,
  };
  if (options.trace) explain(f, score, options.trace);
  return score;
}

const LOW: ReadonlySet<ItemOutcome> = new Set(["missed", "late", "partial", "against"]);

/** Attach causes to what went wrong, everywhere it is shown (each item object once: scopes share the indicator results). */
function explain(f: Facts, score: CellScore, trace: CauseTrace): void {
  const byId = new Map(f.compiled.expectations.map((e) => [e.id, e]));
  const ownAgainst = (item: ExpectationItem): Cause[] => f.state.actions.filter((a) => item.evidence.includes(a.id)).map((a) => actionCause(f.compiled, f.state, trace, a));
  const seen = new Set<object>();
  const scopes = [score.cell, ...score.roles, ...score.students, ...score.students.flatMap((s) => s.byRole)];
  for (const scope of scopes) {
    for (const c of scope.competencies) {
      for (const item of c.expectations) {
        if (item.outcome === null || !LOW.has(item.outcome)) continue;
        const all = expectationCauses(f.compiled, f.state, trace, byId.get(item.id)!, item.resolvedAt ?? f.now);
        item.causes = item.basis === "cell" ? all : item.outcome === "against" ? ownAgainst(item) : all.filter((x) => x.kind === "absence");
      }
      for (const i of c.indicators) {
        if (seen.has(i) || i.level === null || i.level > 1) continue;
        seen.add(i);
        const cs = indicatorCauses(f.compiled, trace, i.id, f.rules.indicators[i.id].actions);
        if (cs.length) i.causes = cs;
      }
    }
  }
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
