import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { getPriority, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordSession, type Recorded } from "../../tests/server/recorded.js";
import { loadCellById } from "../assessment/cell-data.js";
import { sessionNames } from "../assessment/pseudonyms.js";
import { MemoryStorage } from "../storage/memory.js";
import { buildReport } from "./model.js";
import { PdfBusyError, PdfPool } from "./pdf-pool.js";
import { modelOf, reportKey, snapshotFor, type ReportJob } from "./report-job.js";

/** The PDF pool: reports built in renderer processes from a snapshot of their rows, a bounded queue, a crash costing only its own report. */

let model: ReportJob;
let direct: ReturnType<typeof buildReport>;
let storage: MemoryStorage;
let rec: Recorded;
const pools: PdfPool[] = [];
const pool = (workers: number, maxQueue: number, timeoutMs?: number) => { const p = new PdfPool({ workers, maxQueue, timeoutMs }); pools.push(p); return p; };

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
    expect(p.load()).toEqual({ drawing: 1, waiting: 2 });
    let busy: unknown;
    try { void p.render(() => model); } catch (err) { busy = err; }
    expect(busy).toBeInstanceOf(PdfBusyError);
    expect((busy as PdfBusyError).retryAfterS).toBeGreaterThanOrEqual(1);
    expect((await Promise.all(accepted)).every((b) => b.subarray(0, 5).toString() === "%PDF-")).toBe(true);
    expect(p.load()).toEqual({ drawing: 0, waiting: 0 });
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

  it("renderers are processes of their own, at a low CPU priority (nice 10)", async () => {
    const p = pool(1, 2);
    await p.render(() => model);
    const [pid] = p.renderers();
    expect(pid).not.toBe(process.pid);
    expect(getPriority(pid)).toBe(10);
  });

  it("a report past the time limit fails and its worker is replaced (the next report gets a fresh one, not a hung one)", async () => {
    const p = pool(1, 2, 1);
    await expect(p.render(() => model)).rejects.toThrow(/rendu PDF interrompu/);
    expect(p.load()).toEqual({ drawing: 0, waiting: 0 });
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
