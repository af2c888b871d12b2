import type { AssessmentRecord, StoredEntry } from "../../shared/assessment.js";
import type { ScenarioLibrary } from "./library.js";

/**
 * The storage interface: everything durable the server keeps. Async on
 * purpose, although SQLite answers synchronously, so that a PostgreSQL
 * implementation can replace it without touching callers. Two
 * implementations share one test suite (storage.test.ts): SQLite
 * (one process, one file, WAL), PostgreSQL (several processes, postgres.ts)
 * and memory (unit tests).
 *
 * The game log is append-only; `appendEntry` refuses a sequence number that
 * is not the next one, so two writers can never interleave a cell's log.
 */

/** Accounts: an administrator manages accounts (and may run sessions of their own, like an instructor); instructors run sessions and classes; evaluators assess what is shared with them. */
export type StaffRole = "admin" | "instructor" | "evaluator";
export const STAFF_ROLES: readonly StaffRole[] = ["admin", "instructor", "evaluator"];

/** `disabledAt`: the account can no longer log in and its logins were closed. */
export interface UserRow { id: string; username: string; role: StaffRole; passwordHash: string; createdAt: number; disabledAt?: number }
export interface UserPatch { passwordHash?: string; disabledAt?: number | null; role?: StaffRole }
/** A staff login (the `sf_staff` cookie's hash; table `staff_sessions`, its name from before the glossary). */
export interface StaffLoginRow { idHash: string; userId: string; expiresAt: number }

export type SessionStatus = "open" | "ended";
export interface SessionRow {
  id: string; name: string; code: string; createdBy: string; createdAt: number;
  scenarioId: string; scenarioFile: string; scenarioText: string; seed: number;
  status: SessionStatus; endedAt?: number;
  /** The class whose roster students join it (they pick themselves or use their personal code). */
  classId?: string;
}
/** A session without its scenario text (lists: the text is only read for the session it belongs to). */
export type SessionMeta = Omit<SessionRow, "scenarioText">;

export type CellStatus = "lobby" | "running" | "paused" | "ended";
export interface CellRow { id: string; sessionId: string; index: number; name: string; code: string; status: CellStatus }

/** `studentId` / `pseudoId`: the roster student this player is (sessions of a class), and their stable pseudonymous id. */
export interface PlayerRow { id: string; cellId: string; name: string; tokenHash: string; createdAt: number; studentId?: string; pseudoId?: string }

/**
 * Who may do what with a session, a class or a library scenario besides its
 * owner. Sessions and classes: `run` (a co-instructor: commands, console, and
 * everything `assess` allows) or `assess` (an evaluator: replay, annotate,
 * assess, export). Scenarios: `edit` (a co-author: saves new versions, and
 * everything `use` allows) or `use` (read, download, preview, playtest,
 * duplicate, start sessions with it). Rules: server/access.ts.
 */
export type ShareKind = "session" | "class" | "scenario";
export type ShareAccess = "run" | "assess" | "use" | "edit";
export interface ShareRow { subjectId: string; userId: string; access: ShareAccess; createdAt: number }

export interface ClassRow { id: string; name: string; ownerId: string; createdAt: number }

/** One student of a class roster. `pseudoId` is the same for a student number in every class (server/students/identity.ts); `code` is the personal join code printed on the roster sheet. */
export interface RosterStudentRow {
  id: string; classId: string; number: string; firstName: string; lastName: string; email?: string;
  pseudoId: string; code: string; createdAt: number;
}

/** The order rosters are listed in, by every implementation: last name, first name (French collation), student number. */
export const rosterOrder = (a: RosterStudentRow, b: RosterStudentRow) =>
  a.lastName.localeCompare(b.lastName, "fr") || a.firstName.localeCompare(b.firstName, "fr") || a.number.localeCompare(b.number);

/**
 * Everything one student's erasure rewrites, applied at once (one transaction; on SQLite followed by a
 * TRUNCATE checkpoint so that no earlier copy of the rows stays in the WAL): log payloads with the
 * student's free text replaced by a tombstone and their name by a neutral one, the checkpoints and
 * snapshots re-derived from that log, player names, annotation texts, assessment justifications,
 * session and cell names where the name appeared, and the roster rows deleted.
 */
export interface ErasurePlan {
  entries: { cellId: string; seq: number; payload: unknown }[];
  checkpoints: CheckpointRow[];
  snapshots: SnapshotRow[];
  players: { id: string; name: string }[];
  annotations: { id: string; text: string }[];
  assessments: { id: string; justification: string }[];
  sessions: { id: string; name: string }[];
  cells: { id: string; name: string }[];
  roster: string[];
}

export type { StoredEntry } from "../../shared/assessment.js";

export interface SnapshotRow { cellId: string; seq: number; json: string; wall: number }

export interface ScenarioRow { id: string; filename: string; text: string; uploadedBy: string; createdAt: number }

export interface AnnotationRow {
  id: string; cellId: string; sessionId: string; authorId: string; author: string; wall: number;
  at: number; entry?: number; competency?: string; text: string;
}

export type { AssessmentLevel, AssessmentScope } from "../../shared/assessment.js";
/** An evaluator's level (shared/assessment.ts): both it and the computed level stay, rows are never updated (the latest row of an author wins). */
export type AssessmentRow = AssessmentRecord;

/** A compact checkpoint written with each snapshot: sha256 of the canonical JSON of the engine state after `seq` (all are kept, for `replay verify`). */
export interface CheckpointRow { cellId: string; seq: number; hash: string; wall: number }

/** Thrown by `appendEntry` when the seq is not the next one (a bug or a second writer). */
export class SeqConflictError extends Error {
  constructor(public cellId: string, public seq: number) { super(`log conflict on ${cellId} at seq ${seq}`); }
}

/**
 * Thrown by `appendEntry` when the cell's log already holds an entry with the
 * same client message ref from the same author (a resend): `seq` is the
 * original entry's, so the caller can answer with the original ack. Nothing
 * is written. The unique index (cell, author, ref) makes this hold for the
 * whole life of a cell, across restarts and processes.
 */
export class DuplicateRefError extends Error {
  constructor(public cellId: string, public ref: string, public seq: number) { super(`message ${ref} already logged on ${cellId} at seq ${seq}`); }
}

/** A client message id already in a cell's log, and the seq it was logged at (`listRefs`). */
export interface RefRow { authorId: string; ref: string; seq: number }

/** What the start-up integrity check of the database itself found (SQLite `PRAGMA quick_check`; nothing to check in memory). */
export interface IntegrityReport { ok: boolean; problems: string[]; checkedAt: number }

export interface Storage {
  readonly kind: "sqlite" | "memory" | "postgres";
  /** The studio's scenario library: versioned, owned scenarios (library.ts; its tables in library-sql.ts). */
  readonly library: ScenarioLibrary;

  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string | undefined): Promise<void>;

  createUser(u: UserRow): Promise<void>;
  getUser(id: string): Promise<UserRow | undefined>;
  getUserByName(username: string): Promise<UserRow | undefined>;
  listUsers(): Promise<UserRow[]>;
  /** Active accounts (not disabled), of one role or all. */
  countUsers(role?: StaffRole): Promise<number>;
  updateUser(id: string, patch: UserPatch): Promise<void>;

  createStaffLogin(s: StaffLoginRow): Promise<void>;
  getStaffLogin(idHash: string): Promise<StaffLoginRow | undefined>;
  deleteStaffLogin(idHash: string): Promise<void>;
  /** Close every login of an account (a disabled account, a changed password); returns their ids, so rooms can drop them. */
  deleteStaffLoginsOf(userId: string): Promise<string[]>;
  purgeStaffLogins(now: number): Promise<number>;

  /** Grant (or, with `access` undefined, revoke) a share of a session, a class or a library scenario to an account. */
  setShare(kind: ShareKind, subjectId: string, userId: string, access: ShareAccess | undefined): Promise<void>;
  /** Shares of one session, class or scenario, or every share an account has (of that kind). */
  listShares(kind: ShareKind, filter: { subjectId?: string; userId?: string }): Promise<ShareRow[]>;

  createClass(c: ClassRow): Promise<void>;
  getClass(id: string): Promise<ClassRow | undefined>;
  listClasses(): Promise<ClassRow[]>;
  /** Delete a class with its roster and shares; its sessions stay, detached (their players keep the names they joined with). */
  deleteClass(id: string): Promise<void>;
  /** Attach a session to a class, or detach it (undefined). */
  setSessionClass(sessionId: string, classId: string | undefined): Promise<void>;

  /** Add and update roster students of a class, all or none (updates keep id, pseudoId, code). */
  upsertRoster(classId: string, students: RosterStudentRow[]): Promise<void>;
  listRoster(classId: string): Promise<RosterStudentRow[]>;
  getRosterStudent(id: string): Promise<RosterStudentRow | undefined>;
  /** The roster student with this personal code (codes are unique across classes). */
  findRosterByCode(code: string): Promise<RosterStudentRow | undefined>;
  /** Every roster entry of one student (same pseudonymous id), in every class. */
  listRosterByPseudo(pseudoId: string): Promise<RosterStudentRow[]>;
  /** Players who joined as one of these roster students, in any session. */
  listPlayersOfStudents(studentIds: string[]): Promise<PlayerRow[]>;
  /** A new token for an existing player (a roster student taking their seat back with their personal code). */
  setPlayerToken(playerId: string, tokenHash: string): Promise<void>;

  /** One student's erasure, atomically, down to the bytes on disk with SQLite (see ErasurePlan). */
  applyErasure(plan: ErasurePlan): Promise<void>;

  /** Files of the old versionless upload (removed): read once at start-up to adopt them into the library (scenarios.ts `adoptLegacyUploads`); `putScenario` stays for tests that build such a database. */
  putScenario(s: ScenarioRow): Promise<void>;
  getScenario(id: string): Promise<ScenarioRow | undefined>;
  listScenarios(): Promise<ScenarioRow[]>;

  /** A session and its cells, atomically. */
  createSession(s: SessionRow, cells: CellRow[]): Promise<void>;
  getSession(id: string): Promise<SessionRow | undefined>;
  listSessions(): Promise<SessionMeta[]>;
  setSessionStatus(id: string, status: SessionStatus, endedAt?: number): Promise<void>;
  /** GDPR erasure: the session, its cells, players, log, snapshots, checkpoints, annotations and assessments. */
  eraseSession(id: string): Promise<void>;
  /** Sessions created before `time` (retention). */
  sessionsCreatedBefore(time: number): Promise<string[]>;
  /** Which session or cell a join code opens (codes are unique across both). */
  findCode(code: string): Promise<{ session: SessionRow; cell?: CellRow } | undefined>;

  getCell(id: string): Promise<CellRow | undefined>;
  listCells(sessionId: string): Promise<CellRow[]>;
  /** Cells to bring back after a restart: not ended, session not ended. */
  listLiveCells(): Promise<CellRow[]>;
  setCellStatus(id: string, status: CellStatus): Promise<void>;

  createPlayer(p: PlayerRow): Promise<void>;
  getPlayer(id: string): Promise<PlayerRow | undefined>;
  listPlayers(cellId: string): Promise<PlayerRow[]>;

  /**
   * Append one entry; `entry.seq` must be the cell's last seq + 1, else SeqConflictError; an entry whose
   * `ref` the same author already used in this cell is refused with DuplicateRefError (carrying the
   * original seq). Durable when the promise resolves.
   */
  appendEntry(cellId: string, entry: StoredEntry): Promise<void>;
  /** Every client message ref in a cell's log (each with its author and seq): what makes resends idempotent after a restart. */
  listRefs(cellId: string): Promise<RefRow[]>;
  /**
   * The highest seq acknowledged for each cell according to a record kept OUTSIDE the database
   * (SQLite: the `<file>.acked-*` files the log writer keeps; see sqlite-acked.ts), or undefined when
   * this storage keeps none. A log that ends before it has lost acknowledged entries.
   */
  ackedSeqs(): Promise<Map<string, number> | undefined>;
  /** Entries with seq > `after`, in order. */
  readLog(cellId: string, after?: number): Promise<StoredEntry[]>;
  lastSeq(cellId: string): Promise<number>;

  putSnapshot(s: SnapshotRow): Promise<void>;
  latestSnapshot(cellId: string): Promise<SnapshotRow | undefined>;

  /** Keep every checkpoint (unlike snapshots); writing the same (cellId, seq) again replaces it. */
  putCheckpoint(c: CheckpointRow): Promise<void>;
  /** A cell's checkpoints in seq order. */
  listCheckpoints(cellId: string): Promise<CheckpointRow[]>;

  addAnnotation(a: AnnotationRow): Promise<void>;
  listAnnotations(filter: { cellId?: string; sessionId?: string }): Promise<AnnotationRow[]>;

  /** Append-only: an evaluator changing their mind adds a row. */
  addAssessment(a: AssessmentRow): Promise<void>;
  /** Filtered by cell and/or session, in order of `wall` then `id`. */
  listAssessments(filter: { cellId?: string; sessionId?: string }): Promise<AssessmentRow[]>;

  /** Check the database's own structure (SQLite `PRAGMA quick_check`, off the event loop). */
  checkIntegrity(): Promise<IntegrityReport>;

  close(): Promise<void>;
}
