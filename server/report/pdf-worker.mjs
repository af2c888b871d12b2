// Plain JavaScript on purpose, like storage/sqlite-writer.mjs: a renderer process starts without the
// server's TypeScript loader (it is forked with no execArgv), so this file must load as it is, then
// registers tsx to load jobs.ts.
/**
 * One renderer process of the pool in pdf-pool.ts: it receives document jobs
 * (jobs.ts: the rows a RETEX report, a portfolio or a roster sheet needs), builds each one — log fold,
 * scores, model, pdfkit drawing — and sends the PDF bytes back: the event
 * loop that serves the rooms does none of it.
 */
import { setPriority } from "node:os";

// Drawing a document is background work: a low priority (nice 10 unless PDF_NICE says otherwise) for the whole
// process (the pool sets it too), so on a small machine the event loop serving the rooms gets the CPU first,
// garbage collection included.
try { setPriority(Number(process.env.SANGFROID_PDF_NICE ?? 10)); } catch { /* not permitted here: same priority as the rooms */ }
// The server gone (even by kill -9), its renderers go too.
process.on("disconnect", () => process.exit(0));

async function loadRenderer() {
  const { register } = await import("tsx/esm/api");
  register();
  return import("./jobs.ts");
}

const { renderAny } = await loadRenderer();

process.on("message", async ({ id, job }) => {
  const cpu0 = process.cpuUsage(); // the whole renderer's: what the pool's duty cycle paces
  try {
    const pdf = await renderAny(job);
    const cpu = process.cpuUsage(cpu0);
    process.send({ id, pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength), cpuMs: (cpu.user + cpu.system) / 1000 });
  } catch (err) {
    process.send({ id, error: String(err?.stack ?? err) });
  }
});
process.send({ ready: true });
