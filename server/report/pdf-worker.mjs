// Plain JavaScript on purpose, like storage/sqlite-writer.mjs: a worker thread starts without the
// main thread's TypeScript loader, so this file must load as it is, then registers tsx to load report-job.ts.
/**
 * One report thread of the pool in pdf-pool.ts: it receives document jobs
 * (jobs.ts: the rows a RETEX report, a portfolio or a roster sheet needs), builds each one — log fold,
 * scores, model, pdfkit drawing — and sends the PDF bytes back: the event
 * loop that serves the rooms does none of it.
 */
import { setPriority } from "node:os";
import { parentPort } from "node:worker_threads";

// Drawing a report is background work: on Linux this lowers this thread only (not the process),
// so on a small machine the event loop serving the rooms gets the CPU first.
try { setPriority(10); } catch { /* not permitted here: same priority as the rooms */ }

async function loadRenderer() {
  // The main thread's TypeScript loader does not reach this thread (neither tsx's register() of
  // `npm start` nor, on Node 20, `node --import tsx`): register it here, before the first import.
  const { register } = await import("tsx/esm/api");
  register();
  return import("./jobs.ts");
}

const { renderAny } = await loadRenderer();

parentPort.on("message", async ({ id, job }) => {
  try {
    const pdf = await renderAny(job);
    const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    parentPort.postMessage({ id, pdf: bytes }, pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength ? [pdf.buffer] : []);
  } catch (err) {
    parentPort.postMessage({ id, error: String(err?.stack ?? err) });
  }
});
parentPort.postMessage({ ready: true });
