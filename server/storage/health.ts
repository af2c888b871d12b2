import { statfsSync } from "node:fs";
import { dirname } from "node:path";
import type { StorageError, StorageFailure } from "./errors.js";
import type { IntegrityReport } from "./types.js";

/**
 * What the server knows about the health of its storage, for /healthz and
 * the logs: `ok`, `degraded` (the storage works but something is wrong
 * somewhere: a cell whose log cannot be read or has lost entries, the acked
 * record unwritable, the disk almost full) or `failed` (writes or reads fail right
 * now, the disk is full, or the start-up integrity check found the file
 * damaged). Every reason names what it is about, in French.
 *
 * Fed by the monitoring wrapper (monitor.ts: every storage call), by cell
 * runtimes and folds (damaged cells) and by the start-up check (integrity.ts).
 */

export type HealthState = "ok" | "degraded" | "failed";
export type DamageCause = "storage" | "scenario" | "log" | "engine";

export interface HealthReason { code: string; message: string; since: number; cell?: string; cause?: DamageCause }
export interface HealthReport {
  state: HealthState;
  reasons: HealthReason[];
  lastWriteOk?: number;
  lastError?: { at: number; op: string; kind: StorageFailure; code: string; message: string; cell?: string };
  integrity?: IntegrityReport;
  disk?: { freeBytes: number; totalBytes: number };
  /** Every cell that cannot be opened or folded, whatever the cause (a scenario that does not compile is listed, but does not degrade storage). */
  damagedCells: HealthReason[];
}

/** Below this share of free space on the database's disk, storage is reported degraded. */
const LOW_DISK = 0.05;

export class StorageHealth {
  private writeFailing: HealthReason | undefined;
  private readFailing: HealthReason | undefined;
  private lastWriteOk: number | undefined;
  private lastError: HealthReport["lastError"];
  private integrity: IntegrityReport | undefined;
  private cells = new Map<string, HealthReason>();
  private notes = new Map<string, HealthReason>();

  /** `dbFile`: the SQLite file, whose disk's free space is reported (none for PostgreSQL or memory). */
  constructor(public dbFile?: string) {}

  writeFailed(err: StorageError): void {
    this.remember(err);
    this.writeFailing ??= { code: err.kind === "full" ? "disk_full" : "write_failed", message: `écriture impossible : ${err.message}`, since: Date.now() };
  }
  writeSucceeded(): void { this.writeFailing = undefined; this.lastWriteOk = Date.now(); }

  /** A read failed: the cell's damage when it concerns one cell, else the whole storage fails. */
  readFailed(err: StorageError, cell?: string): void {
    this.remember(err);
    if (cell) this.cellDamaged(cell, "storage", `lecture impossible : ${err.message}`);
    else this.readFailing ??= { code: "read_failed", message: `lecture impossible : ${err.message}`, since: Date.now() };
  }
  readSucceeded(): void { this.readFailing = undefined; }

  /** Writes fail right now (a probe write at /healthz finds out when they work again). */
  get failingWrites(): boolean { return this.writeFailing !== undefined; }

  integrityChecked(r: IntegrityReport): void { this.integrity = r; }

  cellDamaged(cell: string, cause: DamageCause, message: string): void {
    const prev = this.cells.get(cell);
    this.cells.set(cell, { code: "cell_damaged", cell, cause, message, since: prev?.since ?? Date.now() });
  }
  /** The cell opened and folded cleanly again (or was erased). */
  cellRepaired(cell: string): void { this.cells.delete(cell); }
  damageOf(cell: string): HealthReason | undefined { return this.cells.get(cell); }

  /** A standing problem that degrades storage (`undefined` message: solved). */
  note(code: string, message: string | undefined): void {
    if (message === undefined) this.notes.delete(code);
    else this.notes.set(code, { code, message, since: this.notes.get(code)?.since ?? Date.now() });
  }

  report(): HealthReport {
    const failed: HealthReason[] = [];
    if (this.writeFailing) failed.push(this.writeFailing);
    if (this.readFailing) failed.push(this.readFailing);
    if (this.integrity && !this.integrity.ok) {
      failed.push({ code: "integrity", message: `vérification d'intégrité en échec : ${this.integrity.problems.slice(0, 5).join(" ; ")}`, since: this.integrity.checkedAt });
    }
    const damagedCells = [...this.cells.values()];
    const degraded = [...damagedCells.filter((c) => c.cause === "storage" || c.cause === "log"), ...this.notes.values()];
    const disk = this.disk();
    if (disk && disk.totalBytes > 0 && disk.freeBytes / disk.totalBytes < LOW_DISK) {
      degraded.push({ code: "disk_low", message: `disque presque plein : ${Math.round(disk.freeBytes / 1048576)} Mo libres sur ${Math.round(disk.totalBytes / 1048576)} Mo`, since: Date.now() });
    }
    return {
      state: failed.length ? "failed" : degraded.length ? "degraded" : "ok",
      reasons: [...failed, ...degraded],
      ...(this.lastWriteOk !== undefined ? { lastWriteOk: this.lastWriteOk } : {}),
      ...(this.lastError ? { lastError: this.lastError } : {}),
      ...(this.integrity ? { integrity: this.integrity } : {}),
      ...(disk ? { disk } : {}),
      damagedCells,
    };
  }

  private disk(): HealthReport["disk"] {
    if (!this.dbFile || this.dbFile === ":memory:") return undefined;
    try {
      const s = statfsSync(dirname(this.dbFile));
      return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
    } catch { return undefined; }
  }

  private remember(err: StorageError): void {
    this.lastError = { at: Date.now(), op: err.op, kind: err.kind, code: err.code, message: err.message, ...(err.cell ? { cell: err.cell } : {}) };
  }
}
