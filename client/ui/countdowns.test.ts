// @vitest-environment node
import { describe, expect, it } from "vitest";
import { setLang } from "../i18n/index.js";
import { countdownLine, warningStage } from "./countdowns.js";

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

describe("an expired reply deadline, in the reader's punctuation", () => {
  const c = { id: "cd1", delivery: "d1", title: { fr: "Déclaration au Quotidien", en: "Statement to the Quotidien" }, dueAt: 5400, status: "expired" as const, to: [],
    consequence: { fr: "Le Quotidien publie sans vous.", en: "The Quotidien publishes without you." } };
  const v = { time: 6000, speed: 1, pacing: { tempo: 1, factor: 1, manual: false } } as Parameters<typeof countdownLine>[1];
  it("puts no space before the colon in English, one in French", async () => {
    // The language switch writes the page's lang and localStorage: a bare stand-in for both in node.
    Object.assign(globalThis, { document: { documentElement: {} }, localStorage: { setItem: () => undefined, getItem: () => null } });
    await setLang("en");
    expect(countdownLine(c, v, () => "J+0 13:30")).toBe("Statement to the Quotidien — Reply before J+0 13:30 — deadline passed: The Quotidien publishes without you.");
    await setLang("fr");
    expect(countdownLine(c, v, () => "J+0 13:30")).toMatch(/dépassé : Le Quotidien publie sans vous\.$/);
  });
});
