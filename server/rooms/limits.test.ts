import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { probeRedis, TEST_REDIS_URL } from "../../tests/services.js";
import { SeatLimits } from "./limits.js";

/**
 * Per-seat budgets: `ratePerSecond` plus a `rateBurst` reserve; shared by two
 * processes through Redis; still enforced (per process) while Redis does not
 * answer, thanks to the in-memory insurance.
 */

const config = { rateBurst: 4, ratePerSecond: 2, rateBurstWindowSeconds: 60, joinsPerSeatPerMinute: 3 };
const redisUp = (await probeRedis()).ok;
const clients: Redis[] = [];
afterAll(() => { for (const c of clients) c.disconnect(); });

async function admitted(limits: SeatLimits, seat: string, n: number): Promise<number> {
  let ok = 0;
  for (let i = 0; i < n; i++) if ((await limits.message(seat)).ok) ok++;
  return ok;
}

describe("SeatLimits", () => {
  it("in memory: rate plus burst, then refusals with a wait; seats are independent; joins counted per seat and cell", async () => {
    const l = new SeatLimits(config);
    expect(await admitted(l, "p:a", 20)).toBe(2 + 4);
    const refused = await l.message("p:a");
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(await admitted(l, "p:b", 1)).toBe(1);
    for (let i = 0; i < 3; i++) expect((await l.join("c1", "p:a")).ok).toBe(true);
    expect((await l.join("c1", "p:a")).ok).toBe(false);
    expect((await l.join("c2", "p:a")).ok).toBe(true);
  });

  it.runIf(redisUp)("on Redis: two processes share one budget per seat", async () => {
    const [r1, r2] = [new Redis(TEST_REDIS_URL), new Redis(TEST_REDIS_URL)];
    clients.push(r1, r2);
    await Promise.all([r1.ping(), r2.ping()]); // until a client is ready, its process counts in memory (the insurance)
    const seat = `p:test-${Date.now()}-${Math.random()}`;
    const [p1, p2] = [new SeatLimits(config, r1), new SeatLimits(config, r2)];
    const total = (await admitted(p1, seat, 5)) + (await admitted(p2, seat, 5));
    expect(total).toBe(6);
  });

  it("Redis unreachable: the in-memory insurance still limits", async () => {
    const dead = new Redis("redis://127.0.0.1:1", { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    dead.on("error", () => undefined);
    clients.push(dead);
    const l = new SeatLimits(config, dead);
    expect(await admitted(l, "p:x", 20)).toBe(6);
  });
});
