import { describe, expect, it } from "vitest";
import { typingPace } from "./pace.js";

describe("the server check's wait after a keystroke", () => {
  const pace = typingPace;
  const bounds = { min: 200, max: 900, factor: 2 };

  it("is the minimum before the author's pace is known", () => {
    const p = pace();
    expect(p.delay(bounds)).toBe(200);
    p.key(1000);
    expect(p.delay(bounds)).toBe(200);
  });

  it("follows the median gap between keystrokes, times the factor, within bounds", () => {
    const p = pace();
    for (const t of [0, 150, 300, 450, 600]) p.key(t);
    expect(p.delay(bounds)).toBe(300);
    const slow = pace();
    for (const t of [0, 700, 1400, 2100]) slow.key(t);
    expect(slow.delay(bounds)).toBe(900);
    const fast = pace();
    for (const t of [0, 30, 60, 90]) fast.key(t);
    expect(fast.delay(bounds)).toBe(200);
  });

  it("does not take a pause for the pace, and forgets old gaps", () => {
    const p = typingPace(3);
    for (const t of [0, 100, 200, 10_000, 10_400, 10_800, 11_200]) p.key(t);
    expect(p.delay({ min: 0, max: 10_000, factor: 1 })).toBe(400);
  });
});
