import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { servicesFor, probeRedis, TEST_REDIS_URL } from "../../tests/services.js";
import { delayAfter, FREE, LoginThrottle, loginKeys, MAX_DELAY_S } from "./login-throttle.js";

/** Login throttling: free tries, then doubling delays capped low; per account and address; devices apart; shared through Redis. */

describe("delays", () => {
  it("free tries, then 1, 2, 4… seconds up to the cap", () => {
    const seq = Array.from({ length: 14 }, (_, i) => delayAfter(i + 1, FREE.address));
    expect(seq).toEqual([0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 30, 30, 30, 30]);
    expect(Math.max(...seq)).toBe(MAX_DELAY_S);
  });

  it("keys: per account and address for strangers (case and spaces ignored), the device alone for a known browser", () => {
    expect(loginKeys(" Anim ", "10.0.0.1", undefined).map((k) => k.key)).toEqual(["ip:anim:10.0.0.1", "acct:anim"]);
    expect(loginKeys("anim", "10.0.0.1", "d1").map((k) => k.key)).toEqual(["dev:anim:d1"]);
  });
});

async function scenario(a: LoginThrottle, b: LoginThrottle) {
  const attacker = loginKeys("anim", "192.0.2.7", undefined);
  for (let i = 0; i < FREE.address; i++) await a.failed(attacker);
  expect(await b.wait(attacker)).toBe(0);
  await a.failed(attacker);
  const w1 = await b.wait(attacker);
  expect(w1).toBeGreaterThan(0);
  expect(w1).toBeLessThanOrEqual(1000);
  await a.failed(attacker);
  expect(await b.wait(attacker)).toBeGreaterThan(1000);
  // Another address, the same account: within the account's own free tries, not delayed.
  expect(await b.wait(loginKeys("anim", "192.0.2.8", undefined))).toBe(0);
  // The account's own browser: never delayed by strangers.
  expect(await b.wait(loginKeys("anim", "192.0.2.7", "device-1"))).toBe(0);
  // Another account from the attacker's address: not delayed.
  expect(await b.wait(loginKeys("jury", "192.0.2.7", undefined))).toBe(0);
  await b.succeeded(attacker);
  expect(await a.wait(attacker)).toBe(0);
}

describe("in memory", () => {
  it("counts, delays and clears", async () => {
    const t = new LoginThrottle();
    await scenario(t, t);
  });
});

describe("on Redis (two processes share the counters)", async () => {
  const ok = await servicesFor("login throttle on Redis", probeRedis());
  it.skipIf(!ok)("a process sees the failures counted by another", async () => {
    const prefix = `sf:test:${randomBytes(4).toString("hex")}`;
    const a = new LoginThrottle(TEST_REDIS_URL, prefix), b = new LoginThrottle(TEST_REDIS_URL, prefix);
    try { await scenario(a, b); } finally { a.close(); b.close(); }
  });
});
