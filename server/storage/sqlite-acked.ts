import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * The record of acknowledged seqs, kept OUTSIDE the SQLite database so that
 * it survives what can silently shorten a log: a damaged or lost `-wal` file
 * (SQLite drops every frame after the first bad checksum, and with them
 * committed — acknowledged — transactions), an older copy of the file put
 * back. Written by the log writer thread (`sqlite-writer.mjs`): at most
 * ACKED_FLUSH_MS after a commit, `{ format, pid, cells: { cellId: seq } }`
 * goes to `<db>.acked-<pid>-<instance>.tmp`, is fsynced and renamed over
 * `<db>.acked-<pid>-<instance>` (atomic: a crash leaves the old or the new
 * record, never half of one). One file per open storage, so that several
 * processes on one file (ALLOW_SQLITE_CLUSTER) never overwrite each other;
 * readers take, per cell, the highest seq of all files.
 *
 * Guarantee: a loss of acknowledged entries is detected unless it happens
 * within ACKED_FLUSH_MS of their commit, or the record files are lost too.
 */

export const ACKED_FLUSH_MS = 250;
const FORMAT = "sangfroid-acked/1";

/** Instance ids of the storages open in this process: their files are alive even though the pid is ours. */
const openHere = new Set<string>();

interface RecordFile { path: string; pid: number; instance: string }

function recordFiles(dbFile: string): RecordFile[] {
  const dir = dirname(dbFile), prefix = `${basename(dbFile)}.acked-`;
  let names: string[];
  try { names = readdirSync(dir); } catch { return []; }
  return names.filter((n) => n.startsWith(prefix) && !n.endsWith(".tmp")).flatMap((n) => {
    const m = /^(\d+)-([0-9a-f]+)$/.exec(n.slice(prefix.length));
    return m ? [{ path: join(dir, n), pid: Number(m[1]), instance: m[2] }] : [];
  });
}

/** Every acked record next to `dbFile`, merged (highest seq per cell), with the files that could not be read. */
export function readAcked(dbFile: string): { seqs: Map<string, number>; problems: string[]; files: number } {
  const seqs = new Map<string, number>();
  const problems: string[] = [];
  const files = recordFiles(dbFile);
  for (const f of files) {
    try {
      const rec = JSON.parse(readFileSync(f.path, "utf8")) as { format?: string; cells?: Record<string, unknown> };
      if (rec.format !== FORMAT || typeof rec.cells !== "object" || rec.cells === null) throw new Error("format inconnu");
      for (const [cell, seq] of Object.entries(rec.cells)) {
        if (typeof seq === "number" && Number.isInteger(seq) && seq > (seqs.get(cell) ?? 0)) seqs.set(cell, seq);
      }
    } catch (err) {
      problems.push(`${basename(f.path)} illisible : ${(err as Error).message}`);
    }
  }
  return { seqs, problems, files: files.length };
}

function alive(f: RecordFile): boolean {
  if (f.pid === process.pid) return openHere.has(f.instance);
  try { process.kill(f.pid, 0); return true; } catch (err) { return (err as { code?: string }).code === "EPERM"; }
}

/**
 * A new record for a storage opening `dbFile`: its path, and what it starts
 * from — the records of processes that are gone (merged into the new one,
 * and deleted by the writer once the new record is on disk).
 */
export function startAcked(dbFile: string): { path: string; instance: string; initial: Record<string, number>; absorbed: string[] } {
  const instance = randomBytes(4).toString("hex");
  const initial: Record<string, number> = {};
  const absorbed: string[] = [];
  for (const f of recordFiles(dbFile)) {
    if (alive(f)) continue;
    try {
      const rec = JSON.parse(readFileSync(f.path, "utf8")) as { cells?: Record<string, number> };
      for (const [cell, seq] of Object.entries(rec.cells ?? {})) if (typeof seq === "number" && seq > (initial[cell] ?? 0)) initial[cell] = seq;
      absorbed.push(f.path);
    } catch { /* unreadable: left in place, readers report it */ }
  }
  openHere.add(instance);
  return { path: `${dbFile}.acked-${process.pid}-${instance}`, instance, initial, absorbed };
}

/** The storage closed: its record file now belongs to a finished instance (a later open in this process may absorb it). */
export function stopAcked(instance: string): void { openHere.delete(instance); }
