import { describe, expect, it } from "vitest";
import { Pacer } from "./pacer.js";

/** The client's pacing: a burst at once, then the steady rate; after a refusal, from empty. */
describe("Pacer", () => {
  it("lets a burst go, then one message per 1/perSecond", () => {
    let now = 0;
    const p = new Pacer(3, 2, () => now);
    for (let i = 0; i < 3; i++) { expect(p.wait()).toBe(0); p.take(); }
    expect(p.wait()).toBe(500);
    now = 500;
    expect(p.wait()).toBe(0);
    p.take();
    p.configure(10, 4);
    expect(p.wait()).toBe(250);
    now = 750;
    p.drain();
    expect(p.wait()).toBe(250);
  });

  it("sends a backlog of 70 under a 20 + 5/s budget in about 10 s", () => {
    let now = 0;
    const p = new Pacer(20, 5, () => now);
    for (let sent = 0; sent < 70; sent++) { now += p.wait(); p.take(); }
    expect(now).toBe(10_000);
  });
});
