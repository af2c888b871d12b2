import type { Response } from "express";
import { PdfBusyError, PdfLostError, type PdfPool } from "../report/pdf-pool.js";
import type { PdfJob } from "../report/jobs.js";
import { HttpError, retryLater } from "./util.js";

/**
 * A PDF from the report workers (report/pdf-pool.ts), sent as an attachment
 * named `filename`; 503 `busy` with Retry-After when too many documents are
 * already being drawn or waiting, 503 `renderer_lost` when its renderer died
 * (the next ask gets a fresh one). With a `key` (PdfPool.render), a document
 * already drawn from the same rows is sent as it is.
 */
export async function sendPdf(res: Response, pdfs: PdfPool, prepare: () => PdfJob | Promise<PdfJob>, filename: string, key?: string): Promise<void> {
  let pdf: Buffer;
  try {
    pdf = await pdfs.render(prepare, key);
  } catch (err) {
    if (err instanceof PdfLostError) throw new HttpError(503, "renderer_lost");
    if (!(err instanceof PdfBusyError)) throw err;
    throw retryLater(503, "busy", err.retryAfterS);
  }
  res.setHeader("Content-Type", "application/pdf");
  res.setHeader("Content-Disposition", `attachment; filename="${filename}"`);
  res.end(pdf);
}

/** A file name made of a label (a class, a cell, a student): letters, digits, . _ - only. */
export const safeFileName = (s: string) => s.normalize("NFKD").replace(/\p{M}/gu, "").replace(/[^\w.-]+/g, "_").slice(0, 80);
