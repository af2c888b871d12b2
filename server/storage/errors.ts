import { DuplicateRefError, SeqConflictError } from "./types.js";

/**
 * Storage failures, told apart from everything else (a bad scenario, an
 * engine refusal, a bug) so that messages, logs and /healthz name the real
 * cause. `kind` is what an operator acts on:
 * - `full`: the disk (or the database's quota) is full — free space;
 * - `corrupt`: the file or a row cannot be read as what was written — restore a backup;
 * - `io`: the operating system refused a read or write (disk, permissions, file gone);
 * - `unavailable`: the database server cannot be reached (PostgreSQL);
 * - `closed`: the storage was closed (shutdown in progress);
 * - `other`: any other database error.
 */
export type StorageFailure = "full" | "corrupt" | "io" | "unavailable" | "closed" | "other";

const LABEL: Record<StorageFailure, string> = {
  full: "disque plein",
  corrupt: "base de données endommagée",
  io: "erreur d'entrée-sortie du disque",
  unavailable: "base de données injoignable",
  closed: "stockage fermé (arrêt du serveur en cours)",
  other: "erreur de la base de données",
};

export class StorageError extends Error {
  readonly kind: StorageFailure;
  /** The driver's code (SQLITE_FULL, 53100, ENOSPC…), for logs. */
  readonly code: string;
  constructor(kind: StorageFailure, code: string, detail: string, readonly op = "", readonly cell?: string) {
    super(`${LABEL[kind]}${detail ? ` (${detail})` : ""}`);
    this.name = "StorageError";
    this.kind = kind;
    this.code = code;
  }

  /** The French sentence for a person: what happened and that nothing was saved. */
  get userMessage(): string {
    return `le serveur n'a pas pu enregistrer : ${LABEL[this.kind]} ; rien n'a été enregistré, réessayez plus tard et prévenez l'animateur`;
  }
}

/**
 * A failed storage call, whatever the driver, as a StorageError. Returned as
 * they are, because they are answers and not failures of the storage:
 * conflicts, duplicates, constraint violations (a username taken: SQLite
 * SQLITE_CONSTRAINT_*, PostgreSQL class 23) and errors without a driver code
 * (the implementations' own refusals, or a bug).
 */
export function classify(err: unknown, op = "", cell?: string): Error {
  if (err instanceof StorageError || err instanceof SeqConflictError || err instanceof DuplicateRefError) return err;
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e?.code === "string" ? e.code : "";
  const message = typeof e?.message === "string" ? e.message : String(err);
  const kind = kindOf(code, message);
  if (/^SQLITE_CONSTRAINT|^23\d\d\d$/.test(code) || (!code && kind === "other")) return err instanceof Error ? err : new Error(message);
  return new StorageError(kind, code, message.slice(0, 300), op, cell);
}

function kindOf(code: string, message: string): StorageFailure {
  if (/^SQLITE_FULL/.test(code) || code === "ENOSPC" || code === "EDQUOT" || code === "53100" || /disk is full|No space left/i.test(message)) return "full";
  if (/^SQLITE_(CORRUPT|NOTADB)/.test(code) || code === "XX001" || code === "XX002" || /malformed|not a database|illisible/i.test(message)) return "corrupt";
  if (/^SQLITE_(IOERR|CANTOPEN|READONLY|PERM)/.test(code) || /^E(IO|ACCES|ROFS|NOENT|PERM)$/.test(code) || code === "58030") return "io";
  if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|57P0[1-3]|08\d\d\d)$/.test(code) || /Connection terminated|timeout exceeded when trying to connect/i.test(message)) return "unavailable";
  if (/storage closed|database connection is not open|pool after calling end/i.test(message)) return "closed";
  return "other";
}
