import { describe, expect, it } from "vitest";
import { competencyLevels, levelOf, type ScoredExpectation } from "./levels.js";

const e = (competency: string, status: ScoredExpectation["status"], weight = 1, critical = false): ScoredExpectation => ({ competency, status, weight, critical });

describe("competency levels", () => {
  it("maps shares to levels at 0.4 / 0.7 / 0.9", () => {
    expect([0, 0.39, 0.4, 0.69, 0.7, 0.89, 0.9, 1].map(levelOf)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });

  it("weights expectations and counts a late one half", () => {
    const [c1] = competencyLevels([e("C4.1", "met", 3), e("C4.1", "late", 2), e("C4.1", "missed", 1)], ["C4.1"]);
    expect(c1.share).toBeCloseTo(4 / 6);
    expect(c1.level).toBe(1);
    expect(c1).toMatchObject({ met: 1, late: 1, missed: 1, pending: 0, capped: false });
    const [c2] = competencyLevels([e("C4.2", "met", 9), e("C4.2", "late", 2)], ["C4.2"]);
    expect(c2.share).toBeCloseTo(10 / 11);
    expect(c2.level).toBe(3);
  });

  it("caps the level at 1 when a critical expectation is missed", () => {
    const [c] = competencyLevels([e("C4.2", "met", 10), e("C4.2", "missed", 1, true)], ["C4.2"]);
    expect(c.share).toBeGreaterThan(0.9);
    expect(c).toMatchObject({ level: 1, capped: true });
    const [late] = competencyLevels([e("C4.2", "met", 10), e("C4.2", "late", 1, true)], ["C4.2"]);
    expect(late).toMatchObject({ level: 3, capped: false });
  });

  it("treats pending as not met and leaves unassessed competencies without a level", () => {
    const levels = competencyLevels([e("C4.3", "pending"), e("C4.3", "met")]);
    expect(levels.map((l) => l.competency)).toEqual(["C4.1", "C4.2", "C4.3", "C4.4"]);
    expect(levels[0].level).toBeNull();
    expect(levels[2]).toMatchObject({ level: 1, share: 0.5, pending: 1 });
  });
});
