import { afterAll, describe, expect, it } from "vitest";
import { MemoryStorage } from "../../server/storage/memory.js";
import { ENDPOINT, Http, instructor, join, miniSession, Probe, sleep, startServer, type TestServer } from "./helpers.js";

/**
 * `POST /api/cells/:id/wake` opens a cell's room that is not open (after a
 * restart: an ended cell, a cell no one has rejoined yet). CellConnection
 * calls it before rejoining, with the seat's own credentials. Only who may
 * enter the cell may wake it: one of its players (their token), staff who
 * may see its session (room token or login). Anyone else gets 401 — a
 * stranger with a cell id opens no room and learns nothing.
 */

const storage = new MemoryStorage();
let server: TestServer;
const probes: Probe[] = [];
afterAll(async () => {
  for (const p of probes) await p.close();
  await server?.close();
});

const wake = (cellId: string, body?: unknown, http = new Http()) => http.post(`/api/cells/${cellId}/wake`, body);
const rooms = async () => ((await (await fetch(`${ENDPOINT}/healthz`)).json()) as { rooms: number }).rooms;

describe("waking a cell", () => {
  it("refuses whoever has no seat in it; its players and its staff wake it, and a player's client rejoins by itself", async () => {
    server = await startServer({}, storage);
    const anim = await instructor(server);
    const s = await miniSession(anim, 2);
    const [c1, c2] = s.cells;
    const ana = await join(c1.code, "Ana");
    const ben = await join(c2.code, "Ben");
    expect((await anim.post("/api/users", { username: "autre", password: "motdepasse-autre", role: "instructor" })).status).toBe(201);
    const other = new Http();
    expect((await other.post("/api/login", { username: "autre", password: "motdepasse-autre" })).status).toBe(200);
    // A restart: nothing reopens the rooms (no recover()), the same storage.
    await server.close();
    await sleep(300); // the clients' kept-alive sockets see the old server go
    server = await startServer({}, storage);
    expect(await rooms()).toBe(0);

    for (const [body, status] of [
      [undefined, 401], [{}, 401], [{ token: "p_inconnu.secret" }, 401], [{ token: ana.token.replace(/.$/, "x") }, 401],
      [{ token: ben.token }, 401], // a seat of another cell
      [{ staffToken: "forgé" }, 401], [{ token: ana.token, protocol: 2 }, 400], [{ token: 42 }, 400],
    ] as const) {
      const r = await wake(c1.id, body);
      expect([JSON.stringify(body), r.status]).toEqual([JSON.stringify(body), status]);
    }
    expect((await wake("c_inconnue")).status).toBe(401); // no credentials: not even whether the cell exists
    expect((await wake(c1.id, undefined, other)).status).toBe(404); // staff of another session: the cell does not exist for them
    expect(await rooms()).toBe(0);

    // The legitimate callers: a player's client (CellConnection wakes the cell with its token, then rejoins), the session's staff.
    const p = await Probe.player(c1.id, ana.token);
    probes.push(p);
    expect(p.view.you.name).toBe("Ana");
    // Its first join went through a wake and a second try: still "connecting", never "reconnecting" (no connection was
    // lost, so the page says nothing like « Connexion rétablie »).
    expect(p.statuses).toEqual(["connected"]);
    expect(await rooms()).toBe(1);
    expect((await wake(c2.id, undefined, anim)).body).toMatchObject({ ok: true });
    expect(await rooms()).toBe(2);
    const staff = await Probe.staff(c2.id, anim);
    probes.push(staff);
    expect((await wake(c2.id, { staffToken: (await anim.get("/api/staff-token")).body.token })).status).toBe(200);
  }, 60_000);
});
