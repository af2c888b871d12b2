import { request } from "node:http";
import { matchMaker } from "@colyseus/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloseReason } from "../../shared/protocol.js";
import { ENDPOINT, Http, instructor, join, miniSession, okAck, PORT, Probe, startServer, type TestServer } from "./helpers.js";

/**
 * Bad input never crashes anything and never reaches the game log: unknown
 * types, wrong shapes, oversized payloads, floods, forbidden origins, a
 * throwing handler, and fast-check fuzzing of everything a client can send.
 */

let server: TestServer;
let anim: Http;
let s: Awaited<ReturnType<typeof miniSession>>;
let player: Probe, other: Probe;

const healthy = async () => (await fetch(`${ENDPOINT}/healthz`)).status === 200;
const logOf = (i = 0) => server.storage.readLog(s.cells[i].id);

beforeAll(async () => {
  server = await startServer({ rateBurst: 100_000, ratePerSecond: 100_000 });
  anim = await instructor(server);
  s = await miniSession(anim, 2);
  player = await Probe.player(s.cells[0].id, (await join(s.cells[0].code, "Fuzz")).token);
  other = await Probe.player(s.cells[1].id, (await join(s.cells[1].code, "Témoin")).token);
});

afterAll(async () => {
  await player?.close();
  await other?.close();
  await server?.close();
});

/** Waits until every message sent before it was handled: the sentinel's ack comes after theirs. */
async function settle(p: Probe) {
  const ack = await p.intent({ type: "action", role: "nobody-holds-this", action: "chat", params: { text: "sentinelle" } });
  expect(ack).toMatchObject({ ok: false, code: "forbidden" });
}

describe("bad input gets a clear answer, the sender stays connected, the log is untouched", () => {
  it("unknown types, wrong shapes, oversized payloads", async () => {
    const before = await logOf();
    player.conn.room!.send("teleport", { x: 1 });
    await player.waitFor(() => player.errors.some((e) => e.code === "bad_message" && e.params?.detail === "unknown_type"));
    const shapes = [undefined, null, 42, "x", [], {}, { id: "m1" }, { id: "m2", seq: -1, intent: {} }, { id: "m3", seq: 0, intent: { type: "action" } },
      { id: "m4", seq: 0, intent: { type: "action", role: "com", action: "chat", params: { text: 3 }, extra: true } }];
    for (const shape of shapes) player.conn.room!.send("intent", shape);
    await settle(player);
    const acks = player.errors.length;
    expect(acks).toBeGreaterThan(1);
    const big = await player.intent({ type: "action", role: "com", action: "chat", params: { text: "x".repeat(11_000), more: "y".repeat(11_000) } });
    expect(big).toMatchObject({ ok: false, code: "too_large" });
    expect(player.conn.status).toBe("connected");
    expect(await logOf()).toEqual(before);
  });

  it("fast-check: arbitrary messages of any type leave the server healthy and the log unchanged", async () => {
    const before = await logOf();
    const roles = fc.string({ maxLength: 12 }).filter((r) => !["director", "com", "rssi"].includes(r));
    const nearValid = fc.oneof(
      fc.record({ id: fc.string({ maxLength: 70 }), seq: fc.oneof(fc.integer(), fc.double()), intent: fc.record({ type: fc.constantFrom("action", "approve", "release_role", "take_role"), role: roles, action: fc.string({ maxLength: 10 }), params: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })) }, { requiredKeys: [] }) }, { requiredKeys: [] }),
      fc.record({ id: fc.string({ minLength: 1, maxLength: 10 }), seq: fc.nat(5), command: fc.record({ type: fc.constantFrom("start", "pause", "end", "gauge", "improvise", "speed"), speed: fc.double(), gauge: fc.string() }, { requiredKeys: ["type"] }) }),
      fc.record({ id: fc.string({ minLength: 1, maxLength: 10 }), at: fc.integer(), text: fc.string() }),
    );
    await fc.assert(fc.asyncProperty(
      fc.array(fc.tuple(fc.constantFrom("intent", "command", "annotate", "ack", "view", "x", ""), fc.oneof(fc.jsonValue({ maxDepth: 4 }), nearValid)), { minLength: 1, maxLength: 25 }),
      async (messages) => {
        for (const [type, payload] of messages) player.conn.room!.send(type, payload);
        await settle(player);
        expect(player.conn.status).toBe("connected");
      },
    ), { numRuns: 60 });
    expect(await healthy()).toBe(true);
    expect(await logOf()).toEqual(before);
  });

  it("fast-check: raw garbage frames never hurt the server (the sender may be dropped)", async () => {
    const before = await logOf();
    const victim = await Probe.player(s.cells[0].id, (await join(s.cells[0].code, "Octets")).token);
    const afterJoin = await logOf();
    await fc.assert(fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 200 }), async (bytes) => {
      try { (victim.conn.room?.connection as unknown as { send(b: Uint8Array): void })?.send(bytes); } catch { /* closed */ }
    }), { numRuns: 100 });
    await new Promise((r) => setTimeout(r, 300));
    await victim.close();
    expect(await healthy()).toBe(true);
    const log = await logOf();
    // Only the victim's own join/leave may appear, never anything from its garbage.
    expect(log.slice(before.length).every((e) => e.payload.type === "join" || e.payload.type === "leave")).toBe(true);
    expect(afterJoin.length).toBe(before.length + 1);
    await settle(player);
  });

  it("a flood is refused, then the flooding client is disconnected with a reason; others are unaffected", async () => {
    // (Budgets are per seat, on the server: tightened for the flood, restored after it.)
    server.config.rateBurst = 5; server.config.ratePerSecond = 1; server.config.rateKickAfter = 20;
    const flooder = await Probe.player(s.cells[0].id, (await join(s.cells[0].code, "Flood")).token);
    let code = 0;
    flooder.conn.room!.onLeave((c: number) => { code = c; });
    for (let i = 0; i < 60; i++) flooder.conn.room?.send("intent", { seq: 0, intent: { type: "release_role", role: "x" } });
    await flooder.waitFor(() => code !== 0, 5000, "disconnection").finally(() => { server.config.rateBurst = 100_000; server.config.ratePerSecond = 100_000; });
    expect(code).toBe(CloseReason.Abusive);
    expect(flooder.errors.some((e) => e.code === "rate_limited")).toBe(true);
    expect(flooder.conn.status).toBe("closed"); // the helper does not come back after an abusive close
    await settle(player);
  });

  it("WebSocket upgrades from another origin are refused; same origin and no origin pass", async () => {
    const upgrade = (origin?: string) => new Promise<number>((resolve) => {
      const req = request({ host: "127.0.0.1", port: PORT, path: "/whatever", headers: {
        Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", ...(origin ? { Origin: origin } : {}),
      } });
      req.on("upgrade", (_res, socket) => { socket.destroy(); resolve(101); });
      req.on("response", (res) => { res.resume(); resolve(res.statusCode ?? 0); });
      req.on("error", () => resolve(-1));
      req.end();
    });
    expect(await upgrade("https://evil.example")).toBe(403);
    expect(await upgrade(`http://127.0.0.1:${PORT}`)).toBe(101);
    expect(await upgrade()).toBe(101);
  });

  it("an uncaught error in one room takes down neither the process nor the other rooms", async () => {
    const room = matchMaker.getLocalRoomById(s.cells[0].id) as unknown as { receive: unknown };
    const original = room.receive;
    room.receive = () => { throw new Error("boum"); };
    player.conn.room!.send("intent", { id: "boom", seq: 0, intent: { type: "take_role", role: "com" } });
    await new Promise((r) => setTimeout(r, 100));
    expect(await healthy()).toBe(true);
    okAck(await other.intent({ type: "take_role", role: "com" }));
    room.receive = original;
    await settle(player);
  });
});
