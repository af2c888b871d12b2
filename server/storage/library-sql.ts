import type Database from "better-sqlite3";
import type pg from "pg";
import type { LibraryScenarioRow, LibraryVersionRow, ScenarioLibrary, SessionVersionRow } from "./library.js";

/**
 * The scenario library (library.ts) on SQLite and PostgreSQL. Its three
 * tables are created with IF NOT EXISTS when the store is first used: they
 * are new and independent of the numbered migrations of the rest of the
 * schema, which they never alter. A session's link to the version it was
 * created from goes with the session (ON DELETE CASCADE: erasure and
 * retention reach it). Its shares (`library_shares`, read and written by
 * the stores' `setShare`/`listShares` like the sessions' and classes') live
 * here too, since they name library scenarios. Version numbers are computed inside the INSERT, and
 * (scenario, version) is the primary key, so two saves at once never share
 * a number: the loser of a race retries.
 */

const TABLES = (bigint: string) => `
CREATE TABLE IF NOT EXISTS library_scenarios (id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, created_at ${bigint} NOT NULL, deleted_at ${bigint});
CREATE INDEX IF NOT EXISTS library_scenarios_owner ON library_scenarios(owner_id);
CREATE TABLE IF NOT EXISTS library_versions (scenario_id TEXT NOT NULL REFERENCES library_scenarios(id), version INTEGER NOT NULL,
  filename TEXT NOT NULL, text TEXT NOT NULL, author_id TEXT NOT NULL, author_name TEXT NOT NULL, created_at ${bigint} NOT NULL,
  valid INTEGER NOT NULL, PRIMARY KEY (scenario_id, version));
CREATE TABLE IF NOT EXISTS library_sessions (session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
  scenario_id TEXT NOT NULL, version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS library_shares (subject_id TEXT NOT NULL REFERENCES library_scenarios(id),
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, access TEXT NOT NULL, created_at ${bigint} NOT NULL, PRIMARY KEY (subject_id, user_id));
CREATE INDEX IF NOT EXISTS library_shares_user ON library_shares(user_id);
`;

type Row = Record<string, unknown>;
type NewVersion = Omit<LibraryVersionRow, "scenarioId" | "version">;
const toScenario = (r: Row): LibraryScenarioRow => ({
  id: String(r.id), ownerId: String(r.owner_id), createdAt: Number(r.created_at), ...(r.deleted_at != null ? { deletedAt: Number(r.deleted_at) } : {}),
});
const toVersion = (r: Row): LibraryVersionRow => ({
  scenarioId: String(r.scenario_id), version: Number(r.version), filename: String(r.filename), text: String(r.text),
  authorId: String(r.author_id), authorName: String(r.author_name), createdAt: Number(r.created_at), valid: Number(r.valid) === 1,
});
const toLink = (r: Row): SessionVersionRow => ({ sessionId: String(r.session_id), scenarioId: String(r.scenario_id), version: Number(r.version) });
const isConflict = (e: unknown) => /UNIQUE|duplicate key|23505/i.test(`${(e as { code?: string }).code ?? ""} ${(e as Error).message ?? ""}`);

/** The library in the server's SQLite file (synchronous underneath, like the rest of the SQLite store's rare writes). */
export class SqliteLibrary implements ScenarioLibrary {
  constructor(private db: Database.Database) { db.exec(TABLES("INTEGER")); }

  private insertVersion(scenarioId: string, v: NewVersion): LibraryVersionRow {
    const row = this.db.prepare(`INSERT INTO library_versions(scenario_id, version, filename, text, author_id, author_name, created_at, valid)
      SELECT ?, COALESCE(MAX(version), 0) + 1, ?, ?, ?, ?, ?, ? FROM library_versions WHERE scenario_id = ? RETURNING *`)
      .get(scenarioId, v.filename, v.text, v.authorId, v.authorName, v.createdAt, v.valid ? 1 : 0, scenarioId) as Row;
    return toVersion(row);
  }
  async create(s: LibraryScenarioRow, first: NewVersion) {
    return this.db.transaction(() => {
      this.db.prepare("INSERT INTO library_scenarios(id, owner_id, created_at, deleted_at) VALUES (?, ?, ?, ?)").run(s.id, s.ownerId, s.createdAt, s.deletedAt ?? null);
      return this.insertVersion(s.id, first);
    }).immediate();
  }
  async addVersion(scenarioId: string, v: NewVersion) {
    if (!this.db.prepare("SELECT 1 FROM library_scenarios WHERE id = ?").get(scenarioId)) throw new Error(`unknown scenario: ${scenarioId}`);
    return this.db.transaction(() => this.insertVersion(scenarioId, v)).immediate();
  }
  async get(id: string) { const r = this.db.prepare("SELECT * FROM library_scenarios WHERE id = ?").get(id) as Row | undefined; return r && toScenario(r); }
  async list(filter: { ownerId?: string } = {}) {
    const rows = filter.ownerId
      ? this.db.prepare("SELECT * FROM library_scenarios WHERE deleted_at IS NULL AND owner_id = ? ORDER BY created_at, id").all(filter.ownerId)
      : this.db.prepare("SELECT * FROM library_scenarios WHERE deleted_at IS NULL ORDER BY created_at, id").all();
    return (rows as Row[]).map(toScenario);
  }
  async versions(scenarioId: string) { return (this.db.prepare("SELECT * FROM library_versions WHERE scenario_id = ? ORDER BY version").all(scenarioId) as Row[]).map(toVersion); }
  async version(scenarioId: string, version: number) {
    const r = this.db.prepare("SELECT * FROM library_versions WHERE scenario_id = ? AND version = ?").get(scenarioId, version) as Row | undefined;
    return r && toVersion(r);
  }
  async latest(scenarioId: string) {
    const r = this.db.prepare("SELECT * FROM library_versions WHERE scenario_id = ? ORDER BY version DESC LIMIT 1").get(scenarioId) as Row | undefined;
    return r && toVersion(r);
  }
  async markDeleted(id: string, at: number) { this.db.prepare("UPDATE library_scenarios SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL").run(at, id); }
  async linkSession(l: SessionVersionRow) {
    this.db.prepare("INSERT INTO library_sessions(session_id, scenario_id, version) VALUES (?, ?, ?) ON CONFLICT(session_id) DO NOTHING").run(l.sessionId, l.scenarioId, l.version);
  }
  async sessionVersion(sessionId: string) { const r = this.db.prepare("SELECT * FROM library_sessions WHERE session_id = ?").get(sessionId) as Row | undefined; return r && toLink(r); }
}

const TABLES_LOCK = 0x5a6f_15; // pg_advisory_xact_lock key: one process creates the library's tables

/** The library in PostgreSQL (several processes share it). */
export class PostgresLibrary implements ScenarioLibrary {
  private ready: Promise<void> | undefined;
  /** `tx`: the store's own transaction helper (BEGIN … COMMIT on one pooled client, ROLLBACK on failure). */
  constructor(private pool: () => pg.Pool, private tx: <T>(fn: (c: pg.PoolClient) => Promise<T>) => Promise<T>) {}

  /** Create the library's tables once (the store calls it before touching `library_shares`). */
  ensure(): Promise<void> {
    return (this.ready ??= this.tx(async (c) => {
      await c.query("SELECT pg_advisory_xact_lock($1)", [TABLES_LOCK]);
      await c.query(TABLES("BIGINT"));
    }).catch((e) => { this.ready = undefined; throw e; }));
  }
  private async q(sql: string, params: unknown[] = [], c?: pg.PoolClient): Promise<Row[]> {
    await this.ensure();
    return (await (c ?? this.pool()).query(sql, params)).rows as Row[];
  }
  private async insertVersion(scenarioId: string, v: NewVersion, c?: pg.PoolClient, attempt = 0): Promise<LibraryVersionRow> {
    try {
      const rows = await this.q(`INSERT INTO library_versions(scenario_id, version, filename, text, author_id, author_name, created_at, valid)
        SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5, $6, $7 FROM library_versions WHERE scenario_id = $1 RETURNING *`,
      [scenarioId, v.filename, v.text, v.authorId, v.authorName, v.createdAt, v.valid ? 1 : 0], c);
      return toVersion(rows[0]);
    } catch (e) {
      if (!c && isConflict(e) && attempt < 5) return this.insertVersion(scenarioId, v, undefined, attempt + 1); // a concurrent save took the number
      throw e;
    }
  }
  async create(s: LibraryScenarioRow, first: NewVersion) {
    await this.ensure();
    return this.tx(async (c) => {
      await this.q("INSERT INTO library_scenarios(id, owner_id, created_at, deleted_at) VALUES ($1, $2, $3, $4)", [s.id, s.ownerId, s.createdAt, s.deletedAt ?? null], c);
      return this.insertVersion(s.id, first, c);
    });
  }
  async addVersion(scenarioId: string, v: NewVersion) {
    if ((await this.q("SELECT 1 FROM library_scenarios WHERE id = $1", [scenarioId])).length === 0) throw new Error(`unknown scenario: ${scenarioId}`);
    return this.insertVersion(scenarioId, v);
  }
  async get(id: string) { const r = (await this.q("SELECT * FROM library_scenarios WHERE id = $1", [id]))[0]; return r && toScenario(r); }
  async list(filter: { ownerId?: string } = {}) {
    const rows = filter.ownerId
      ? await this.q("SELECT * FROM library_scenarios WHERE deleted_at IS NULL AND owner_id = $1 ORDER BY created_at, id", [filter.ownerId])
      : await this.q("SELECT * FROM library_scenarios WHERE deleted_at IS NULL ORDER BY created_at, id");
    return rows.map(toScenario);
  }
  async versions(scenarioId: string) { return (await this.q("SELECT * FROM library_versions WHERE scenario_id = $1 ORDER BY version", [scenarioId])).map(toVersion); }
  async version(scenarioId: string, version: number) {
    const r = (await this.q("SELECT * FROM library_versions WHERE scenario_id = $1 AND version = $2", [scenarioId, version]))[0];
    return r && toVersion(r);
  }
  async latest(scenarioId: string) {
    const r = (await this.q("SELECT * FROM library_versions WHERE scenario_id = $1 ORDER BY version DESC LIMIT 1", [scenarioId]))[0];
    return r && toVersion(r);
  }
  async markDeleted(id: string, at: number) { await this.q("UPDATE library_scenarios SET deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL", [at, id]); }
  async linkSession(l: SessionVersionRow) {
    await this.q("INSERT INTO library_sessions(session_id, scenario_id, version) VALUES ($1, $2, $3) ON CONFLICT (session_id) DO NOTHING", [l.sessionId, l.scenarioId, l.version]);
  }
  async sessionVersion(sessionId: string) { const r = (await this.q("SELECT * FROM library_sessions WHERE session_id = $1", [sessionId]))[0]; return r && toLink(r); }
}
