import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordSession } from "../../tests/server/recorded.js";
import { loadCellById } from "../assessment/cell-data.js";
import { sessionNames } from "../assessment/pseudonyms.js";
import { MemoryStorage } from "../storage/memory.js";
import { buildReport, type ReportModel } from "./model.js";
import { PdfBusyError, PdfPool } from "./pdf-pool.js";

/** The PDF renderer pool: reports drawn in worker threads, a bounded queue, a crash costing only its own report. */

let model: ReportModel;
const pools: PdfPool[] = [];
const pool = (workers: number, maxQueue: number, timeoutMs?: number) => { const p = new PdfPool({ workers, maxQueue, timeoutMs }); pools.push(p); return p; };

beforeAll(async () => {
  const storage = new MemoryStorage();
  const rec = await recordSession(storage, { file: "tutorial.yaml" });
  const d = await loadCellById({ storage, cells: new Map() }, rec.cells[0].id);
  model = buildReport(d, await sessionNames(storage, rec.session.id, false), "fr", Date.UTC(2026, 10, 20, 12));
});
afterAll(async () => { for (const p of pools) await p.close(); });

describe("PdfPool", () => {
  it("draws the report in a worker: a PDF, byte for byte the same on every run", async () => {
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
    const broken = { ...model, facts: null } as unknown as ReportModel;
    const [bad, good] = await Promise.allSettled([p.render(() => broken), p.render(() => model)]);
    expect(bad.status).toBe("rejected");
    expect(String((bad as PromiseRejectedResult).reason)).toMatch(/rendu PDF impossible/);
    expect(good.status).toBe("fulfilled");
  });

  it("a report past the time limit fails and its worker is replaced (the next report gets a fresh one, not a hung one)", async () => {
    const p = pool(1, 2, 1);
    await expect(p.render(() => model)).rejects.toThrow(/rendu PDF interrompu/);
    expect(p.load()).toEqual({ drawing: 0, waiting: 0 });
    await expect(p.render(() => model)).rejects.toThrow(/rendu PDF interrompu/);
  });
});
