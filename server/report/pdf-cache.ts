/**
 * Documents already drawn, by a key that names everything they are drawn
 * from (report-job.ts `reportKey`): a document is a pure function of its
 * rows — a RETEX report is a fold over the cell's log — so the same key
 * gives the same bytes, and four staff exporting the same report cost one
 * drawing, not four. Asking for a key being drawn waits for that drawing
 * (one render, every asker served); a failed drawing is not kept, the next
 * ask tries again. The least recently used documents go first beyond
 * `maxBytes` (or `maxEntries`).
 */
export class PdfCache {
  private done = new Map<string, Buffer>();
  private drawing = new Map<string, Promise<Buffer>>();
  private bytes = 0;

  constructor(private maxBytes = 32 * 1024 * 1024, private maxEntries = 64) {}

  /** The document of `key`: kept, being drawn, or drawn now by `make` (whose errors reach every asker of this drawing). */
  get(key: string, make: () => Promise<Buffer>): Promise<Buffer> {
    const kept = this.done.get(key);
    if (kept) {
      this.done.delete(key); // most recently used last
      this.done.set(key, kept);
      return Promise.resolve(kept);
    }
    const inFlight = this.drawing.get(key);
    if (inFlight) return inFlight;
    const p = make().then((pdf) => { this.keep(key, pdf); return pdf; }).finally(() => this.drawing.delete(key));
    this.drawing.set(key, p);
    return p;
  }

  /** Documents kept and bytes they hold. */
  size(): { entries: number; bytes: number } { return { entries: this.done.size, bytes: this.bytes }; }

  private keep(key: string, pdf: Buffer) {
    if (pdf.length > this.maxBytes) return;
    this.done.set(key, pdf);
    this.bytes += pdf.length;
    for (const [k, b] of this.done) {
      if (this.bytes <= this.maxBytes && this.done.size <= this.maxEntries) break;
      this.done.delete(k);
      this.bytes -= b.length;
    }
  }
}
