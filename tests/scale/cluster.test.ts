import pg from "pg";
import { describe, expect, it } from "vitest";
import type { Ack } from "../../shared/protocol.js";
import type { ChildServer } from "../server/child.js";
import { Http, MINI_JSON, okAck, Probe } from "../server/helpers.js";
import { probePostgres, probeRedis, servicesFor } from "../services.js";
import { frontDoor, spawnNode, type ClusterEnv } from "./cluster-kit.js";
import { clusterFile, twoNodes } from "./two-nodes.js";

/**
 * Two server processes sharing Redis and PostgreSQL, behind one front door
 * (a TCP forwarder with failover, like a load balancer). The cells of one
 * session are placed on both processes; the instructor's overview and
 * session-wide commands reach every cell from either process; then one
 * process is killed with SIGKILL mid-session: the other reopens its cells
 * from the shared log, clients come back by themselves, every acknowledged
 * input is in the database, and the session goes on.
 */

const run = await servicesFor("multi-process cluster test", probePostgres(), probeRedis());

let env: ClusterEnv | undefined;
const probes: Probe[] = [];
let front: Awaited<ReturnType<typeof frontDoor>> | undefined;
/** What the second test takes over from the first: the live ports behind the front door, the session, its players. */
const alive = new Set<number>();
const shared: { sessionId?: string; cookie?: string; survivor?: ChildServer; players?: Probe[] } = {};

const { nodes, open } = clusterFile(async () => {
  for (const p of probes) await p.close().catch(() => undefined);
  await front?.close();
});

const LEASE_MS = 3000;
const nodeEnv = { CLOCK_MS: "200", SNAPSHOT_EVERY: "7", CELL_LEASE_MS: String(LEASE_MS) };

async function health(url: string): Promise<{ rooms: number; cluster: { processId: string } }> {
  return (await fetch(`${url}/healthz`)).json() as never;
}

describe.runIf(run)("several processes on Redis + PostgreSQL", () => {
  it("spreads a session over two processes, survives kill -9 of one, loses nothing acknowledged", async () => {
    env = await open(3);
    const { a, b, anim } = await twoNodes(env, nodeEnv, nodes);
    alive.add(a.port).add(b.port);
    front = await frontDoor(() => nodes.map((n) => n.port).filter((p) => alive.has(p)));
    const url = front.url;
    const http = new Http(url);
    http.cookie = anim.cookie; // staff logins live in the shared database: one cookie for every process

    // A session of 4 cells: placed on both processes.
    const up = await http.post("/api/scenarios/library", { filename: "mini.json", text: MINI_JSON });
    const s = (await http.post("/api/sessions", { scenario: up.body.id, cells: 4, seed: 5 })).body;
    expect(s.cells).toHaveLength(4);
    const [ha, hb] = await Promise.all([health(a.url), health(b.url)]);
    expect(ha.rooms + hb.rooms).toBe(4);
    expect(ha.rooms).toBeGreaterThan(0);
    expect(hb.rooms).toBeGreaterThan(0);

    // Which process hosts which cell (from the leases in Redis).
    const { Redis } = await import("ioredis");
    const redis = new Redis(env.redisUrl);
    const hostOf = async (cell: string) => redis.get(`sf:cell:${cell}`);
    const onA: string[] = [];
    for (const c of s.cells) if ((await hostOf(c.id)) === ha.cluster.processId) onA.push(c.id);
    expect(onA.length).toBeGreaterThan(0);
    // One room per cell in the whole cluster: waking every cell on both processes, at once, opens nothing more.
    const hosts = await Promise.all(s.cells.map((c: { id: string }) => hostOf(c.id)));
    await Promise.all([a, b].flatMap((n) => s.cells.map((c: { id: string }) => fetch(`${n.url}/api/cells/${c.id}/wake`, { method: "POST", headers: { cookie: anim.cookie } }))));
    const [ha2, hb2] = await Promise.all([health(a.url), health(b.url)]);
    expect([ha2.rooms, hb2.rooms]).toEqual([ha.rooms, hb.rooms]);
    expect(await Promise.all(s.cells.map((c: { id: string }) => hostOf(c.id)))).toEqual(hosts);

    // Two players per cell, joined through the front door; their WebSockets go to whichever process hosts the cell.
    const seats = await Promise.all(s.cells.flatMap((c: { code: string }, i: number) => [`J${i}a`, `J${i}b`].map(async (name) =>
      (await new Http(url).post("/api/join", { code: c.code, name })).body)));
    const players = await Promise.all(seats.map(async (x) => { const p = await Probe.player(x.cellId, x.token, url); probes.push(p); return p; }));
    const staffA = await Probe.staff(onA[0], http, url);
    probes.push(staffA);
    const connectedAt = Date.now();
    for (let i = 0; i < players.length; i += 2) {
      okAck(await players[i].intent({ type: "take_role", role: "director" }));
      okAck(await players[i + 1].intent({ type: "take_role", role: "rssi" }));
    }

    // A session-wide command from process B reaches every cell, wherever it runs.
    const start = await new Http(b.url).req("POST", `/api/sessions/${s.id}/command`, { command: { type: "start", force: true } }, { cookie: anim.cookie });
    expect(start.status).toBe(200);
    expect(start.body.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, true, true, true]);

    // The overview sees every cell live from either process.
    for (const n of [a, b]) {
      const ov = await new Http(n.url).req("GET", `/api/sessions/${s.id}/overview`, undefined, { cookie: anim.cookie });
      expect(ov.status).toBe(200);
      expect(ov.body.cells.map((c: { available: boolean; status: string }) => [c.available, c.status])).toEqual(Array(4).fill([true, "running"]));
      expect(ov.body.cells.every((c: { players: unknown[] }) => c.players.length === 2)).toBe(true);
    }

    // Evaluator routes read the shared log: every cell, from the process that hosts none of some of them.
    const assess = await new Http(b.url).req("GET", `/api/sessions/${s.id}/assessment`, undefined, { cookie: anim.cookie });
    expect(assess.status).toBe(200);
    expect(assess.body.cells.map((c: { status: string }) => c.status)).toEqual(["running", "running", "running", "running"]);

    const acked = new Map<string, Ack[]>();
    for (let round = 0; round < 3; round++) {
      for (const [i, p] of players.entries()) {
        const ack = okAck(await p.intent({ type: "action", role: i % 2 ? "rssi" : "director", action: i % 2 ? "logbook" : "chat", params: { text: `r${round} p${i}` } }));
        const cell = seats[i].cellId;
        acked.set(cell, [...(acked.get(cell) ?? []), ack]);
      }
    }

    // kill -9 of process A, which hosts onA — once the SDK's own reconnection is armed (rooms up ≥ 5 s), as in a real session.
    await new Promise((r) => setTimeout(r, Math.max(0, 5500 - (Date.now() - connectedAt))));
    const t0 = Date.now();
    a.proc.kill("SIGKILL");
    expect(await a.exited).toBe(null);
    alive.delete(a.port);
    const victim = players[seats.findIndex((x) => x.cellId === onA[0])];
    const offline = victim.intent({ type: "action", role: "director", action: "chat", params: { text: "pendant la panne" } });

    // Clients come back by themselves, onto process B.
    for (const p of probes) {
      await p.waitFor(() => p.conn.status === "connected" && p.statuses.lastIndexOf("reconnecting") < p.statuses.lastIndexOf("connected"), 45_000, "reconnection");
    }
    const recoveredIn = Date.now() - t0;
    expect((await health(b.url)).rooms).toBe(4);
    for (const c of onA) expect(await hostOf(c)).toBe(hb.cluster.processId);
    const offlineAck = okAck(await offline);
    redis.disconnect();

    // Nothing acknowledged is lost: every acked seq is in the shared log, written by the player who sent it.
    const db = new pg.Client({ connectionString: env.databaseUrl });
    await db.connect();
    for (const [cell, acks] of acked) {
      const rows = (await db.query("SELECT seq, author_id, payload FROM log_entries WHERE cell_id = $1 ORDER BY seq", [cell])).rows;
      expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1)); // no gap, no double
      const bySeq = new Map(rows.map((r) => [r.seq, r]));
      for (const ack of acks) expect(ack.ok && JSON.parse(bySeq.get(ack.seq)!.payload).type).toBe("action");
    }
    const offlineRow = (await db.query("SELECT payload FROM log_entries WHERE cell_id = $1 AND seq = $2", [onA[0], offlineAck.ok && offlineAck.seq])).rows[0];
    expect(JSON.parse(offlineRow.payload).params.text).toBe("pendant la panne");
    await db.end();

    // Players see what they had; the session goes on: a new action on a recovered cell, a command to every cell.
    await victim.waitFor(() => victim.actionsNow().some((x) => x.params.text === "pendant la panne"), 5000, "offline action");
    expect(victim.actionsNow().filter((x) => x.params.text === "pendant la panne")).toHaveLength(1);
    const after = okAck(await victim.intent({ type: "action", role: "director", action: "chat", params: { text: "après la reprise" } }));
    expect(after.ok && offlineAck.ok && after.seq).toBeGreaterThan(offlineAck.ok ? offlineAck.seq : 0);
    await staffA.waitFor(() => staffA.actionsNow().some((x) => x.params.text === "après la reprise"), 5000, "staff sees the new action");
    const pause = await http.post(`/api/sessions/${s.id}/command`, { command: { type: "pause" } });
    expect(pause.body.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, true, true, true]);
    const ov = await http.get(`/api/sessions/${s.id}/overview`);
    expect(ov.body.cells.map((c: { status: string }) => c.status)).toEqual(["paused", "paused", "paused", "paused"]);
    console.log(`cluster: ${onA.length} cell(s) moved from the killed process; clients back in ${recoveredIn} ms (lease ${LEASE_MS} ms)`);
    Object.assign(shared, { sessionId: s.id, cookie: anim.cookie, survivor: b, players });
  }, 150_000);

  it("hands every cell to a newly started process when the last one stops gracefully (SIGTERM)", async () => {
    const { sessionId, cookie, survivor, players } = shared;
    if (!sessionId || !survivor || !players || !env) throw new Error("the previous test did not finish");
    const c = await spawnNode(env, nodeEnv);
    nodes.push(c);
    alive.add(c.port);
    alive.delete(survivor.port);
    const t0 = Date.now();
    survivor.proc.kill("SIGTERM");
    expect(await survivor.exited).toBe(0);
    // Leases were released on the way out: no TTL to wait for.
    for (const p of probes) {
      await p.waitFor(() => p.conn.status === "connected" && p.statuses.lastIndexOf("reconnecting") < p.statuses.lastIndexOf("connected"), 45_000, "reconnection");
    }
    const movedIn = Date.now() - t0;
    expect((await health(c.url)).rooms).toBe(4);
    const ov = await new Http(c.url).req("GET", `/api/sessions/${sessionId}/overview`, undefined, { cookie: cookie! });
    expect(ov.body.cells.map((x: { available: boolean; status: string }) => [x.available, x.status])).toEqual(Array(4).fill([true, "paused"]));
    const resume = await new Http(c.url).req("POST", `/api/sessions/${sessionId}/command`, { command: { type: "resume" } }, { cookie: cookie! });
    expect(resume.body.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, true, true, true]);
    okAck(await players[0].intent({ type: "action", role: "director", action: "chat", params: { text: "après l'arrêt propre" } }));
    console.log(`cluster: graceful stop, every cell on the new process, clients back in ${movedIn} ms`);
  }, 90_000);
});
