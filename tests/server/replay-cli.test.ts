import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteStorage } from "../../server/storage/sqlite.js";
import { recordSession } from "./recorded.js";

/**
 * `npm run replay -- verify SESSION`: a session recorded by the real cell
 * runtime (snapshots and checkpoints every 25 entries) verifies; altering one
 * stored entry of the SQLite file makes the command exit 1 and name where.
 */

const ROOT = join(import.meta.dirname, "../..");
let dir: string, db: string, cells: string[] = [];

function replay(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "server/cli/replay.ts"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sangfroid-replay-"));
  db = join(dir, "sangfroid.db");
  const storage = new SqliteStorage(db);
  const rec = await recordSession(storage, { cells: 2, snapshotEvery: 25 });
  cells = rec.cells.map((c) => c.id);
  expect((await storage.listCheckpoints(cells[0])).length).toBeGreaterThan(10);
  await storage.close();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sql = (fn: (d: Database.Database) => void) => { const d = new Database(db); try { fn(d); } finally { d.close(); } };

describe("replay verify", () => {
  it("a recorded session verifies: every checkpoint of every cell", () => {
    const r = replay("verify", "s_rec", "--db", db);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\n");
    expect(lines).toHaveLength(4);
    for (const c of cells) expect(r.out).toMatch(new RegExp(`\\(${c}\\) : \\d+ entrées, \\d+ point\\(s\\) de contrôle vérifié\\(s\\) — OK`));
    expect(lines[3]).toBe("tout concorde");
  }, 60_000);

  it("usage errors exit 2 with a clear message", () => {
    const unknown = replay("verify", "s_inconnue", "--db", db);
    expect([unknown.code, unknown.err.trim()]).toEqual([2, `session inconnue : « s_inconnue » (base ${db})`]);
    expect(replay("verify", "s_rec", "--db", join(dir, "absente.db")).err).toMatch(/base introuvable/);
    expect(replay("verifier", "s_rec").code).toBe(2);
    expect(replay("verify").err).toMatch(/^usage : npm run replay -- verify SESSION/);
  }, 60_000);

  it("an altered free text shows at the first checkpoint after it (exit 1)", () => {
    let seq = 0;
    sql((d) => {
      const row = d.prepare("SELECT seq, payload FROM log_entries WHERE cell_id = ? AND payload LIKE '%\"type\":\"action\"%' AND payload LIKE '%\"text\":%' AND seq > 60 ORDER BY seq LIMIT 1").get(cells[1]) as { seq: number; payload: string };
      seq = row.seq;
      const p = JSON.parse(row.payload);
      p.params = { ...p.params, text: "texte falsifié après coup" };
      d.prepare("UPDATE log_entries SET payload = ? WHERE cell_id = ? AND seq = ?").run(JSON.stringify(p), cells[1], seq);
    });
    const r = replay("verify", "s_rec", "--db", db);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(new RegExp(`\\(${cells[0]}\\).* — OK`));
    const line = r.out.split("\n").find((l) => l.includes(cells[1]))!;
    const m = /DIFFÉRENCE à l'entrée (\d+) : l'état rejoué diffère du point de contrôle enregistré \(divergence entre les entrées (\d+) et (\d+)\)/.exec(line);
    expect(m, line).not.toBeNull();
    const [at, from, to] = m!.slice(1).map(Number);
    expect(from).toBeLessThanOrEqual(seq);
    expect(to).toBeGreaterThanOrEqual(seq);
    expect(at).toBe(to);
    expect(to - from).toBeLessThan(25);
    expect(r.out.trim().split("\n").at(-1)).toBe("1 cellule(s) en écart");
  }, 60_000);

  it("an entry the engine would refuse is named exactly", () => {
    let seq = 0;
    sql((d) => {
      const row = d.prepare("SELECT seq, payload FROM log_entries WHERE cell_id = ? AND payload LIKE '%\"type\":\"action\"%' ORDER BY seq LIMIT 1").get(cells[0]) as { seq: number; payload: string };
      seq = row.seq;
      d.prepare("UPDATE log_entries SET payload = ? WHERE cell_id = ? AND seq = ?").run(JSON.stringify({ ...JSON.parse(row.payload), role: "astronaute" }), cells[0], seq);
    });
    const r = replay("verify", "s_rec", "--db", db);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`DIFFÉRENCE à l'entrée ${seq} : entrée que le moteur refuse`);
  }, 60_000);
});
