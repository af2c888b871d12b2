import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashPassword, newId } from "../../server/auth.js";
import { SqliteStorage } from "../../server/storage/sqlite.js";
import { CellConnection } from "../../shared/net/cell-connection.js";
import type { ServerMessages } from "../../shared/protocol.js";
import { freePort, spawnServer } from "../server/child.js";
import { recordSession } from "../server/recorded.js";
import { percentile, post, type Figure } from "./figures.js";

/**
 * RETEX PDF exports against live play: the real server in a child process
 * (SQLite), holding a full ransomware cell played by bots (the report to
 * export) and running cells where bots chat every 250 ms. Measured: a
 * chat message → its arrival at the cell's other players, p99, with
 * no export and while four staff clients (in a process of their own)
 * export that report over and over (each asks again as soon as it has its PDF), every
 * export drawn (no kept copy). The renderers are processes of their own in
 * the idle scheduling class, V8 on one thread, resting between documents at the
 * server's default PDF_DUTY (server/report/pdf-pool.ts): the target is "p99
 * unchanged within 20 %", the two kinds of phase alternating (ROUNDS of
 * each, pooled). Also, per kind of phase, figures less sensitive to a busy
 * machine than a p99: the server's event-loop delay (p99, max) and the CPU time of
 * its main thread (the one serving the rooms), of the whole server process
 * and of any renderer processes it started (from /proc, Linux only), and the
 * time the hypervisor stole from the machine. One export is drawn before the
 * first round (the renderer's start is not an export's cost). With
 * BENCH_RETEX_EXPORTERS=0 both kinds of phase are idle: an A/A run, whose
 * ratio is what the machine alone moves (on the 2-core VM of December 2026:
 * pooled 1.00–1.03, a round's own 0.56–1.20, the median of five rounds' 1.07).
 */

const SECONDS = Number(process.env.BENCH_RETEX_SECONDS ?? 15);
/** Pairs of phases (idle, then exporting), pooled: more messages for each p99, and load drift shared by both. */
const ROUNDS = Number(process.env.BENCH_RETEX_ROUNDS ?? 5);
/** Staff exporting in the exporting phases; BENCH_RETEX_EXPORTERS=0 makes it an A/A run: both kinds of phase idle, the ratio is the machine's noise. */
const EXPORTERS = Number(process.env.BENCH_RETEX_EXPORTERS ?? 4);
const TICK_MS = 10; // USER_HZ = 100 on Linux: /proc times are in hundredths of a second

/** utime + stime (+ children's reaped cutime + cstime) of a /proc stat file, in ms; 0 if it is gone. */
function procCpu(file: string, reaped = false): number {
  let text: string;
  try { text = readFileSync(file, "utf8"); } catch { return 0; }
  const f = text.slice(text.lastIndexOf(")") + 2).split(" "); // fields from the 3rd (state) on: the name may hold spaces
  return (Number(f[11]) + Number(f[12]) + (reaped ? Number(f[13]) + Number(f[14]) : 0)) * TICK_MS;
}

/** Time (ms) the hypervisor kept this machine's CPUs from running it so far, all CPUs added (steal in /proc/stat; 0 off Linux). */
function stolen(): number {
  try { return Number(readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/)[8]) * TICK_MS; } catch { return 0; }
}

/** CPU time used so far (ms) by the server's main thread (its event loop), by the whole process, and by processes it started (live or reaped). */
function serverCpu(pid: number): { main: number; process: number; children: number } {
  const live = readdirSync("/proc").filter((d) => /^\d+$/.test(d)).filter((d) => {
    try { return readFileSync(`/proc/${d}/stat`, "utf8").split(") ")[1]?.split(" ")[1] === String(pid); } catch { return false; }
  });
  const all = procCpu(`/proc/${pid}/stat`, true);
  const own = procCpu(`/proc/${pid}/stat`);
  return { main: procCpu(`/proc/${pid}/task/${pid}/stat`), process: own, children: all - own + live.reduce((t, d) => t + procCpu(`/proc/${d}/stat`, true), 0) };
}

/** `n` clients downloading `url` over and over for `seconds` (then their downloads still running are dropped), in a child process: PDFs received, 503s, median time per PDF (ms). */
function exportFrom(url: string, cookie: string, n: number, seconds: number): Promise<{ exports: number; busy: number; pdf: number }> {
  const script = `
    const [url, cookie, n, seconds] = [process.argv[1], process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
    const t0 = Date.now(); let exports = 0, busy = 0; const ms = [];
    await Promise.all(Array.from({ length: n }, async () => {
      while (Date.now() - t0 < seconds * 1000) {
        const s0 = performance.now();
        // An export still drawing when the phase ends is dropped: the phase lasts its seconds, not as long as a starved renderer.
        const signal = AbortSignal.timeout(Math.max(1, t0 + seconds * 1000 - Date.now()));
        let r;
        try { r = await fetch(url, { headers: { cookie }, signal }); await r.arrayBuffer(); } catch (err) { if (signal.aborted) break; throw err; }
        if (r.status === 200) { exports++; ms.push(performance.now() - s0); }
        else if (r.status === 503) { busy++; await new Promise((res) => setTimeout(res, 200)); }
        else throw new Error("report: " + r.status);
      }
    }));
    ms.sort((a, b) => a - b);
    console.log(JSON.stringify({ exports, busy, pdf: Math.round(ms[Math.floor(ms.length / 2)] ?? NaN) }));`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script, url, cookie, String(n), String(seconds)], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => { out += d; });
  return new Promise((ok, ko) => child.on("exit", (code) => (code === 0 ? ok(JSON.parse(out)) : ko(new Error(`exporters exited ${code}`)))));
}

export async function retexBench(): Promise<Figure[]> {
  const keepAlive = setInterval(() => undefined, 1000); // the SQLite writer thread, unreferenced, would let the bench exit while recording
  const dataDir = mkdtempSync(join(tmpdir(), "sangfroid-bench-retex-"));
  const storage = new SqliteStorage(join(dataDir, "sangfroid.db"));
  // The exporting staff account owns the recorded session (sessions are their owner's: server/access.ts).
  const staff = { id: newId("u"), username: "bench", password: "banc-d-essai-long" };
  await storage.createUser({ id: staff.id, username: staff.username, role: "admin", passwordHash: await hashPassword(staff.password), createdAt: Date.now() });
  const rec = await recordSession(storage, { snapshotEvery: 200, owner: staff.id });
  await storage.close();
  const reportCell = rec.cells[0].id;
  // PDF_CACHE_MB=0: every export is drawn (the same report asked again would otherwise be served as
  // kept bytes, and the bench would measure downloads, not drawings).
  const server = await spawnServer(await freePort(), { DATA_DIR: dataDir, CLOCK_MS: "1000", JOINS_PER_MINUTE: "100000", PDF_CACHE_MB: "0" }, 60_000);
  const url = server.url;
  const conns: CellConnection[] = [];
  let stop = false;
  try {
    const login = await post(`${url}/api/login`, { username: staff.username, password: staff.password });
    if (login.status !== 200) throw new Error(`login: ${JSON.stringify(login.body)}`);
    const cookie = login.cookie;
    const session = await post(`${url}/api/sessions`, { scenario: "tutorial", cells: 2 }, cookie);
    if (session.status !== 201) throw new Error(`session: ${JSON.stringify(session.body)}`);
    const sent = new Map<string, number>();
    let latencies: number[] = [];
    for (const cell of session.body.cells as { id: string; code: string }[]) {
      for (let i = 0; i < 3; i++) {
        const seat = (await post(`${url}/api/join`, { code: cell.code, name: `Bot ${i + 1}` })).body;
        let role: string | undefined;
        const conn: CellConnection = new CellConnection({
          endpoint: url, cellId: cell.id, auth: () => ({ token: seat.token }),
          onView: (m: ServerMessages["view"]) => {
            role = m.you.roles[0];
            if (role) return;
            const held = new Set(m.view.players.flatMap((p) => p.roles));
            const free = m.brief.roles.map((r) => r.id).filter((r) => !held.has(r));
            if (free[0]) void conn.send("intent", { intent: { type: "take_role", role: free[0] } }).then((a) => { if (a.ok) role = free[0]; });
          },
          onUpdate: (m: ServerMessages["update"]) => {
            const now = performance.now();
            for (const u of m.updates) {
              if (u.type !== "action" || u.action.player === seat.playerId || typeof u.action.params.text !== "string") continue;
              const t = sent.get(u.action.params.text);
              if (t !== undefined) latencies.push(now - t);
            }
          },
        });
        await conn.connect();
        conns.push(conn);
        let n = 0;
        const chat = () => {
          if (stop) return;
          if (role && conn.status === "connected") {
            const text = `retex ${cell.id} ${i} ${n++}`;
            sent.set(text, performance.now());
            void conn.send("intent", { intent: { type: "action", role, action: "chat", params: { text } } });
          }
          setTimeout(chat, 250 * (0.5 + Math.random())).unref();
        };
        setTimeout(chat, 250 * Math.random()).unref();
      }
    }
    await post(`${url}/api/sessions/${session.body.id}/command`, { command: { type: "start", force: true } }, cookie);
    const health = async () => ((await (await fetch(`${url}/healthz`)).json()) as { eventLoop: { p99: number; max: number } }).eventLoop;

    const phase = async (exporters: number) => {
      await new Promise((r) => setTimeout(r, 2000)); // settle
      latencies = [];
      await health();
      const cpu0 = serverCpu(server.proc.pid!);
      const steal0 = stolen();
      // The exporting staff are other machines: their downloads run in a process of their own, not in the bots' event loop.
      const exporting = exporters === 0 ? Promise.resolve({ exports: 0, busy: 0, pdf: NaN }) : exportFrom(`${url}/api/cells/${reportCell}/report.pdf?lang=fr`, cookie, exporters, SECONDS);
      await new Promise((r) => setTimeout(r, SECONDS * 1000));
      // Everything is read at the end of the phase: both phases last SECONDS.
      const cpu1 = serverCpu(server.proc.pid!);
      const steal = stolen() - steal0;
      const [loop, got] = [await health(), latencies];
      latencies = [];
      const cpu = { main: cpu1.main - cpu0.main, process: cpu1.process - cpu0.process, children: cpu1.children - cpu0.children };
      return { got, loop, cpu, steal, ...(await exporting) };
    };
    type Phase = Awaited<ReturnType<typeof phase>>;
    // Idle and exporting phases alternate (ROUNDS of each): a machine whose load drifts during the bench weighs on both alike.
    // One export first, outside the measure: the renderer's start (fork, loading, JIT warm-up) happens once in a server's life, not per export.
    if (EXPORTERS > 0) {
      const warm = await fetch(`${url}/api/cells/${reportCell}/report.pdf?lang=fr`, { headers: { cookie } });
      if (warm.status !== 200) throw new Error(`report: ${warm.status}`);
      await warm.arrayBuffer();
    }
    const rounds: { idle: Phase; exporting: Phase }[] = [];
    for (let i = 0; i < ROUNDS; i++) rounds.push({ idle: await phase(0), exporting: await phase(EXPORTERS) });
    const pool = (k: "idle" | "exporting") => {
      const ps = rounds.map((r) => r[k]);
      const got = ps.flatMap((p) => p.got);
      const sum = (f: (p: Phase) => number) => ps.reduce((t, p) => t + f(p), 0);
      return {
        p50: percentile(got, 50), p99: percentile(got, 99), count: got.length,
        loop: { p99: Math.max(...ps.map((p) => p.loop.p99)), max: Math.max(...ps.map((p) => p.loop.max)) },
        cpu: { main: sum((p) => p.cpu.main), process: sum((p) => p.cpu.process), children: sum((p) => p.cpu.children) },
        exports: sum((p) => p.exports), busy: sum((p) => p.busy), pdf: Math.round(sum((p) => p.pdf) / ps.length), steal: sum((p) => p.steal),
      };
    };
    const [idle, exporting] = [pool("idle"), pool("exporting")];
    if (process.env.BENCH_VERBOSE) for (const r of rounds) console.error(`round: idle p99 ${percentile(r.idle.got, 99)} (${r.idle.got.length}), exporting p99 ${percentile(r.exporting.got, 99)} (${r.exporting.got.length}, ${r.exporting.exports} PDFs), steal ${r.idle.steal}/${r.exporting.steal} ms`);
    // Each round's own ratio, and their median: one exporting phase hit by a burst on the shared machine moves the pooled p99 and not this.
    const ratios = rounds.map((r) => percentile(r.exporting.got, 99) / percentile(r.idle.got, 99)).sort((a, b) => a - b);
    const median = ratios.length % 2 ? ratios[(ratios.length - 1) / 2] : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
    if (process.env.SANGFROID_DIAG) console.error(server.output.filter((l) => /GC|STALL/.test(l)).join(""));
    return [
      { name: "retex.updates.idle.p99", value: idle.p99, unit: "ms" },
      { name: "retex.updates.exporting.p99", value: exporting.p99, unit: "ms" },
      { name: "retex.updates.p99.ratio", value: Math.round((exporting.p99 / idle.p99) * 100) / 100, unit: "×" },
      { name: "retex.updates.p99.ratio.rounds_median", value: Math.round(median * 100) / 100, unit: "×" },
      { name: "retex.steal.idle", value: idle.steal, unit: "ms" },
      { name: "retex.steal.exporting", value: exporting.steal, unit: "ms" },
      { name: "retex.updates.idle.p50", value: idle.p50, unit: "ms" },
      { name: "retex.updates.exporting.p50", value: exporting.p50, unit: "ms" },
      { name: "retex.updates.count", value: Math.min(idle.count, exporting.count), unit: "messages" },
      ...(["idle", "exporting"] as const).flatMap((k) => {
        const p = k === "idle" ? idle : exporting;
        return [
          { name: `retex.event_loop.${k}.p99`, value: p.loop.p99, unit: "ms" },
          { name: `retex.event_loop.${k}.max`, value: p.loop.max, unit: "ms" },
          { name: `retex.cpu.${k}.main`, value: p.cpu.main, unit: "ms CPU" },
          { name: `retex.cpu.${k}.process`, value: p.cpu.process, unit: "ms CPU" },
          { name: `retex.cpu.${k}.renderers`, value: p.cpu.children, unit: "ms CPU" },
        ];
      }),
      // What one export costs the thread serving the rooms (its CPU beyond the idle phases'), a figure a busy machine hardly moves.
      { name: "retex.cpu.main_per_export", value: exporting.exports > 0 ? Math.round(((exporting.cpu.main - idle.cpu.main) / exporting.exports) * 100) / 100 : NaN, unit: "ms CPU" },
      { name: "retex.exports.done", value: exporting.exports, unit: "PDFs" },
      { name: "retex.exports.busy", value: exporting.busy, unit: "503s" },
      { name: "retex.export.p50", value: exporting.pdf, unit: "ms" },
    ];
  } finally {
    clearInterval(keepAlive);
    stop = true;
    await Promise.all(conns.map((c) => c.close().catch(() => undefined)));
    server.proc.kill("SIGKILL");
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}
