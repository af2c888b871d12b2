import { describe, expect, it } from "vitest";
import type { AssessmentRow } from "../storage/types.js";
import { agreement, cohenKappa, finalLevels, type LevelItem } from "./agreement.js";

/** Final levels and inter-rater agreement on crafted cases (figures computed by hand in the comments). */

type Item = Parameters<typeof finalLevels>[0][number];
const item = (competency: AssessmentRow["competency"], computed: Item["computed"]): Item =>
  ({ scope: "cell", subject: "cell", name: "Cellule 1", competency, computed, evidence: ["a1"] });
let n = 0;
const row = (authorId: string, competency: AssessmentRow["competency"], level: AssessmentRow["level"], wall: number, computed: AssessmentRow["computed"] = 2): AssessmentRow => ({
  id: `v${++n}`, cellId: "c1", sessionId: "s1", authorId, author: authorId.toUpperCase(), wall, scope: "cell", subject: "cell", competency, computed, level,
  justification: level === computed ? "" : "écart motivé par les preuves",
});

describe("final levels", () => {
  it("keeps the computed level without overrides, the latest level of each evaluator, and shows disagreements", () => {
    const items = [item("C4.1", 3), item("C4.2", 3), item("C4.3", 2), item("C4.4", null)];
    const rows = [
      row("ev1", "C4.2", 1, 10), row("ev1", "C4.2", 2, 20), // ev1 changed their mind: 2 counts
      row("ev2", "C4.2", 2, 15),
      row("ev1", "C4.3", 3, 30), row("ev2", "C4.3", 1, 31),
      row("ev2", "C4.4", 1, 40, null),
    ];
    const out = finalLevels(items, rows);
    expect(out.map((i) => [i.competency, i.status, i.level, i.overrides, i.spread])).toEqual([
      ["C4.1", "computed", 3, 0, null],
      ["C4.2", "agreed", 2, 3, 0],
      ["C4.3", "disagreement", null, 2, 2],
      ["C4.4", "override", 1, 1, 0],
    ]);
    expect(out[1].evaluators.map((e) => [e.authorId, e.level])).toEqual([["ev1", 2], ["ev2", 2]]);
    expect(out[2].lastJustification).toBe("écart motivé par les preuves");
  });
});

describe("agreement", () => {
  it("exact and within-one shares over pairs, Cohen's kappa for exactly two evaluators", () => {
    const items = [item("C4.1", 3), item("C4.2", 3), item("C4.3", 2), item("C4.4", 3)];
    // ev1: 3 2 2 1 ; ev2: 3 3 0 1 → pairs (3,3) (2,3) (2,0) (1,1): exact 2/4, within one 3/4.
    // pₒ = 0.5 ; ev1 levels {1:¼, 2:½, 3:¼}, ev2 {0:¼, 1:¼, 3:½} → pₑ = ¼·¼ + ¼·½ = 0.1875 ; κ = 0.3125 / 0.8125 = 0.385.
    // Equal to the computed level: ev1 C4.1, C4.3 ; ev2 C4.1, C4.2 → 4 of 8.
    const rows = [
      row("ev1", "C4.1", 3, 1), row("ev1", "C4.2", 2, 2), row("ev1", "C4.3", 2, 3), row("ev1", "C4.4", 1, 4),
      row("ev2", "C4.1", 3, 5), row("ev2", "C4.2", 3, 6), row("ev2", "C4.3", 0, 7), row("ev2", "C4.4", 1, 8),
    ];
    const a = agreement(finalLevels(items, rows));
    expect(a).toEqual({ evaluators: 2, items: 4, pairs: 4, exact: 0.5, withinOne: 0.75, kappa: 0.385, kappaRaters: ["ev1", "ev2"], kappaItems: 4, withComputed: 0.5 });
  });

  it("three evaluators: every pair counts, no kappa", () => {
    const items = [item("C4.1", 2)];
    const a = agreement(finalLevels(items, [row("a", "C4.1", 2, 1), row("b", "C4.1", 2, 2), row("c", "C4.1", 0, 3)]));
    // pairs (a,b) 0, (a,c) 2, (b,c) 2 → exact 1/3, within one 1/3
    expect(a).toMatchObject({ evaluators: 3, items: 1, pairs: 3, exact: 0.333, withinOne: 0.333, kappa: null, kappaItems: 0 });
  });

  it("nothing to compare: null shares", () => {
    const a = agreement(finalLevels([item("C4.1", 2)], [row("a", "C4.1", 2, 1)]) as LevelItem[]);
    expect(a).toMatchObject({ evaluators: 1, items: 0, pairs: 0, exact: null, withinOne: null, kappa: null, withComputed: 1 });
  });

  it("Cohen's kappa: perfect agreement 1, undefined when chance agreement is 1, negative below chance", () => {
    expect(cohenKappa([[0, 0], [1, 1], [2, 2], [3, 3]])).toBe(1);
    expect(cohenKappa([[2, 2], [2, 2]])).toBeNull();
    expect(cohenKappa([[0, 1], [1, 0]])).toBe(-1);
    expect(cohenKappa([])).toBeNull();
  });
});
