// Plain JavaScript on purpose: a worker thread must load without a TypeScript loader
// (npm start registers tsx in the main thread only).
/**
 * The log writer of SqliteStorage, in its own thread: appends arriving
 * while a commit (and its fsync) is in progress are grouped into the next
 * transaction, and the fsync never blocks the event loop that serves the
 * rooms. Each append is answered only once its transaction is committed.
 *
 * It also keeps the record of acknowledged seqs outside the database
 * (sqlite-acked.ts explains why and what it guarantees), and runs the
 * erasure of a session (delete with secure_delete, then a TRUNCATE
 * checkpoint so that no copy of the rows stays in the WAL) between two
 * commits. With `workerData.mode === "check"` it only runs
 * `PRAGMA quick_check` on a read-only connection and exits.
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

if (workerData.mode === "check") {
  let out;
  try {
    const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
    const rows = db.pragma("quick_check(50)");
    db.close();
    const problems = rows.map((r) => String(Object.values(r)[0])).filter((s) => s !== "ok");
    out = { type: "checked", problems };
  } catch (err) {
    out = { type: "checked", problems: [`${err.code ?? "erreur"} : ${err.message}`] };
  }
  parentPort.postMessage(out);
} else {
  runWriter();
}

function runWriter() {
  const db = new Database(workerData.file);
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${workerData.synchronous}`);
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  db.pragma("secure_delete = ON");
  const append = db.prepare(workerData.appendSql);
  const findRef = db.prepare("SELECT seq FROM log_entries WHERE cell_id = ? AND author_id = ? AND ref = ?");
  const cellsOf = db.prepare("SELECT id FROM cells WHERE session_id = ?");
  const eraseSession = db.prepare("DELETE FROM sessions WHERE id = ?");
  let queue = [];

  // The acked record: cell → highest committed seq, written at most flushMs after a change.
  const acked = new Map(Object.entries(workerData.acked?.initial ?? {}));
  let ackedTimer;
  let absorbed = workerData.acked?.absorbed ?? [];
  function writeAcked() {
    ackedTimer = undefined;
    const a = workerData.acked;
    if (!a) return;
    try {
      const tmp = `${a.path}.tmp`;
      const fd = openSync(tmp, "w");
      try {
        writeSync(fd, JSON.stringify({ format: a.format, pid: process.pid, written: Date.now(), cells: Object.fromEntries(acked) }));
        fsyncSync(fd);
      } finally { closeSync(fd); }
      renameSync(tmp, a.path);
      const dir = openSync(dirname(a.path), "r");
      try { fsyncSync(dir); } finally { closeSync(dir); }
      for (const f of absorbed) { try { unlinkSync(f); } catch { /* already gone */ } }
      absorbed = [];
    } catch (err) {
      parentPort.postMessage({ type: "acked-error", error: `${err.code ?? ""} ${err.message}`.trim() });
    }
  }
  const ackedChanged = () => { if (workerData.acked && !ackedTimer) ackedTimer = setTimeout(writeAcked, workerData.acked.flushMs); };
  if (workerData.acked) writeAcked(); // at once: the absorbed records are merged into ours before they are deleted

  function outcome(row, err) {
    const code = String(err.code ?? "");
    if (code === "SQLITE_CONSTRAINT_UNIQUE" && row.ref !== null) {
      const hit = findRef.get(row.cellId, row.authorId, row.ref);
      if (hit) return `duplicate:${hit.seq}`;
    }
    if (code.startsWith("SQLITE_CONSTRAINT")) return "conflict";
    return `${code || "error"}|${err.message}`;
  }

  function flush() {
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    const results = [];
    try {
      db.transaction(() => {
        for (const m of batch) {
          try {
            results.push(append.run(m.row).changes === 1 ? null : "conflict");
          } catch (err) {
            results.push(outcome(m.row, err));
          }
        }
      })();
    } catch (err) {
      parentPort.postMessage({ type: "done", results: batch.map((m) => ({ id: m.id, error: `${err.code ?? "error"}|commit failed: ${err.message}` })) });
      return;
    }
    batch.forEach((m, i) => { if (results[i] === null && (acked.get(m.row.cellId) ?? 0) < m.row.seq) { acked.set(m.row.cellId, m.row.seq); ackedChanged(); } });
    parentPort.postMessage({ type: "done", results: batch.map((m, i) => ({ id: m.id, error: results[i] })) });
  }

  /** Checkpoint the WAL into the database and truncate it (retried while a reader of another connection holds it): true when done. */
  function truncateWal() {
    let busy = 1;
    for (let i = 0; i < 20 && busy; i++) {
      busy = db.pragma("wal_checkpoint(TRUNCATE)")[0].busy;
      if (busy) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50); // a reader of another connection: let it finish
    }
    return !busy;
  }

  /** Delete a session (cascade, zeroed by secure_delete), then checkpoint the WAL and truncate it: the deleted rows leave no copy on disk. */
  function erase(m) {
    flush();
    let result;
    try {
      const cells = cellsOf.all(m.sessionId).map((r) => r.id);
      eraseSession.run(m.sessionId);
      for (const c of cells) acked.delete(c);
      ackedChanged();
      result = { type: "erased", id: m.id, error: null, walTruncated: truncateWal() };
    } catch (err) {
      result = { type: "erased", id: m.id, error: `${err.code ?? "error"}|${err.message}` };
    }
    parentPort.postMessage(result);
  }

  /** A list of statements (one student's erasure, a class deleted) in one transaction, then the same checkpoint as an erasure. */
  function rewrite(m) {
    flush();
    let result;
    try {
      db.transaction(() => { for (const [sql, params] of m.statements) db.prepare(sql).run(...params); })();
      result = { type: "erased", id: m.id, error: null, walTruncated: truncateWal() };
    } catch (err) {
      result = { type: "erased", id: m.id, error: `${err.code ?? "error"}|${err.message}` };
    }
    parentPort.postMessage(result);
  }

  parentPort.on("message", (m) => {
    if (m.type === "rewrite") {
      rewrite(m);
    } else if (m.type === "append") {
      queue.push(m);
      if (queue.length === 1) setImmediate(flush);
    } else if (m.type === "erase") {
      erase(m);
    } else if (m.type === "close") {
      flush();
      if (ackedTimer) { clearTimeout(ackedTimer); writeAcked(); }
      db.close();
      parentPort.postMessage({ type: "closed" });
    }
  });
}
