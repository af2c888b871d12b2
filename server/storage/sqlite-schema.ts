import type Database from "better-sqlite3";

/**
 * The SQLite schema and its migrations, numbered like PostgreSQL's
 * (`postgres.ts`): the version reached is kept in `PRAGMA user_version`.
 * Databases created before versioning have user_version 0 and the tables of
 * version 1 (created with IF NOT EXISTS, so migration 1 is harmless on them).
 * Every migration runs in one IMMEDIATE transaction that re-reads the
 * version, so two processes opening one file (ALLOW_SQLITE_CLUSTER) never
 * apply one twice.
 */

export const SQLITE_V1_SCHEMA = `
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
  password_hash TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS staff_sessions (id_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS scenarios (id TEXT PRIMARY KEY, filename TEXT NOT NULL, text TEXT NOT NULL,
  uploaded_by TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, name TEXT NOT NULL, code TEXT NOT NULL UNIQUE, created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL, scenario_id TEXT NOT NULL, scenario_file TEXT NOT NULL, scenario_text TEXT NOT NULL,
  seed INTEGER NOT NULL, status TEXT NOT NULL, ended_at INTEGER);
CREATE TABLE IF NOT EXISTS cells (id TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL, name TEXT NOT NULL, code TEXT NOT NULL UNIQUE, status TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS cells_session ON cells(session_id);
CREATE TABLE IF NOT EXISTS players (id TEXT PRIMARY KEY, cell_id TEXT NOT NULL REFERENCES cells(id) ON DELETE CASCADE,
  name TEXT NOT NULL, token_hash TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS players_cell ON players(cell_id);
CREATE TABLE IF NOT EXISTS log_entries (cell_id TEXT NOT NULL REFERENCES cells(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
  wall INTEGER NOT NULL, author_kind TEXT NOT NULL, author_id TEXT NOT NULL, payload TEXT NOT NULL, ref TEXT,
  PRIMARY KEY (cell_id, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS snapshots (cell_id TEXT NOT NULL REFERENCES cells(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
  json TEXT NOT NULL, wall INTEGER NOT NULL, PRIMARY KEY (cell_id, seq));
CREATE TABLE IF NOT EXISTS annotations (id TEXT PRIMARY KEY, cell_id TEXT NOT NULL, session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  author_id TEXT NOT NULL, author TEXT NOT NULL, wall INTEGER NOT NULL, at INTEGER NOT NULL, entry INTEGER, competency TEXT, text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS annotations_session ON annotations(session_id);
CREATE TABLE IF NOT EXISTS checkpoints (cell_id TEXT NOT NULL REFERENCES cells(id) ON DELETE CASCADE, seq INTEGER NOT NULL,
  hash TEXT NOT NULL, wall INTEGER NOT NULL, PRIMARY KEY (cell_id, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS assessments (id TEXT PRIMARY KEY, cell_id TEXT NOT NULL, session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  author_id TEXT NOT NULL, author TEXT NOT NULL, wall INTEGER NOT NULL, scope TEXT NOT NULL, subject TEXT NOT NULL, competency TEXT NOT NULL,
  computed INTEGER, level INTEGER NOT NULL, justification TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS assessments_session ON assessments(session_id, wall);
CREATE INDEX IF NOT EXISTS assessments_cell ON assessments(cell_id, wall);
`;

/**
 * Idempotency for the whole life of a cell: one entry per (cell, author,
 * client message ref). Databases written before this index may hold a
 * message logged twice (resent after a restart, when only the last ~500
 * entries were remembered): the log is the truth, so both entries stay,
 * and the later copies' ref gets the suffix `~resent@<seq>`: the first
 * copy keeps the ref, which a new resend is answered with.
 * Shared with PostgreSQL (same SQL).
 */
export const DEDUPE_REFS_SQL = `
UPDATE log_entries SET ref = ref || '~resent@' || seq
WHERE ref IS NOT NULL AND (cell_id, seq) IN (
  SELECT c, s FROM (
    SELECT cell_id AS c, seq AS s, ROW_NUMBER() OVER (PARTITION BY cell_id, author_id, ref ORDER BY seq) AS n
    FROM log_entries WHERE ref IS NOT NULL
  ) d WHERE d.n > 1
);
CREATE UNIQUE INDEX IF NOT EXISTS log_entries_ref ON log_entries(cell_id, author_id, ref) WHERE ref IS NOT NULL;
`;

/**
 * Schools (issue 12): administrators, disabled accounts, sessions and classes
 * shared with named accounts, class rosters, players tied to a roster student.
 * The first instructor of a database from before becomes its administrator.
 * Shared with PostgreSQL (same SQL, BIGINT there for times).
 */
export const schoolsSql = (time: "INTEGER" | "BIGINT") => {
  // PostgreSQL can repeat it harmlessly (IF NOT EXISTS); SQLite's ALTER has no such clause, but its migrations run once (user_version).
  const add = time === "BIGINT" ? "ADD COLUMN IF NOT EXISTS" : "ADD COLUMN";
  return `
ALTER TABLE users ${add} disabled_at ${time};
UPDATE users SET role = 'admin' WHERE id = (SELECT id FROM users WHERE role = 'instructor' ORDER BY created_at, id LIMIT 1)
  AND NOT EXISTS (SELECT 1 FROM users WHERE role = 'admin');
ALTER TABLE sessions ${add} class_id TEXT;
ALTER TABLE players ${add} student_id TEXT;
ALTER TABLE players ${add} pseudo_id TEXT;
CREATE INDEX IF NOT EXISTS players_student ON players(student_id);
CREATE TABLE IF NOT EXISTS session_shares (subject_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, access TEXT NOT NULL, created_at ${time} NOT NULL, PRIMARY KEY (subject_id, user_id));
CREATE INDEX IF NOT EXISTS session_shares_user ON session_shares(user_id);
CREATE TABLE IF NOT EXISTS classes (id TEXT PRIMARY KEY, name TEXT NOT NULL, owner_id TEXT NOT NULL, created_at ${time} NOT NULL);
CREATE TABLE IF NOT EXISTS class_shares (subject_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, access TEXT NOT NULL, created_at ${time} NOT NULL, PRIMARY KEY (subject_id, user_id));
CREATE INDEX IF NOT EXISTS class_shares_user ON class_shares(user_id);
CREATE TABLE IF NOT EXISTS roster_students (id TEXT PRIMARY KEY, class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
  number TEXT NOT NULL, first_name TEXT NOT NULL, last_name TEXT NOT NULL, email TEXT, pseudo_id TEXT NOT NULL, code TEXT NOT NULL UNIQUE,
  created_at ${time} NOT NULL, UNIQUE (class_id, number));
CREATE INDEX IF NOT EXISTS roster_pseudo ON roster_students(pseudo_id);
`;
};

const MIGRATIONS: string[] = [/* 1 */ SQLITE_V1_SCHEMA, /* 2 */ DEDUPE_REFS_SQL, /* 3 */ schoolsSql("INTEGER")];
export const SQLITE_SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Bring a database to the current version. Returns the version found
 * (0 for a new file or one from before versioning) so that the caller can
 * do what cannot run inside a transaction (a one-time VACUUM).
 */
export function migrateSqlite(db: Database.Database): { from: number; to: number; hadTables: boolean } {
  const hadTables = (db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'sessions'").get() as { n: number }).n > 0;
  let from = -1;
  db.transaction(() => {
    from = db.pragma("user_version", { simple: true }) as number;
    if (from > MIGRATIONS.length) throw new Error(`schéma SQLite en version ${from}, plus récent que ce serveur (${MIGRATIONS.length})`);
    for (let v = from; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
  return { from, to: MIGRATIONS.length, hadTables };
}
