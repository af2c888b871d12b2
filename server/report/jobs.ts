import type { PortfolioJob } from "./portfolio-job.js";
import { renderJob, type ReportJob } from "./report-job.js";
import { renderRosterSheet, type RosterSheetJob } from "./roster-sheet.js";

/**
 * Every document the PDF workers draw (pdf-pool.ts): a cell's RETEX report
 * (report-job.ts, the default: its jobs carry no `kind`), a student's
 * portfolio (portfolio-job.ts) and a class's roster sheet (roster-sheet.ts).
 * A job is plain data, posted to a worker as it is.
 */
export type PdfJob = (ReportJob & { kind?: undefined }) | PortfolioJob | RosterSheetJob;

/** In the worker: the PDF of any job. */
export async function renderAny(job: PdfJob): Promise<Buffer> {
  if (job.kind === "roster") return renderRosterSheet(job);
  if (job.kind === "portfolio") return (await import("./portfolio-job.js")).renderPortfolioJob(job);
  return renderJob(job);
}
