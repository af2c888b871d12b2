import { describe, expect, it } from "vitest";
import { classify, StorageError } from "./errors.js";
import { MemoryStorage } from "./memory.js";
import { monitorStorage, probeWrites, storageHealth } from "./monitor.js";
import { SeqConflictError } from "./types.js";

/**
 * The health a monitored storage reports, from the errors its driver
 * throws (the codes SQLite, PostgreSQL and Node use): failed while writes
 * fail, back to ok once one succeeds (the /healthz probe included);
 * degraded for one unreadable cell; conflicts are answers, not failures.
 */

const coded = (code: string, message = code) => Object.assign(new Error(message), { code });

describe("storage health", () => {
  it("classifies driver errors by what an operator does about them", () => {
    expect(classify(coded("SQLITE_FULL", "database or disk is full"))).toMatchObject({ kind: "full", message: "disque plein (database or disk is full)" });
    expect(classify(coded("53100"))).toMatchObject({ kind: "full" });
    expect(classify(coded("ENOSPC"))).toMatchObject({ kind: "full" });
    expect(classify(coded("SQLITE_CORRUPT"))).toMatchObject({ kind: "corrupt" });
    expect(classify(coded("SQLITE_NOTADB", "file is not a database"))).toMatchObject({ kind: "corrupt" });
    expect(classify(coded("SQLITE_IOERR_WRITE"))).toMatchObject({ kind: "io" });
    expect(classify(coded("ECONNREFUSED"))).toMatchObject({ kind: "unavailable" });
    expect(classify(coded("57P01"))).toMatchObject({ kind: "unavailable" });
    const conflict = new SeqConflictError("c", 3);
    expect(classify(conflict)).toBe(conflict);
    const taken = coded("SQLITE_CONSTRAINT_UNIQUE");
    expect(classify(taken)).toBe(taken); // an answer (a username taken), not a storage failure
    expect(classify(coded("23505"))).not.toBeInstanceOf(StorageError);
    expect(classify(new Error("code exists"))).not.toBeInstanceOf(StorageError);
    expect((classify(coded("SQLITE_FULL")) as StorageError).userMessage).toMatch(/disque plein ; rien n'a été enregistré/);
  });

  it("failed while writes fail, ok again after a write succeeds; a probe write finds out on its own", async () => {
    const raw = new MemoryStorage();
    const s = monitorStorage(raw);
    expect(monitorStorage(s)).toBe(s);
    const health = storageHealth(s);
    expect(health.report()).toMatchObject({ state: "ok", reasons: [], damagedCells: [] });
    let full = true;
    const setSetting = raw.setSetting.bind(raw);
    raw.setSetting = async (k, v) => { if (full) throw coded("SQLITE_FULL", "database or disk is full"); return setSetting(k, v); };
    await expect(s.setSetting("k", "v")).rejects.toMatchObject({ name: "StorageError", kind: "full" });
    expect(health.report()).toMatchObject({ state: "failed", reasons: [{ code: "disk_full" }], lastError: { op: "setSetting", kind: "full", code: "SQLITE_FULL" } });
    expect(storageHealth(raw)).toBe(health);
    await s.getSetting("k"); // reads do not clear a write failure
    expect(health.report().state).toBe("failed");
    full = false;
    await probeWrites(s);
    expect(health.report()).toMatchObject({ state: "ok", lastError: { kind: "full" } });
  });

  it("one unreadable cell degrades; a non-cell read failure fails; conflicts change nothing", async () => {
    const raw = new MemoryStorage();
    const s = monitorStorage(raw);
    const health = storageHealth(s);
    raw.readLog = async () => { throw coded("SQLITE_CORRUPT", "database disk image is malformed"); };
    await expect(s.readLog("c1")).rejects.toMatchObject({ kind: "corrupt" });
    expect(health.report()).toMatchObject({ state: "degraded", damagedCells: [{ cell: "c1", cause: "storage" }] });
    await expect(s.createUser({ id: "u1", username: "anim", role: "instructor", passwordHash: "h", createdAt: 1 })).resolves.toBeUndefined();
    await expect(s.createUser({ id: "u2", username: "anim", role: "instructor", passwordHash: "h", createdAt: 1 })).rejects.toThrow(/user exists/);
    expect(health.report().state).toBe("degraded"); // a refusal of the storage's own is no failure
    await s.createSession({ id: "s1", name: "S", code: "A", createdBy: "u", createdAt: 1, scenarioId: "x", scenarioFile: "x", scenarioText: "x", seed: 1, status: "open" },
      [{ id: "c2", sessionId: "s1", index: 1, name: "C", code: "B", status: "lobby" }]);
    await expect(s.appendEntry("c2", { seq: 5, wall: 1, by: { kind: "system", id: "s" }, payload: { type: "start" } })).rejects.toBeInstanceOf(SeqConflictError);
    raw.listSessions = async () => { throw coded("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432"); };
    await expect(s.listSessions()).rejects.toMatchObject({ kind: "unavailable" });
    expect(health.report()).toMatchObject({ state: "failed", reasons: [{ code: "read_failed" }, { code: "cell_damaged", cell: "c1" }] });
    health.cellRepaired("c1");
    await s.getSession("s1");
    expect(health.report().state).toBe("ok");
  });
});
