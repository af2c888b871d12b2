import { matchMaker } from "@colyseus/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localListing, rawSocket } from "../../server/colyseus-private.js";
import { ENDPOINT, Http, instructor, join, miniSession, Probe, startServer, type TestServer } from "./helpers.js";

/**
 * server/colyseus-private.ts against the real Colyseus 0.18 of this lockfile:
 * each private thing it reaches for still exists and still does what the
 * product relies on. An upgrade that moves one fails here first.
 */

let server: TestServer;
let anim: Http;
let s: Awaited<ReturnType<typeof miniSession>>;
let alice: Probe;

beforeAll(async () => {
  server = await startServer({ allowedOrigins: ["https://ecole.example"] });
  anim = await instructor(server);
  s = await miniSession(anim, 1);
  alice = await Probe.player(s.cells[0].id, (await join(s.cells[0].code, "Alice")).token);
});
afterAll(async () => {
  await alice?.close();
  await server?.close();
});

describe("Colyseus private APIs behind one shim", () => {
  it("lockMatchmaking: clients may join by id but never create a room; CORS only for configured origins", async () => {
    const create = await fetch(`${ENDPOINT}/matchmake/create/cell`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(create.ok).toBe(false);
    const joinOrCreate = await fetch(`${ENDPOINT}/matchmake/joinOrCreate/cell`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(joinOrCreate.ok).toBe(false);
    expect(matchMaker.getLocalRoomById("cell")).toBeUndefined();
    for (const [origin, allowed] of [["https://ecole.example", "https://ecole.example"], ["https://intrus.example", null]] as const) {
      const pre = await fetch(`${ENDPOINT}/matchmake/joinById/${s.cells[0].id}`, { method: "OPTIONS", headers: { Origin: origin } });
      expect(pre.headers.get("access-control-allow-origin")).toBe(allowed);
      expect(pre.headers.get("access-control-allow-credentials")).toBeNull();
    }
    // The auth context carried the room asked for: the player above got their seat in that cell.
    expect(alice.view.you.roles).toEqual([]);
    expect(alice.conn.status).toBe("connected");
  });

  it("localListing: the listing of a room this process hosts, nothing for another id", () => {
    const listing = localListing(s.cells[0].id);
    expect(listing?.roomId).toBe(s.cells[0].id);
    expect(listing?.name).toBe("cell");
    expect(localListing("c_nowhere")).toBeUndefined();
  });

  it("rawSocket: the ws socket under a connected client; interceptFrames: a bad frame is answered, the connection kept", async () => {
    const room = matchMaker.getLocalRoomById(s.cells[0].id)!;
    const socket = rawSocket(room.clients[0]!);
    expect(typeof socket.on).toBe("function");
    expect(typeof socket.removeAllListeners).toBe("function");
    expect(socket.listenerCount("error")).toBe(1); // quietSocketErrors replaced the transport's listener by one line of log
    const before = alice.errors.length;
    (alice.conn.room!.connection as unknown as { send(b: Uint8Array): void }).send(Uint8Array.from([13, 0xd9]));
    await alice.waitFor(() => alice.errors.length > before, 5000, "bad_frame");
    expect(alice.errors.at(-1)?.code).toBe("bad_frame");
    expect(alice.conn.status).toBe("connected");
  });
});
