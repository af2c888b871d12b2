import Database from "better-sqlite3";
import { toEntry, type Row } from "../storage/rows.js";
import { ScenarioTexts } from "../storage/scenario-texts.js";
import type { StoredEntry } from "../storage/types.js";

/**
 * A cell's log read by the renderer itself, from the SQLite file, instead of
 * on the main thread: reading and parsing a played cell's log (900 entries of
 * the ransomware report: 1.7 ms) and posting it to a renderer (0.6 ms more)
 * were most of what an export cost the event loop that serves the rooms. The
 * main thread sends only where the log is and the last entry the report
 * covers (`upTo`, read with the other rows), so the report is drawn from the
 * rows its cache key names (report-job.ts). A read-only connection: SQLite's
 * WAL lets it read committed entries while the server writes; it never writes.
 * PostgreSQL and in-memory storage keep sending the entries. The same goes
 * for the session's scenario text (150 kB for the ransomware file, fixed when
 * the session is created): the renderer reads it once per session and keeps it.
 */

export interface LogRef {
  /** The SQLite database file. */
  sqlite: string;
  cellId: string;
  /** The last entry the report covers. */
  upTo: number;
}

interface Connection { db: Database.Database; read: Database.Statement; text: Database.Statement; texts: ScenarioTexts }
const open = new Map<string, Connection>();

/** A read-only connection to `file`, kept for the renderer's life. */
function connection(file: string): Connection {
  let c = open.get(file);
  if (!c) {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma("busy_timeout = 5000");
    c = {
      db, read: db.prepare("SELECT * FROM log_entries WHERE cell_id = ? AND seq <= ? ORDER BY seq"),
      text: db.prepare("SELECT scenario_text FROM sessions WHERE id = ?").pluck(), texts: new ScenarioTexts(),
    };
    open.set(file, c);
  }
  return c;
}

/** The scenario text of session `sessionId` in `file`: read once, then kept (a session's text is never rewritten); an error if the session is gone. */
export function readSessionText(file: string, sessionId: string): string {
  const c = connection(file);
  const text = c.texts.get(sessionId, () => c.text.get(sessionId) as string | undefined);
  if (text === undefined) throw new Error("session effacée pendant la préparation du rapport");
  return text;
}

/** The entries of `ref.cellId` up to `ref.upTo`, in order, from the file. */
export function readLogRef(ref: LogRef): StoredEntry[] {
  return (connection(ref.sqlite).read.all(ref.cellId, ref.upTo) as Row[]).map((r) => {
    try { return toEntry(r); } catch (err) { throw new Error(`entrée ${String(r.seq)} du journal illisible : ${(err as Error).message}`); }
  });
}

/** Whether a job's log is a reference to read here rather than the entries themselves. */
export const isLogRef = (log: StoredEntry[] | LogRef): log is LogRef => !Array.isArray(log);
