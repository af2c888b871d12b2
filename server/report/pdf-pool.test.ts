import { getPriority } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordSession } from "../../tests/server/recorded.js";
import { loadCellById } from "../assessment/cell-data.js";
import { sessionNames } from "../assessment/pseudonyms.js";
import { MemoryStorage } from "../storage/memory.js";
import { buildReport } from "./model.js";
import { PdfBusyError, PdfPool } from "./pdf-pool.js";
import { modelOf, snapshotFor, type ReportJob } from "./report-job.js";

/** The PDF pool: reports built in renderer processes from a snapshot of their rows, a bounded queue, a crash costing only its own report. */

let model: ReportJob;
let direct: ReturnType<typeof buildReport>;
const pools: PdfPool[] = [];
const pool = (workers: number, maxQueue: number, timeoutMs?: number) => { const p = new PdfPool({ workers, maxQueue, timeoutMs }); pools.push(p); return p; };

beforeAll(async () => {
  const storage = new MemoryStorage();
  const rec = await recordSession(storage, { file: "tutorial.yaml" });
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

  it("renderers are processes of their own, at the lowest CPU priority", async () => {
    const p = pool(1, 2);
    await p.render(() => model);
    const [pid] = p.renderers();
    expect(pid).not.toBe(process.pid);
    expect(getPriority(pid)).toBe(19);
  });

  it("a report past the time limit fails and its worker is replaced (the next report gets a fresh one, not a hung one)", async () => {
    const p = pool(1, 2, 1);
    await expect(p.render(() => model)).rejects.toThrow(/rendu PDF interrompu/);
    expect(p.load()).toEqual({ drawing: 0, waiting: 0 });
    await expect(p.render(() => model)).rejects.toThrow(/rendu PDF interrompu/);
  });
});
