import { Client, type Room as SdkRoom } from "@colyseus/sdk";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { MINI_JSON, sleep } from "../server/helpers.js";
import { probePostgres, probeRedis, servicesFor } from "../services.js";
import { clusterFile, twoNodes } from "./two-nodes.js";
import { PROTOCOL_VERSION } from "../../shared/protocol.js";

/**
 * Budgets are per seat across processes: one staff account flooding two
 * cells hosted by two different processes gets, in total, what one
 * connection would get — the counters live in Redis. (Per-process counters
 * would let it through twice as fast, once per process.)
 */

const run = await servicesFor("multi-process rate limits", probePostgres(), probeRedis());

const { nodes, open } = clusterFile();

describe.runIf(run)("per-seat budgets on Redis", () => {
  it("a staff account flooding two cells on two processes gets one budget in total", async () => {
    const env = await open(7);
    const nodeEnv = { CLOCK_MS: "500", RATE_BURST: "10", RATE_PER_SECOND: "5" };
    const { a, anim } = await twoNodes(env, nodeEnv, nodes);
    const up = await anim.post("/api/scenarios/library", { filename: "mini.json", text: MINI_JSON });
    const s = (await anim.post("/api/sessions", { scenario: up.body.id, cells: 2, seed: 1 })).body;
    // The two cells are on two processes (placement spreads a session).
    const redis = new Redis(env.redisUrl);
    const hosts = await Promise.all(s.cells.map((c: { id: string }) => redis.get(`sf:cell:${c.id}`)));
    redis.disconnect();
    expect(new Set(hosts).size).toBe(2);

    const accepted: number[] = [];
    const rooms: SdkRoom[] = [];
    for (const c of s.cells as { id: string }[]) {
      const token = (await anim.get<{ token: string }>("/api/staff-token")).body.token;
      const room = await new Client(a.url).joinById(c.id, { protocol: PROTOCOL_VERSION, staffToken: token });
      room.onMessage("*", () => undefined);
      room.onMessage("ack", (x: { ok: boolean }) => { if (x.ok) accepted.push(Date.now()); });
      rooms.push(room);
    }
    const FLOOD_MS = 3000;
    const t0 = Date.now();
    let n = 0;
    while (Date.now() - t0 < FLOOD_MS) {
      for (const room of rooms) for (let i = 0; i < 3; i++) room.send("annotate", { id: `note-${n++}`, at: 0, text: `note ${n}` });
      await sleep(100); // 30/s per connection, 60/s in all: twelve times the budget
    }
    await sleep(800);
    const seconds = FLOOD_MS / 1000;
    console.log(`[seat-budget-two-processes] one staff account, two cells on two processes, ${seconds} s: ${n} sent, ${accepted.length} accepted (${(accepted.length / seconds).toFixed(1)}/s for a budget of 10 + 5/s)`);
    expect(accepted.length).toBeLessThanOrEqual(10 + 5 * (seconds + 1));
    expect(accepted.length).toBeGreaterThanOrEqual(10 + 5 * (seconds - 1));
    expect(rooms.every((r) => r.connection.isOpen)).toBe(true);
    for (const r of rooms) if (r.connection.isOpen) await Promise.race([r.leave(true), sleep(1000)]).catch(() => undefined);
  }, 120_000);
});
