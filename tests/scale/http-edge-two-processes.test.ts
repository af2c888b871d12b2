import { describe, expect, it } from "vitest";
import { Client as SdkClient } from "@colyseus/sdk";
import { CloseReason } from "../../shared/protocol.js";
import { Http, MINI_JSON, Probe } from "../server/helpers.js";
import { probePostgres, probeRedis, servicesFor } from "../services.js";
import { clusterFile, twoNodes } from "./two-nodes.js";
import { PROTOCOL_VERSION } from "../../shared/protocol.js";

/**
 * The HTTP edge's defences hold across processes (Redis + PostgreSQL): a
 * seat reservation asked of one process for a room hosted by the other is
 * refused without a token; a logout on one process closes that login's
 * staff clients on the other at once; wrong passwords counted by one
 * process delay the next try on the other.
 */

const run = await servicesFor("multi-process HTTP edge test", probePostgres(), probeRedis());

const { nodes, open } = clusterFile();

describe.runIf(run)("two processes", () => {
  it("refuse token-less seats for each other's rooms, close a logged-out login's staff clients, and share the login throttle", async () => {
    const { a, b, anim } = await twoNodes(await open(6), {}, nodes);
    const up = await anim.post("/api/scenarios/library", { filename: "mini.json", text: MINI_JSON });
    const s = (await anim.post("/api/sessions", { scenario: up.body.id, cells: 4, seed: 5 })).body;

    // Every cell, reserved through each process: refused with 401, wherever the room runs.
    for (const node of [a, b]) for (const c of s.cells as { id: string }[]) {
      const r = await fetch(`${node.url}/matchmake/joinById/${c.id}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ protocol: PROTOCOL_VERSION }) });
      expect(r.status).toBe(401);
    }

    // A staff client of a login made on A, connected through B; the logout goes to A.
    const jury = new Http(a.url);
    expect((await jury.post("/api/login", { username: "anim", password: "un-mot-de-passe" })).status).toBe(200);
    const viaB = new Http(b.url);
    viaB.cookie = jury.cookie;
    const staff = await Probe.staff(s.cells[0].id, viaB, b.url);
    const leaves: number[] = [];
    staff.conn.room!.onLeave((code: number) => leaves.push(code));
    const token = (await viaB.get<{ token: string }>("/api/staff-token")).body.token;
    const t0 = performance.now();
    expect((await jury.post("/api/logout")).status).toBe(204);
    await staff.waitFor(() => leaves.length > 0, 3000, "the staff client on the other process closed");
    console.log(`logout on A closed the staff client on B in ${Math.round(performance.now() - t0)} ms`);
    expect(leaves).toEqual([CloseReason.Unauthorized]);
    await expect(new SdkClient(b.url).joinById(s.cells[1].id, { protocol: PROTOCOL_VERSION, staffToken: token })).rejects.toMatchObject({ code: 401 });
    await staff.close();

    // Wrong passwords on A, then on B: the throttle is shared.
    for (let i = 0; i < 6; i++) await new Http(a.url).post("/api/login", { username: "anim", password: "mauvais" });
    const onB = await new Http(b.url).post("/api/login", { username: "anim", password: "mauvais" });
    expect(onB.status).toBe(429);
    expect(Number(onB.headers.get("retry-after"))).toBeGreaterThan(0);
    // The instructor's own browser (device cookie from its first login on A) gets in on B at once.
    const own = new Http(b.url);
    own.cookie = anim.cookie;
    expect((await own.post("/api/login", { username: "anim", password: "un-mot-de-passe" })).status).toBe(200);
  });
});
