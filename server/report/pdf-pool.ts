import { fork, type ChildProcess } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { setPriority } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { log } from "../log.js";
import type { PdfJob } from "./jobs.js";
import { PdfCache } from "./pdf-cache.js";

/**
 * RETEX PDFs (and portfolios, roster sheets: jobs.ts) built in renderer
 * processes (pdf-worker.mjs), never on the event loop that serves the rooms:
 * folding and scoring a cell's log and drawing it with pdfkit take hundreds
 * of milliseconds per report, and four exports at once used to stall every
 * cell's updates for seconds. A process rather than a worker thread, at a
 * low CPU priority as a whole: in the kernel's idle class where it can
 * (`sched: "idle"`, Linux SCHED_IDLE through util-linux `chrt`, every thread of
 * it from its first instruction), else at nice 10. A niced renderer is only
 * weighed less: on a busy core a room's thread that wakes may wait out the
 * renderer's time slice (milliseconds, on every hop of a message: client →
 * room → log writer → room → clients), and four staff exporting non-stop tripled
 * the rooms' p99. An idle-class task is preempted the moment a normal one
 * wakes, and gets the CPU the rooms leave (tests/bench/retex.ts); a machine
 * kept 100 % busy by the rooms alone draws PDFs very slowly — the price, said
 * in docs/deploy.md. A thread can be niced, but its
 * V8 garbage collector runs on helper threads shared with the rooms at
 * normal priority, and a renderer's heap grows in the server's memory; a
 * process leaves the kernel free to serve the rooms first. The main thread
 * only reads the report's rows (report-job.ts), and only when a renderer is
 * free for it. At most `workers` reports are in hand at once; up to
 * `maxQueue` more wait their turn; beyond that `render` throws PdfBusyError
 * (the route answers 503 with Retry-After). A worker that crashes or hangs
 * is replaced; only its own report fails.
 *
 * Below a `duty` of 1 a renderer also rests between documents drawn back to
 * back, in proportion to the CPU time (every thread of it) the last one cost:
 * over a queue of exports it uses at most that share of a core. The idle class
 * keeps a renderer from holding a core a room's thread wants, but not from
 * disturbing it at all (see RENDERER_FLAGS), and the disturbance grows with
 * the time the renderer runs. An export after a pause is drawn at once.
 */

export class PdfBusyError extends Error {
  constructor(readonly retryAfterS: number) { super("pdf renderers busy"); }
}

/** The renderer drawing this document died or hung (killed, out of memory, past the time limit): trying again gets a fresh one. */
export class PdfLostError extends Error {
  constructor(readonly why: string) { super(`rendu PDF interrompu (${why})`); }
}

export interface PdfPoolOptions {
  /** Threads drawing at once (PDF_WORKERS). */
  workers: number;
  /** Reports waiting beyond those being drawn (PDF_QUEUE). */
  maxQueue: number;
  /** A document taking longer than this (default 3 min: at low priority on a busy machine a renderer is slow, not hung) fails and its renderer is replaced. */
  timeoutMs?: number;
  /** The renderers' CPU priority, 0–19 (PDF_NICE, default 10): drawing is background work, the rooms' event loop comes first. */
  nice?: number;
  /** `idle` (PDF_SCHED's default): the renderers in the kernel's idle scheduling class where `chrt` is there to set it (Linux), else niced only (the pool's default). */
  sched?: "idle" | "nice";
  /** Bytes of documents kept for a second ask of the same rows (PDF_CACHE_MB, default 32 MB; 0: none kept). */
  cacheBytes?: number;
  /**
   * The share of a core a renderer may use over documents drawn back to back (PDF_DUTY, 0–1; the pool's default 1: no rest).
   * After a document that cost it C ms of CPU, a renderer rests C × (1 − duty) / duty ms before taking the next one: an
   * export after a pause is drawn at once; a queue of them is paced (see the class's comment).
   */
  duty?: number;
}

/**
 * V8 in a renderer on one thread: no helper threads for garbage collection or compiling. A
 * renderer's GC helpers wake and sleep hundreds of times a second; on Linux's EEVDF scheduler
 * (6.6 and later) a task that wakes gets back the CPU time it was owed, even in the idle
 * class, so each of them could run a few milliseconds ahead of a room's thread that woke on the
 * same core. One thread that runs from a document's start to its end is preempted as the idle
 * class promises (docs/deploy.md, "PDF exports": a wake-up probe's p99 3.4–4.1 ms beside a
 * multi-threaded renderer, 0.65–1.7 ms beside this one, 0.5–1.0 ms alone), for about a fifth
 * fewer documents a second.
 */
const RENDERER_FLAGS = ["--single-threaded", "--v8-pool-size=0"];

type Prepare = () => PdfJob | Promise<PdfJob>;
interface Job { id: number; prepare: Prepare; resolve: (b: Buffer) => void; reject: (e: Error) => void }
interface Slot { worker: ChildProcess; ready: Promise<void>; job?: Job; timer?: NodeJS.Timeout; restUntil?: number }

export class PdfPool {
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  /** Mean drawing time, for Retry-After (ms). */
  private meanMs = 1000;

  /** Documents drawn, by key (pdf-cache.ts). */
  private cache: PdfCache;

  /** Wakes the pump when the first resting renderer may work again (`duty`). */
  private restTimer: NodeJS.Timeout | undefined;

  /** The idle-class launcher while it works (a renderer it started that died before being ready turns it off: niced renderers then). */
  private launcher: string | undefined;

  constructor(private opts: PdfPoolOptions) {
    this.cache = new PdfCache(opts.cacheBytes);
    this.launcher = opts.sched === "idle" ? idleLauncher() : undefined;
  }

  /**
   * The document as PDF bytes, built in a renderer: `prepare` reads its rows when
   * a renderer is free (its errors reject the render as they are); PdfBusyError
   * when too many are already waiting. With a `key` that names everything the
   * document is drawn from (report-job.ts `reportKey`), one already drawn or
   * being drawn under that key is served as it is.
   */
  render(prepare: Prepare, key?: string): Promise<Buffer> {
    return key === undefined ? this.draw(prepare) : this.cache.get(key, () => this.draw(prepare));
  }

  private draw(prepare: Prepare): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error("pdf pool closed"));
    const busy = this.slots.filter((s) => s.job).length;
    if (busy >= this.opts.workers && this.queue.length >= this.opts.maxQueue) {
      const ahead = this.queue.length + busy;
      throw new PdfBusyError(Math.max(1, Math.ceil((ahead / this.opts.workers) * this.meanMs / 1000)));
    }
    return new Promise<Buffer>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, prepare, resolve, reject });
      this.pump();
    });
  }

  /** Process ids of the renderers (diagnostics: `ps`, and the crash tests). */
  renderers(): number[] {
    return this.slots.flatMap((s) => (s.worker.pid === undefined ? [] : [s.worker.pid]));
  }

  /** Reports being drawn and waiting, and renderers resting (`duty`). */
  load(): { drawing: number; waiting: number; resting: number } {
    const now = performance.now();
    return { drawing: this.slots.filter((s) => s.job).length, waiting: this.queue.length, resting: this.slots.filter((s) => resting(s, now)).length };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.restTimer);
    for (const j of this.queue.splice(0)) j.reject(new Error("pdf pool closed"));
    await Promise.all(this.slots.splice(0).map((s) => { s.job?.reject(new Error("pdf pool closed")); return stop(s.worker); }));
  }

  private pump() {
    const now = performance.now();
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.job && !resting(s, now));
      if (!slot && this.slots.length < this.opts.workers) slot = this.spawn();
      if (!slot) break;
      this.run(slot, this.queue.shift()!);
    }
    // Documents wait while renderers rest: the pump runs again when the first of them may work.
    clearTimeout(this.restTimer);
    this.restTimer = undefined;
    const until = this.slots.filter((s) => resting(s, now)).map((s) => s.restUntil!);
    if (this.queue.length > 0 && until.length > 0) this.restTimer = setTimeout(() => this.pump(), Math.min(...until) - now + 1);
  }

  private spawn(): Slot {
    // No loader in execArgv (only V8 flags): the renderer registers its own TypeScript loader (pdf-worker.mjs); "advanced": jobs and PDFs cross as structured clones.
    const nice = this.opts.nice ?? 10;
    // In the idle class: `chrt --idle 0 node pdf-worker.mjs`, so the class is set before node starts any thread (they inherit it);
    // the IPC channel crosses chrt's exec as the inherited descriptor fork() set up.
    const chrt = this.launcher;
    const worker = fork(fileURLToPath(new URL("./pdf-worker.mjs", import.meta.url)), [], {
      ...(chrt ? { execPath: chrt, execArgv: ["--idle", "0", process.execPath, ...RENDERER_FLAGS] } : { execArgv: RENDERER_FLAGS }),
      serialization: "advanced", stdio: ["ignore", "inherit", "inherit", "ipc"],
      env: { ...process.env, SANGFROID_PDF_NICE: String(nice) },
    });
    try { if (worker.pid !== undefined) setPriority(worker.pid, nice); } catch { /* not permitted: it lowers itself (pdf-worker.mjs) */ }
    idle(worker); // an idle renderer never keeps the server alive
    let ready!: () => void;
    let started = false;
    const slot: Slot = { worker, ready: new Promise<void>((r) => { ready = r; }) };
    worker.on("message", (m: { ready?: true; id?: number; pdf?: Uint8Array; error?: string; cpuMs?: number }) => {
      if (m.ready) { started = true; ready(); return; }
      const job = slot.job;
      if (!job || job.id !== m.id) return;
      const duty = this.opts.duty ?? 1;
      if (duty < 1 && typeof m.cpuMs === "number" && m.cpuMs > 0) slot.restUntil = performance.now() + Math.min(m.cpuMs * (1 - duty) / duty, 60_000);
      this.finish(slot);
      if (m.error !== undefined) job.reject(new Error(`rendu PDF impossible : ${m.error.split("\n")[0]}`));
      else job.resolve(Buffer.from(m.pdf!.buffer, m.pdf!.byteOffset, m.pdf!.byteLength));
    });
    const lost = (why: string) => {
      if (!this.slots.includes(slot)) return;
      this.slots = this.slots.filter((s) => s !== slot);
      if (chrt && !started && this.launcher) {
        // chrt refused (a kernel without the idle class, a sandbox): the next renderers are niced only, and start.
        log.warn("pdf renderer: idle scheduling class unavailable, nice only", { why });
        this.launcher = undefined;
      }
      clearTimeout(slot.timer);
      if (slot.job) { log.error("pdf worker lost", { why }); slot.job.reject(new PdfLostError(why)); slot.job = undefined; }
      ready();
      if (!this.closed) this.pump();
    };
    worker.on("error", (err) => lost(err.message));
    worker.on("exit", (code, signal) => lost(signal ? `signal ${signal}` : `exit ${code}`));
    this.slots.push(slot);
    return slot;
  }

  private run(slot: Slot, job: Job) {
    slot.job = job;
    busy(slot.worker);
    const started = performance.now();
    const done = job.resolve;
    job.resolve = (b) => { this.meanMs = 0.7 * this.meanMs + 0.3 * (performance.now() - started); done(b); };
    void (async () => {
      let payload: PdfJob;
      try {
        await new Promise<void>((r) => setImmediate(r)); // its own turn of the event loop: rooms' messages first
        payload = await job.prepare();
      } catch (err) {
        if (slot.job === job) this.finish(slot);
        job.reject(err as Error);
        return;
      }
      await slot.ready;
      if (slot.job !== job) return; // the worker was lost meanwhile: the job was rejected
      const timeoutMs = this.opts.timeoutMs ?? 180_000;
      slot.timer = setTimeout(() => { log.error("pdf worker timed out", { ms: timeoutMs }); void stop(slot.worker); }, timeoutMs);
      slot.worker.send({ id: job.id, job: payload }, (err) => { if (err) void stop(slot.worker); }); // a renderer that cannot take it is replaced
    })();
  }

  private finish(slot: Slot) {
    clearTimeout(slot.timer);
    slot.job = undefined;
    idle(slot.worker);
    this.pump();
  }
}

/** util-linux `chrt` on `path` (Linux only), which starts a program in the idle scheduling class; undefined where there is none. */
export function idleLauncher(path = process.env.PATH ?? "/usr/bin:/bin"): string | undefined {
  if (process.platform !== "linux") return undefined;
  for (const dir of path.split(delimiter)) {
    try { accessSync(join(dir, "chrt"), constants.X_OK); return join(dir, "chrt"); } catch { /* not here */ }
  }
  return undefined;
}

/** A renderer with no document in hand that must rest before the next (`duty`). */
const resting = (s: Slot, now: number) => !s.job && (s.restUntil ?? 0) > now;

/** A renderer with no document in hand keeps neither the server's process nor its IPC channel alive; one drawing does. */
function idle(p: ChildProcess) { p.unref(); (p.channel as { unref?: () => void } | undefined)?.unref?.(); }
function busy(p: ChildProcess) { p.ref(); (p.channel as { ref?: () => void } | undefined)?.ref?.(); }

/** Ends a renderer at once (a hung one would not answer a polite signal); resolves when it is gone. */
function stop(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((r) => { p.once("exit", () => r()); p.kill("SIGKILL"); });
}
