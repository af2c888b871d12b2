import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryStorage } from "./memory.js";
import { SqliteStorage } from "./sqlite.js";
import { SeqConflictError, type CellRow, type SessionRow, type Storage } from "./types.js";

/**
 * One suite, every implementation: the contract callers rely on (and that a
 * PostgreSQL implementation will have to pass too).
 */

const dirs: string[] = [];
const impls: [string, () => Storage][] = [
  ["memory", () => new MemoryStorage()],
  ["sqlite", () => {
    const dir = mkdtempSync(join(tmpdir(), "sangfroid-storage-"));
    dirs.push(dir);
    return new SqliteStorage(join(dir, "test.db"));
  }],
  ["sqlite without writer thread", () => {
    const dir = mkdtempSync(join(tmpdir(), "sangfroid-storage-"));
    dirs.push(dir);
    return new SqliteStorage(join(dir, "test.db"), { writerThread: false, synchronous: "NORMAL" });
  }],
];

afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

const session = (id: string, code: string, createdAt = 1000): SessionRow => ({
  id, name: `S ${id}`, code, createdBy: "u1", createdAt, scenarioId: "mini", scenarioFile: "mini.yaml", scenarioText: "id: mini", seed: 7, status: "open",
});
const cell = (id: string, sessionId: string, index: number, code: string): CellRow => ({ id, sessionId, index, name: `Cellule ${index}`, code, status: "lobby" });

describe.each(impls)("storage: %s", (_name, make) => {
  it("keeps settings, users and staff sessions", async () => {
    const s = make();
    expect(await s.getSetting("k")).toBeUndefined();
    await s.setSetting("k", "v");
    expect(await s.getSetting("k")).toBe("v");
    await s.setSetting("k", undefined);
    expect(await s.getSetting("k")).toBeUndefined();
    await s.createUser({ id: "u1", username: "anim", role: "instructor", passwordHash: "h", createdAt: 1 });
    await expect(s.createUser({ id: "u2", username: "anim", role: "evaluator", passwordHash: "h", createdAt: 2 })).rejects.toThrow();
    await s.createUser({ id: "u3", username: "jury", role: "evaluator", passwordHash: "h", createdAt: 3 });
    expect(await s.countUsers()).toBe(2);
    expect(await s.countUsers("instructor")).toBe(1);
    expect((await s.getUserByName("jury"))?.id).toBe("u3");
    await s.createStaffSession({ idHash: "x", userId: "u1", expiresAt: 100 });
    expect((await s.getStaffSession("x"))?.userId).toBe("u1");
    expect(await s.purgeStaffSessions(200)).toBe(1);
    expect(await s.getStaffSession("x")).toBeUndefined();
    await s.close();
  });

  it("creates sessions with cells and finds join codes; codes are unique", async () => {
    const s = make();
    await s.createSession(session("s1", "AAAAAA"), [cell("c1", "s1", 1, "BBBBBB"), cell("c2", "s1", 2, "CCCCCC")]);
    expect((await s.findCode("AAAAAA"))?.cell).toBeUndefined();
    expect((await s.findCode("CCCCCC"))?.cell?.id).toBe("c2");
    expect(await s.findCode("ZZZZZZ")).toBeUndefined();
    await expect(s.createSession(session("s2", "BBBBBB"), [])).rejects.toThrow();
    expect((await s.listCells("s1")).map((c) => c.id)).toEqual(["c1", "c2"]);
    await s.setCellStatus("c1", "ended");
    expect((await s.listLiveCells()).map((c) => c.id)).toEqual(["c2"]);
    await s.setSessionStatus("s1", "ended", 5);
    expect(await s.listLiveCells()).toEqual([]);
    expect((await s.getSession("s1"))?.endedAt).toBe(5);
    await s.close();
  });

  it("appends the log strictly in order and reads it back", async () => {
    const s = make();
    await s.createSession(session("s1", "AAAAAA"), [cell("c1", "s1", 1, "BBBBBB")]);
    const by = { kind: "system" as const, id: "server" };
    await s.appendEntry("c1", { seq: 1, wall: 10, by, payload: { type: "open", seed: 7 } });
    await s.appendEntry("c1", { seq: 2, wall: 11, by: { kind: "player", id: "p1" }, payload: { type: "join", player: "p1", name: "Ana" }, ref: "m1" });
    await expect(s.appendEntry("c1", { seq: 2, wall: 12, by, payload: { type: "start" } })).rejects.toBeInstanceOf(SeqConflictError);
    await expect(s.appendEntry("c1", { seq: 4, wall: 12, by, payload: { type: "start" } })).rejects.toBeInstanceOf(SeqConflictError);
    await s.appendEntry("c1", { seq: 3, wall: 13, by, payload: { type: "start" } });
    expect(await s.lastSeq("c1")).toBe(3);
    const log = await s.readLog("c1");
    expect(log.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(log[1]).toEqual({ seq: 2, wall: 11, by: { kind: "player", id: "p1" }, payload: { type: "join", player: "p1", name: "Ana" }, ref: "m1" });
    expect((await s.readLog("c1", 2)).map((e) => e.seq)).toEqual([3]);
    await s.close();
  });

  it("keeps the latest snapshot", async () => {
    const s = make();
    await s.createSession(session("s1", "AAAAAA"), [cell("c1", "s1", 1, "BBBBBB")]);
    await s.putSnapshot({ cellId: "c1", seq: 10, json: "{\"a\":1}", wall: 1 });
    await s.putSnapshot({ cellId: "c1", seq: 20, json: "{\"a\":2}", wall: 2 });
    expect(await s.latestSnapshot("c1")).toEqual({ cellId: "c1", seq: 20, json: "{\"a\":2}", wall: 2 });
    expect(await s.latestSnapshot("nope")).toBeUndefined();
    await s.close();
  });

  it("erases a session with everything attached (GDPR), and finds sessions past retention", async () => {
    const s = make();
    await s.createSession(session("s1", "AAAAAA", 100), [cell("c1", "s1", 1, "BBBBBB")]);
    await s.createSession(session("s2", "CCCCCC", 900), [cell("c2", "s2", 1, "DDDDDD")]);
    await s.createPlayer({ id: "p1", cellId: "c1", name: "Ana", tokenHash: "t", createdAt: 1 });
    await s.appendEntry("c1", { seq: 1, wall: 1, by: { kind: "system", id: "s" }, payload: { type: "open", seed: 1 } });
    await s.putSnapshot({ cellId: "c1", seq: 1, json: "{}", wall: 1 });
    await s.addAnnotation({ id: "n1", cellId: "c1", sessionId: "s1", authorId: "u", author: "Jury", wall: 1, at: 5, text: "bien" });
    await s.addAnnotation({ id: "n2", cellId: "c2", sessionId: "s2", authorId: "u", author: "Jury", wall: 2, at: 5, text: "ok", competency: "C4.1", entry: 3 });
    expect(await s.sessionsCreatedBefore(500)).toEqual(["s1"]);
    await s.eraseSession("s1");
    expect(await s.getSession("s1")).toBeUndefined();
    expect(await s.getCell("c1")).toBeUndefined();
    expect(await s.getPlayer("p1")).toBeUndefined();
    expect(await s.readLog("c1")).toEqual([]);
    expect(await s.latestSnapshot("c1")).toBeUndefined();
    expect(await s.findCode("BBBBBB")).toBeUndefined();
    expect(await s.listAnnotations({ sessionId: "s1" })).toEqual([]);
    expect(await s.listAnnotations({ sessionId: "s2" })).toMatchObject([{ id: "n2", competency: "C4.1", entry: 3 }]);
    expect(await s.getSession("s2")).toBeDefined();
    await s.close();
  });

  it("stores uploaded scenarios and players", async () => {
    const s = make();
    await s.putScenario({ id: "u_1", filename: "x.yaml", text: "id: x", uploadedBy: "u1", createdAt: 1 });
    expect((await s.listScenarios()).map((x) => x.id)).toEqual(["u_1"]);
    expect((await s.getScenario("u_1"))?.text).toBe("id: x");
    await s.createSession(session("s1", "AAAAAA"), [cell("c1", "s1", 1, "BBBBBB")]);
    await s.createPlayer({ id: "p1", cellId: "c1", name: "Ana", tokenHash: "t", createdAt: 1 });
    expect((await s.listPlayers("c1")).map((p) => p.name)).toEqual(["Ana"]);
    await s.close();
  });
});

describe("sqlite specifics", () => {
  it("uses WAL and survives reopening", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sangfroid-storage-"));
    dirs.push(dir);
    const file = join(dir, "x.db");
    const a = new SqliteStorage(file);
    await a.createSession(session("s1", "AAAAAA"), [cell("c1", "s1", 1, "BBBBBB")]);
    await a.appendEntry("c1", { seq: 1, wall: 1, by: { kind: "system", id: "s" }, payload: { type: "open", seed: 1 } });
    expect((a as unknown as { db: { pragma(s: string, o: object): unknown } }).db.pragma("journal_mode", { simple: true })).toBe("wal");
    await a.close();
    const b = new SqliteStorage(file);
    expect(await b.lastSeq("c1")).toBe(1);
    await b.close();
  });
});
