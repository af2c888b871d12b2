import { classify, StorageError } from "./errors.js";
import { StorageHealth } from "./health.js";
import type { Storage } from "./types.js";

/**
 * Every call to the storage, watched: a failure becomes a StorageError (its
 * cause named: disk full, damaged file, I/O, unreachable…) and is recorded
 * in the storage's health; a success clears a failing state. Conflicts and
 * duplicates (SeqConflictError, DuplicateRefError) are answers, not
 * failures: they pass untouched. One wrapper for every implementation, so
 * SQLite, PostgreSQL and memory report alike.
 */

const READ = /^(get|list|find|read|last|latest|count|sessionsCreated|acked|check)/;
/** Methods whose first argument is a cell id: a failed read there damages that cell only. */
const CELL_READS = new Set(["readLog", "lastSeq", "latestSnapshot", "listCheckpoints", "listRefs", "listPlayers"]);

const healthOf = new WeakMap<object, StorageHealth>();
const wrapped = new WeakSet<object>();

/** The storage, monitored (the same object when it already is). */
export function monitorStorage<S extends Storage>(storage: S): S {
  if (wrapped.has(storage)) return storage;
  const file = storage.kind === "sqlite" ? (storage as unknown as { file?: string }).file : undefined;
  const health = healthOf.get(storage) ?? new StorageHealth(file);
  health.dbFile ??= file;
  const proxy = new Proxy(storage, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function" || typeof prop !== "string" || prop === "close" || prop === "constructor") return value;
      const read = READ.test(prop);
      return async (...args: unknown[]) => {
        try {
          const out = await (value as (...a: unknown[]) => unknown).apply(target, args);
          if (read) health.readSucceeded(); else health.writeSucceeded();
          return out;
        } catch (err) {
          const e = classify(err, prop, CELL_READS.has(prop) && typeof args[0] === "string" ? args[0] : undefined);
          if (e instanceof StorageError && e.kind !== "closed") {
            if (read) health.readFailed(e, e.cell); else health.writeFailed(e);
          }
          throw e;
        }
      };
    },
  });
  healthOf.set(storage, health);
  healthOf.set(proxy, health);
  wrapped.add(proxy);
  return proxy;
}

/** The health of a storage (monitored or not; an unmonitored one only learns what it is told). */
export function storageHealth(storage: Storage): StorageHealth {
  let h = healthOf.get(storage);
  if (!h) { h = new StorageHealth(); healthOf.set(storage, h); }
  return h;
}

const PROBE_EVERY_MS = 5000;
const probedAt = new WeakMap<StorageHealth, number>();

/**
 * While writes fail, one small write (a setting) at most every 5 s, so that
 * /healthz sees the disk come back even when no cell is writing.
 */
export async function probeWrites(storage: Storage): Promise<void> {
  const h = storageHealth(storage);
  if (!h.failingWrites || Date.now() - (probedAt.get(h) ?? 0) < PROBE_EVERY_MS) return;
  probedAt.set(h, Date.now());
  await storage.setSetting("health_probe", String(Date.now())).catch(() => undefined);
}
