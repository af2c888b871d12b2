import { loadCellById } from "../../server/assessment/cell-data.js";
import { sessionNames } from "../../server/assessment/pseudonyms.js";
import { buildReport } from "../../server/report/model.js";
import { renderReportPdf } from "../../server/report/pdf.js";
import { MemoryStorage } from "../../server/storage/memory.js";
import { recordSession } from "../server/recorded.js";
import type { Figure } from "./figures.js";

/**
 * RETEX report of a full cell of the ransomware scenario played by bots
 * (shared/sim, policy "expected", committed through the real cell runtime):
 * the model (fold, scores, chronology), then model + PDF (fonts embedded),
 * medians of 7 runs after a warm-up.
 */
export async function reportBench(): Promise<Figure[]> {
  const storage = new MemoryStorage();
  const rec = await recordSession(storage, { snapshotEvery: 200 });
  const d = await loadCellById({ storage, cells: new Map() }, rec.cells[0].id);
  const names = await sessionNames(storage, rec.session.id, true);
  const median = async (runs: number, fn: () => Promise<unknown> | unknown) => {
    await fn();
    const xs: number[] = [];
    for (let i = 0; i < runs; i++) { const t0 = performance.now(); await fn(); xs.push(performance.now() - t0); }
    xs.sort((a, b) => a - b);
    return Math.round(xs[Math.floor(runs / 2)] * 10) / 10;
  };
  let size = 0;
  return [
    { name: "report.model.ms", value: await median(7, () => buildReport(d, names, "fr", 0)), unit: "ms" },
    { name: "report.pdf.ms", value: await median(7, async () => { size = (await renderReportPdf(buildReport(d, names, "fr", 0))).length; }), unit: "ms" },
    { name: "report.pdf.size", value: Math.round(size / 1024), unit: "KiB" },
    { name: "report.entries", value: d.log.length, unit: "entries" },
  ];
}
