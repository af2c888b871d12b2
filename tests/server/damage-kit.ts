import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { freePort, spawnServer, type ChildServer } from "./child.js";
import { Http, MINI_JSON, okAck, Probe } from "./helpers.js";

/**
 * The unlucky operator's kit: a real server process on a real SQLite file,
 * a session played a little by real SDK clients, and the `replay verify`
 * command — for the tests that damage the file, the WAL or the disk.
 */

const ROOT = join(import.meta.dirname, "../..");
export const PASSWORD = "un-mot-de-passe-solide";

export interface Seat { playerId: string; token: string; cellId: string }
export interface Played { child: ChildServer; anim: Http; session: { id: string; cells: { id: string; code: string }[] }; seats: Seat[] }

/** Start a server in `dataDir`; with `fresh`, create the instructor. Returns a logged-in instructor client. */
export async function serve(dataDir: string, env: Record<string, string> = {}, fresh = false): Promise<{ child: ChildServer; anim: Http }> {
  const child = await spawnServer(await freePort(), { DATA_DIR: dataDir, CLOCK_MS: "60000", RATE_BURST: "1000", RATE_PER_SECOND: "1000", ...env });
  const anim = new Http(child.url);
  const r = fresh
    ? await anim.post("/api/setup", { token: child.setupToken, username: "anim", password: PASSWORD })
    : await anim.post("/api/login", { username: "anim", password: PASSWORD });
  if (r.status !== 200 && r.status !== 201) throw new Error(`login: ${r.status} ${JSON.stringify(r.body)}`);
  return { child, anim };
}

/** A session of `cells` cells (mini scenario), one player per cell holding the director role, `actions` chat messages each. */
export async function playSession(dataDir: string, cells: number, actions: number, env: Record<string, string> = {}): Promise<Played> {
  const { child, anim } = await serve(dataDir, env, true);
  const up = await anim.post("/api/scenarios/library", { filename: "mini.json", text: MINI_JSON });
  const session = (await anim.post("/api/sessions", { scenario: up.body.id, cells, seed: 5, name: "Session abîmée" })).body;
  const seats: Seat[] = [];
  const probes: Probe[] = [];
  for (const [i, cell] of (session.cells as { code: string }[]).entries()) {
    const seat = (await new Http(child.url).post("/api/join", { code: cell.code, name: `Joueur ${i + 1}` })).body as Seat;
    seats.push(seat);
    const p = await Probe.player(seat.cellId, seat.token, child.url);
    probes.push(p);
    okAck(await p.intent({ type: "take_role", role: "director" }));
  }
  const started = await anim.post(`/api/sessions/${session.id}/command`, { command: { type: "start" } });
  if (started.status !== 200 || !started.body.results.every((r: { ok: boolean }) => r.ok)) throw new Error(`start: ${JSON.stringify(started.body)}`);
  for (const [i, p] of probes.entries()) {
    for (let k = 0; k < actions; k++) okAck(await chat(p, `cellule ${i + 1} message ${k}`));
    await p.close();
  }
  return { child, anim, session, seats };
}

export const chat = (p: Probe, text: string) => p.intent({ type: "action", role: "director", action: "chat", params: { text } });

/** Stop a server gracefully and wait for it. */
export async function stop(child: ChildServer, signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
  child.proc.kill(signal);
  return child.exited;
}

/** `npm run replay -- verify SESSION --db FILE`. */
export function verify(session: string, db: string): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "server/cli/replay.ts"), "verify", session, "--db", db], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

export async function health(url: string): Promise<{ status: number; body: any }> {
  const r = await fetch(`${url}/healthz`);
  return { status: r.status, body: await r.json() };
}

/** Scratch directories, server processes and clients of a test file, all cleaned up after it. */
export function scratch(prefix: string) {
  const dirs: string[] = [], children: ChildServer[] = [], probes: Probe[] = [];
  afterAll(async () => {
    for (const p of probes) await p.close().catch(() => undefined);
    for (const c of children) c.proc.kill("SIGKILL");
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const tmp = () => { const d = mkdtempSync(join(tmpdir(), prefix)); dirs.push(d); return d; };
  return { children, probes, tmp };
}

/** Occurrences of each needle (UTF-8 bytes) in every file of `dir`, keyed `file: needle` (or by needle alone with `byNeedle`). */
export function grepDir(dir: string, needles: string[], byNeedle = false): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of readdirSync(dir)) {
    const bytes = readFileSync(join(dir, f));
    for (const n of needles) {
      let hits = 0;
      for (let i = bytes.indexOf(n); i >= 0; i = bytes.indexOf(n, i + 1)) hits++;
      const key = byNeedle ? n : `${f}: ${n}`;
      if (hits) out[key] = (out[key] ?? 0) + hits;
    }
  }
  return out;
}
