import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteStorage } from "../../server/storage/sqlite.js";
import type { CellRow, CheckpointRow, SessionRow, SnapshotRow, StoredEntry } from "../../server/storage/types.js";

/**
 * Sessions stored by the previous engine (version 1: tests/fixtures/v1/record.ts, recorded
 * before engine v2 and committed) still verify: `npm run replay -- verify` re-derives every
 * checkpoint hash and the latest snapshot of each cell with today's engine, which keeps the
 * version-1 semantics for logs whose `open` entry names no engine version (a branch point
 * may take several outcomes one after the other there, as it did).
 */

const ROOT = join(import.meta.dirname, "../..");
interface Dump { engine: number; sessions: { session: SessionRow; cells: { cell: CellRow; log: StoredEntry[]; snapshot?: SnapshotRow; checkpoints: CheckpointRow[] }[] }[] }
const dump = JSON.parse(gunzipSync(readFileSync(join(ROOT, "tests/fixtures/v1/sessions.json.gz"))).toString("utf8")) as Dump;
let dir: string, db: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sangfroid-v1-"));
  db = join(dir, "sangfroid.db");
  const storage = new SqliteStorage(db);
  for (const { session, cells } of dump.sessions) {
    await storage.createSession(session, cells.map((c) => c.cell));
    for (const c of cells) {
      for (const e of c.log) await storage.appendEntry(c.cell.id, e);
      if (c.snapshot) await storage.putSnapshot(c.snapshot);
      for (const k of c.checkpoints) await storage.putCheckpoint(k);
    }
  }
  await storage.close();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function verify(session: string) {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "server/cli/replay.ts"), "verify", session, "--db", db], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("replay verify on sessions stored by engine version 1", () => {
  it("the fixture is what it says: version-1 logs, with a branch point that took several outcomes", () => {
    expect(dump.engine).toBe(1);
    for (const s of dump.sessions) for (const c of s.cells) {
      expect(c.log[0].payload).toEqual({ type: "open", seed: s.session.seed });
      expect(c.checkpoints.length).toBeGreaterThan(30);
    }
    const b = dump.sessions.find((s) => s.session.id === "s_v1b")!.cells[0];
    const fired = JSON.parse(b.snapshot!.json).state.fired as Record<string, number>;
    expect(["b3-paid", "b3-negotiated", "b3-refused"].filter((t) => fired[t])).toHaveLength(3);
  });

  it.each(["s_v1a", "s_v1b", "s_v1c"])("%s verifies: every checkpoint and the latest snapshot", (id) => {
    const r = verify(id);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\d+ entrées, \d+ point\(s\) de contrôle vérifié\(s\) — OK/);
    expect(r.out.trim().split("\n").at(-1)).toBe("tout concorde");
  }, 60_000);
});
