import type { Response } from "express";
import { PdfBusyError, type PdfPool } from "../report/pdf-pool.js";
import type { PdfJob } from "../report/jobs.js";
import { HttpError } from "./util.js";

/**
 * A PDF from the report workers (report/pdf-pool.ts), sent as an attachment
 * named `filename`; 503 `busy` with Retry-After when too many documents are
 * already being drawn or waiting.
 */
export async function sendPdf(res: Response, pdfs: PdfPool, prepare: () => PdfJob | Promise<PdfJob>, filename: string): Promise<void> {
  let pdf: Buffer;
  try {
    pdf = await pdfs.render(prepare);
  } catch (err) {
    if (!(err instanceof PdfBusyError)) throw err;
    res.setHeader("Retry-After", String(err.retryAfterS));
    throw new HttpError(503, "busy", { count: err.retryAfterS }, { retryAfter: err.retryAfterS });
  }
  res.setHeader("Content-Type", "application/pdf");
  res.setHeader("Content-Disposition", `attachment; filename="${filename}"`);
  res.end(pdf);
}

/** A file name made of a label (a class, a cell, a student): letters, digits, . _ - only. */
export const safeFileName = (s: string) => s.normalize("NFKD").replace(/\p{M}/gu, "").replace(/[^\w.-]+/g, "_").slice(0, 80);
