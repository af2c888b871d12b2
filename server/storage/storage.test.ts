import { mkdtempSync, rmSync } from "node:fs";
import Database from "better-sqlite3";
import pg from "pg";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, probePostgres, servicesFor } from "../../tests/services.js";
import { MemoryStorage } from "./memory.js";
import { PG_SCHEMA_VERSION, PostgresStorage } from "./postgres.js";
import { SqliteStorage } from "./sqlite.js";
import { SQLITE_SCHEMA_VERSION, SQLITE_V1_SCHEMA } from "./sqlite-schema.js";
import { DuplicateRefError, SeqConflictError, type AssessmentRow, type CellRow, type RosterStudentRow, type SessionRow, type Storage } from "./types.js";

/**
 * One suite, every implementation: the contract callers rely on. PostgreSQL
 * runs when a server answers (TEST_DATABASE_URL, see tests/services.ts): each
 * test gets its own database, dropped at the end; under CI_REQUIRE_SERVICES=1
 * an absent server fails this file instead of skipping.
 */

const dirs: string[] = [];
const databases: { url: string; drop(): Promise<void> }[] = [];
const withPostgres = await servicesFor("storage suite on PostgreSQL", probePostgres());
async function freshPostgres(): Promise<string> {
  const db = await createTestDatabase();
  databases.push(db);
  return db.url;
}
const opened: Storage[] = [];
afterAll(async () => {
  for (const s of opened.splice(0)) await s.close().catch(() => undefined);
  for (const d of databases.splice(0)) await d.drop();
});
const impls: [string, () => Storage | Promise<Storage>][] = [
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
  ...(withPostgres ? [["postgres", async () => PostgresStorage.open(await freshPostgres())] as [string, () => Promise<Storage>]] : []),
];

afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

const session = (id: string, code: string, createdAt = 1000): SessionRow => ({
  id, name: `S ${id}`, code, createdBy: "u1", createdAt, scenarioId: "mini", scenarioFile: "mini.yaml", scenarioText: "id: mini", seed: 7, status: "open",
});
const assessment = (id: string, cellId: string, sessionId: string, wall: number): AssessmentRow => ({
  id, cellId, sessionId, authorId: "u3", author: "Jury Élodie", wall, scope: "student", subject: "p1", competency: "C4.2",
  computed: 1, level: 2, justification: "déclaration d'attente très claire, publiée à T+00:50",
});
const cell = (id: string, sessionId: string, index: number, code: string): CellRow => ({ id, sessionId, index, name: `Cellule ${index}`, code, status: "lobby" });

describe.each(impls)("storage: %s", (_name, make) => {
  it("keeps settings, users and staff logins", async () => {
    const s = await make();
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
    await s.createStaffLogin({ idHash: "x", userId: "u1", expiresAt: 100 });
    expect((await s.getStaffLogin("x"))?.userId).toBe("u1");
    expect(await s.purgeStaffLogins(200)).toBe(1);
    expect(await s.getStaffLogin("x")).toBeUndefined();
    await s.close();
  });

  it("creates sessions with cells and finds join codes; codes are unique", async () => {
    const s = await make();
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

  it("reads a session's scenario text with its row and by its join codes; lists sessions without it", async () => {
    const s = await make();
    const text = `id: mini\ntitle: « Exercice » ${"é".repeat(40_000)}\n`;
    await s.createSession({ ...session("s1", "AAAAAA"), scenarioText: text }, [cell("c1", "s1", 1, "BBBBBB")]);
    expect((await s.getSession("s1"))?.scenarioText).toBe(text);
    expect((await s.findCode("AAAAAA"))?.session.scenarioText).toBe(text);
    expect((await s.findCode("BBBBBB"))?.session.scenarioText).toBe(text);
    const [listed] = await s.listSessions();
    expect(listed).toMatchObject({ id: "s1", code: "AAAAAA", scenarioFile: "mini.yaml", status: "open" });
    expect(listed).not.toHaveProperty("scenarioText");
    await s.setSessionStatus("s1", "ended", 9);
    expect(await s.getSession("s1")).toMatchObject({ status: "ended", endedAt: 9, scenarioText: text }); // the row read afresh, the text kept
    await s.eraseSession("s1");
    expect(await s.getSession("s1")).toBeUndefined();
    expect(await s.findCode("AAAAAA")).toBeUndefined();
    await s.close();
  });

  it("appends the log strictly in order and reads it back", async () => {
    const s = await make();
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

  it("logs a client message ref once per author and cell, for the whole log, and says which seq has it", async () => {
    const s = await make();
    await s.createSession(session("s1", "AAAAAA"), [cell("c1", "s1", 1, "BBBBBB"), cell("c2", "s1", 2, "CCCCCC")]);
    const ana = { kind: "player" as const, id: "p1" }, ben = { kind: "player" as const, id: "p2" };
    await s.appendEntry("c1", { seq: 1, wall: 1, by: { kind: "system", id: "server" }, payload: { type: "open", seed: 7 } });
    await s.appendEntry("c1", { seq: 2, wall: 2, by: ana, payload: { type: "start" }, ref: "m1" });
    for (let seq = 3; seq < 40; seq++) await s.appendEntry("c1", { seq, wall: seq, by: ana, payload: { type: "start" }, ...(seq % 2 ? { ref: `k${seq}` } : {}) });
    const err = await s.appendEntry("c1", { seq: 40, wall: 40, by: ana, payload: { type: "pause" }, ref: "m1" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DuplicateRefError);
    expect(err).toMatchObject({ cellId: "c1", ref: "m1", seq: 2 });
    expect(await s.lastSeq("c1")).toBe(39); // nothing written
    // The same ref from another author, or in another cell, is another message.
    await s.appendEntry("c1", { seq: 40, wall: 40, by: ben, payload: { type: "pause" }, ref: "m1" });
    await s.appendEntry("c2", { seq: 1, wall: 1, by: ana, payload: { type: "open", seed: 7 }, ref: "m1" });
    const refs = await s.listRefs("c1");
    expect(refs[0]).toEqual({ authorId: "p1", ref: "m1", seq: 2 });
    expect(refs).toContainEqual({ authorId: "p2", ref: "m1", seq: 40 });
    expect(refs).toHaveLength(2 + 19);
    expect(await s.listRefs("c2")).toEqual([{ authorId: "p1", ref: "m1", seq: 1 }]);
    // A duplicate and a valid entry in one group commit: only the duplicate is refused.
    const both = await Promise.allSettled([
      s.appendEntry("c1", { seq: 41, wall: 41, by: ana, payload: { type: "start" }, ref: "k3" }),
      s.appendEntry("c2", { seq: 2, wall: 2, by: ana, payload: { type: "start" }, ref: "m2" }),
    ]);
    expect(both.map((r) => r.status)).toEqual(["rejected", "fulfilled"]);
    expect((both[0] as PromiseRejectedResult).reason).toMatchObject({ seq: 3 });
    expect(await s.ackedSeqs().then((m) => m === undefined || m instanceof Map)).toBe(true);
    expect((await s.checkIntegrity()).ok).toBe(true);
    await s.close();
  });

  it("keeps the latest snapshot", async () => {
    const s = await make();
    await s.createSession(session("s1", "AAAAAA"), [cell("c1", "s1", 1, "BBBBBB")]);
    await s.putSnapshot({ cellId: "c1", seq: 10, json: "{\"a\":1}", wall: 1 });
    await s.putSnapshot({ cellId: "c1", seq: 20, json: "{\"a\":2}", wall: 2 });
    expect(await s.latestSnapshot("c1")).toEqual({ cellId: "c1", seq: 20, json: "{\"a\":2}", wall: 2 });
    expect(await s.latestSnapshot("nope")).toBeUndefined();
    await s.close();
  });

  it("erases a session with everything attached (GDPR), and finds sessions past retention", async () => {
    const s = await make();
    await s.createSession(session("s1", "AAAAAA", 100), [cell("c1", "s1", 1, "BBBBBB")]);
    await s.createSession(session("s2", "CCCCCC", 900), [cell("c2", "s2", 1, "DDDDDD")]);
    await s.createPlayer({ id: "p1", cellId: "c1", name: "Ana", tokenHash: "t", createdAt: 1 });
    await s.appendEntry("c1", { seq: 1, wall: 1, by: { kind: "system", id: "s" }, payload: { type: "open", seed: 1 } });
    await s.putSnapshot({ cellId: "c1", seq: 1, json: "{}", wall: 1 });
    await s.addAnnotation({ id: "n1", cellId: "c1", sessionId: "s1", authorId: "u", author: "Jury", wall: 1, at: 5, text: "bien" });
    await s.putCheckpoint({ cellId: "c1", seq: 1, hash: "h1", wall: 1 });
    await s.addAssessment(assessment("v1", "c1", "s1", 1));
    await s.addAssessment(assessment("v2", "c2", "s2", 2));
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
    expect(await s.listCheckpoints("c1")).toEqual([]);
    expect(await s.listAssessments({ sessionId: "s1" })).toEqual([]);
    expect((await s.listAssessments({ sessionId: "s2" })).map((a) => a.id)).toEqual(["v2"]);
    expect(await s.listAnnotations({ sessionId: "s2" })).toMatchObject([{ id: "n2", competency: "C4.1", entry: 3 }]);
    expect(await s.getSession("s2")).toBeDefined();
    await s.close();
  });

  it("keeps every checkpoint of a cell, in seq order", async () => {
    const s = await make();
    await s.createSession(session("s1", "AAAAAA"), [cell("c1", "s1", 1, "BBBBBB"), cell("c2", "s1", 2, "CCCCCC")]);
    await s.putCheckpoint({ cellId: "c1", seq: 400, hash: "b", wall: 2 });
    await s.putCheckpoint({ cellId: "c1", seq: 200, hash: "a", wall: 1 });
    await s.putCheckpoint({ cellId: "c1", seq: 400, hash: "c", wall: 3 });
    await s.putCheckpoint({ cellId: "c2", seq: 200, hash: "z", wall: 1 });
    expect(await s.listCheckpoints("c1")).toEqual([{ cellId: "c1", seq: 200, hash: "a", wall: 1 }, { cellId: "c1", seq: 400, hash: "c", wall: 3 }]);
    expect(await s.listCheckpoints("nope")).toEqual([]);
    await s.close();
  });

  it("keeps assessments append-only, both levels, filtered by cell or session", async () => {
    const s = await make();
    await s.createSession(session("s1", "AAAAAA"), [cell("c1", "s1", 1, "BBBBBB"), cell("c2", "s1", 2, "CCCCCC")]);
    await s.createSession(session("s2", "DDDDDD"), [cell("c3", "s2", 1, "EEEEEE")]);
    await s.addAssessment({ ...assessment("v2", "c1", "s1", 20), computed: null, level: 0, scope: "role", subject: "dircom" });
    await s.addAssessment(assessment("v1", "c1", "s1", 10));
    await s.addAssessment(assessment("v3", "c2", "s1", 15));
    await s.addAssessment(assessment("v4", "c3", "s2", 5));
    await expect(s.addAssessment(assessment("v1", "c1", "s1", 30))).rejects.toThrow();
    expect((await s.listAssessments({ cellId: "c1" })).map((a) => a.id)).toEqual(["v1", "v2"]);
    expect((await s.listAssessments({ sessionId: "s1" })).map((a) => a.id)).toEqual(["v1", "v3", "v2"]);
    expect((await s.listAssessments({ cellId: "c1", sessionId: "s2" }))).toEqual([]);
    const [v2] = (await s.listAssessments({ cellId: "c1" })).filter((a) => a.id === "v2");
    expect(v2).toEqual({ ...assessment("v2", "c1", "s1", 20), computed: null, level: 0, scope: "role", subject: "dircom" });
    expect((await s.listAssessments({ cellId: "c1" }))[0]).toEqual(assessment("v1", "c1", "s1", 10));
    await s.close();
  });

  it("stores uploaded scenarios and players", async () => {
    const s = await make();
    await s.putScenario({ id: "u_1", filename: "x.yaml", text: "id: x", uploadedBy: "u1", createdAt: 1 });
    expect((await s.listScenarios()).map((x) => x.id)).toEqual(["u_1"]);
    expect((await s.getScenario("u_1"))?.text).toBe("id: x");
    await s.createSession(session("s1", "AAAAAA"), [cell("c1", "s1", 1, "BBBBBB")]);
    await s.createPlayer({ id: "p1", cellId: "c1", name: "Ana", tokenHash: "t", createdAt: 1 });
    expect((await s.listPlayers("c1")).map((p) => p.name)).toEqual(["Ana"]);
    await s.close();
  });
});

const student = (id: string, classId: string, number: string, last: string, first: string, code: string): RosterStudentRow => ({
  id, classId, number, firstName: first, lastName: last, pseudoId: `PS${number}`, code, createdAt: Number(number.replace(/\D/g, "")) || 1,
});

describe.each(impls)("storage (schools): %s", (_name, make) => {
  it("disables accounts, closes every login of one, changes passwords and roles; counts active accounts only", async () => {
    const s = await make();
    await s.createUser({ id: "u1", username: "admin", role: "admin", passwordHash: "h1", createdAt: 1 });
    await s.createUser({ id: "u2", username: "prof", role: "instructor", passwordHash: "h2", createdAt: 2 });
    for (const id of ["a", "b"]) await s.createStaffLogin({ idHash: id, userId: "u2", expiresAt: 9e12 });
    await s.createStaffLogin({ idHash: "c", userId: "u1", expiresAt: 9e12 });
    expect((await s.deleteStaffLoginsOf("u2")).sort()).toEqual(["a", "b"]);
    expect(await s.getStaffLogin("a")).toBeUndefined();
    expect((await s.getStaffLogin("c"))?.userId).toBe("u1");
    await s.updateUser("u2", { disabledAt: 50 });
    expect(await s.getUser("u2")).toEqual({ id: "u2", username: "prof", role: "instructor", passwordHash: "h2", createdAt: 2, disabledAt: 50 });
    expect(await s.countUsers("instructor")).toBe(0);
    expect(await s.countUsers()).toBe(1);
    await s.updateUser("u2", { disabledAt: null, passwordHash: "h3", role: "evaluator" });
    expect(await s.getUser("u2")).toEqual({ id: "u2", username: "prof", role: "evaluator", passwordHash: "h3", createdAt: 2 });
    expect(await s.countUsers("admin")).toBe(1);
    await s.close();
  });

  it("keeps shares of sessions, classes and library scenarios per account, replaced and revoked; erasing a session drops its shares", async () => {
    const s = await make();
    await s.createUser({ id: "u1", username: "a", role: "instructor", passwordHash: "h", createdAt: 1 });
    await s.createUser({ id: "u2", username: "b", role: "evaluator", passwordHash: "h", createdAt: 2 });
    await s.createSession(session("s1", "AAAAAA"), [cell("c1", "s1", 1, "BBBBBB")]);
    await s.createClass({ id: "k1", name: "MSc 1 Paris", ownerId: "u1", createdAt: 3 });
    await s.setShare("session", "s1", "u2", "assess");
    await s.setShare("session", "s1", "u1", "run");
    await s.setShare("session", "s1", "u2", "run");
    await s.setShare("class", "k1", "u2", "assess");
    await s.library.create({ id: "sc1", ownerId: "u1", createdAt: 4 }, { filename: "a.yaml", text: "id: a", authorId: "u1", authorName: "a", createdAt: 4, valid: false });
    await s.setShare("scenario", "sc1", "u2", "edit");
    await s.setShare("scenario", "sc1", "u2", "use");
    expect(await s.listShares("scenario", { userId: "u2" })).toMatchObject([{ subjectId: "sc1", access: "use" }]);
    expect(await s.listShares("session", { userId: "u2", subjectId: "sc1" })).toEqual([]); // kinds never mix
    expect((await s.listShares("session", { subjectId: "s1" })).map((x) => [x.userId, x.access]).sort()).toEqual([["u1", "run"], ["u2", "run"]]);
    expect((await s.listShares("session", { userId: "u2" })).map((x) => x.subjectId)).toEqual(["s1"]);
    expect((await s.listShares("class", { userId: "u2" }))).toMatchObject([{ subjectId: "k1", access: "assess" }]);
    await s.setShare("session", "s1", "u1", undefined);
    expect((await s.listShares("session", { subjectId: "s1" })).map((x) => x.userId)).toEqual(["u2"]);
    await s.eraseSession("s1");
    expect(await s.listShares("session", {})).toEqual([]);
    await s.close();
  });

  it("keeps classes and rosters: upsert all or nothing, unique codes and numbers, sessions attached and detached", async () => {
    const s = await make();
    await s.createClass({ id: "k1", name: "MSc 1 Paris", ownerId: "u1", createdAt: 1 });
    await s.createClass({ id: "k2", name: "MSc 2 Lyon", ownerId: "u1", createdAt: 2 });
    await s.upsertRoster("k1", [student("r1", "k1", "1001", "Élise", "Zoé", "CODE0001"), student("r2", "k1", "1002", "Martin", "Ana", "CODE0002")]);
    await s.upsertRoster("k2", [{ ...student("r3", "k2", "1001", "Élise", "Zoé", "CODE0003"), email: "zoe@ecole.fr" }]);
    // A second code that already exists, or a student number already in the class: nothing of the batch is kept.
    await expect(s.upsertRoster("k1", [student("r4", "k1", "1004", "Neuf", "Léa", "CODE0004"), student("r5", "k1", "1005", "Autre", "Tom", "CODE0001")])).rejects.toThrow();
    await expect(s.upsertRoster("k1", [student("r6", "k1", "1006", "Neuf", "Léa", "CODE0006"), student("r7", "k1", "1002", "Dup", "Max", "CODE0007")])).rejects.toThrow();
    expect((await s.listRoster("k1")).map((r) => r.id)).toEqual(["r1", "r2"]); // Élise before Martin (accents folded)
    await s.upsertRoster("k1", [{ ...student("r2", "k1", "1002", "Martin-Durand", "Ana", "CODE0002") }]);
    expect((await s.getRosterStudent("r2"))?.lastName).toBe("Martin-Durand");
    expect((await s.findRosterByCode("CODE0003"))).toEqual({ ...student("r3", "k2", "1001", "Élise", "Zoé", "CODE0003"), email: "zoe@ecole.fr" });
    expect((await s.listRosterByPseudo("PS1001")).map((r) => r.id)).toEqual(["r1", "r3"]);
    await s.createSession({ ...session("s1", "AAAAAA"), classId: "k1" }, [cell("c1", "s1", 1, "BBBBBB")]);
    expect((await s.getSession("s1"))?.classId).toBe("k1");
    await s.createPlayer({ id: "p1", cellId: "c1", name: "Zoé Élise", tokenHash: "t", createdAt: 5, studentId: "r1", pseudoId: "PS1001" });
    await s.createPlayer({ id: "p2", cellId: "c1", name: "Invité", tokenHash: "t", createdAt: 6 });
    expect(await s.listPlayersOfStudents(["r1", "r3"])).toEqual([{ id: "p1", cellId: "c1", name: "Zoé Élise", tokenHash: "t", createdAt: 5, studentId: "r1", pseudoId: "PS1001" }]);
    await s.setPlayerToken("p1", "t2");
    expect((await s.getPlayer("p1"))?.tokenHash).toBe("t2");
    await s.setSessionClass("s1", undefined);
    expect((await s.getSession("s1"))?.classId).toBeUndefined();
    await s.setSessionClass("s1", "k1");
    await s.deleteClass("k1");
    expect(await s.getClass("k1")).toBeUndefined();
    expect(await s.listRoster("k1")).toEqual([]);
    expect((await s.getSession("s1"))?.classId).toBeUndefined();
    expect((await s.getPlayer("p1"))?.studentId).toBeUndefined();
    expect((await s.listClasses()).map((c) => c.id)).toEqual(["k2"]);
    await s.close();
  });

  it("applies an erasure plan: log payloads, checkpoints, snapshot, names and texts rewritten, roster rows gone", async () => {
    const s = await make();
    await s.createClass({ id: "k1", name: "K", ownerId: "u1", createdAt: 1 });
    await s.upsertRoster("k1", [student("r1", "k1", "1001", "Quintavalle", "Zébulon", "CODE0001")]);
    await s.createSession(session("s1", "AAAAAA"), [cell("c1", "s1", 1, "BBBBBB")]);
    await s.createPlayer({ id: "p1", cellId: "c1", name: "Zébulon Quintavalle", tokenHash: "t", createdAt: 5, studentId: "r1", pseudoId: "PS1001" });
    await s.appendEntry("c1", { seq: 1, wall: 1, by: { kind: "system", id: "s" }, payload: { type: "open", seed: 1 } });
    await s.appendEntry("c1", { seq: 2, wall: 2, by: { kind: "player", id: "p1" }, payload: { type: "join", player: "p1", name: "Zébulon Quintavalle" }, ref: "m1" });
    await s.putCheckpoint({ cellId: "c1", seq: 2, hash: "old", wall: 2 });
    await s.putSnapshot({ cellId: "c1", seq: 2, json: "{\"name\":\"Zébulon\"}", wall: 2 });
    await s.addAnnotation({ id: "n1", cellId: "c1", sessionId: "s1", authorId: "u", author: "Jury", wall: 1, at: 5, text: "Zébulon hésite" });
    await s.addAssessment({ ...assessment("v1", "c1", "s1", 1), justification: "Zébulon a bien publié" });
    await s.applyErasure({
      entries: [{ cellId: "c1", seq: 2, payload: { type: "join", player: "p1", name: "Étudiant effacé" } }],
      checkpoints: [{ cellId: "c1", seq: 2, hash: "new", wall: 2 }], snapshots: [{ cellId: "c1", seq: 2, json: "{}", wall: 2 }],
      players: [{ id: "p1", name: "Étudiant effacé" }], annotations: [{ id: "n1", text: "[effacé] hésite" }], assessments: [{ id: "v1", justification: "[effacé] a bien publié" }],
      sessions: [{ id: "s1", name: "Promo" }], cells: [{ id: "c1", name: "Cellule 1" }], roster: ["r1"],
    });
    expect((await s.readLog("c1"))[1]).toEqual({ seq: 2, wall: 2, by: { kind: "player", id: "p1" }, payload: { type: "join", player: "p1", name: "Étudiant effacé" }, ref: "m1" });
    expect((await s.listCheckpoints("c1")).map((c) => c.hash)).toEqual(["new"]);
    expect((await s.latestSnapshot("c1"))?.json).toBe("{}");
    expect(await s.getPlayer("p1")).toEqual({ id: "p1", cellId: "c1", name: "Étudiant effacé", tokenHash: "t", createdAt: 5 });
    expect((await s.listAnnotations({ cellId: "c1" }))[0].text).toBe("[effacé] hésite");
    expect((await s.listAssessments({ cellId: "c1" }))[0].justification).toBe("[effacé] a bien publié");
    expect((await s.getSession("s1"))?.name).toBe("Promo");
    expect((await s.getCell("c1"))?.name).toBe("Cellule 1");
    expect(await s.getRosterStudent("r1")).toBeUndefined();
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
    expect((await b.getSession("s1"))?.scenarioText).toBe("id: mini"); // read from the file, nothing kept yet
    await b.close();
  });
});

/** A log written before the ref index: the same message id logged twice by one author (a resend after a restart). */
const LEGACY_ROWS: [number, string, string | null][] = [[1, "server", null], [2, "p1", "m1"], [3, "p1", "m2"], [4, "p1", "m1"], [5, "p2", "m1"], [6, "p1", "m1"]];
async function expectMigratedRefs(s: Storage) {
  expect((await s.listRefs("c1")).map((r) => [r.seq, r.ref])).toEqual([[2, "m1"], [3, "m2"], [4, "m1~resent@4"], [5, "m1"], [6, "m1~resent@6"]]);
  expect((await s.readLog("c1")).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]); // the log is the truth: every entry stays
  await expect(s.appendEntry("c1", { seq: 7, wall: 7, by: { kind: "player", id: "p1" }, payload: { type: "start" }, ref: "m1" })).rejects.toMatchObject({ seq: 2 });
}

describe("sqlite migrations", () => {
  it("brings a database from before versioning to the current schema: duplicate refs kept, renamed, then refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sangfroid-storage-"));
    dirs.push(dir);
    const file = join(dir, "legacy.db");
    // The legacy file: the version-1 tables (no ref index), user_version 0, a message logged twice, two instructors.
    const old = new Database(file);
    old.exec(SQLITE_V1_SCHEMA);
    old.exec("INSERT INTO sessions VALUES ('s1', 'S', 'AAAAAA', 'u', 1, 'mini', 'mini.yaml', 'id: mini', 7, 'open', NULL); INSERT INTO cells VALUES ('c1', 's1', 1, 'C', 'BBBBBB', 'lobby')");
    old.exec("INSERT INTO users VALUES ('u2', 'second', 'instructor', 'h', 20); INSERT INTO users VALUES ('u1', 'first', 'instructor', 'h', 10); INSERT INTO users VALUES ('u3', 'jury', 'evaluator', 'h', 5)");
    const ins = old.prepare("INSERT INTO log_entries VALUES ('c1', ?, ?, 'player', ?, '{\"type\":\"start\"}', ?)");
    for (const [seq, author, ref] of LEGACY_ROWS) ins.run(seq, seq, author, ref);
    old.close();
    const s = new SqliteStorage(file);
    await expectMigratedRefs(s);
    // The first instructor of a school database from before accounts had roles becomes its administrator.
    expect((await s.listUsers()).map((u) => [u.username, u.role])).toEqual([["jury", "evaluator"], ["first", "admin"], ["second", "instructor"]]);
    expect((await s.getSession("s1"))?.classId).toBeUndefined();
    await s.close();
    const check = new Database(file, { readonly: true });
    expect(check.pragma("user_version", { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
    check.close();
    const again = new SqliteStorage(file); // idempotent
    expect((await again.listRefs("c1")).length).toBe(5);
    await again.close();
  });
});

describe.runIf(withPostgres)("postgres specifics", () => {
  it("migration 2 keeps a log with a message logged twice, renames the later copies' ref, then refuses resends", async () => {
    const url = await freshPostgres();
    const s = await PostgresStorage.open(url);
    await s.createSession(session("s1", "AAAAAA"), [cell("c1", "s1", 1, "BBBBBB")]);
    await s.close();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query("DROP INDEX log_entries_ref; UPDATE schema_version SET version = 1");
      for (const [seq, author, ref] of LEGACY_ROWS) {
        await c.query("INSERT INTO log_entries VALUES ('c1', $1::int, $1::bigint, 'player', $2, '{\"type\":\"start\"}', $3)", [seq, author, ref]);
      }
    } finally { await c.end(); }
    const m = await PostgresStorage.open(url);
    opened.push(m);
    expect(await m.schemaVersion()).toBe(PG_SCHEMA_VERSION);
    await expectMigratedRefs(m);
  });

  it("migrates idempotently (schema_version) and turns a second concurrent writer into SeqConflictError", async () => {
    const url = await freshPostgres();
    const [a, b] = await Promise.all([PostgresStorage.open(url), PostgresStorage.open(url)]); // two processes starting together
    opened.push(a, b);
    expect(await a.schemaVersion()).toBe(PG_SCHEMA_VERSION);
    const c = await PostgresStorage.open(url);
    opened.push(c);
    expect(await c.schemaVersion()).toBe(PG_SCHEMA_VERSION);
    await a.createSession(session("s1", "AAAAAA"), [cell("c1", "s1", 1, "BBBBBB")]);
    const by = { kind: "system" as const, id: "server" };
    await a.appendEntry("c1", { seq: 1, wall: 1, by, payload: { type: "open", seed: 7 } });
    // Both "processes" believe seq 2 is next: exactly one append wins, for every round.
    for (let seq = 2; seq < 22; seq++) {
      const results = await Promise.allSettled([
        a.appendEntry("c1", { seq, wall: seq, by: { kind: "player", id: "pa" }, payload: { type: "start" } }),
        b.appendEntry("c1", { seq, wall: seq, by: { kind: "player", id: "pb" }, payload: { type: "start" } }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(lost.reason).toBeInstanceOf(SeqConflictError);
    }
    const log = await c.readLog("c1");
    expect(log.map((e) => e.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(await c.lastSeq("c1")).toBe(21);
  });
});
