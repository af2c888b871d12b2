import { matchMaker, type Room } from "@colyseus/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Http, instructor, join, miniSession, okAck, Probe, startServer, type TestServer } from "./helpers.js";

/**
 * Seats survive the network: a drop under the reconnection window keeps the
 * same seat (same Colyseus session, nothing logged); later, the player's
 * token rejoins the same roles; a message resent with the same id is logged
 * once.
 */

let server: TestServer;
let anim: Http;
let s: Awaited<ReturnType<typeof miniSession>>;

beforeAll(async () => {
  server = await startServer({ reconnectSeconds: 60 });
  anim = await instructor(server);
  s = await miniSession(anim, 1);
  const staff = await Probe.staff(s.cells[0].id, anim);
  okAck(await staff.command({ type: "start", force: true }));
  await staff.close();
});

afterAll(async () => { await server?.close(); });

const serverClientOf = (cellId: string, sessionId: string) =>
  (matchMaker.getLocalRoomById(cellId) as Room).clients.find((c) => c.sessionId === sessionId)!;

describe("reconnection", () => {
  it("a drop under 60 s keeps the seat: same session, same roles, no leave logged, a fresh view", async () => {
    const cell = s.cells[0].id;
    const p = await Probe.player(cell, (await join(s.cells[0].code, "Réseau")).token);
    okAck(await p.intent({ type: "take_role", role: "com" }));
    await p.waitFor(() => p.view.you.roles.includes("com"));
    p.conn.room!.reconnection.minUptime = 0; // by default the SDK reconnects by itself only after 5 s of uptime
    const sessionId = p.conn.room!.sessionId;
    const before = await server.storage.lastSeq(cell);
    const views = p.views.length;
    (serverClientOf(cell, sessionId).ref as unknown as { terminate(): void }).terminate(); // no close frame: a network drop
    await p.waitFor(() => p.views.length > views, 10_000, "view after reconnection");
    expect(p.statuses).toContain("reconnecting");
    expect(p.conn.room!.sessionId).toBe(sessionId);
    expect(p.view.you.roles).toEqual(["com"]);
    const log = await server.storage.readLog(cell, before);
    expect(log.some((e) => e.payload.type === "leave" || e.payload.type === "join")).toBe(false);
    okAck(await p.intent({ type: "action", role: "com", action: "chat", params: { text: "toujours là" } }));
    await p.close();
  }, 30_000);

  it("later, the token rejoins the same roles", async () => {
    const cell = s.cells[0].id;
    const seat = await join(s.cells[0].code, "Retour");
    const p = await Probe.player(cell, seat.token);
    okAck(await p.intent({ type: "take_role", role: "rssi" }));
    await p.close(); // gone for good (consented leave): logged
    const rt = server.app.ctx.cells.get(cell)!;
    await p.waitFor(() => rt.state.players[seat.playerId]?.present === false, 3000, "leave logged");
    const again = await Probe.player(cell, seat.token);
    expect(again.view.you).toMatchObject({ player: seat.playerId, name: "Retour", roles: ["rssi"] });
    expect(rt.state.players[seat.playerId].present).toBe(true);
    await again.close();
  });

  it("a message resent with the same id is logged once and acknowledged with the same seq", async () => {
    const cell = s.cells[0].id;
    const p = await Probe.player(cell, (await join(s.cells[0].code, "Double")).token);
    okAck(await p.intent({ type: "take_role", role: "director" }));
    const acks: { id: string; ok: boolean; seq?: number }[] = [];
    p.conn.room!.onMessage("ack", (a: { id: string; ok: boolean; seq?: number }) => acks.push(a));
    const msg = { id: "same-id", seq: p.conn.seq, intent: { type: "action", role: "director", action: "logbook", params: { text: "Une seule fois" } } };
    p.conn.room!.send("intent", msg);
    p.conn.room!.send("intent", msg);
    await p.waitFor(() => acks.filter((a) => a.id === "same-id").length === 2);
    const [a1, a2] = acks.filter((a) => a.id === "same-id");
    expect(a1.ok && a2.ok && a1.seq === a2.seq).toBe(true);
    const log = await server.storage.readLog(cell);
    expect(log.filter((e) => e.payload.type === "action" && e.payload.params?.text === "Une seule fois")).toHaveLength(1);
    await p.close();
  });
});
