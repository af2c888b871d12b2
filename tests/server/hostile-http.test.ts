import { matchMaker } from "@colyseus/core";
import { Client as SdkClient } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloseReason } from "../../shared/protocol.js";
import { ENDPOINT, Http, instructor, join, miniSession, okAck, Probe, sleep, startServer, type TestServer } from "./helpers.js";

/**
 * The HTTP edge as a hostile student sees it (fetch and the official SDK
 * against a real server): seat reservations without a valid token take no
 * seat, and the class then plays normally.
 */

let server: TestServer;
let anim: Http;
let s: Awaited<ReturnType<typeof miniSession>>;

/** Seats the room counts: connected clients plus reservations not yet used. */
async function seatsTaken(cellId: string): Promise<number> {
  const [listing] = await matchMaker.query({ roomId: cellId });
  return listing?.clients ?? -1;
}

const reserve = (cellId: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${ENDPOINT}/matchmake/joinById/${cellId}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

beforeAll(async () => {
  server = await startServer();
  anim = await instructor(server);
  s = await miniSession(anim, 2);
});
afterAll(async () => { await server?.close(); });

describe("seat reservations", () => {
  it("without a token, with a forged one or with another cell's token: refused fast with 401, no seat taken", async () => {
    const cell = s.cells[0].id;
    const other = await join(s.cells[1].code, "Ailleurs");
    const forgedStaff = Buffer.from(JSON.stringify({ userId: "u_x", role: "instructor", username: "x", sid: "s", exp: Date.now() + 60_000 })).toString("base64url") + ".AAAA";
    const bodies = [
      "{}", JSON.stringify({ token: "p_nobody.secret" }), JSON.stringify({ token: other.token }), JSON.stringify({ staffToken: forgedStaff }),
      JSON.stringify({ staffToken: 42 }), JSON.stringify({ token: { $ne: null } }), "[]", "null",
    ];
    const t0 = performance.now();
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => reserve(cell, bodies[i % bodies.length]).then(async (r) => ({ status: r.status, body: await r.json() }))));
    const ms = performance.now() - t0;
    for (const a of answers) {
      expect(a.status).toBe(401);
      expect(a.body).toMatchObject({ code: 401 });
      expect(String(a.body.error)).toMatch(/jeton|réservation/);
    }
    expect(ms).toBeLessThan(10_000); // 100 refusals, no seat reservation timeout waited for
    expect(await seatsTaken(cell)).toBe(0);
  });

  it("the official SDK with a forged token gets a 401 error, and the instructor and the students then join and play", async () => {
    const cell = s.cells[0].id;
    const sdk = new SdkClient(ENDPOINT);
    await expect(sdk.joinById(cell, { token: "p_forged.secret" })).rejects.toMatchObject({ code: 401 });
    await expect(sdk.joinById(cell, {})).rejects.toMatchObject({ code: 401 });
    expect(await seatsTaken(cell)).toBe(0);

    const staff = await Probe.staff(cell, anim);
    const [ja, jb, jc] = [await join(s.cells[0].code, "Alice"), await join(s.cells[0].code, "Bruno"), await join(s.cells[0].code, "Chloé")];
    const players = [await Probe.player(cell, ja.token), await Probe.player(cell, jb.token), await Probe.player(cell, jc.token)];
    okAck(await players[0].intent({ type: "take_role", role: "rssi" }));
    okAck(await players[1].intent({ type: "take_role", role: "com" }));
    okAck(await players[2].intent({ type: "take_role", role: "director" }));
    okAck(await staff.command({ type: "start" }));
    await players[0].waitFor(() => players[0].all("status").some((u) => u.status === "running"), 8000, "running");
    expect(await seatsTaken(cell)).toBe(4);
    for (const p of [staff, ...players]) await p.close();
    await sleep(100);
  });
});

describe("staff room tokens", () => {
  it("stop working right after logout: the token is refused at reservation and connected clients of that login are closed with 4401", async () => {
    const cell = s.cells[1].id;
    expect((await anim.post("/api/users", { username: "jury", password: "mot-de-passe-jury", role: "evaluator" })).status).toBe(201);
    const jury = new Http(), other = new Http();
    expect((await jury.post("/api/login", { username: "jury", password: "mot-de-passe-jury" })).status).toBe(200);
    expect((await other.post("/api/login", { username: "jury", password: "mot-de-passe-jury" })).status).toBe(200);
    const token = (await jury.get<{ token: string }>("/api/staff-token")).body.token;
    const connected = await Probe.staff(cell, jury);
    const elsewhere = await Probe.staff(cell, other); // the same account, another login: not revoked
    const leaves: number[] = [];
    connected.conn.room!.onLeave((code: number) => leaves.push(code));

    expect((await jury.post("/api/logout")).status).toBe(204);
    await connected.waitFor(() => leaves.length > 0, 3000, "the revoked staff client closed");
    expect(leaves).toEqual([CloseReason.Unauthorized]);
    expect(connected.conn.status).toBe("closed");
    await expect(new SdkClient(ENDPOINT).joinById(cell, { staffToken: token })).rejects.toMatchObject({ code: 401 });
    expect((await jury.get("/api/staff-token")).status).toBe(401);

    expect(elsewhere.conn.status).toBe("connected");
    okAck(await elsewhere.conn.send("annotate", { at: 0, text: "toujours là" } as never));
    await elsewhere.close();
    await connected.close();
  });
});
