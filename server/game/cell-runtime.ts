import {
  applyEntry, checkEntry, ENGINE_VERSION, LogPayload, type CompiledScenario, type Effect, type EngineState, type LogPayloadInput,
} from "../../shared/engine/index.js";
import type { Coded } from "../../shared/i18n/coded.js";
import { nameScrubber } from "../assessment/pseudonyms.js";
import { log } from "../log.js";
import { StorageError } from "../storage/errors.js";
import type { DamageCause } from "../storage/health.js";
import { DuplicateRefError, type CellRow, type SessionRow, type Storage, type StoredEntry } from "../storage/types.js";
import { stateHash } from "./checkpoint.js";
import { foldCell, type Damage, type StaleMeta } from "./fold.js";
import { SerialQueue } from "./queue.js";

/**
 * One crisis cell, live: the compiled scenario, the engine state, and the
 * only path by which anything changes it — `commit`, which validates an
 * entry, appends it to the durable log, and only then folds it into the
 * state. Independent of Colyseus: the room is a network adapter that
 * subscribes to `onApplied`; HTTP handlers (session-wide commands, the
 * overview) use the same runtime.
 *
 * Recovery is the same fold: latest snapshot + the log after it (fold.ts).
 * Idempotency by client message id lasts the whole life of the cell: every
 * ref of the log is loaded at open (and the storage's unique index refuses a
 * second entry with the same ref, whatever happens in memory).
 */

/** A cell that cannot be opened, and why (storage, scenario…): the message says it to the operator. */
export class CellOpenError extends Error {
  constructor(readonly cellId: string, readonly damage: Damage) {
    super(`cellule ${cellId} non ouverte — ${CAUSE[damage.cause]} : ${damage.message}`);
    this.name = "CellOpenError";
  }
}
const CAUSE: Record<DamageCause, string> = { storage: "stockage", scenario: "scénario", log: "journal endommagé", engine: "moteur" };

export type Author = StoredEntry["by"];
export type Outcome = { ok: true; seq: number; effects: Effect[]; duplicate?: boolean } | ({ ok: false } & Coded);
export interface Applied { entry: StoredEntry; effects: Effect[] }

export type { StaleMeta };

export interface RuntimeOptions { snapshotEvery: number; clockMs: number; now?: () => number }

export class CellRuntime {
  readonly queue = new SerialQueue();
  private listeners = new Set<(a: Applied) => void>();
  private refs = new Map<string, number>();
  private clockBase: { wall: number; game: number } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastSnapshot = 0;
  private closed = false;
  /** Set when the engine threw or the log is damaged: the cell refuses input until an operator looks (the process and other cells go on). */
  broken: string | undefined;
  /** Why it is broken: the log (lost entries, a gap) or the engine. */
  brokenCause: DamageCause | undefined;

  private constructor(
    private storage: Storage,
    readonly cell: CellRow,
    readonly session: SessionRow,
    readonly compiled: CompiledScenario,
    readonly state: EngineState,
    readonly meta: StaleMeta,
    private opts: RuntimeOptions,
  ) {}

  private now(): number { return (this.opts.now ?? Date.now)(); }

  /**
   * Load a cell from its snapshot and log tail; a new cell gets its `open` entry (the seed) here.
   * Throws CellOpenError when the scenario does not compile or the storage cannot be read; a damaged
   * log (a gap, lost acknowledged entries) opens the cell broken: shown, but refusing input.
   */
  static async open(storage: Storage, cell: CellRow, session: SessionRow, opts: RuntimeOptions): Promise<CellRuntime> {
    const tail: [StoredEntry, Effect[]][] = [];
    const folded = await foldCell(storage, cell, session, (e, effects) => tail.push([e, effects]));
    if (!folded.ok) throw new CellOpenError(cell.id, folded.damage);
    let refs;
    try { refs = await storage.listRefs(cell.id); } catch (err) { throw new CellOpenError(cell.id, { cause: "storage", message: (err as Error).message }); }
    const rt = new CellRuntime(storage, cell, session, folded.compiled, folded.state, folded.meta, opts);
    rt.lastSnapshot = folded.snapshotSeq;
    for (const r of refs) rt.refs.set(`${r.authorId}:${r.ref}`, r.seq);
    for (const [e, effects] of tail) rt.track(e, effects);
    if (folded.damage) {
      rt.broken = folded.damage.message;
      rt.brokenCause = folded.damage.cause;
      log.error("cell damaged: refusing input", { cell: cell.id, cause: folded.damage.cause, reason: folded.damage.message });
    }
    if (rt.state.seq === 0 && !rt.broken) await rt.queue.run(() => rt.commit({ type: "open", seed: session.seed, engine: ENGINE_VERSION }, { kind: "system", id: "server" }));
    if (rt.state.status === "running" && !rt.broken) rt.startClock();
    return rt;
  }

  onApplied(fn: (a: Applied) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Run `job` alone: checks done inside it see the state every earlier entry produced. */
  exclusive<T>(job: () => Promise<T> | T): Promise<T> { return this.queue.run(job); }

  /**
   * Validate, append, apply, publish. Call only inside `exclusive` (or via
   * `submit`). Refused entries are answered and never written. `ref` makes a
   * resend of the same client message idempotent.
   */
  async commit(input: LogPayloadInput, by: Author, ref?: string): Promise<Outcome> {
    if (this.closed) return { ok: false, code: "internal", params: { detail: "closed" } };
    const dup = ref !== undefined ? this.duplicate(by.id, ref) : undefined;
    if (dup) return dup; // a resend of a logged message is answered even by a broken cell: it was logged
    if (this.broken) {
      return this.brokenCause === "log"
        ? { ok: false, code: "cell_damaged" }
        : { ok: false, code: "internal", params: { detail: "stopped" } };
    }
    const parsed = LogPayload.safeParse(input);
    if (!parsed.success) return { ok: false, code: "bad_message", params: { detail: "invalid", path: parsed.error.issues[0]?.path.join(".") ?? "" } };
    const payload = parsed.data;
    const rejection = checkEntry(this.compiled, this.state, payload);
    if (rejection) return { ok: false, ...rejection };
    const entry: StoredEntry = { seq: this.state.seq + 1, wall: this.now(), by, payload, ...(ref !== undefined ? { ref } : {}) };
    try {
      await this.storage.appendEntry(this.cell.id, entry); // durable before it takes effect
    } catch (err) {
      if (err instanceof DuplicateRefError) { // logged already, by a path that did not know (the index is the last word)
        this.refs.set(`${by.id}:${ref}`, err.seq);
        return { ok: true, seq: err.seq, effects: [], duplicate: true };
      }
      if (err instanceof StorageError) {
        log.error("log append failed: storage", { cell: this.cell.id, seq: entry.seq, kind: err.kind, code: err.code, err: err.message });
        return { ok: false, code: "storage_failed", params: { detail: err.kind } };
      }
      throw err;
    }
    const appended = this.now();
    timings.append.push(appended - entry.wall);
    const before = { status: this.state.status, speed: this.state.speed };
    let effects: Effect[];
    try {
      effects = applyEntry(this.compiled, this.state, payload);
    } catch (err) {
      this.broken = `entrée ${entry.seq} : ${(err as Error).message}`;
      this.brokenCause = "engine";
      this.stopClock();
      log.error("engine failed", { cell: this.cell.id, seq: entry.seq, err });
      return { ok: false, code: "internal", params: { detail: "engine" } };
    }
    this.track(entry, effects);
    await this.afterApply(before, payload.type === "goto");
    for (const fn of this.listeners) {
      try { fn({ entry, effects }); } catch (err) { log.error("listener failed", { cell: this.cell.id, err }); }
    }
    timings.publish.push(this.now() - appended);
    return { ok: true, seq: entry.seq, effects };
  }

  private redactor: { players: number; scrub: (text: string) => string } | undefined;
  /** `text` with this cell's player names replaced by their ids, for log lines (a refusal may say who holds a role): logs carry ids, never names. */
  redact(text: string): string {
    const players = Object.values(this.state.players);
    if (this.redactor?.players !== players.length) {
      this.redactor = { players: players.length, scrub: nameScrubber(players.map((p) => ({ name: p.name, alias: p.id }))) };
    }
    return this.redactor.scrub(text);
  }

  /** The ack of a client message already logged (a resend after a reconnection), if any. */
  duplicate(authorId: string, ref: string): Outcome | undefined {
    const seq = this.refs.get(`${authorId}:${ref}`);
    return seq === undefined ? undefined : { ok: true, seq, effects: [], duplicate: true };
  }

  /** `commit` in the queue: for callers with nothing to check against the state first. */
  submit(input: LogPayloadInput, by: Author, ref?: string): Promise<Outcome> {
    return this.exclusive(() => this.commit(input, by, ref));
  }

  /** Append a clock entry up to the present, so a pause, a speed change or an end lands at the exact game time. */
  async catchUpClock(by: Author = { kind: "system", id: "clock" }): Promise<void> {
    const to = this.gameNow();
    if (this.state.status === "running" && to > this.state.time) await this.commit({ type: "clock", to }, by);
  }

  /** Game seconds now: speed is game minutes per real minute, so game seconds = real seconds × speed. */
  gameNow(): number {
    if (!this.clockBase || this.state.status !== "running") return this.state.time;
    return Math.max(this.state.time, Math.floor(this.clockBase.game + ((this.now() - this.clockBase.wall) / 1000) * this.state.speed));
  }

  private track(entry: StoredEntry, effects: Effect[]): void {
    const seq = entry.seq;
    for (const e of effects) {
      if (e.type === "delivery") this.meta.changed[e.delivery.id] = seq;
      else if (e.type === "action" || e.type === "approval") {
        this.meta.changed[e.action.id] = seq;
        if (e.action.action === "task_update" && typeof e.action.params.task === "string") this.meta.changed[e.action.params.task] = seq;
      } else if (e.type === "status" && (e.status === "paused" || e.status === "ended")) this.meta.statusSeq = seq;
    }
    this.rememberRef(entry);
  }

  private rememberRef(entry: StoredEntry): void {
    if (entry.ref !== undefined) this.refs.set(`${entry.by.id}:${entry.ref}`, entry.seq);
  }

  private async afterApply(before: { status: string; speed: number }, jumped: boolean): Promise<void> {
    const s = this.state;
    if (s.status !== before.status) {
      if (s.status === "running") this.startClock(); else this.stopClock();
      try {
        await this.storage.setCellStatus(this.cell.id, s.status);
        if (s.status === "ended") {
          const cells = await this.storage.listCells(this.session.id);
          if (cells.every((c) => c.status === "ended")) await this.storage.setSessionStatus(this.session.id, "ended", this.now());
        }
      } catch (err) { log.error("status not saved", { cell: this.cell.id, err }); }
    } else if ((s.speed !== before.speed || jumped) && this.clockBase) {
      this.clockBase = { wall: this.now(), game: s.time };
    }
    if (s.seq - this.lastSnapshot >= this.opts.snapshotEvery) await this.snapshot();
  }

  /** The latest snapshot (for recovery) and a checkpoint hash of the state (all kept, for `replay verify`). */
  async snapshot(): Promise<void> {
    const seq = this.state.seq;
    try {
      const wall = this.now();
      await this.storage.putSnapshot({ cellId: this.cell.id, seq, wall, json: JSON.stringify({ state: this.state, meta: this.meta }) });
      await this.storage.putCheckpoint({ cellId: this.cell.id, seq, hash: stateHash(this.state), wall });
      this.lastSnapshot = seq;
    } catch (err) { log.error("snapshot failed", { cell: this.cell.id, seq, err }); }
  }

  /**
   * Each cell ticks on its own timer, at a random phase within the cadence:
   * cells started together (one command for the whole session) do not all
   * commit and publish in the same millisecond. Game time comes from the wall
   * clock, so the phase changes nothing in the game.
   */
  private startClock(): void {
    this.clockBase = { wall: this.now(), game: this.state.time };
    if (this.timer) return;
    const ms = this.opts.clockMs;
    this.timer = setTimeout(() => {
      if (!this.timer) return;
      this.tick();
      this.timer = setInterval(() => this.tick(), ms);
      this.timer.unref();
    }, Math.floor(Math.random() * ms));
    this.timer.unref();
  }

  private stopClock(): void {
    if (this.timer) { clearTimeout(this.timer); clearInterval(this.timer); }
    this.timer = undefined;
    this.clockBase = undefined;
  }

  private tick(): void {
    if (this.queue.size > 0 || this.state.status !== "running") return; // a busy cell catches up at the next tick
    this.exclusive(() => this.catchUpClock()).catch((err) => log.error("clock tick failed", { cell: this.cell.id, err }));
  }

  /** Stop the clock and refuse new input; waits for the jobs already queued. */
  async close(): Promise<void> {
    this.stopClock();
    await this.queue.idle();
    if (this.closed) return;
    if (this.state.seq > this.lastSnapshot && !this.broken) await this.snapshot(); // a quicker restart
    this.closed = true;
    this.listeners.clear();
  }
}


/** Recent durations (ms) of the two halves of a commit, for /healthz: waiting for the durable append, then apply + publish. */
class Samples {
  private xs: number[] = [];
  push(x: number) { if (this.xs.length < 20_000) this.xs.push(x); }
  /** p50, p99 and max since the last call, then forget. */
  take(): { n: number; p50: number; p99: number; max: number } {
    const xs = this.xs.sort((a, b) => a - b);
    this.xs = [];
    const at = (q: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] : 0);
    return { n: xs.length, p50: at(0.5), p99: at(0.99), max: xs.length ? xs[xs.length - 1] : 0 };
  }
}
export const timings = { append: new Samples(), publish: new Samples() };
