import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PresenceLog } from "./presence.js";

/** Presence entries are coalesced: a quick return writes nothing; churn writes at most one leave per interval. */

let written: string[];
let here: Set<string>;
let away: Set<string>;
let log: PresenceLog;

beforeEach(() => {
  vi.useFakeTimers();
  written = []; here = new Set(); away = new Set();
  log = new PresenceLog({ graceMs: 1000, minIntervalMs: 30_000 },
    (p) => !here.has(p) && !away.has(p), async (p) => { written.push(p); away.add(p); }, () => Date.now());
});
afterEach(() => { vi.useRealTimers(); });

describe("PresenceLog", () => {
  it("a return within the grace writes nothing; a real departure is written once after it", async () => {
    log.gone("p1");
    await vi.advanceTimersByTimeAsync(500);
    log.back("p1");
    await vi.advanceTimersByTimeAsync(5000);
    expect(written).toEqual([]);
    log.gone("p1");
    await vi.advanceTimersByTimeAsync(1000);
    expect(written).toEqual(["p1"]);
  });

  it("two leaves of one player are at least the interval apart", async () => {
    log.gone("p1");
    await vi.advanceTimersByTimeAsync(1000);
    away.delete("p1"); // joined again (the room wrote a join)
    log.gone("p1");
    await vi.advanceTimersByTimeAsync(5000);
    expect(written).toEqual(["p1"]);
    await vi.advanceTimersByTimeAsync(25_000);
    expect(written).toEqual(["p1", "p1"]);
  });

  it("flush writes what is pending now; a player connected again is not written", async () => {
    log.gone("p1"); log.gone("p2");
    here.add("p2");
    await log.flush();
    expect(written).toEqual(["p1"]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(written).toEqual(["p1"]);
  });
});
