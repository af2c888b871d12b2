import { describe, expect, it } from "vitest";
import { mini, miniInput } from "../../tests/fixtures/engine-mini.js";
import { compileScenario } from "../engine/compile.js";
import { replay } from "../engine/engine.js";
import { LogPayload, type LogPayloadInput } from "../engine/log.js";
import { Scenario, type ScenarioInput } from "../scenario/schema.js";
import { collectFacts } from "./facts.js";
import type { IndicatorResult } from "./kit.js";
import { SCORING_RULES } from "./rules.js";
import { scoreCell, scoreCompetency, type ExpectationItem } from "./score.js";

const M = 60;
const lobby: LogPayloadInput[] = [
  { type: "open", seed: 3 },
  { type: "join", player: "p1", name: "Ana" }, { type: "join", player: "p2", name: "Ben" },
  { type: "assign", player: "p1", role: "director" }, { type: "assign", player: "p2", role: "com" },
];
const act = (player: string, role: string, action: string, params: Record<string, unknown> = {}): LogPayloadInput =>
  ({ type: "action", player, role, action, params } as LogPayloadInput);
const score = (entries: LogPayloadInput[], patch: Partial<ScenarioInput> = {}) => {
  const compiled = compileScenario(Object.keys(patch).length ? Scenario.parse({ ...miniInput, ...patch }) : mini);
  return scoreCell(compiled, replay(compiled, [...lobby, ...entries].map((e) => LogPayload.parse(e))));
};

describe("competency levels", () => {
  const compiled = compileScenario(mini);
  const f = collectFacts(compiled, replay(compiled, [LogPayload.parse({ type: "open", seed: 1 })]), SCORING_RULES);
  const exp = (id: string, level: number | null, weight = 1, critical = false, visible = true): ExpectationItem =>
    ({ id, competency: "C4.2", title: id, weight, critical, caps: critical && visible, basis: "cell", roles: [], status: "met", outcome: "met", level, evidence: [] });
  const ind = (id: string, level: 0 | 1 | 2 | 3 | null, critical = false): IndicatorResult =>
    ({ id: id as IndicatorResult["id"], competency: "C4.2", critical, weight: 1, label: { fr: id, en: id }, unit: "count", value: 0, level, pending: false, evidence: [], explanation: { fr: "", en: "" } });
  const sc = (e: ExpectationItem[], i: IndicatorResult[]) => scoreCompetency(f, "C4.2", e, i, false);

  it("combines the weighted mean of expectations and the mean of indicators half and half", () => {
    const c = sc([exp("a", 3, 3), exp("b", 0, 1)], [ind("x", 1), ind("y", 2), ind("z", null)]);
    expect(c).toMatchObject({ expectationMean: 2.25, indicatorMean: 1.5, mean: 1.875, level: 1, capped: false });
    // Expectations alone: one met (3), one late (1.5) → mean 2.25, "acquis".
    expect(sc([exp("a", 3), exp("b", 1.5)], [])).toMatchObject({ mean: 2.25, indicatorMean: null, level: 2 });
  });

  it("reads 'acquis' from a mean of 2 and 'maîtrisé' from 2.5", () => {
    expect(sc([], [ind("x", 2), ind("y", 2)]).level).toBe(2);
    expect(sc([], [ind("x", 2), ind("y", 3)]).level).toBe(3);
    expect(sc([], [ind("x", 1), ind("y", 2)]).level).toBe(1);
    expect(sc([], [ind("x", 0), ind("y", 1)]).level).toBe(0);
  });

  it("caps at 1 when a critical item is at 0, whatever the mean", () => {
    const c = sc([exp("a", 3, 10)], [ind("x", 3), ind("star", 0, true)]);
    expect(c).toMatchObject({ level: 1, capped: true, cappedBy: ["star"] });
    expect(sc([exp("a", 3, 10), exp("c", 0, 1, true)], []).cappedBy).toEqual(["c"]);
    // A critical expectation met late (1.5) does not cap; one players could not see never caps.
    expect(sc([exp("a", 3, 10), exp("c", 1.5, 1, true)], []).capped).toBe(false);
    expect(sc([exp("a", 3, 10), exp("c", 0, 1, true, false)], []).capped).toBe(false);
  });

  it("leaves a competency without any assessed item at null", () => {
    expect(sc([exp("a", null)], [ind("x", null)])).toMatchObject({ level: null, mean: null, label: null });
  });
});

describe("scoreCell", () => {
  it("does not assess an expectation whose clock never started, nor one still in time during play", () => {
    const live = score([{ type: "start" }, { type: "clock", to: 30 * M }]);
    const items = live.cell.competencies.flatMap((c) => c.expectations);
    expect(items.find((e) => e.id === "isolation")).toMatchObject({ status: "pending", outcome: null, level: null });
    expect(live.final).toBe(false);
    const ended = score([{ type: "start" }, { type: "clock", to: 90 * M }, { type: "end" }]);
    const byId = Object.fromEntries(ended.cell.competencies.flatMap((c) => c.expectations).map((e) => [e.id, e]));
    expect(byId.cnil).toMatchObject({ outcome: null, level: null, evidence: [] }); // the call never came
    expect(byId.retex).toMatchObject({ status: "pending", outcome: "missed", level: 0 }); // the RETEX is due after the end
    expect(ended.final).toBe(true);
  });

  it("a role and a student who did nothing have no level — no evidence — while the cell's level shows the miss", () => {
    const s = score([{ type: "start" }, { type: "clock", to: 3 * 60 * M }, { type: "end" }], {
      roles: miniInput.roles!.map((r) => (r.id === "com" ? { ...r, competencies: ["C4.2" as const] } : r)),
      expectations: miniInput.expectations!.map((e) => (e.id === "isolation" ? { ...e, roles: ["rssi"] } : e)),
    });
    expect(s.cell.competencies[1]).toMatchObject({ level: 0, capped: true });
    const com = s.roles.find((r) => r.role === "com")!;
    expect(com.competencies.map((c) => [c.level, c.noEvidence])).toEqual([[null, true], [null, true], [null, true], [null, true]]);
    const ben = s.students.find((x) => x.player === "p2")!;
    expect(ben.competencies.every((c) => c.level === null && c.noEvidence && c.evidence.length === 0)).toBe(true);
    expect(s.cell.competencies.every((c) => !c.noEvidence)).toBe(true);
  });

  it("scores a student on every role they acted in, including one they no longer hold", () => {
    const s = score([{ type: "start" }, { type: "assign", player: "p2", role: "rssi" }, act("p2", "rssi", "isolate"),
      { type: "unassign", player: "p2", role: "rssi" }, { type: "clock", to: 30 * M }]);
    const ben = s.students.find((x) => x.player === "p2")!;
    expect(ben.roles).toEqual(["com", "rssi"]);
    expect(ben.competencies[2].expectations.map((e) => [e.id, e.outcome])).toEqual([["isolation", "met"]]);
    expect(s.roles.find((r) => r.role === "rssi")!.players).toEqual(["p2"]);
  });
});
