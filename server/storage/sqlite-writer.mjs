// Plain JavaScript on purpose: a worker thread must load without a TypeScript loader
// (npm start registers tsx in the main thread only).
/**
 * The log writer of SqliteStorage, in its own thread: appends arriving
 * while a commit (and its fsync) is in progress are grouped into the next
 * transaction, and the fsync never blocks the event loop that serves the
 * rooms. Each append is answered only once its transaction is committed.
 */
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const db = new Database(workerData.file);
db.pragma("journal_mode = WAL");
db.pragma(`synchronous = ${workerData.synchronous}`);
db.pragma("foreign_keys = ON");
db.pragma("busy_timeout = 5000");
const append = db.prepare(workerData.appendSql);
let queue = [];

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
          results.push(String(err.code ?? "").startsWith("SQLITE_CONSTRAINT") ? "conflict" : String(err.message));
        }
      }
    })();
  } catch (err) {
    parentPort.postMessage({ type: "done", results: batch.map((m) => ({ id: m.id, error: `commit failed: ${err.message}` })) });
    return;
  }
  parentPort.postMessage({ type: "done", results: batch.map((m, i) => ({ id: m.id, error: results[i] })) });
}

parentPort.on("message", (m) => {
  if (m.type === "append") {
    queue.push(m);
    if (queue.length === 1) setImmediate(flush);
  } else if (m.type === "close") {
    flush();
    db.close();
    parentPort.postMessage({ type: "closed" });
  }
});
