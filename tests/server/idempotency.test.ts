import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CellRuntime } from "../../server/game/cell-runtime.js";
import { playerIntent, staffCommand } from "../../server/game/rules.js";
import { PostgresStorage } from "../../server/storage/postgres.js";
import { SqliteStorage } from "../../server/storage/sqlite.js";
import type { CellRow, SessionRow, Storage } from "../../server/storage/types.js";
import { createTestDatabase, probePostgres, servicesFor } from "../services.js";
import { MINI_JSON } from "./helpers.js";

/**
 * Property: a client message id is logged at most once for the whole life of
 * a cell. A resend — after a restart, long after the snapshot that followed
 * it, even when the cell has been paused since (which would make the intent
 * stale) — is answered with the original ack (its seq) and writes nothing.
 * Real SQLite file (and PostgreSQL when it answers), real runtime and rules.
 */

const dirs: string[] = [];
const dbs: { drop(): Promise<void> }[] = [];
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  for (const d of dbs) await d.drop();
});
const withPostgres = await servicesFor("idempotency on PostgreSQL", probePostgres());

const session: SessionRow = {
  id: "s_idem", name: "Idempotence", code: "IDEM01", createdBy: "u1", createdAt: 1, scenarioId: "mini", scenarioFile: "mini.json",
  scenarioText: MINI_JSON, seed: 3, status: "open",
};
const cell: CellRow = { id: "c_idem", sessionId: "s_idem", index: 1, name: "Cellule 1", code: "IDEM02", status: "lobby" };
const ana = { kind: "player" as const, id: "p_ana", name: "Ana" };
const anim = { kind: "instructor" as const, id: "u1", name: "anim" };

const impls: [string, () => Promise<{ open(): Promise<Storage> }>][] = [
  ["sqlite", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sangfroid-idem-"));
    dirs.push(dir);
    return { open: async () => new SqliteStorage(join(dir, "sangfroid.db")) };
  }],
  ...(withPostgres ? [["postgres", async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    return { open: () => PostgresStorage.open(db.url) };
  }] as [string, () => Promise<{ open(): Promise<Storage> }>]] : []),
];

describe.each(impls)("idempotency across restarts: %s", (_name, make) => {
  it("an id resent after a restart, 500+ entries before the latest snapshot, is logged once and gets its original seq", async () => {
    const db = await make();
    const opts = { snapshotEvery: 100, clockMs: 1e9 };
    let storage = await db.open();
    await storage.createSession(session, [cell]);
    await storage.createPlayer({ id: ana.id, cellId: cell.id, name: ana.name, tokenHash: "t", createdAt: 1 });
    let rt = await CellRuntime.open(storage, cell, session, opts);
    expect((await rt.submit({ type: "join", player: ana.id, name: ana.name }, { kind: "player", id: ana.id })).ok).toBe(true);
    expect((await playerIntent(rt, ana, { id: "m-role", seq: rt.state.seq, intent: { type: "take_role", role: "director" } })).ok).toBe(true);
    expect((await staffCommand(rt, anim, { id: "h-start", seq: rt.state.seq, command: { type: "start" } })).ok).toBe(true);
    const chat = (text: string) => ({ type: "action" as const, role: "director", action: "chat", params: { text } });
    const first = await playerIntent(rt, ana, { id: "m-old", seq: rt.state.seq, intent: chat("premier message") });
    expect(first).toMatchObject({ ok: true });
    const original = first.ok ? first.seq : -1;
    for (let i = 0; i < 720; i++) {
      expect((await playerIntent(rt, ana, { id: `m-${i}`, seq: rt.state.seq, intent: chat(`message ${i}`) })).ok).toBe(true);
    }
    expect((await staffCommand(rt, anim, { id: "h-pause", seq: rt.state.seq, command: { type: "pause" } })).ok).toBe(true);
    const snap = await storage.latestSnapshot(cell.id);
    expect(snap!.seq - original).toBeGreaterThan(500);
    await rt.close();
    await storage.close();

    storage = await db.open(); // restart: a fresh process would see only the database
    rt = await CellRuntime.open(storage, cell, session, opts);
    const before = await storage.lastSeq(cell.id);
    // The client resends what it believes unacknowledged, with the seq it had then (stale now: the cell was paused since).
    const again = await playerIntent(rt, ana, { id: "m-old", seq: original - 1, intent: chat("premier message") });
    expect(again).toEqual({ ok: true, seq: original, effects: [], duplicate: true });
    const cmd = await staffCommand(rt, anim, { id: "h-start", seq: 0, command: { type: "start" } });
    expect(cmd).toMatchObject({ ok: true, duplicate: true });
    expect(await storage.lastSeq(cell.id)).toBe(before);
    const log = await storage.readLog(cell.id);
    expect(log.filter((e) => e.ref === "m-old")).toHaveLength(1);
    expect(log.filter((e) => e.payload.type === "action" && (e.payload.params as { text?: string }).text === "premier message")).toHaveLength(1);
    // A new id still goes through once the cell runs again.
    expect((await staffCommand(rt, anim, { id: "h-resume", seq: rt.state.seq, command: { type: "resume" } })).ok).toBe(true);
    expect(await playerIntent(rt, ana, { id: "m-new", seq: rt.state.seq, intent: chat("après") })).toMatchObject({ ok: true, seq: before + 2 });
    await rt.close();
    await storage.close();
  }, 120_000);
});
