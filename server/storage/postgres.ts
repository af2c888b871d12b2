import pg from "pg";
import { classify } from "./errors.js";
import { PostgresLibrary } from "./library-sql.js";
import { deleteClassStatements, erasureStatements, numbered, type Statement } from "./erasure-sql.js";
import { SHARE_TABLE, toAnnotation, toAssessment, toCell, toClass, toEntry, toPlayer, toRoster, toScenario, toSessionMeta, toShare, toUser, SESSION_META_COLUMNS, type Row } from "./rows.js";
import { ScenarioTexts } from "./scenario-texts.js";
import { DEDUPE_REFS_SQL, schoolsSql } from "./sqlite-schema.js";
import {
  DuplicateRefError, SeqConflictError, type AnnotationRow, type IntegrityReport, type RefRow, type AssessmentRow, type CheckpointRow, type CellRow, type CellStatus, type PlayerRow, type ScenarioRow, type SessionRow,
  type SessionStatus, type SnapshotRow, type StaffRole, type StaffLoginRow, type Storage, type StoredEntry, type UserRow,
  rosterOrder, type ClassRow, type ErasurePlan, type RosterStudentRow, type ShareAccess, type ShareKind, type UserPatch,
} from "./types.js";

/**
 * Storage in PostgreSQL (`DATABASE_URL=postgres://…`), shared by every
 * server process of a deployment. Same contract as SQLite and memory (the
 * shared suite runs against all three). Each call is one statement or one
 * short transaction on a pooled connection; `appendEntry` resolves after the
 * commit (synchronous_commit on, the server's default: durable).
 *
 * Several writers: the primary key (cell_id, seq) makes a second process that
 * appends the same seq fail with a unique violation, reported as
 * SeqConflictError; the insert also refuses a seq that is not last + 1.
 *
 * The schema is created and migrated at start (`init`), under an advisory
 * lock so that processes starting together do not race; `schema_version`
 * records the version reached.
 */

const MIGRATIONS: string[] = [
  /* 1 */ `
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
  password_hash TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS staff_sessions (id_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS scenarios (id TEXT PRIMARY KEY, filename TEXT NOT NULL, text TEXT NOT NULL,
  uploaded_by TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, name TEXT NOT NULL, code TEXT NOT NULL UNIQUE, created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL, scenario_id TEXT NOT NULL, scenario_file TEXT NOT NULL, scenario_text TEXT NOT NULL,
  seed BIGINT NOT NULL, status TEXT NOT NULL, ended_at BIGINT);
CREATE TABLE IF NOT EXISTS cells (id TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL, name TEXT NOT NULL, code TEXT NOT NULL UNIQUE, status TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS cells_session ON cells(session_id);
CREATE TABLE IF NOT EXISTS players (id TEXT PRIMARY KEY, cell_id TEXT NOT NULL REFERENCES cells(id) ON DELETE CASCADE,
  name TEXT NOT NULL, token_hash TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS players_cell ON players(cell_id);
CREATE TABLE IF NOT EXISTS log_entries (cell_id TEXT NOT NULL REFERENCES cells(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
  wall BIGINT NOT NULL, author_kind TEXT NOT NULL, author_id TEXT NOT NULL, payload TEXT NOT NULL, ref TEXT,
  PRIMARY KEY (cell_id, seq));
CREATE TABLE IF NOT EXISTS snapshots (cell_id TEXT NOT NULL REFERENCES cells(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
  json TEXT NOT NULL, wall BIGINT NOT NULL, PRIMARY KEY (cell_id, seq));
CREATE TABLE IF NOT EXISTS annotations (id TEXT PRIMARY KEY, cell_id TEXT NOT NULL, session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  author_id TEXT NOT NULL, author TEXT NOT NULL, wall BIGINT NOT NULL, at INTEGER NOT NULL, entry INTEGER, competency TEXT, text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS annotations_session ON annotations(session_id);
CREATE INDEX IF NOT EXISTS annotations_cell ON annotations(cell_id);
CREATE TABLE IF NOT EXISTS checkpoints (cell_id TEXT NOT NULL REFERENCES cells(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
  hash TEXT NOT NULL, wall BIGINT NOT NULL, PRIMARY KEY (cell_id, seq));
CREATE TABLE IF NOT EXISTS assessments (id TEXT PRIMARY KEY, cell_id TEXT NOT NULL, session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  author_id TEXT NOT NULL, author TEXT NOT NULL, wall BIGINT NOT NULL, scope TEXT NOT NULL, subject TEXT NOT NULL, competency TEXT NOT NULL,
  computed INTEGER, level INTEGER NOT NULL, justification TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS assessments_session ON assessments(session_id, wall);
CREATE INDEX IF NOT EXISTS assessments_cell ON assessments(cell_id, wall);
`,
  /* 2 */ DEDUPE_REFS_SQL, // one entry per (cell, author, client message ref), for the whole life of a cell
  /* 3 */ schoolsSql("BIGINT"), // administrators, disabled accounts, shares, classes and rosters
];
export const PG_SCHEMA_VERSION = MIGRATIONS.length;
const MIGRATION_LOCK = 0x5a6f_1d; // pg_advisory_xact_lock key: one migrating process at a time

/** BIGINT (oid 20) as a JS number: walls are milliseconds, far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

const str = (v: unknown) => v as string;
const num = (v: unknown) => Number(v);

export class PostgresStorage implements Storage {
  readonly kind = "postgres" as const;
  private pool: pg.Pool;
  /** Sessions' scenario texts (fixed at creation: a copy kept in any process is never stale; scenario-texts.ts). */
  private texts = new ScenarioTexts();
  /** The studio's scenario library (library.ts), in this database. */
  readonly library = new PostgresLibrary(() => this.pool, (fn) => this.tx(fn));

  private constructor(url: string, poolSize: number) {
    this.pool = new pg.Pool({ connectionString: url, max: poolSize, types, application_name: "sangfroid" });
    this.pool.on("error", () => { /* an idle connection dropped: the pool replaces it; queries report their own errors */ });
  }

  /** Connect, then create or migrate the schema. Throws a clear error when the server is unreachable. */
  static async open(url: string, opts: { poolSize?: number } = {}): Promise<PostgresStorage> {
    const s = new PostgresStorage(url, opts.poolSize ?? 10);
    try {
      await s.migrate();
    } catch (err) {
      await s.pool.end().catch(() => undefined);
      throw new Error(`PostgreSQL (${redact(url)}) : ${(err as Error).message}`);
    }
    return s;
  }

  private async migrate(): Promise<void> {
    await this.tx(async (c) => {
      await c.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
      await c.query("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      const r = await c.query("SELECT version FROM schema_version");
      let version = r.rows.length ? num(r.rows[0].version) : 0;
      if (version > MIGRATIONS.length) throw new Error(`schema version ${version} is newer than this server (${MIGRATIONS.length})`);
      if (r.rows.length === 0) await c.query("INSERT INTO schema_version(version) VALUES (0)");
      while (version < MIGRATIONS.length) {
        await c.query(MIGRATIONS[version]);
        version++;
        await c.query("UPDATE schema_version SET version = $1", [version]);
      }
    });
  }

  async schemaVersion(): Promise<number> { return num((await this.q("SELECT version FROM schema_version"))[0]?.version ?? 0); }

  private async q(sql: string, params: unknown[] = []): Promise<Row[]> { return (await this.pool.query(sql, params)).rows as Row[]; }
  private async one(sql: string, params: unknown[] = []): Promise<Row | undefined> { return (await this.q(sql, params))[0]; }

  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query("BEGIN");
      const out = await fn(c);
      await c.query("COMMIT");
      return out;
    } catch (err) {
      await c.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  }

  async getSetting(key: string) { return (await this.one("SELECT value FROM settings WHERE key = $1", [key]))?.value as string | undefined; }
  async setSetting(key: string, value: string | undefined) {
    if (value === undefined) await this.q("DELETE FROM settings WHERE key = $1", [key]);
    else await this.q("INSERT INTO settings(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value]);
  }

  async createUser(u: UserRow) {
    await this.q("INSERT INTO users(id, username, role, password_hash, created_at, disabled_at) VALUES ($1, $2, $3, $4, $5, $6)",
      [u.id, u.username, u.role, u.passwordHash, u.createdAt, u.disabledAt ?? null]);
  }
  async updateUser(id: string, patch: UserPatch) {
    await this.q(`UPDATE users SET password_hash = COALESCE($2, password_hash), role = COALESCE($3, role),
      disabled_at = CASE WHEN $4::boolean THEN NULL ELSE COALESCE($5, disabled_at) END WHERE id = $1`,
    [id, patch.passwordHash ?? null, patch.role ?? null, patch.disabledAt === null, patch.disabledAt ?? null]);
  }
  async getUser(id: string) { const r = await this.one("SELECT * FROM users WHERE id = $1", [id]); return r && toUser(r); }
  async getUserByName(username: string) { const r = await this.one("SELECT * FROM users WHERE username = $1", [username]); return r && toUser(r); }
  async listUsers() { return (await this.q("SELECT * FROM users ORDER BY created_at, id")).map(toUser); }
  async countUsers(role?: StaffRole) {
    const r = role ? await this.one("SELECT COUNT(*) AS n FROM users WHERE role = $1 AND disabled_at IS NULL", [role])
      : await this.one("SELECT COUNT(*) AS n FROM users WHERE disabled_at IS NULL");
    return num(r!.n);
  }

  async createStaffLogin(s: StaffLoginRow) { await this.q("INSERT INTO staff_sessions(id_hash, user_id, expires_at) VALUES ($1, $2, $3)", [s.idHash, s.userId, s.expiresAt]); }
  async getStaffLogin(idHash: string) {
    const r = await this.one("SELECT * FROM staff_sessions WHERE id_hash = $1", [idHash]);
    return r && { idHash: str(r.id_hash), userId: str(r.user_id), expiresAt: num(r.expires_at) };
  }
  async deleteStaffLogin(idHash: string) { await this.q("DELETE FROM staff_sessions WHERE id_hash = $1", [idHash]); }
  async deleteStaffLoginsOf(userId: string) {
    return (await this.q("DELETE FROM staff_sessions WHERE user_id = $1 RETURNING id_hash", [userId])).map((r) => str(r.id_hash));
  }

  async setShare(kind: ShareKind, subjectId: string, userId: string, access: ShareAccess | undefined) {
    if (kind === "scenario") await this.library.ensure();
    const t = SHARE_TABLE[kind];
    if (!access) { await this.q(`DELETE FROM ${t} WHERE subject_id = $1 AND user_id = $2`, [subjectId, userId]); return; }
    await this.q(`INSERT INTO ${t}(subject_id, user_id, access, created_at) VALUES ($1, $2, $3, $4)
      ON CONFLICT (subject_id, user_id) DO UPDATE SET access = excluded.access`, [subjectId, userId, access, Date.now()]);
  }
  async listShares(kind: ShareKind, f: { subjectId?: string; userId?: string }) {
    if (kind === "scenario") await this.library.ensure();
    return (await this.q(`SELECT * FROM ${SHARE_TABLE[kind]} WHERE ($1::text IS NULL OR subject_id = $1) AND ($2::text IS NULL OR user_id = $2) ORDER BY created_at, user_id`,
      [f.subjectId ?? null, f.userId ?? null])).map(toShare);
  }

  async createClass(c: ClassRow) { await this.q("INSERT INTO classes(id, name, owner_id, created_at) VALUES ($1, $2, $3, $4)", [c.id, c.name, c.ownerId, c.createdAt]); }
  async getClass(id: string) { const r = await this.one("SELECT * FROM classes WHERE id = $1", [id]); return r && toClass(r); }
  async listClasses() { return (await this.q("SELECT * FROM classes ORDER BY created_at, id")).map(toClass); }
  async deleteClass(id: string) { await this.run(deleteClassStatements(id)); }
  async setSessionClass(sessionId: string, classId: string | undefined) { await this.q("UPDATE sessions SET class_id = $1 WHERE id = $2", [classId ?? null, sessionId]); }

  async upsertRoster(_classId: string, students: RosterStudentRow[]) {
    await this.tx(async (c) => {
      for (const r of students) {
        await c.query(`INSERT INTO roster_students(id, class_id, number, first_name, last_name, email, pseudo_id, code, created_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
          ON CONFLICT (id) DO UPDATE SET number = excluded.number, first_name = excluded.first_name, last_name = excluded.last_name, email = excluded.email`,
        [r.id, r.classId, r.number, r.firstName, r.lastName, r.email ?? null, r.pseudoId, r.code, r.createdAt]);
      }
    });
  }
  async listRoster(classId: string) { return (await this.q("SELECT * FROM roster_students WHERE class_id = $1", [classId])).map(toRoster).sort(rosterOrder); }
  async getRosterStudent(id: string) { const r = await this.one("SELECT * FROM roster_students WHERE id = $1", [id]); return r && toRoster(r); }
  async findRosterByCode(code: string) { const r = await this.one("SELECT * FROM roster_students WHERE code = $1", [code]); return r && toRoster(r); }
  async listRosterByPseudo(pseudoId: string) { return (await this.q("SELECT * FROM roster_students WHERE pseudo_id = $1 ORDER BY created_at, id", [pseudoId])).map(toRoster); }
  async listPlayersOfStudents(studentIds: string[]) {
    if (studentIds.length === 0) return [];
    return (await this.q("SELECT * FROM players WHERE student_id = ANY($1) ORDER BY created_at, id", [studentIds])).map(toPlayer);
  }
  async setPlayerToken(playerId: string, tokenHash: string) { await this.q("UPDATE players SET token_hash = $1 WHERE id = $2", [tokenHash, playerId]); }

  /**
   * One transaction. As with a session's erasure, PostgreSQL only marks the old row versions dead: their
   * bytes stay in the table files until VACUUM reuses or rewrites them (docs/deploy.md, "Erasure").
   */
  async applyErasure(plan: ErasurePlan) { await this.run(erasureStatements(plan)); }

  private async run(statements: Statement[]) {
    await this.tx(async (c) => { for (const [sql, params] of statements) await c.query(numbered(sql), params); });
  }
  async purgeStaffLogins(now: number) { return (await this.pool.query("DELETE FROM staff_sessions WHERE expires_at <= $1", [now])).rowCount ?? 0; }

  async putScenario(s: ScenarioRow) {
    await this.q(`INSERT INTO scenarios(id, filename, text, uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (id) DO UPDATE SET filename = excluded.filename, text = excluded.text, uploaded_by = excluded.uploaded_by, created_at = excluded.created_at`,
    [s.id, s.filename, s.text, s.uploadedBy, s.createdAt]);
  }
  async getScenario(id: string) { const r = await this.one("SELECT * FROM scenarios WHERE id = $1", [id]); return r && toScenario(r); }
  async listScenarios() { return (await this.q("SELECT * FROM scenarios ORDER BY created_at, id")).map(toScenario); }

  async createSession(s: SessionRow, cells: CellRow[]) {
    await this.tx(async (c) => {
      const codes = [s.code, ...cells.map((x) => x.code)];
      const taken = await c.query("SELECT 1 FROM sessions WHERE code = ANY($1) UNION ALL SELECT 1 FROM cells WHERE code = ANY($1)", [codes]);
      if (taken.rows.length > 0) throw new Error("code exists");
      await c.query(`INSERT INTO sessions(id, name, code, created_by, created_at, scenario_id, scenario_file, scenario_text, seed, status, ended_at, class_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [s.id, s.name, s.code, s.createdBy, s.createdAt, s.scenarioId, s.scenarioFile, s.scenarioText, s.seed, s.status, s.endedAt ?? null, s.classId ?? null]);
      for (const x of cells) {
        await c.query("INSERT INTO cells(id, session_id, idx, name, code, status) VALUES ($1, $2, $3, $4, $5, $6)", [x.id, x.sessionId, x.index, x.name, x.code, x.status]);
      }
    });
    this.texts.keep(s.id, s.scenarioText);
  }
  async getSession(id: string) { const r = await this.one(`SELECT ${SESSION_META_COLUMNS} FROM sessions WHERE id = $1`, [id]); return r && this.withText(r); }
  async listSessions() { return (await this.q(`SELECT ${SESSION_META_COLUMNS} FROM sessions ORDER BY created_at DESC, id`)).map(toSessionMeta); }
  /** A session's row with its scenario text: kept, or read once (scenario-texts.ts). The row is read first: an erased session is gone even where its text is still kept. */
  private async withText(r: Row): Promise<SessionRow | undefined> {
    const meta = toSessionMeta(r);
    const kept = this.texts.get(meta.id);
    if (kept !== undefined) return { ...meta, scenarioText: kept };
    const t = await this.one("SELECT scenario_text FROM sessions WHERE id = $1", [meta.id]);
    if (!t) return undefined;
    this.texts.keep(meta.id, str(t.scenario_text));
    return { ...meta, scenarioText: str(t.scenario_text) };
  }
  async setSessionStatus(id: string, status: SessionStatus, endedAt?: number) {
    await this.q("UPDATE sessions SET status = $1, ended_at = COALESCE($2, ended_at) WHERE id = $3", [status, endedAt ?? null, id]);
  }
  /**
   * Everything else cascades. The rows leave every query at once, but PostgreSQL only marks them dead:
   * their bytes stay in the table files until the space is reused or the tables are rewritten
   * (`VACUUM FULL`, which locks them: an operator's job outside sessions), and in WAL segments, archives and
   * backups until those expire — docs/deploy.md ("Erasure") says what to do; tests/server/erasure-postgres.test.ts measures it.
   */
  async eraseSession(id: string) { this.texts.forget(id); await this.q("DELETE FROM sessions WHERE id = $1", [id]); }
  async sessionsCreatedBefore(time: number) { return (await this.q("SELECT id FROM sessions WHERE created_at < $1 ORDER BY created_at", [time])).map((r) => str(r.id)); }
  async findCode(code: string) {
    const s = await this.one(`SELECT ${SESSION_META_COLUMNS} FROM sessions WHERE code = $1`, [code]);
    if (s) { const session = await this.withText(s); return session && { session }; }
    const c = await this.one("SELECT * FROM cells WHERE code = $1", [code]);
    if (!c) return undefined;
    const cell = toCell(c);
    const session = await this.getSession(cell.sessionId);
    return session && { session, cell };
  }

  async getCell(id: string) { const r = await this.one("SELECT * FROM cells WHERE id = $1", [id]); return r && toCell(r); }
  async listCells(sessionId: string) { return (await this.q("SELECT * FROM cells WHERE session_id = $1 ORDER BY idx", [sessionId])).map(toCell); }
  async listLiveCells() {
    return (await this.q("SELECT c.* FROM cells c JOIN sessions s ON s.id = c.session_id WHERE c.status <> 'ended' AND s.status <> 'ended' ORDER BY s.created_at, c.idx")).map(toCell);
  }
  async setCellStatus(id: string, status: CellStatus) { await this.q("UPDATE cells SET status = $1 WHERE id = $2", [status, id]); }

  async createPlayer(p: PlayerRow) {
    await this.q("INSERT INTO players(id, cell_id, name, token_hash, created_at, student_id, pseudo_id) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      [p.id, p.cellId, p.name, p.tokenHash, p.createdAt, p.studentId ?? null, p.pseudoId ?? null]);
  }
  async getPlayer(id: string) { const r = await this.one("SELECT * FROM players WHERE id = $1", [id]); return r && toPlayer(r); }
  async listPlayers(cellId: string) { return (await this.q("SELECT * FROM players WHERE cell_id = $1 ORDER BY created_at, id", [cellId])).map(toPlayer); }

  /**
   * One autocommit statement: inserted only if `seq` is last + 1; a concurrent writer of the same seq hits
   * the primary key; a ref already used by the same author in the cell hits `log_entries_ref` (a resend).
   */
  async appendEntry(cellId: string, e: StoredEntry) {
    let inserted: number;
    try {
      const r = await this.pool.query(`INSERT INTO log_entries(cell_id, seq, wall, author_kind, author_id, payload, ref)
        SELECT $1, $2, $3, $4, $5, $6, $7 WHERE (SELECT COALESCE(MAX(seq), 0) FROM log_entries WHERE cell_id = $1) = $2 - 1`,
      [cellId, e.seq, e.wall, e.by.kind, e.by.id, JSON.stringify(e.payload), e.ref ?? null]);
      inserted = r.rowCount ?? 0;
    } catch (err) {
      const pgErr = err as { code?: string; constraint?: string };
      if (pgErr.code === "23505" && pgErr.constraint === "log_entries_ref" && e.ref !== undefined) {
        const first = await this.one("SELECT seq FROM log_entries WHERE cell_id = $1 AND author_id = $2 AND ref = $3", [cellId, e.by.id, e.ref]);
        if (first) throw new DuplicateRefError(cellId, e.ref, num(first.seq));
      }
      if (pgErr.code === "23505") throw new SeqConflictError(cellId, e.seq);
      throw classify(err, "appendEntry", cellId);
    }
    if (inserted !== 1) throw new SeqConflictError(cellId, e.seq);
  }
  async listRefs(cellId: string): Promise<RefRow[]> {
    return (await this.q("SELECT author_id, ref, seq FROM log_entries WHERE cell_id = $1 AND ref IS NOT NULL ORDER BY seq", [cellId]))
      .map((r) => ({ authorId: str(r.author_id), ref: str(r.ref), seq: num(r.seq) }));
  }
  /** No record outside the database: PostgreSQL's own WAL, with synchronous_commit on, is what makes a commit durable (docs/deploy.md). */
  async ackedSeqs() { return undefined; }
  /**
   * PostgreSQL checks its pages itself (checksums when the cluster has them, reported as XX001 on read);
   * here: the server answers and the schema is the version this code expects.
   */
  async checkIntegrity(): Promise<IntegrityReport> {
    const problems: string[] = [];
    try {
      const v = await this.schemaVersion();
      if (v !== PG_SCHEMA_VERSION) problems.push(`schéma en version ${v}, ce serveur attend ${PG_SCHEMA_VERSION}`);
    } catch (err) { problems.push(`PostgreSQL : ${(err as Error).message}`); }
    return { ok: problems.length === 0, problems, checkedAt: Date.now() };
  }
  async readLog(cellId: string, after = 0) {
    return (await this.q("SELECT * FROM log_entries WHERE cell_id = $1 AND seq > $2 ORDER BY seq", [cellId, after])).map((r) => {
      try { return toEntry(r); } catch (err) { throw classify(Object.assign(new Error(`entrée ${num(r.seq)} du journal illisible : ${(err as Error).message}`), { code: "XX001" }), "readLog", cellId); }
    });
  }
  async lastSeq(cellId: string) { return num((await this.one("SELECT COALESCE(MAX(seq), 0) AS n FROM log_entries WHERE cell_id = $1", [cellId]))!.n); }

  async putSnapshot(s: SnapshotRow) {
    await this.tx(async (c) => {
      await c.query(`INSERT INTO snapshots(cell_id, seq, json, wall) SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM cells WHERE id = $1)
        ON CONFLICT (cell_id, seq) DO UPDATE SET json = excluded.json, wall = excluded.wall`, [s.cellId, s.seq, s.json, s.wall]);
      await c.query("DELETE FROM snapshots WHERE cell_id = $1 AND seq < $2", [s.cellId, s.seq]); // only the latest is needed
    });
  }
  async latestSnapshot(cellId: string) {
    const r = await this.one("SELECT * FROM snapshots WHERE cell_id = $1 ORDER BY seq DESC LIMIT 1", [cellId]);
    return r && { cellId: str(r.cell_id), seq: num(r.seq), json: str(r.json), wall: num(r.wall) };
  }

  async putCheckpoint(c: CheckpointRow) {
    await this.q(`INSERT INTO checkpoints(cell_id, seq, hash, wall) SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM cells WHERE id = $1)
      ON CONFLICT (cell_id, seq) DO UPDATE SET hash = excluded.hash, wall = excluded.wall`, [c.cellId, c.seq, c.hash, c.wall]);
  }
  async listCheckpoints(cellId: string) {
    return (await this.q("SELECT * FROM checkpoints WHERE cell_id = $1 ORDER BY seq", [cellId]))
      .map((r) => ({ cellId: str(r.cell_id), seq: num(r.seq), hash: str(r.hash), wall: num(r.wall) }));
  }

  async addAnnotation(a: AnnotationRow) {
    await this.q(`INSERT INTO annotations(id, cell_id, session_id, author_id, author, wall, at, entry, competency, text)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [a.id, a.cellId, a.sessionId, a.authorId, a.author, a.wall, a.at, a.entry ?? null, a.competency ?? null, a.text]);
  }
  async listAnnotations(filter: { cellId?: string; sessionId?: string }) {
    if (!filter.cellId && !filter.sessionId) return [];
    return (await this.q(`SELECT * FROM annotations WHERE ($1::text IS NULL OR cell_id = $1) AND ($2::text IS NULL OR session_id = $2) ORDER BY wall, id`,
      [filter.cellId ?? null, filter.sessionId ?? null])).map(toAnnotation);
  }

  async addAssessment(a: AssessmentRow) {
    await this.q(`INSERT INTO assessments(id, cell_id, session_id, author_id, author, wall, scope, subject, competency, computed, level, justification)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [a.id, a.cellId, a.sessionId, a.authorId, a.author, a.wall, a.scope, a.subject, a.competency, a.computed, a.level, a.justification]);
  }
  async listAssessments(filter: { cellId?: string; sessionId?: string }) {
    return (await this.q(`SELECT * FROM assessments WHERE ($1::text IS NULL OR cell_id = $1) AND ($2::text IS NULL OR session_id = $2) ORDER BY wall, id`,
      [filter.cellId ?? null, filter.sessionId ?? null])).map(toAssessment);
  }

  private closing: Promise<void> | undefined;
  /** Waits for the queries in flight (appends included), then closes the pool. */
  close(): Promise<void> { return (this.closing ??= this.pool.end()); }
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try { const u = new URL(url); if (u.password) u.password = "***"; return u.toString(); } catch { return "postgres://…"; }
}
