import { MemoryLibrary, type ScenarioLibrary } from "./library.js";
import {
  DuplicateRefError, SeqConflictError, type AnnotationRow, type IntegrityReport, type RefRow, type AssessmentRow, type CheckpointRow, type CellRow, type CellStatus, type PlayerRow, type ScenarioRow, type SessionRow,
  type SessionStatus, type SnapshotRow, type StaffRole, type StaffSessionRow, type Storage, type StoredEntry, type UserRow,
} from "./types.js";

/**
 * Storage in memory, for unit tests and throwaway runs. Same contract as the
 * SQLite one (the shared suite checks both); values are copied in and out so
 * callers can never mutate what is "stored".
 */
export class MemoryStorage implements Storage {
  readonly kind = "memory" as const;
  /** The studio's scenario library (library.ts). */
  readonly library: ScenarioLibrary = new MemoryLibrary();
  private settings = new Map<string, string>();
  private users = new Map<string, UserRow>();
  private staffSessions = new Map<string, StaffSessionRow>();
  private scenarios = new Map<string, ScenarioRow>();
  private sessions = new Map<string, SessionRow>();
  private cells = new Map<string, CellRow>();
  private players = new Map<string, PlayerRow>();
  private logs = new Map<string, StoredEntry[]>();
  private snapshots = new Map<string, SnapshotRow>();
  private annotations: AnnotationRow[] = [];
  private assessments: AssessmentRow[] = [];
  private checkpoints = new Map<string, Map<number, CheckpointRow>>();

  async getSetting(key: string) { return this.settings.get(key); }
  async setSetting(key: string, value: string | undefined) {
    if (value === undefined) this.settings.delete(key); else this.settings.set(key, value);
  }

  async createUser(u: UserRow) {
    if ([...this.users.values()].some((x) => x.username === u.username)) throw new Error(`user exists: ${u.username}`);
    this.users.set(u.id, copy(u));
  }
  async getUser(id: string) { return copy(this.users.get(id)); }
  async getUserByName(username: string) { return copy([...this.users.values()].find((u) => u.username === username)); }
  async listUsers() { return [...this.users.values()].map(copy); }
  async countUsers(role?: StaffRole) { return [...this.users.values()].filter((u) => !role || u.role === role).length; }

  async createStaffSession(s: StaffSessionRow) { this.staffSessions.set(s.idHash, copy(s)); }
  async getStaffSession(idHash: string) { return copy(this.staffSessions.get(idHash)); }
  async deleteStaffSession(idHash: string) { this.staffSessions.delete(idHash); }
  async purgeStaffSessions(now: number) {
    let n = 0;
    for (const [k, s] of this.staffSessions) if (s.expiresAt <= now) { this.staffSessions.delete(k); n++; }
    return n;
  }

  async putScenario(s: ScenarioRow) { this.scenarios.set(s.id, copy(s)); }
  async getScenario(id: string) { return copy(this.scenarios.get(id)); }
  async listScenarios() { return [...this.scenarios.values()].map(copy).sort((a, b) => a.createdAt - b.createdAt); }

  async createSession(s: SessionRow, cells: CellRow[]) {
    const codes = new Set([s.code, ...cells.map((c) => c.code)]);
    for (const x of this.sessions.values()) if (codes.has(x.code)) throw new Error("code exists");
    for (const x of this.cells.values()) if (codes.has(x.code)) throw new Error("code exists");
    this.sessions.set(s.id, copy(s));
    for (const c of cells) { this.cells.set(c.id, copy(c)); this.logs.set(c.id, []); }
  }
  async getSession(id: string) { return copy(this.sessions.get(id)); }
  async listSessions() { return [...this.sessions.values()].map(copy).sort((a, b) => b.createdAt - a.createdAt); }
  async setSessionStatus(id: string, status: SessionStatus, endedAt?: number) {
    const s = this.sessions.get(id);
    if (s) { s.status = status; if (endedAt !== undefined) s.endedAt = endedAt; }
  }
  async eraseSession(id: string) {
    for (const c of [...this.cells.values()].filter((x) => x.sessionId === id)) {
      this.cells.delete(c.id); this.logs.delete(c.id); this.snapshots.delete(c.id); this.checkpoints.delete(c.id);
      for (const p of [...this.players.values()]) if (p.cellId === c.id) this.players.delete(p.id);
    }
    this.annotations = this.annotations.filter((a) => a.sessionId !== id);
    this.assessments = this.assessments.filter((a) => a.sessionId !== id);
    this.sessions.delete(id);
  }
  async sessionsCreatedBefore(time: number) { return [...this.sessions.values()].filter((s) => s.createdAt < time).map((s) => s.id); }
  async findCode(code: string) {
    const session = [...this.sessions.values()].find((s) => s.code === code);
    if (session) return { session: copy(session) };
    const cell = [...this.cells.values()].find((c) => c.code === code);
    if (!cell) return undefined;
    return { session: copy(this.sessions.get(cell.sessionId)!), cell: copy(cell) };
  }

  async getCell(id: string) { return copy(this.cells.get(id)); }
  async listCells(sessionId: string) { return [...this.cells.values()].filter((c) => c.sessionId === sessionId).sort((a, b) => a.index - b.index).map(copy); }
  async listLiveCells() {
    return [...this.cells.values()].filter((c) => c.status !== "ended" && this.sessions.get(c.sessionId)?.status !== "ended").map(copy);
  }
  async setCellStatus(id: string, status: CellStatus) { const c = this.cells.get(id); if (c) c.status = status; }

  async createPlayer(p: PlayerRow) { this.players.set(p.id, copy(p)); }
  async getPlayer(id: string) { return copy(this.players.get(id)); }
  async listPlayers(cellId: string) { return [...this.players.values()].filter((p) => p.cellId === cellId).map(copy); }

  async appendEntry(cellId: string, entry: StoredEntry) {
    const log = this.logs.get(cellId);
    if (!log) throw new Error(`unknown cell ${cellId}`);
    const last = log.length > 0 ? log[log.length - 1].seq : 0;
    if (entry.seq !== last + 1) throw new SeqConflictError(cellId, entry.seq);
    if (entry.ref !== undefined) {
      const first = log.find((e) => e.ref === entry.ref && e.by.id === entry.by.id);
      if (first) throw new DuplicateRefError(cellId, entry.ref, first.seq);
    }
    log.push(copy(entry));
  }
  async listRefs(cellId: string): Promise<RefRow[]> {
    return (this.logs.get(cellId) ?? []).flatMap((e) => (e.ref !== undefined ? [{ authorId: e.by.id, ref: e.ref, seq: e.seq }] : []));
  }
  /** Nothing outside the "database" to compare with: memory is lost with the process anyway. */
  async ackedSeqs() { return undefined; }
  async checkIntegrity(): Promise<IntegrityReport> { return { ok: true, problems: [], checkedAt: Date.now() }; }
  async readLog(cellId: string, after = 0) { return (this.logs.get(cellId) ?? []).filter((e) => e.seq > after).map(copy); }
  async lastSeq(cellId: string) { const log = this.logs.get(cellId) ?? []; return log.length > 0 ? log[log.length - 1].seq : 0; }

  async putSnapshot(s: SnapshotRow) {
    const cur = this.snapshots.get(s.cellId);
    if (this.cells.has(s.cellId) && (!cur || cur.seq <= s.seq)) this.snapshots.set(s.cellId, copy(s));
  }
  async latestSnapshot(cellId: string) { return copy(this.snapshots.get(cellId)); }

  async putCheckpoint(c: CheckpointRow) {
    if (!this.cells.has(c.cellId)) return;
    let m = this.checkpoints.get(c.cellId);
    if (!m) this.checkpoints.set(c.cellId, (m = new Map()));
    m.set(c.seq, copy(c));
  }
  async listCheckpoints(cellId: string) {
    return [...(this.checkpoints.get(cellId)?.values() ?? [])].sort((a, b) => a.seq - b.seq).map(copy);
  }

  async addAssessment(a: AssessmentRow) {
    if (this.assessments.some((x) => x.id === a.id)) throw new Error(`assessment exists: ${a.id}`);
    this.assessments.push(copy(a));
  }
  async listAssessments(filter: { cellId?: string; sessionId?: string }) {
    return this.assessments.filter((a) => (!filter.cellId || a.cellId === filter.cellId) && (!filter.sessionId || a.sessionId === filter.sessionId))
      .sort((a, b) => a.wall - b.wall || a.id.localeCompare(b.id)).map(copy);
  }

  async addAnnotation(a: AnnotationRow) { this.annotations.push(copy(a)); }
  async listAnnotations(filter: { cellId?: string; sessionId?: string }) {
    return this.annotations.filter((a) => (!filter.cellId || a.cellId === filter.cellId) && (!filter.sessionId || a.sessionId === filter.sessionId))
      .sort((a, b) => a.wall - b.wall).map(copy);
  }

  async close() { /* nothing to release */ }
}

function copy<T>(x: T): T { return x === undefined ? x : structuredClone(x); }
