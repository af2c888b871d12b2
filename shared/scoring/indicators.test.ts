import { describe, expect, it } from "vitest";
import { mini, miniInput } from "../../tests/fixtures/engine-mini.js";
import { compileScenario } from "../engine/compile.js";
import { replay } from "../engine/engine.js";
import { LogPayload, type LogPayloadInput } from "../engine/log.js";
import { Scenario, type ScenarioInput } from "../scenario/schema.js";
import { computeIndicators, INDICATORS } from "./indicators.js";
import { SCORING_RULES, levelOnScale } from "./rules.js";
import { scoreCell } from "./score.js";

const M = 60;
const lobby: LogPayloadInput[] = [
  { type: "open", seed: 3 },
  { type: "join", player: "p1", name: "Ana" }, { type: "join", player: "p2", name: "Ben" },
  { type: "assign", player: "p1", role: "director" }, { type: "assign", player: "p2", role: "com" },
];
const act = (player: string, role: string, action: string, params: Record<string, unknown> = {}): LogPayloadInput =>
  ({ type: "action", player, role, action, params } as LogPayloadInput);
const clock = (min: number): LogPayloadInput => ({ type: "clock", to: min * M });
type ActionInput = NonNullable<ScenarioInput["actions"]>[number];
const variant = (patch: Partial<ScenarioInput>) => compileScenario(Scenario.parse({ ...miniInput, ...patch }));

function run(entries: LogPayloadInput[], compiled = compileScenario(mini)) {
  const state = replay(compiled, [...lobby, ...entries].map((e) => LogPayload.parse(e)));
  const indicators = Object.fromEntries(computeIndicators(compiled, state).map((i) => [i.id, i]));
  return { state, indicators, score: scoreCell(compiled, state), compiled };
}

describe("generic indicators", () => {
  it("has one scale per indicator in the rules table, and ids are unique", () => {
    const ids = INDICATORS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(SCORING_RULES.indicators[id].scale).toBeDefined();
    expect(INDICATORS.filter((d) => SCORING_RULES.indicators[d.id].critical).map((d) => d.id))
      .toEqual(["sitrep_delay", "holding_statement_delay", "deadlines_met", "retex_completeness"]);
  });

  it("maps values to levels with inclusive bounds", () => {
    const lower = SCORING_RULES.indicators.sitrep_delay.scale;
    expect([10, 30, 31, 60, 61, 120, 121].map((v) => levelOnScale(v, lower))).toEqual([3, 3, 2, 2, 1, 1, 0]);
    const higher = SCORING_RULES.indicators.deadlines_met.scale;
    expect([0, 0.49, 0.5, 0.79, 0.8, 0.99, 1, 0.1 + 0.7].map((v) => levelOnScale(v, higher))).toEqual([0, 0, 1, 1, 2, 2, 3, 2]);
  });

  it("in the lobby nothing is decidable yet", () => {
    const compiled = compileScenario(mini);
    const state = replay(compiled, lobby.map((e) => LogPayload.parse(e)));
    expect(computeIndicators(compiled, state).every((i) => i.level === null && i.pending)).toBe(true);
    expect(scoreCell(compiled, state).cell.competencies.map((c) => c.level)).toEqual([null, null, null, null]);
  });

  it("live: a time measure is pending until its worst bound has passed, then 0", () => {
    const early = run([{ type: "start" }, clock(90)]).indicators;
    expect(early.sitrep_delay).toMatchObject({ level: null, pending: true, evidence: ["d1"] });
    expect(early.holding_statement_delay).toMatchObject({ level: null, pending: true });
    const late = run([{ type: "start" }, clock(121)]).indicators;
    expect(late.sitrep_delay).toMatchObject({ level: 0, pending: false, value: null });
    expect(late.retex_completeness).toMatchObject({ level: null, pending: true });
  });

  it("uses the approval time of an approved statement, and rewards a single voice through a validated workflow", () => {
    const statement: ActionInput = { id: "statement", kind: "statement", name: "Déclaration", approval: "director", params: [
      { id: "audience", label: "Public", type: "choice", required: true, options: [{ id: "external", label: "Externe" }, { id: "internal", label: "Interne" }] },
      { id: "text", label: "Texte", type: "longtext", required: true },
    ] };
    const compiled = variant({ actions: [...miniInput.actions!, statement] });
    const { indicators, state, score } = run([{ type: "start" }, clock(50),
      act("p2", "com", "statement", { audience: "external", text: "Nous sommes mobilisés." }), clock(65),
      { type: "approve", player: "p1", role: "director", actionId: "a1", approve: true }, clock(70)], compiled);
    expect(state.actions[0].approvedBy?.at).toBe(65 * M);
    expect(indicators.holding_statement_delay).toMatchObject({ value: 20, level: 3, evidence: ["d2", "a1"] });
    expect(indicators.single_voice).toMatchObject({ value: 1, level: 3 });
    expect(indicators.audiences_reached).toMatchObject({ value: 0.5, level: 1 });
    // The director who approved the statement validated it: evidence of its own kind, half the weight, at most "acquis".
    const ana = score.students.find((s) => s.player === "p1")!;
    expect(ana.competencies[1].indicators).toEqual([]);
    expect(ana.competencies[1].expectations).toMatchObject([{ id: "holding", basis: "validation", outcome: "met", level: 2, weight: 0.5, evidence: ["d2", "a1"] }]);
    expect(ana.competencies[1].level).toBe(2);
    // Ben wrote it: his own, full weight, 20 min after the post.
    const ben = score.students.find((s) => s.player === "p2")!;
    expect(ben.competencies[1].expectations).toMatchObject([{ id: "holding", basis: "own", outcome: "met", level: 3, weight: 1 }]);
  });

  it("without a workflow, a single voice is 'acquis'; a pre-emptive statement counts as immediate", () => {
    const { indicators } = run([{ type: "start" }, clock(5), act("p2", "com", "statement", { audience: "external", medium: "press", text: "x" }), clock(60)]);
    expect(indicators.single_voice).toMatchObject({ value: 1, level: 2 });
    expect(indicators.holding_statement_delay).toMatchObject({ value: 0, level: 3, evidence: ["a1", "d2"] });
  });

  it("maps stakeholders against the scenario's reference list, influence qualified for the top level", () => {
    const withList = variant({ stakeholders: ["soc", "journalist", "cnil"] });
    const two = run([{ type: "start" },
      act("p1", "director", "stakeholder", { actor: "soc", influence: "high", scope: "internal" }),
      act("p1", "director", "stakeholder", { actor: "soc", influence: "low", scope: "internal" }),
      act("p2", "com", "stakeholder", { actor: "journalist", influence: "medium", scope: "regional" })], withList).indicators;
    expect(two.stakeholders_mapped).toMatchObject({ value: 0.667, level: 1, evidence: ["a1", "a2", "a3"] });
    const mapActor: ActionInput = { id: "map_actor", kind: "stakeholder", name: "Carte", params: [{ id: "actor", label: "Acteur", type: "persona", required: true }] };
    const unqualified = variant({ stakeholders: ["soc", "journalist", "cnil"], actions: [...miniInput.actions!, mapActor] });
    const all = run([{ type: "start" }, ...["soc", "journalist", "cnil"].map((actor) => act("p1", "director", "map_actor", { actor }))], unqualified).indicators;
    expect(all.stakeholders_mapped).toMatchObject({ value: 1, level: 2 });
    expect(run([{ type: "start" }]).indicators.stakeholders_mapped.level).toBeNull();
  });

  it("counts authorities reached through an action's fixed recipient, and only decision forms as records", () => {
    const notifyCnil: ActionInput = { id: "notify_cnil", kind: "notification", name: "Notifier la CNIL", to: "cnil", params: [] };
    const { indicators } = run([{ type: "start" }, act("p1", "director", "notify_cnil"), act("p1", "director", "isolate"),
      act("p1", "director", "decision", { title: "Isoler", owner: "rssi" })], variant({ actions: [...miniInput.actions!, notifyCnil] }));
    expect(indicators.counterparts_engaged).toMatchObject({ value: 1, level: 3, evidence: ["a1"] });
    expect(indicators.decision_records).toMatchObject({ value: 0, level: 0, evidence: ["a3"] });
    expect(indicators.cell_activation.pending).toBe(true);
  });

  it("compares each player's latest self-assessment with their own levels, values clamped to 0–3", () => {
    const { score } = run([{ type: "start" }, clock(10),
      act("p2", "com", "self_assessment", { c41: 0, c42: 0, c43: 0, c44: 0 }),
      act("p2", "com", "statement", { audience: "external", medium: "press", text: "x" }), clock(60),
      act("p2", "com", "self_assessment", { c41: 9, c42: 9, c43: 9, c44: 9 }), { type: "end" }]);
    const ben = score.students.find((s) => s.player === "p2")!;
    const gap = ben.competencies[3].indicators.find((i) => i.id === "self_assessment_gap")!;
    // Ben's first-pass levels come from his own evidence: only C4.2 (his holding statement, 3); he claims 3 everywhere (9 clamped).
    expect(ben.competencies.map((c) => c.level)).toEqual([null, 3, null, 3]);
    expect(gap.evidence).toEqual(["a3"]);
    expect(gap.value).toBe(0);
  });

  it("a rules table changes levels without touching an indicator", () => {
    const entries: LogPayloadInput[] = [{ type: "start" }, clock(50), act("p1", "director", "sitrep", { severity: "high", text: "x" })];
    const compiled = compileScenario(mini);
    const state = replay(compiled, [...lobby, ...entries].map((e) => LogPayload.parse(e)));
    const strict = { ...SCORING_RULES, indicators: { ...SCORING_RULES.indicators, sitrep_delay: { ...SCORING_RULES.indicators.sitrep_delay, scale: { better: "lower" as const, bounds: [45, 30, 15] as const } } } };
    expect(computeIndicators(compiled, state).find((i) => i.id === "sitrep_delay")!.level).toBe(2);
    expect(computeIndicators(compiled, state, strict).find((i) => i.id === "sitrep_delay")!.level).toBe(0);
  });
});
