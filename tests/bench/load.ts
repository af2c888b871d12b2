import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import Database from "better-sqlite3";
import { CellConnection } from "../../shared/net/cell-connection.js";
import type { ServerMessages } from "../../shared/protocol.js";
import { freePort, spawnServer } from "../server/child.js";
import { percentile, post, type Figure } from "./figures.js";

/**
 * The server under load, as @colyseus/loadtest would do it but with our own
 * SDK-based bots: the real server in a child process (SQLite file, 1 s clock
 * cadence), N cells × 6 players on loopback playing a bundled scenario at
 * high speed with the living channels on: each bot takes a role if one is
 * left, picks up half the calls that ring for its role, and now and then
 * writes to the cell chat or, one time in three, posts from the official
 * account (which draws the public's replies). Measured:
 * - inject → client: the wall time stamped on the log entry that delivered
 *   an inject (read back from the database) to its arrival at each recipient;
 * - action → peers: a bot's message to its arrival at the other players;
 * - server resident memory (peak) and CPU (average, % of one core);
 * - from /healthz: the durable-append wait and apply+publish time of each
 *   commit, and the server's event-loop delay.
 * SQLITE_SYNCHRONOUS=NORMAL in the environment measures the faster mode;
 * SANGFROID_DIAG=<file.mjs> preloads a diagnostic module in the server.
 */

export interface LoadOptions { cells?: number; clientsPerCell?: number; seconds?: number; speed?: number; scenario?: string; actEveryMs?: number }

const env = (k: string) => (process.env[k] ? Number(process.env[k]) : undefined);

function procStats(pid: number): { rssMb: number; cpuSec: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  const ticks = Number(stat[11]) + Number(stat[12]); // utime + stime (fields 14 and 15)
  return { rssMb: rssKb / 1024, cpuSec: ticks / 100 };
}

export async function loadBench(opts: LoadOptions = {}): Promise<Figure[]> {
  const cells = opts.cells ?? env("BENCH_CELLS") ?? 40;
  const perCell = opts.clientsPerCell ?? 6;
  const seconds = opts.seconds ?? env("BENCH_SECONDS") ?? 60;
  const speed = opts.speed ?? 120;
  const actEvery = opts.actEveryMs ?? 5000;
  const dataDir = mkdtempSync(join(tmpdir(), "sangfroid-bench-"));
  const port = await freePort();
  const server = await spawnServer(port, { DATA_DIR: dataDir, CLOCK_MS: "1000", JOINS_PER_MINUTE: "100000" }, 60_000);
  const url = server.url;
  const conns: CellConnection[] = [];
  try {
    let cookie = (await post(`${url}/api/setup`, { token: server.setupToken, username: "bench", password: "banc-d-essai-long" })).cookie;
    const session = await post(`${url}/api/sessions`, { scenario: opts.scenario ?? "ransomware-logirhone", cells }, cookie);
    if (session.status !== 201) throw new Error(`session: ${JSON.stringify(session.body)}`);
    cookie = session.cookie;
    const sessionId: string = session.body.id;
    const sent = new Map<string, number>();
    const actionLat: number[] = [];
    // First arrival only: a post of the cell comes again as each of the public's replies comes due.
    const arrived = new Set<string>();
    const deliveries: { cell: string; seq: number; at: number }[] = [];
    let errors = 0;

    // Connect every bot (in waves, as a class arrives), each takes a role while some are free.
    const started = Date.now();
    for (const cell of session.body.cells as { id: string; code: string }[]) {
      await Promise.all(Array.from({ length: perCell }, async (_, i) => {
        const seat = (await post(`${url}/api/join`, { code: cell.code, name: `Bot ${i + 1}` })).body;
        let roles: string[] = [];
        const conn = new CellConnection({
          endpoint: url, cellId: cell.id, auth: () => ({ token: seat.token }),
          onView: (m: ServerMessages["view"]) => { roles = m.you.roles; if (roles.length === 0) void takeRole(m); },
          onUpdate: (m: ServerMessages["update"]) => {
            const now = Date.now();
            for (const u of m.updates) {
              if (u.type === "delivery") {
                deliveries.push({ cell: cell.id, seq: m.seq, at: now });
                const call = u.delivery.call, role = roles.find((r) => call?.answer.includes(r));
                if (call && role && Math.random() < 0.5) {
                  void conn.send("intent", { intent: { type: "action", role, action: "answer_call", params: { phone_call: call.inject } } })
                    .then((a) => { if (!a.ok && a.code !== "bad_state" && a.code !== "not_running") errors++; });
                }
              }
              if (u.type === "action" && typeof u.action.params.text === "string" && u.action.player !== seat.playerId) {
                const t = sent.get(u.action.params.text);
                const first = `${seat.playerId}|${u.action.params.text}`;
                if (t !== undefined && !arrived.has(first)) { arrived.add(first); actionLat.push(now - t); }
              }
            }
          },
          onError: () => { errors++; },
        });
        const takeRole = async (m: ServerMessages["view"]) => {
          const held = new Set(m.view.players.flatMap((p) => p.roles));
          const free = m.brief.roles.map((r) => r.id).filter((r) => !held.has(r));
          const pick = free[i % Math.max(1, free.length)];
          if (pick) { const a = await conn.send("intent", { intent: { type: "take_role", role: pick } }); if (a.ok) roles = [pick]; }
        };
        await conn.connect();
        conns.push(conn);
        let n = 0;
        const act = async () => {
          if (Date.now() - started > (seconds + 120) * 1000 || conn.status === "closed") return;
          const role = roles[0];
          if (role && conn.status === "connected") {
            const text = `bench ${cell.id} ${i} ${n++}`;
            sent.set(text, Date.now());
            const post = n % 3 === 0;
            const a = await conn.send("intent", { intent: post
              ? { type: "action", role, action: "statement", params: { audience: "external", medium: "social", text } }
              : { type: "action", role, action: "chat", params: { text } } });
            if (!a.ok && a.code !== "not_running") errors++;
          }
          setTimeout(act, actEvery * (0.5 + Math.random())).unref();
        };
        setTimeout(act, actEvery * Math.random()).unref();
      }));
    }
    const connectSeconds = (Date.now() - started) / 1000;

    // Start every cell at high speed and measure for `seconds`.
    await post(`${url}/api/sessions/${sessionId}/command`, { command: { type: "start", force: true } }, cookie);
    await post(`${url}/api/sessions/${sessionId}/command`, { command: { type: "speed", speed } }, cookie);
    const t0 = Date.now();
    const cpu0 = procStats(server.proc.pid!).cpuSec;
    let peakRss = 0;
    deliveries.length = 0; actionLat.length = 0;
    await fetch(`${url}/healthz`); // resets the server's event-loop histogram
    const benchLoop = monitorEventLoopDelay({ resolution: 5 });
    benchLoop.enable();
    while (Date.now() - t0 < seconds * 1000) {
      peakRss = Math.max(peakRss, procStats(server.proc.pid!).rssMb);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const cpuPct = ((procStats(server.proc.pid!).cpuSec - cpu0) / ((Date.now() - t0) / 1000)) * 100;
    const connected = conns.filter((c) => c.status === "connected").length;
    type Health = { eventLoop: { p99: number; max: number }; commits: Record<"append" | "publish", { p50: number; p99: number }> };
    const health = (await (await fetch(`${url}/healthz`)).json()) as Health;
    const serverLoop = health.eventLoop;
    benchLoop.disable();

    // Inject → client: entry wall time from the log, arrival time at the client.
    const db = new Database(join(dataDir, "sangfroid.db"), { readonly: true });
    const wall = db.prepare("SELECT wall FROM log_entries WHERE cell_id = ? AND seq = ?");
    const injectLat = deliveries.map((d) => d.at - ((wall.get(d.cell, d.seq) as { wall: number } | undefined)?.wall ?? d.at));
    db.close();

    return [
      { name: "server.load.cells", value: cells, unit: "cells" },
      { name: "server.load.connected", value: connected, unit: "clients" },
      { name: "server.load.connect_all", value: Math.round(connectSeconds * 10) / 10, unit: "s" },
      { name: "server.inject_to_client.p50", value: percentile(injectLat, 50), unit: "ms" },
      { name: "server.inject_to_client.p99", value: percentile(injectLat, 99), unit: "ms" },
      { name: "server.inject_to_client.count", value: injectLat.length, unit: "deliveries" },
      { name: "server.action_to_peers.p50", value: percentile(actionLat, 50), unit: "ms" },
      { name: "server.action_to_peers.p99", value: percentile(actionLat, 99), unit: "ms" },
      { name: "server.action_to_peers.count", value: actionLat.length, unit: "messages" },
      { name: "server.rss.peak", value: Math.round(peakRss), unit: "MB" },
      { name: "server.cpu.avg", value: Math.round(cpuPct), unit: "% of a core" },
      { name: "server.commit.append.p50", value: health.commits.append.p50, unit: "ms" },
      { name: "server.commit.append.p99", value: health.commits.append.p99, unit: "ms" },
      { name: "server.commit.publish.p99", value: health.commits.publish.p99, unit: "ms" },
      { name: "server.event_loop_delay.p99", value: serverLoop.p99, unit: "ms" },
      { name: "server.event_loop_delay.max", value: serverLoop.max, unit: "ms" },
      { name: "bench.event_loop_delay.p99", value: Math.round(benchLoop.percentile(99) / 1e5) / 10, unit: "ms" },
      { name: "server.errors", value: errors, unit: "refusals" },
    ];
  } finally {
    if (process.env.SANGFROID_DIAG) console.error(server.output.filter((l) => /GC|STALL/.test(l)).join(""));
    await Promise.all(conns.map((c) => c.close().catch(() => undefined)));
    server.proc.kill("SIGKILL");
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// `tsx tests/bench/load.ts [cells] [seconds]` runs it alone.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  const [cells, seconds] = process.argv.slice(2).map(Number);
  const figures = await loadBench({ ...(cells ? { cells } : {}), ...(seconds ? { seconds } : {}) });
  for (const f of figures) console.log(`${f.name.padEnd(34)} ${String(f.value).padStart(8)} ${f.unit}`);
  process.exit(0);
}
