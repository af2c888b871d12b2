// @vitest-environment node
import { describe, expect, it } from "vitest";
import { warningStage } from "./countdowns.js";

describe("the warning before a closing is said on change only", () => {
  const end = { kind: "end" as const, at: 5400 };
  it("keeps its stage while the estimate moves minute by minute, changes at 2 and 1 real minutes and for another closing", () => {
    const stages = [300, 240, 180, 121].map((real) => warningStage({ closing: end, real }));
    expect(new Set(stages).size).toBe(1);
    expect(warningStage({ closing: end, real: 120 })).not.toBe(stages[0]);
    expect(warningStage({ closing: end, real: 90 })).toBe(warningStage({ closing: end, real: 120 }));
    expect(warningStage({ closing: end, real: 60 })).not.toBe(warningStage({ closing: end, real: 90 }));
    expect(warningStage({ closing: { kind: "end", at: 6000 }, real: 300 })).not.toBe(stages[0]);
    expect(warningStage(undefined)).toBe("");
  });
});
