import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { classify, StorageError } from "./errors.js";
import { storageHealth } from "./monitor.js";
import { ACKED_FLUSH_MS, readAcked, startAcked, stopAcked } from "./sqlite-acked.js";
import { migrateSqlite } from "./sqlite-schema.js";
import type { ScenarioLibrary } from "./library.js";
import { SqliteLibrary } from "./library-sql.js";
import { deleteClassStatements, erasureStatements, type Statement } from "./erasure-sql.js";
import { SHARE_TABLE, toAnnotation, toAssessment, toCell, toClass, toEntry, toPlayer, toRoster, toScenario, toSessionMeta, toShare, toUser, SESSION_META_COLUMNS, type Row } from "./rows.js";
import { ScenarioTexts } from "./scenario-texts.js";
import {
  DuplicateRefError, SeqConflictError, type AnnotationRow, type IntegrityReport, type RefRow, type AssessmentRow, type CheckpointRow, type CellRow, type CellStatus, type PlayerRow, type ScenarioRow, type SessionRow,
  type SessionStatus, type SnapshotRow, type StaffRole, type StaffLoginRow, type Storage, type StoredEntry, type UserRow,
  rosterOrder, type ClassRow, type ErasurePlan, type RosterStudentRow, type ShareAccess, type ShareKind, type UserPatch,
} from "./types.js";

/**
 * Storage in one SQLite file (better-sqlite3, WAL). `appendEntry` resolves
 * only once its entry is committed, so an acknowledged input survives
 * `kill -9`; with `synchronous` FULL (the default) it also survives a power
 * cut. Log appends go through a writer thread that groups concurrent appends
 * into one transaction (one fsync) without blocking the event loop; the rest
 * (rare writes, all reads) stays on this thread — WAL lets both work at once.
 *
 * Schema and migrations: sqlite-schema.ts. Erasure reaches the bytes on disk:
 * `secure_delete` zeroes deleted rows in the database pages, and a TRUNCATE
 * checkpoint right after the delete empties the WAL, where earlier versions
 * of those pages were. The writer also keeps the acked record outside the
 * database (sqlite-acked.ts), which detects a log shortened by a damaged WAL.
 */

/** Insert only if `seq` is the cell's last seq + 1: a second writer or a bug can never interleave a log. */
const APPEND_SQL = `INSERT INTO log_entries(cell_id, seq, wall, author_kind, author_id, payload, ref)
  SELECT @cellId, @seq, @wall, @kind, @authorId, @payload, @ref
  WHERE (SELECT COALESCE(MAX(seq), 0) FROM log_entries WHERE cell_id = @cellId) = @seq - 1`;

const str = (v: unknown) => v as string;
const num = (v: unknown) => v as number;
const opt = <T>(v: unknown): T | undefined => (v === null || v === undefined ? undefined : (v as T));

/** A failure reported by the writer thread as `CODE|message`, rebuilt with its code for classification. */
function workerError(text: string, op: string, cell?: string): Error {
  const at = text.indexOf("|");
  const err = Object.assign(new Error(at >= 0 ? text.slice(at + 1) : text), { code: at >= 0 ? text.slice(0, at) : "" });
  return classify(err, op, cell);
}

export class SqliteStorage implements Storage {
  readonly kind = "sqlite" as const;
  private db: Database.Database;
  private stmts: Record<string, Database.Statement>;
  /** The studio's scenario library (library.ts), in this file. */
  readonly library: ScenarioLibrary;

  private writer: Worker | undefined;
  private waiting = new Map<number, { cellId: string; seq: number; ref?: string; resolve: () => void; reject: (err: Error) => void }>();
  private erasing = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  private nextId = 0;
  private closed: Promise<void> | undefined;
  private acked: ReturnType<typeof startAcked> | undefined;
  private texts = new ScenarioTexts();

  /** Throws a StorageError (kind `corrupt` for a file that is not a database) when the file cannot be opened. */
  constructor(readonly file: string, opts: { synchronous?: "FULL" | "NORMAL"; writerThread?: boolean } = {}) {
    try {
      if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
      this.db = new Database(file);
      this.db.pragma("journal_mode = WAL");
      this.db.pragma(`synchronous = ${opts.synchronous ?? "FULL"}`);
      this.db.pragma("foreign_keys = ON");
      this.db.pragma("busy_timeout = 5000");
      this.db.pragma("secure_delete = ON");
      const { from, hadTables } = migrateSqlite(this.db);
      // Pages freed before secure_delete was on may still hold erased rows: rewritten once, on the upgrade that brought it.
      if (hadTables && from < 2) this.db.exec("VACUUM");
    } catch (err) {
      throw classify(err, "open");
    }
    this.library = new SqliteLibrary(this.db);
    const p = (sql: string) => this.db.prepare(sql);
    this.stmts = {
      getSetting: p("SELECT value FROM settings WHERE key = ?"),
      setSetting: p("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
      delSetting: p("DELETE FROM settings WHERE key = ?"),
      createUser: p("INSERT INTO users(id, username, role, password_hash, created_at, disabled_at) VALUES (@id, @username, @role, @passwordHash, @createdAt, @disabledAt)"),
      updateUser: p(`UPDATE users SET password_hash = COALESCE(@passwordHash, password_hash), role = COALESCE(@role, role),
        disabled_at = CASE WHEN @clearDisabled = 1 THEN NULL ELSE COALESCE(@disabledAt, disabled_at) END WHERE id = @id`),
      getUser: p("SELECT * FROM users WHERE id = ?"),
      getUserByName: p("SELECT * FROM users WHERE username = ?"),
      listUsers: p("SELECT * FROM users ORDER BY created_at"),
      countUsers: p("SELECT COUNT(*) AS n FROM users WHERE disabled_at IS NULL"),
      countUsersRole: p("SELECT COUNT(*) AS n FROM users WHERE role = ? AND disabled_at IS NULL"),
      createStaffLogin: p("INSERT INTO staff_sessions(id_hash, user_id, expires_at) VALUES (@idHash, @userId, @expiresAt)"),
      getStaffLogin: p("SELECT * FROM staff_sessions WHERE id_hash = ?"),
      deleteStaffLogin: p("DELETE FROM staff_sessions WHERE id_hash = ?"),
      staffLoginsOf: p("SELECT id_hash FROM staff_sessions WHERE user_id = ?"),
      deleteStaffLoginsOf: p("DELETE FROM staff_sessions WHERE user_id = ?"),
      createClass: p("INSERT INTO classes(id, name, owner_id, created_at) VALUES (@id, @name, @ownerId, @createdAt)"),
      getClass: p("SELECT * FROM classes WHERE id = ?"),
      listClasses: p("SELECT * FROM classes ORDER BY created_at, id"),
      setSessionClass: p("UPDATE sessions SET class_id = ? WHERE id = ?"),
      insertRoster: p(`INSERT INTO roster_students(id, class_id, number, first_name, last_name, email, pseudo_id, code, created_at)
        VALUES (@id, @classId, @number, @firstName, @lastName, @email, @pseudoId, @code, @createdAt)
        ON CONFLICT(id) DO UPDATE SET number = excluded.number, first_name = excluded.first_name, last_name = excluded.last_name, email = excluded.email`),
      listRoster: p("SELECT * FROM roster_students WHERE class_id = ?"),
      getRoster: p("SELECT * FROM roster_students WHERE id = ?"),
      rosterByCode: p("SELECT * FROM roster_students WHERE code = ?"),
      rosterByPseudo: p("SELECT * FROM roster_students WHERE pseudo_id = ? ORDER BY created_at, id"),
      setPlayerToken: p("UPDATE players SET token_hash = ? WHERE id = ?"),
      purgeStaffLogins: p("DELETE FROM staff_sessions WHERE expires_at <= ?"),
      putScenario: p(`INSERT INTO scenarios(id, filename, text, uploaded_by, created_at) VALUES (@id, @filename, @text, @uploadedBy, @createdAt)
        ON CONFLICT(id) DO UPDATE SET filename = excluded.filename, text = excluded.text, uploaded_by = excluded.uploaded_by, created_at = excluded.created_at`),
      getScenario: p("SELECT * FROM scenarios WHERE id = ?"),
      listScenarios: p("SELECT * FROM scenarios ORDER BY created_at"),
      createSession: p(`INSERT INTO sessions(id, name, code, created_by, created_at, scenario_id, scenario_file, scenario_text, seed, status, ended_at, class_id)
        VALUES (@id, @name, @code, @createdBy, @createdAt, @scenarioId, @scenarioFile, @scenarioText, @seed, @status, @endedAt, @classId)`),
      createCell: p("INSERT INTO cells(id, session_id, idx, name, code, status) VALUES (@id, @sessionId, @index, @name, @code, @status)"),
      codeTaken: p("SELECT 1 FROM sessions WHERE code = ? UNION ALL SELECT 1 FROM cells WHERE code = ?"),
      getSession: p(`SELECT ${SESSION_META_COLUMNS} FROM sessions WHERE id = ?`),
      sessionText: p("SELECT scenario_text FROM sessions WHERE id = ?").pluck(),
      listSessions: p(`SELECT ${SESSION_META_COLUMNS} FROM sessions ORDER BY created_at DESC`),
      setSessionStatus: p("UPDATE sessions SET status = ?, ended_at = COALESCE(?, ended_at) WHERE id = ?"),
      eraseSession: p("DELETE FROM sessions WHERE id = ?"),
      sessionsBefore: p("SELECT id FROM sessions WHERE created_at < ?"),
      sessionByCode: p(`SELECT ${SESSION_META_COLUMNS} FROM sessions WHERE code = ?`),
      cellByCode: p("SELECT * FROM cells WHERE code = ?"),
      getCell: p("SELECT * FROM cells WHERE id = ?"),
      listCells: p("SELECT * FROM cells WHERE session_id = ? ORDER BY idx"),
      listLiveCells: p("SELECT c.* FROM cells c JOIN sessions s ON s.id = c.session_id WHERE c.status <> 'ended' AND s.status <> 'ended'"),
      setCellStatus: p("UPDATE cells SET status = ? WHERE id = ?"),
      createPlayer: p("INSERT INTO players(id, cell_id, name, token_hash, created_at, student_id, pseudo_id) VALUES (@id, @cellId, @name, @tokenHash, @createdAt, @studentId, @pseudoId)"),
      getPlayer: p("SELECT * FROM players WHERE id = ?"),
      listPlayers: p("SELECT * FROM players WHERE cell_id = ? ORDER BY created_at, id"),
      append: p(APPEND_SQL),
      findRef: p("SELECT seq FROM log_entries WHERE cell_id = ? AND author_id = ? AND ref = ?"),
      listRefs: p("SELECT author_id, ref, seq FROM log_entries WHERE cell_id = ? AND ref IS NOT NULL ORDER BY seq"),
      readLog: p("SELECT * FROM log_entries WHERE cell_id = ? AND seq > ? ORDER BY seq"),
      lastSeq: p("SELECT COALESCE(MAX(seq), 0) AS n FROM log_entries WHERE cell_id = ?"),
      putSnapshot: p("INSERT OR REPLACE INTO snapshots(cell_id, seq, json, wall) VALUES (@cellId, @seq, @json, @wall)"),
      pruneSnapshots: p("DELETE FROM snapshots WHERE cell_id = ? AND seq < ?"),
      latestSnapshot: p("SELECT * FROM snapshots WHERE cell_id = ? ORDER BY seq DESC LIMIT 1"),
      addAnnotation: p(`INSERT INTO annotations(id, cell_id, session_id, author_id, author, wall, at, entry, competency, text)
        VALUES (@id, @cellId, @sessionId, @authorId, @author, @wall, @at, @entry, @competency, @text)`),
      annotationsByCell: p("SELECT * FROM annotations WHERE cell_id = ? ORDER BY wall"),
      annotationsBySession: p("SELECT * FROM annotations WHERE session_id = ? ORDER BY wall"),
      putCheckpoint: p("INSERT OR REPLACE INTO checkpoints(cell_id, seq, hash, wall) SELECT @cellId, @seq, @hash, @wall WHERE EXISTS (SELECT 1 FROM cells WHERE id = @cellId)"),
      listCheckpoints: p("SELECT * FROM checkpoints WHERE cell_id = ? ORDER BY seq"),
      addAssessment: p(`INSERT INTO assessments(id, cell_id, session_id, author_id, author, wall, scope, subject, competency, computed, level, justification)
        VALUES (@id, @cellId, @sessionId, @authorId, @author, @wall, @scope, @subject, @competency, @computed, @level, @justification)`),
      assessmentsByCell: p("SELECT * FROM assessments WHERE cell_id = ? ORDER BY wall, id"),
      assessmentsBySession: p("SELECT * FROM assessments WHERE session_id = ? ORDER BY wall, id"),
      allAssessments: p("SELECT * FROM assessments ORDER BY wall, id"),
    };
    if (file !== ":memory:" && opts.writerThread !== false) this.startWriter(file, opts.synchronous ?? "FULL");
  }

  private startWriter(file: string, synchronous: string) {
    this.acked = startAcked(file);
    const acked = { path: this.acked.path, initial: this.acked.initial, absorbed: this.acked.absorbed, format: "sangfroid-acked/1", flushMs: ACKED_FLUSH_MS };
    this.writer = new Worker(new URL("./sqlite-writer.mjs", import.meta.url), { workerData: { file, synchronous, appendSql: APPEND_SQL, acked } });
    this.writer.unref();
    type Msg = { type: string; id?: number; error?: string | null; results?: { id: number; error: string | null }[] };
    this.writer.on("message", (m: Msg) => {
      if (m.type === "acked-error") { storageHealth(this).note("acked_write", `registre des entrées acquittées non écrit : ${m.error}`); return; }
      if (m.type === "erased") {
        const e = this.erasing.get(m.id!);
        this.erasing.delete(m.id!);
        this.idle();
        if (m.error) e?.reject(workerError(m.error, "eraseSession")); else e?.resolve();
        return;
      }
      for (const r of m.results ?? []) {
        const w = this.waiting.get(r.id);
        if (!w) continue;
        this.waiting.delete(r.id);
        this.idle();
        if (r.error === null) w.resolve();
        else if (r.error === "conflict") w.reject(new SeqConflictError(w.cellId, w.seq));
        else if (r.error.startsWith("duplicate:")) w.reject(new DuplicateRefError(w.cellId, w.ref ?? "", Number(r.error.slice(10))));
        else w.reject(workerError(r.error, "appendEntry", w.cellId));
      }
    });
    this.writer.on("error", (err) => {
      for (const w of [...this.waiting.values(), ...this.erasing.values()]) w.reject(classify(err, "writer"));
      this.waiting.clear();
      this.erasing.clear();
      this.writer = undefined; // later appends fall back to this thread
    });
  }

  /** Nothing in flight: the writer must not keep the process alive. */
  private idle() { if (this.waiting.size === 0 && this.erasing.size === 0) this.writer?.unref(); }
  private busy() { if (this.waiting.size === 0 && this.erasing.size === 0) this.writer?.ref(); }

  async getSetting(key: string) { return opt<string>((this.stmts.getSetting.get(key) as Row | undefined)?.value); }
  async setSetting(key: string, value: string | undefined) {
    if (value === undefined) this.stmts.delSetting.run(key); else this.stmts.setSetting.run(key, value);
  }

  async createUser(u: UserRow) { this.stmts.createUser.run({ ...u, disabledAt: u.disabledAt ?? null }); }
  async updateUser(id: string, patch: UserPatch) {
    this.stmts.updateUser.run({ id, passwordHash: patch.passwordHash ?? null, role: patch.role ?? null, disabledAt: patch.disabledAt ?? null, clearDisabled: patch.disabledAt === null ? 1 : 0 });
  }
  async getUser(id: string) { const r = this.stmts.getUser.get(id) as Row | undefined; return r && toUser(r); }
  async getUserByName(username: string) { const r = this.stmts.getUserByName.get(username) as Row | undefined; return r && toUser(r); }
  async listUsers() { return (this.stmts.listUsers.all() as Row[]).map(toUser); }
  async countUsers(role?: StaffRole) {
    const r = (role ? this.stmts.countUsersRole.get(role) : this.stmts.countUsers.get()) as Row;
    return num(r.n);
  }

  async createStaffLogin(s: StaffLoginRow) { this.stmts.createStaffLogin.run(s); }
  async getStaffLogin(idHash: string) {
    const r = this.stmts.getStaffLogin.get(idHash) as Row | undefined;
    return r && { idHash: str(r.id_hash), userId: str(r.user_id), expiresAt: num(r.expires_at) };
  }
  async deleteStaffLogin(idHash: string) { this.stmts.deleteStaffLogin.run(idHash); }
  async deleteStaffLoginsOf(userId: string) {
    return this.db.transaction(() => {
      const ids = (this.stmts.staffLoginsOf.all(userId) as Row[]).map((r) => str(r.id_hash));
      this.stmts.deleteStaffLoginsOf.run(userId);
      return ids;
    })();
  }

  async setShare(kind: ShareKind, subjectId: string, userId: string, access: ShareAccess | undefined) {
    const t = SHARE_TABLE[kind];
    if (!access) { this.db.prepare(`DELETE FROM ${t} WHERE subject_id = ? AND user_id = ?`).run(subjectId, userId); return; }
    this.db.prepare(`INSERT INTO ${t}(subject_id, user_id, access, created_at) VALUES (?, ?, ?, ?)
      ON CONFLICT(subject_id, user_id) DO UPDATE SET access = excluded.access`).run(subjectId, userId, access, Date.now());
  }
  async listShares(kind: ShareKind, f: { subjectId?: string; userId?: string }) {
    return (this.db.prepare(`SELECT * FROM ${SHARE_TABLE[kind]} WHERE (@s IS NULL OR subject_id = @s) AND (@u IS NULL OR user_id = @u) ORDER BY created_at, user_id`)
      .all({ s: f.subjectId ?? null, u: f.userId ?? null }) as Row[]).map(toShare);
  }

  async createClass(c: ClassRow) { this.stmts.createClass.run(c); }
  async getClass(id: string) { const r = this.stmts.getClass.get(id) as Row | undefined; return r && toClass(r); }
  async listClasses() { return (this.stmts.listClasses.all() as Row[]).map(toClass); }
  async deleteClass(id: string) { await this.rewrite(deleteClassStatements(id), "deleteClass"); }
  async setSessionClass(sessionId: string, classId: string | undefined) { this.stmts.setSessionClass.run(classId ?? null, sessionId); }

  async upsertRoster(_classId: string, students: RosterStudentRow[]) {
    this.db.transaction(() => { for (const r of students) this.stmts.insertRoster.run({ ...r, email: r.email ?? null }); })();
  }
  async listRoster(classId: string) { return (this.stmts.listRoster.all(classId) as Row[]).map(toRoster).sort(rosterOrder); }
  async getRosterStudent(id: string) { const r = this.stmts.getRoster.get(id) as Row | undefined; return r && toRoster(r); }
  async findRosterByCode(code: string) { const r = this.stmts.rosterByCode.get(code) as Row | undefined; return r && toRoster(r); }
  async listRosterByPseudo(pseudoId: string) { return (this.stmts.rosterByPseudo.all(pseudoId) as Row[]).map(toRoster); }
  async listPlayersOfStudents(studentIds: string[]) {
    if (studentIds.length === 0) return [];
    return (this.db.prepare(`SELECT * FROM players WHERE student_id IN (${studentIds.map(() => "?").join(",")}) ORDER BY created_at, id`).all(...studentIds) as Row[]).map(toPlayer);
  }
  async setPlayerToken(playerId: string, tokenHash: string) { this.stmts.setPlayerToken.run(tokenHash, playerId); }

  async applyErasure(plan: ErasurePlan) { await this.rewrite(erasureStatements(plan), "applyErasure"); }

  /** Statements in one transaction, then a TRUNCATE checkpoint: in the writer thread when there is one (between two commits). */
  private async rewrite(statements: Statement[], op: string): Promise<void> {
    if (this.closed) throw new StorageError("closed", "", "", op);
    if (this.writer) {
      const reqId = ++this.nextId;
      await new Promise<void>((resolve, reject) => {
        this.busy();
        this.erasing.set(reqId, { resolve, reject });
        this.writer!.postMessage({ type: "rewrite", id: reqId, statements });
      });
      return;
    }
    if (this.batch.length > 0) this.flush();
    this.db.transaction(() => { for (const [sql, params] of statements) this.db.prepare(sql).run(...params); })();
    this.db.pragma("wal_checkpoint(TRUNCATE)");
  }
  async purgeStaffLogins(now: number) { return this.stmts.purgeStaffLogins.run(now).changes; }

  async putScenario(s: ScenarioRow) { this.stmts.putScenario.run(s); }
  async getScenario(id: string) {
    const r = this.stmts.getScenario.get(id) as Row | undefined;
    return r && toScenario(r);
  }
  async listScenarios() {
    return (this.stmts.listScenarios.all() as Row[]).map(toScenario);
  }

  async createSession(s: SessionRow, cells: CellRow[]) {
    this.db.transaction(() => {
      for (const code of [s.code, ...cells.map((c) => c.code)]) if (this.stmts.codeTaken.get(code, code)) throw new Error("code exists");
      this.stmts.createSession.run({ ...s, endedAt: s.endedAt ?? null, classId: s.classId ?? null });
      for (const c of cells) this.stmts.createCell.run(c);
    })();
    this.texts.keep(s.id, s.scenarioText);
  }
  async getSession(id: string) { const r = this.stmts.getSession.get(id) as Row | undefined; return r && this.withText(r); }
  async listSessions() { return (this.stmts.listSessions.all() as Row[]).map(toSessionMeta); }
  /** A session's row with its scenario text: kept, or read once (scenario-texts.ts). */
  private withText(r: Row): SessionRow | undefined {
    const meta = toSessionMeta(r);
    const scenarioText = this.texts.get(meta.id, () => this.stmts.sessionText.get(meta.id) as string | undefined);
    return scenarioText === undefined ? undefined : { ...meta, scenarioText };
  }
  async setSessionStatus(id: string, status: SessionStatus, endedAt?: number) { this.stmts.setSessionStatus.run(status, endedAt ?? null, id); }
  /**
   * Delete the session with everything attached (cascade; secure_delete zeroes the rows in place), then
   * checkpoint the WAL and truncate it, so that no earlier copy of those pages stays on disk. In the writer
   * thread when there is one (between two commits, off the event loop).
   */
  async eraseSession(id: string) {
    if (this.closed) throw new StorageError("closed", "", "", "eraseSession");
    this.texts.forget(id);
    if (this.writer) {
      const reqId = ++this.nextId;
      await new Promise<void>((resolve, reject) => {
        this.busy();
        this.erasing.set(reqId, { resolve, reject });
        this.writer!.postMessage({ type: "erase", id: reqId, sessionId: id });
      });
      return;
    }
    if (this.batch.length > 0) this.flush();
    this.stmts.eraseSession.run(id);
    this.db.pragma("wal_checkpoint(TRUNCATE)");
  }
  async sessionsCreatedBefore(time: number) { return (this.stmts.sessionsBefore.all(time) as Row[]).map((r) => str(r.id)); }
  async findCode(code: string) {
    const s = this.stmts.sessionByCode.get(code) as Row | undefined;
    if (s) { const session = this.withText(s); return session && { session }; }
    const c = this.stmts.cellByCode.get(code) as Row | undefined;
    if (!c) return undefined;
    const cell = toCell(c);
    const session = await this.getSession(cell.sessionId);
    return session && { session, cell };
  }

  async getCell(id: string) { const r = this.stmts.getCell.get(id) as Row | undefined; return r && toCell(r); }
  async listCells(sessionId: string) { return (this.stmts.listCells.all(sessionId) as Row[]).map(toCell); }
  async listLiveCells() { return (this.stmts.listLiveCells.all() as Row[]).map(toCell); }
  async setCellStatus(id: string, status: CellStatus) { this.stmts.setCellStatus.run(status, id); }

  async createPlayer(p: PlayerRow) { this.stmts.createPlayer.run({ ...p, studentId: p.studentId ?? null, pseudoId: p.pseudoId ?? null }); }
  async getPlayer(id: string) { const r = this.stmts.getPlayer.get(id) as Row | undefined; return r && toPlayer(r); }
  async listPlayers(cellId: string) { return (this.stmts.listPlayers.all(cellId) as Row[]).map(toPlayer); }

  /**
   * Group commit: appends arriving in the same turn of the event loop (from
   * different cells) share one transaction, hence one fsync; each promise
   * resolves only after that commit. A conflict or a duplicate ref fails its own entry only.
   */
  appendEntry(cellId: string, e: StoredEntry): Promise<void> {
    const row = { cellId, seq: e.seq, wall: e.wall, kind: e.by.kind, authorId: e.by.id, payload: JSON.stringify(e.payload), ref: e.ref ?? null };
    return new Promise((resolve, reject) => {
      if (this.closed) { reject(new StorageError("closed", "", "", "appendEntry", cellId)); return; }
      if (this.writer) {
        const id = ++this.nextId;
        this.busy(); // an append in flight keeps the process alive until committed
        this.waiting.set(id, { cellId, seq: e.seq, ...(e.ref !== undefined ? { ref: e.ref } : {}), resolve, reject });
        this.writer.postMessage({ type: "append", id, row });
        return;
      }
      this.batch.push({ row, resolve, reject });
      if (this.batch.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Appends waiting for the same-thread group commit (no writer thread: `:memory:` or after a worker failure). */
  private batch: { row: { cellId: string; seq: number; authorId: string; ref: string | null }; resolve: () => void; reject: (err: Error) => void }[] = [];

  private flush(): void {
    const batch = this.batch;
    this.batch = [];
    const outcome: (Error | undefined)[] = [];
    try {
      this.db.transaction(() => {
        for (const { row } of batch) {
          try {
            const changes = this.stmts.append.run(row).changes;
            outcome.push(changes === 1 ? undefined : new SeqConflictError(row.cellId, row.seq));
          } catch (err) {
            const code = (err as { code?: string }).code ?? "";
            const dup = code === "SQLITE_CONSTRAINT_UNIQUE" && row.ref !== null ? this.stmts.findRef.get(row.cellId, row.authorId, row.ref) as Row | undefined : undefined;
            outcome.push(dup ? new DuplicateRefError(row.cellId, row.ref!, num(dup.seq))
              : code.startsWith("SQLITE_CONSTRAINT") ? new SeqConflictError(row.cellId, row.seq) : classify(err, "appendEntry", row.cellId));
          }
        }
      })();
    } catch (err) {
      for (const b of batch) b.reject(classify(err, "appendEntry", b.row.cellId)); // the commit itself failed: nothing of this batch is durable
      return;
    }
    batch.forEach((b, i) => (outcome[i] ? b.reject(outcome[i]!) : b.resolve()));
  }

  /** A row that does not parse is reported as damage of that cell's log, naming the entry. */
  async readLog(cellId: string, after = 0) {
    return (this.stmts.readLog.all(cellId, after) as Row[]).map((r) => {
      try { return toEntry(r); } catch (err) { throw new StorageError("corrupt", "SQLITE_CORRUPT", `entrée ${num(r.seq)} du journal illisible : ${(err as Error).message}`, "readLog", cellId); }
    });
  }
  async listRefs(cellId: string): Promise<RefRow[]> {
    return (this.stmts.listRefs.all(cellId) as Row[]).map((r) => ({ authorId: str(r.author_id), ref: str(r.ref), seq: num(r.seq) }));
  }
  async ackedSeqs() { return this.file === ":memory:" ? undefined : readAcked(this.file).seqs; }
  async lastSeq(cellId: string) { return num((this.stmts.lastSeq.get(cellId) as Row).n); }

  async putSnapshot(s: SnapshotRow) {
    this.db.transaction(() => {
      this.stmts.putSnapshot.run(s);
      this.stmts.pruneSnapshots.run(s.cellId, s.seq); // keep only the latest: recovery needs no more
    })();
  }
  async latestSnapshot(cellId: string) {
    const r = this.stmts.latestSnapshot.get(cellId) as Row | undefined;
    return r && { cellId: str(r.cell_id), seq: num(r.seq), json: str(r.json), wall: num(r.wall) };
  }

  async putCheckpoint(c: CheckpointRow) { this.stmts.putCheckpoint.run(c); }
  async listCheckpoints(cellId: string) {
    return (this.stmts.listCheckpoints.all(cellId) as Row[]).map((r) => ({ cellId: str(r.cell_id), seq: num(r.seq), hash: str(r.hash), wall: num(r.wall) }));
  }

  async addAssessment(a: AssessmentRow) { this.stmts.addAssessment.run(a); }
  async listAssessments(filter: { cellId?: string; sessionId?: string }) {
    const rows = filter.cellId ? this.stmts.assessmentsByCell.all(filter.cellId)
      : filter.sessionId ? this.stmts.assessmentsBySession.all(filter.sessionId) : this.stmts.allAssessments.all();
    return (rows as Row[]).map(toAssessment).filter((a) => !filter.sessionId || a.sessionId === filter.sessionId);
  }

  async addAnnotation(a: AnnotationRow) { this.stmts.addAnnotation.run({ ...a, entry: a.entry ?? null, competency: a.competency ?? null }); }
  async listAnnotations(filter: { cellId?: string; sessionId?: string }) {
    const rows = filter.cellId ? this.stmts.annotationsByCell.all(filter.cellId) : filter.sessionId ? this.stmts.annotationsBySession.all(filter.sessionId) : [];
    return (rows as Row[]).map(toAnnotation).filter((a) => !filter.sessionId || a.sessionId === filter.sessionId);
  }

  /** `PRAGMA quick_check` in a thread of its own, on a read-only connection: a large file never stalls the rooms or the log writer. */
  checkIntegrity(): Promise<IntegrityReport> {
    if (this.file === ":memory:") return Promise.resolve({ ok: true, problems: [], checkedAt: Date.now() });
    return new Promise((resolve) => {
      const w = new Worker(new URL("./sqlite-writer.mjs", import.meta.url), { workerData: { mode: "check", file: this.file } });
      let done = false;
      const finish = (problems: string[]) => { if (!done) { done = true; resolve({ ok: problems.length === 0, problems, checkedAt: Date.now() }); } };
      w.on("message", (m: { problems: string[] }) => finish(m.problems));
      w.on("error", (err) => finish([`vérification impossible : ${err.message}`]));
      w.on("exit", () => finish(["vérification interrompue"]));
    });
  }

  /** Waits for every pending append to be committed, then closes both connections. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      if (this.batch.length > 0) this.flush();
      const w = this.writer;
      if (w) {
        await new Promise<void>((resolve) => {
          w.on("message", (m: { type: string }) => { if (m.type === "closed") resolve(); });
          w.on("exit", () => resolve());
          w.ref(); // until it answered: an idle writer is unref'd, and the process must not end before the last commit
          w.postMessage({ type: "close" });
        });
        await w.terminate();
      }
      if (this.db.open) this.db.close();
      if (this.acked) stopAcked(this.acked.instance);
    })();
    return this.closed;
  }
}
