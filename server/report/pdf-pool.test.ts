import { execFile } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { getPriority, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordSession, type Recorded } from "../../tests/server/recorded.js";
import { loadCellById } from "../assessment/cell-data.js";
import { sessionNames } from "../assessment/pseudonyms.js";
import { MemoryStorage } from "../storage/memory.js";
import { SqliteStorage } from "../storage/sqlite.js";
import { readLogRef, type LogRef } from "./log-reader.js";
import { buildReport } from "./model.js";
import { idleLauncher, PdfBusyError, PdfPool } from "./pdf-pool.js";
import { modelOf, reportKey, snapshotFor, type ReportJob } from "./report-job.js";

/** The PDF pool: reports built in renderer processes from a snapshot of their rows, a bounded queue, a crash costing only its own report. */

let model: ReportJob;
let direct: ReturnType<typeof buildReport>;
let storage: MemoryStorage;
let rec: Recorded;
const pools: PdfPool[] = [];
const pool = (workers: number, maxQueue: number, timeoutMs?: number, sched?: "idle" | "nice") => { const p = new PdfPool({ workers, maxQueue, timeoutMs, sched }); pools.push(p); return p; };

/** Scheduling policy (0 normal, 5 SCHED_IDLE) of every thread of a process, from /proc (field 41 of stat). */
const policies = (pid: number) => readdirSync(`/proc/${pid}/task`).map((t) => {
  const stat = readFileSync(`/proc/${pid}/task/${t}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[38]);
});

beforeAll(async () => {
  storage = new MemoryStorage();
  rec = await recordSession(storage, { file: "tutorial.yaml" });
  const now = Date.UTC(2026, 10, 20, 12);
  const d = await loadCellById({ storage, cells: new Map() }, rec.cells[0].id);
  direct = buildReport(d, await sessionNames(storage, rec.session.id, true, "fr"), "fr", now);
  model = await snapshotFor(storage, d.session, d.cell, "fr", true, now);
});
afterAll(async () => { for (const p of pools) await p.close(); });

describe("report jobs", () => {
  it("the snapshot gives the same report as the live storage, and no token hash leaves the main thread", async () => {
    expect(await modelOf(structuredClone(model))).toEqual(direct);
    expect(model.players.every((p) => p.tokenHash === "")).toBe(true);
  });
});

describe("report jobs on SQLite", () => {
  it("carry where the log is, not its entries; the renderer reads the same report from the file, up to the entry the main thread saw", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sangfroid-logref-"));
    const sqlite = new SqliteStorage(join(dir, "s.db"));
    try {
      const r = await recordSession(sqlite, { file: "tutorial.yaml" });
      const now = Date.UTC(2026, 10, 20, 12);
      const d = await loadCellById({ storage: sqlite, cells: new Map() }, r.cells[0].id);
      const expected = buildReport(d, await sessionNames(sqlite, r.session.id, true, "fr"), "fr", now);
      const job = await snapshotFor(sqlite, d.session, d.cell, "fr", true, now);
      expect(job.log).toEqual({ sqlite: join(dir, "s.db"), cellId: d.cell.id, upTo: await sqlite.lastSeq(d.cell.id) });
      expect(job.session).not.toHaveProperty("scenarioText"); // 150 kB the renderer reads from the same file, once per session
      expect(await modelOf(structuredClone(job))).toEqual(expected);
      // An entry appended after the snapshot is not in the report drawn from it.
      const upTo = (job.log as { upTo: number }).upTo;
      const last = (await sqlite.readLog(d.cell.id, upTo - 1))[0];
      await sqlite.appendEntry(d.cell.id, { ...last, seq: upTo + 1 });
      expect(await sqlite.lastSeq(d.cell.id)).toBe(upTo + 1);
      expect(readLogRef(job.log as LogRef).map((e) => e.seq)).toEqual(Array.from({ length: upTo }, (_, i) => i + 1));
      const pdf = await pool(1, 1).render(() => job);
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    } finally {
      await sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("PdfPool", () => {
  it("builds the report in a worker: a PDF, the same size on every run", async () => {
    const p = pool(1, 4);
    const [a, b] = await Promise.all([p.render(() => model), p.render(() => model)]);
    expect(a.subarray(0, 5).toString()).toBe("%PDF-");
    expect(a.length).toBeGreaterThan(5000);
    expect(b.length).toBe(a.length);
  });

  it("draws at most `workers` at once, queues up to `maxQueue`, and refuses the rest with a retry delay", async () => {
    const p = pool(1, 2);
    const accepted = [p.render(() => model), p.render(() => model), p.render(() => model)];
    expect(p.load()).toEqual({ drawing: 1, waiting: 2, resting: 0 });
    let busy: unknown;
    try { void p.render(() => model); } catch (err) { busy = err; }
    expect(busy).toBeInstanceOf(PdfBusyError);
    expect((busy as PdfBusyError).retryAfterS).toBeGreaterThanOrEqual(1);
    expect((await Promise.all(accepted)).every((b) => b.subarray(0, 5).toString() === "%PDF-")).toBe(true);
    expect(p.load()).toEqual({ drawing: 0, waiting: 0, resting: 0 });
  });

  it("a model that cannot be prepared fails with its own error, before any drawing", async () => {
    const p = pool(1, 2);
    await expect(p.render(() => { throw new Error("cellule inconnue"); })).rejects.toThrow("cellule inconnue");
    expect((await p.render(() => model)).subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("a model the renderer cannot draw fails alone, with a clear error; the next report is drawn", async () => {
    const p = pool(1, 2);
    const broken = { ...model, log: null } as unknown as ReportJob;
    const [bad, good] = await Promise.allSettled([p.render(() => broken), p.render(() => model)]);
    expect(bad.status).toBe("rejected");
    expect(String((bad as PromiseRejectedResult).reason)).toMatch(/rendu PDF impossible/);
    expect(good.status).toBe("fulfilled");
  });

  it("a renderer killed while drawing (kill -9, out of memory) costs only its report; the next one gets a fresh renderer", async () => {
    const p = pool(1, 2);
    await p.render(() => model); // a renderer up
    const [first] = p.renderers();
    const drawing = p.render(() => model);
    await new Promise((r) => setTimeout(r, 50));
    process.kill(first, "SIGKILL");
    await expect(drawing).rejects.toThrow(/rendu PDF interrompu \(signal SIGKILL\)/);
    expect((await p.render(() => model)).subarray(0, 5).toString()).toBe("%PDF-");
    expect(p.renderers()).not.toContain(first);
  });

  it("below a duty of 1 a renderer rests after a document while the next waits, then draws it; at full duty the next is drawn at once", async () => {
    const paced = new PdfPool({ workers: 1, maxQueue: 2, duty: 0.25 });
    pools.push(paced);
    await paced.render(() => model);
    const done = performance.now();
    const next = paced.render(() => model);
    expect(paced.load()).toEqual({ drawing: 0, waiting: 1, resting: 1 });
    expect((await next).subarray(0, 5).toString()).toBe("%PDF-");
    // At 25 % it rests three times the CPU the first document cost: more than the few milliseconds of a message's round trip.
    expect(performance.now() - done).toBeGreaterThan(30);
    expect(paced.load()).toEqual({ drawing: 0, waiting: 0, resting: 1 });
    const full = pool(1, 2);
    await full.render(() => model);
    const again = full.render(() => model);
    expect(full.load()).toEqual({ drawing: 1, waiting: 0, resting: 0 });
    await again;
  });

  it("renderers are processes of their own, at a low CPU priority (nice 10)", async () => {
    const p = pool(1, 2);
    await p.render(() => model);
    const [pid] = p.renderers();
    expect(pid).not.toBe(process.pid);
    expect(getPriority(pid)).toBe(10);
  });

  // Not drawn here: an idle-class renderer gets almost no CPU while the test runner keeps both cores busy.
  it.runIf(idleLauncher())("with sched idle, every thread of a renderer is in the kernel's idle class (SCHED_IDLE) from its start", async () => {
    const p = pool(1, 2, undefined, "idle");
    void p.render(() => model).catch(() => undefined);
    const [pid] = p.renderers();
    let seen: number[] = [];
    for (let i = 0; i < 200 && !(seen.length >= 4 && seen.every((x) => x === 5)); i++) {
      await new Promise((r) => setTimeout(r, 50));
      try { seen = policies(pid); } catch { seen = []; }
    }
    expect(seen.length).toBeGreaterThanOrEqual(4); // node's main thread and V8's helpers
    expect(seen.every((x) => x === 5)).toBe(true);
    await p.close();
  });

  it("where chrt cannot set the idle class, renderers start niced and draw", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sangfroid-chrt-"));
    writeFileSync(join(dir, "chrt"), "#!/bin/sh\necho 'chrt: failed to set pid 0 policy: Operation not permitted' >&2\nexit 1\n");
    chmodSync(join(dir, "chrt"), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${dir}:${path}`;
    let p: PdfPool;
    try { p = pool(1, 2, undefined, "idle"); } finally { process.env.PATH = path; }
    try {
      expect(idleLauncher(`${dir}:${path}`)).toBe(join(dir, "chrt"));
      const pdf = await p.render(() => model).catch(() => p.render(() => model)); // the first may fall with its renderer
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      expect(policies(p.renderers()[0]).every((x) => x === 0)).toBe(true);
      expect(getPriority(p.renderers()[0])).toBe(10);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  it("a report past the time limit fails and its worker is replaced (the next report gets a fresh one, not a hung one)", async () => {
    const p = pool(1, 2, 1);
    await expect(p.render(() => model)).rejects.toThrow(/rendu PDF interrompu/);
    expect(p.load()).toEqual({ drawing: 0, waiting: 0, resting: 0 });
    await expect(p.render(() => model)).rejects.toThrow(/rendu PDF interrompu/);
  });
});

/** The text of a PDF (poppler's pdftotext), lines joined. */
async function pdfText(pdf: Buffer): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "sangfroid-pdf-"));
  try {
    writeFileSync(join(dir, "r.pdf"), pdf);
    return (await promisify(execFile)("pdftotext", ["-layout", join(dir, "r.pdf"), "-"])).stdout.replace(/\s+/g, " ");
  } finally { rmSync(dir, { recursive: true, force: true }); }
}

describe("a report drawn once for the same rows (PdfPool.render with reportKey)", () => {
  const T = Date.UTC(2026, 10, 20, 12);
  const keyAt = async (now = T, lang: "fr" | "en" = "fr", pseudo = false) => reportKey(storage, rec.session, rec.cells[0], lang, pseudo, now);
  const drawn = async (p: PdfPool, now = T) => {
    const session = (await storage.getSession(rec.session.id))!;
    return p.render(() => snapshotFor(storage, session, rec.cells[0], "fr", false, now), await keyAt(now));
  };

  it("the same rows within the minute give the same key; language, pseudonymisation and the next minute another", async () => {
    const k = await keyAt();
    expect(await keyAt(T + 59_000)).toBe(k);
    expect(new Set([k, await keyAt(T + 60_000), await keyAt(T, "en"), await keyAt(T, "fr", true)]).size).toBe(4);
  });

  it("four exports at once of an unchanged report cost one drawing; an entry, an annotation or an erasure draw it again, and the erased name is gone", async () => {
    const p = pool(1, 0); // no queue: a second drawing at once would be refused as busy
    const four = await Promise.all([drawn(p), drawn(p), drawn(p), drawn(p)]);
    expect(four.every((b) => b === four[0])).toBe(true);
    const cell = rec.cells[0].id;
    const keys = [await keyAt()];
    const seq = await storage.lastSeq(cell);
    const last = (await storage.readLog(cell, seq - 1))[0];
    await storage.appendEntry(cell, { ...last, seq: seq + 1, ref: undefined, payload: { type: "end", reason: "clôture" } as never });
    keys.push(await keyAt());
    await storage.addAnnotation({ id: "a_cache", cellId: cell, sessionId: rec.session.id, authorId: "u_x", author: "Jury", wall: T, at: 0, text: "Bonne coordination." });
    keys.push(await keyAt());
    // A student's erasure rewrites entries in place (the head stays) and always renames their player row (students/erasure.ts).
    const [pid, name] = Object.entries(rec.players)[0];
    const joins = (await storage.readLog(cell)).filter((e) => e.payload.type === "join" && (e.payload as { player: string }).player === pid);
    await storage.applyErasure({
      entries: joins.map((e) => ({ cellId: cell, seq: e.seq, payload: { ...e.payload, name: "Étudiant effacé" } })),
      checkpoints: [], snapshots: [], players: [{ id: pid, name: "Étudiant effacé" }], annotations: [], assessments: [], sessions: [], cells: [], roster: [],
    });
    keys.push(await keyAt());
    expect(new Set(keys).size).toBe(4);
    const after = await drawn(p);
    expect(await pdfText(four[0])).toContain(name);
    expect(await pdfText(after)).not.toContain(name);
    expect(await pdfText(after)).toContain("Bonne coordination.");
  });
});
