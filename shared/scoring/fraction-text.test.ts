import { describe, expect, it } from "vitest";
import { miniInput } from "../../tests/fixtures/engine-mini.js";
import { compileScenario } from "../engine/compile.js";
import { replay } from "../engine/engine.js";
import { LogPayload, type LogPayloadInput } from "../engine/log.js";
import { Scenario } from "../scenario/schema.js";
import { expectationLine } from "./explain.js";
import { scoreCell } from "./score.js";
import { say } from "./texts.js";

/**
 * A partly met expectation is worth its share of the level, and the
 * debrief says that level the reader's way, rounded as a person would:
 * one part of three done is « 1/3 », never the residue of the arithmetic
 * (3 × 0,333 = « 0,999/3 »), and half of the way is « 2,5/3 » / "2.5/3".
 */
describe("a partial level in words", () => {
  it("one of three parts done reads « 1/3 » in both languages", () => {
    const map = { id: "map", competency: "C4.1" as const, title: "Carte des acteurs", deadline: "02:00",
      condition: { all: [{ action: { kind: "stakeholder" } }, { action: { kind: "sitrep" } }, { action: { kind: "notification" } }] } };
    const compiled = compileScenario(Scenario.parse({ ...miniInput, expectations: [...miniInput.expectations!, map] }));
    const log = ([
      { type: "open", seed: 5 }, { type: "join", player: "ben", name: "Ben" }, { type: "assign", player: "ben", role: "com" },
      { type: "start" }, { type: "clock", to: 600 },
      { type: "action", player: "ben", role: "com", action: "stakeholder", params: { actor: "soc", influence: "high", scope: "internal" } },
      { type: "clock", to: 12_000 }, { type: "end" },
    ] as LogPayloadInput[]).map((e) => LogPayload.parse(e));
    const state = replay(compiled, log);
    const item = scoreCell(compiled, state).students.find((s) => s.player === "ben")!.competencies[0].expectations.find((e) => e.id === "map")!;
    expect(item).toMatchObject({ outcome: "partial", fraction: 0.333 });
    const line = expectationLine(compiled, state, item, { name: () => "Ben" });
    expect(line.outcome.fr).toMatch(/ — 1\/3$/);
    expect(line.outcome.en).toMatch(/ — 1\/3$/);
  });

  it("rounds to a tenth, in the reader's locale", () => {
    expect(say("explain.outcomeLevel", { status: "partielle", level: 2.001 }).fr).toBe("partielle — 2/3");
    expect(say("explain.outcomeShareLevel", { status: "partial", pct: "83 %", level: 2.499 })).toEqual({ fr: "partial (83 %) — 2,5/3", en: "partial (83 %) — 2.5/3" });
  });
});
