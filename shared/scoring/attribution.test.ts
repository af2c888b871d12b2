import { describe, expect, it } from "vitest";
import { miniInput } from "../../tests/fixtures/engine-mini.js";
import { compileScenario } from "../engine/compile.js";
import { replay } from "../engine/engine.js";
import { LogPayload, type LogPayloadInput } from "../engine/log.js";
import { Scenario, type ScenarioInput } from "../scenario/schema.js";
import { traceCauses } from "./causes.js";
import { levelTable, scoreCell } from "./score.js";

/**
 * Golden cases of attribution, each level derived by hand from the rules
 * (README.md): a student's level comes only from their own evidence.
 */

const M = 60;
type ActionInput = NonNullable<ScenarioInput["actions"]>[number];
const act = (player: string, role: string, action: string, params: Record<string, unknown> = {}): LogPayloadInput =>
  ({ type: "action", player, role, action, params } as LogPayloadInput);
const clock = (min: number): LogPayloadInput => ({ type: "clock", to: min * M });
const lobby = (...seats: [string, string, string][]): LogPayloadInput[] => [
  { type: "open", seed: 5 },
  ...seats.map(([player, name]) => ({ type: "join", player, name }) as LogPayloadInput),
  ...seats.map(([player, , role]) => ({ type: "assign", player, role }) as LogPayloadInput),
];
function run(patch: Partial<ScenarioInput>, entries: LogPayloadInput[]) {
  const compiled = compileScenario(Scenario.parse({ ...miniInput, ...patch }));
  const log = entries.map((e) => LogPayload.parse(e));
  const state = replay(compiled, log);
  return { compiled, state, score: scoreCell(compiled, state, { trace: traceCauses(compiled, log) }) };
}
const student = (s: ReturnType<typeof run>["score"], p: string) => s.students.find((x) => x.player === p)!;
const levels = (s: ReturnType<typeof run>["score"], p: string) => levelTable(s).students[p];

const approvedStatement: ActionInput = { id: "press_release", kind: "statement", name: "Communiqué", roles: ["com"], approval: "director", params: [
  { id: "audience", label: "Public", type: "choice", required: true, options: [{ id: "external", label: "Externe" }, { id: "internal", label: "Interne" }] },
  { id: "text", label: "Texte", type: "longtext", required: true },
] };

describe("a student's level comes only from their own evidence", () => {
  it("the one who writes every statement is assessed on them; the one who only approves gets a validation, weighing half, at most 'acquis'", () => {
    const { score } = run({ actions: [...miniInput.actions!, approvedStatement] }, [
      ...lobby(["ana", "Ana", "director"], ["ben", "Ben", "com"]),
      { type: "start" }, clock(50),
      act("ben", "com", "press_release", { audience: "external", text: "Nous sommes mobilisés." }), clock(55),
      { type: "approve", player: "ana", role: "director", actionId: "a1", approve: true }, clock(60),
      act("ben", "com", "press_release", { audience: "internal", text: "Consignes." }), clock(62),
      { type: "approve", player: "ana", role: "director", actionId: "a2", approve: true }, clock(70), { type: "end" },
    ]);
    // Ben: holding statement in effect at T+00:55, 10 min after the post (deadline 1 h) → met, 3; nothing else of his assesses C4.2.
    expect(student(score, "ben").competencies[1].expectations).toMatchObject([{ id: "holding", basis: "own", outcome: "met", level: 3, weight: 1 }]);
    expect(levels(score, "ben")).toEqual({ "C4.1": null, "C4.2": 3, "C4.3": null, "C4.4": null });
    // Ana approved it: a validation → min(3, 2) = 2, weight 0.5 → C4.2 "acquis", not "maîtrisé".
    expect(student(score, "ana").competencies[1].expectations).toMatchObject([{ id: "holding", basis: "validation", outcome: "met", level: 2, weight: 0.5 }]);
    expect(levels(score, "ana")).toEqual({ "C4.1": null, "C4.2": 2, "C4.3": null, "C4.4": null });
    // The cell: holding met (3) and the cell's indicators.
    expect(score.cell.competencies[1].expectations[0]).toMatchObject({ basis: "cell", outcome: "met" });
  });

  it("a student who did nothing has no level in any competency — 'non évalué, aucune preuve' — even in a role with duties", () => {
    const { score } = run({ expectations: miniInput.expectations!.map((e) => ({ ...e, roles: ["com"] })) }, [
      ...lobby(["ana", "Ana", "director"], ["ben", "Ben", "com"]),
      { type: "start" }, clock(20), act("ana", "director", "isolate"), clock(50),
      act("ana", "director", "statement", { audience: "external", medium: "press", text: "x" }), clock(240), { type: "end" },
    ]);
    const ben = student(score, "ben");
    expect(ben.competencies.map((c) => [c.level, c.noEvidence, c.evidence])).toEqual([[null, true, []], [null, true, []], [null, true, []], [null, true, []]]);
    expect(ben.byRole).toEqual([]);
    // Ana acted outside the roles named: her work is hers all the same (isolation met, holding met).
    expect(levels(score, "ana")).toMatchObject({ "C4.2": 3, "C4.3": 3 });
  });

  it("a student who changes role mid-session is assessed on each role for what they did in it", () => {
    const { score } = run({}, [
      ...lobby(["ana", "Ana", "director"], ["ben", "Ben", "rssi"]),
      { type: "start" }, clock(20), act("ben", "rssi", "isolate"), clock(30),
      { type: "unassign", player: "ben", role: "rssi" }, { type: "assign", player: "ben", role: "com" }, clock(60),
      act("ben", "com", "statement", { audience: "external", medium: "press", text: "x" }), clock(240), { type: "end" },
    ]);
    const ben = student(score, "ben");
    expect(ben.roles).toEqual(["com", "rssi"]);
    expect(ben.byRole.map((r) => [r.role, r.competencies.map((c) => c.level)])).toEqual([
      ["com", [null, 3, null, null]], // statement 15 min after the post → holding met
      ["rssi", [null, null, 3, null]], // isolation at T+00:20 → met
    ]);
    expect(levels(score, "ben")).toEqual({ "C4.1": null, "C4.2": 3, "C4.3": 3, "C4.4": null });
    // The roles themselves: rssi holds the isolation, com the statement, whoever held them.
    expect(levelTable(score).roles.rssi).toEqual({ "C4.1": null, "C4.2": null, "C4.3": 3, "C4.4": null });
  });

  it("partial work is worth its share; an action the expectation forbids puts it at 0, and the debrief cites it with what followed", () => {
    const mapTwo = { id: "map", competency: "C4.1" as const, title: "Carte des acteurs", condition: { all: [
      { action: { kind: "stakeholder", count: 2 } }, { action: { kind: "sitrep" } }] }, deadline: "02:00" };
    const restraint = { id: "restraint", competency: "C4.2" as const, title: "Pas de paiement", visible: true, critical: true,
      condition: { all: [{ action: { kind: "statement" } }, { not: { action: { id: "pay" } } }] }, deadline: "03:00", note: "Payer finance le crime." };
    const { score } = run({ expectations: [...miniInput.expectations!, mapTwo, restraint],
      actions: miniInput.actions!.map((a) => (a.id === "pay" ? { ...a, approval: undefined, note: { fr: "Le paiement expose à des sanctions.", en: "Paying exposes to sanctions." } } : a)) }, [
      ...lobby(["ana", "Ana", "director"], ["ben", "Ben", "com"]),
      { type: "start" }, clock(10),
      act("ben", "com", "stakeholder", { actor: "soc", influence: "high", scope: "internal" }), clock(30),
      act("ana", "director", "pay", { amount: 1 }), clock(200), { type: "end" },
    ]);
    // Ben: 1 of 2 stakeholders (½) and no SITREP (0) → share ¼ → 0.75; his only C4.1 item.
    expect(student(score, "ben").competencies[0].expectations).toMatchObject([{ id: "map", basis: "own", outcome: "partial", fraction: 0.25, level: 0.75 }]);
    expect(levels(score, "ben")["C4.1"]).toBe(0);
    // Ana paid: her own evidence for "restraint" is what it forbids → 0, critical and visible → her C4.2 capped.
    const ana = student(score, "ana").competencies[1];
    expect(ana.expectations).toMatchObject([{ id: "restraint", outcome: "against", level: 0 }]);
    expect(ana).toMatchObject({ level: 0, capped: true, cappedBy: ["restraint"] });
    const cause = ana.expectations[0].causes![0];
    expect(cause).toMatchObject({ kind: "against", action: "a2", player: "ana", role: "director", notes: [{ fr: "Le paiement expose à des sanctions.", en: "Paying exposes to sanctions." }] });
    expect(cause.consequences).toContainEqual({ kind: "gauge", at: 30 * M, gauge: "trust", from: 60, to: 30 });
    // The cell's miss names the same action, and what followed: the trust it cost ended the game at T+01:00.
    const cellRestraint = score.cell.competencies[1].expectations.find((e) => e.id === "restraint")!;
    expect(cellRestraint.causes!.map((c) => [c.kind, c.action ?? c.trigger])).toEqual([["against", "a2"]]);
  });

  it("a miss by silence is explained by what the silence brought about", () => {
    const { score } = run({}, [...lobby(["ana", "Ana", "director"]), { type: "start" }, clock(20), act("ana", "director", "isolate"), clock(200), { type: "end" }]);
    const holding = score.cell.competencies[1].expectations.find((e) => e.id === "holding")!;
    expect(holding.outcome).toBe("missed");
    // No statement an hour after the post (T+01:45): the article "the company is silent" came, and trust fell by 10.
    expect(holding.causes!.map((c) => [c.kind, c.trigger, c.at, c.consequences.map((q) => q.kind)])).toEqual([["absence", "silent", 105 * M, ["inject", "gauge"]]]);
    // The cell's critical holding-statement delay is at 0 and explained the same way.
    expect(score.indicators.find((i) => i.id === "holding_statement_delay")).toMatchObject({ level: 0 });
    expect(score.indicators.find((i) => i.id === "holding_statement_delay")!.causes!.map((c) => c.trigger)).toEqual(["silent"]);
  });
});

describe("the rubric in the scenario file", () => {
  const entries: LogPayloadInput[] = [
    ...lobby(["ana", "Ana", "director"]),
    { type: "start" }, clock(90), act("ana", "director", "sitrep", { severity: "high", text: "x" }), clock(200), { type: "end" },
  ];
  it("by default, a first SITREP 90 min after the crisis began is level 1 for the cell", () => {
    expect(run({}, entries).score.indicators.find((i) => i.id === "sitrep_delay")).toMatchObject({ value: 90, level: 1 });
  });
  it("a scenario that re-times it measures from its own request, on its own bounds", () => {
    const { score } = run({ rubric: { indicators: { sitrep_delay: { from: { inject: "post" }, bounds: ["1h", "45m", "30m"] } } } }, entries);
    // The post arrives at T+00:45: the SITREP comes 45 min later → level 2 on [60, 45, 30].
    expect(score.indicators.find((i) => i.id === "sitrep_delay")).toMatchObject({ value: 45, level: 2, evidence: ["d2", "a1"] });
  });
  it("a scenario that disables it: gone from every mean and cap", () => {
    const { score } = run({ rubric: { indicators: { sitrep_delay: { enabled: false } } } }, entries.filter((e) => e.type !== "action"));
    expect(score.indicators.map((i) => i.id)).not.toContain("sitrep_delay");
    expect(score.cell.competencies[0].cappedBy).not.toContain("sitrep_delay");
  });
  it("counts a scenario action as an authority notification, and re-weights the mix", () => {
    const alert: ActionInput = { id: "alert_authority", kind: "other", name: "Alerter", to: "cnil", params: [] };
    const { score } = run({ actions: [...miniInput.actions!, alert], rubric: { expectationShare: 1, indicators: { counterparts_engaged: { actions: ["alert_authority"] } } } }, [
      ...lobby(["ana", "Ana", "director"]), { type: "start" }, clock(10), act("ana", "director", "alert_authority"), clock(30),
    ]);
    expect(score.indicators.find((i) => i.id === "counterparts_engaged")).toMatchObject({ value: 1, level: 3, explanation: { fr: "1 autorité sur 1 saisie (100 %) : CNIL." } });
    expect(score.rules.expectationShare).toBe(1);
  });
});
