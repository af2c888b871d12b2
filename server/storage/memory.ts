import { MemoryLibrary, type ScenarioLibrary } from "./library.js";
import {
  DuplicateRefError, SeqConflictError, type AnnotationRow, type IntegrityReport, type RefRow, type AssessmentRow, type CheckpointRow, type CellRow, type CellStatus, type PlayerRow, type ScenarioRow, type SessionRow,
  type SessionStatus, type SnapshotRow, type StaffRole, type StaffLoginRow, type Storage, type StoredEntry, type UserRow,
  rosterOrder, type ClassRow, type ErasurePlan, type RosterStudentRow, type ShareAccess, type ShareKind, type ShareRow, type UserPatch,
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
  private staffLogins = new Map<string, StaffLoginRow>();
  private scenarios = new Map<string, ScenarioRow>();
  private sessions = new Map<string, SessionRow>();
  private cells = new Map<string, CellRow>();
  private players = new Map<string, PlayerRow>();
  private logs = new Map<string, StoredEntry[]>();
  private snapshots = new Map<string, SnapshotRow>();
  private annotations: AnnotationRow[] = [];
  private assessments: AssessmentRow[] = [];
  private checkpoints = new Map<string, Map<number, CheckpointRow>>();
  private shares = { session: [] as ShareRow[], class: [] as ShareRow[], scenario: [] as ShareRow[] };
  private classes = new Map<string, ClassRow>();
  private roster = new Map<string, RosterStudentRow>();

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
  async countUsers(role?: StaffRole) { return [...this.users.values()].filter((u) => (!role || u.role === role) && u.disabledAt === undefined).length; }
  async updateUser(id: string, patch: UserPatch) {
    const u = this.users.get(id);
    if (!u) return;
    if (patch.passwordHash !== undefined) u.passwordHash = patch.passwordHash;
    if (patch.role !== undefined) u.role = patch.role;
    if (patch.disabledAt === null) delete u.disabledAt; else if (patch.disabledAt !== undefined) u.disabledAt = patch.disabledAt;
  }

  async createStaffLogin(s: StaffLoginRow) { this.staffLogins.set(s.idHash, copy(s)); }
  async getStaffLogin(idHash: string) { return copy(this.staffLogins.get(idHash)); }
  async deleteStaffLogin(idHash: string) { this.staffLogins.delete(idHash); }
  async deleteStaffLoginsOf(userId: string) {
    const ids = [...this.staffLogins.values()].filter((s) => s.userId === userId).map((s) => s.idHash);
    for (const id of ids) this.staffLogins.delete(id);
    return ids;
  }

  async setShare(kind: ShareKind, subjectId: string, userId: string, access: ShareAccess | undefined) {
    const cur = this.shares[kind].find((x) => x.subjectId === subjectId && x.userId === userId);
    if (cur && access) { cur.access = access; return; }
    if (cur) this.shares[kind] = this.shares[kind].filter((x) => x !== cur);
    else if (access) this.shares[kind].push({ subjectId, userId, access, createdAt: Date.now() });
  }
  async listShares(kind: ShareKind, f: { subjectId?: string; userId?: string }) {
    return this.shares[kind].filter((x) => (f.subjectId === undefined || x.subjectId === f.subjectId) && (f.userId === undefined || x.userId === f.userId))
      .sort((a, b) => a.createdAt - b.createdAt || a.userId.localeCompare(b.userId)).map(copy);
  }

  async createClass(c: ClassRow) { this.classes.set(c.id, copy(c)); }
  async getClass(id: string) { return copy(this.classes.get(id)); }
  async listClasses() { return [...this.classes.values()].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id)).map(copy); }
  async deleteClass(id: string) {
    this.classes.delete(id);
    for (const r of [...this.roster.values()]) {
      if (r.classId !== id) continue;
      this.roster.delete(r.id);
      for (const p of this.players.values()) if (p.studentId === r.id) delete p.studentId;
    }
    this.shares.class = this.shares.class.filter((x) => x.subjectId !== id);
    for (const s of this.sessions.values()) if (s.classId === id) delete s.classId;
  }
  async setSessionClass(sessionId: string, classId: string | undefined) {
    const s = this.sessions.get(sessionId);
    if (!s) return;
    if (classId === undefined) delete s.classId; else s.classId = classId;
  }

  async upsertRoster(classId: string, students: RosterStudentRow[]) {
    const taken = new Map([...this.roster.values()].map((r) => [r.code, r.id]));
    for (const r of students) {
      if (r.classId !== classId) throw new Error("roster row of another class");
      const owner = taken.get(r.code);
      if (owner !== undefined && owner !== r.id) throw new Error("code exists");
      const same = [...this.roster.values()].find((x) => x.classId === classId && x.number === r.number && x.id !== r.id);
      if (same) throw new Error("student number exists in class");
    }
    for (const r of students) this.roster.set(r.id, copy(r));
  }
  async listRoster(classId: string) {
    return [...this.roster.values()].filter((r) => r.classId === classId).sort(rosterOrder).map(copy);
  }
  async getRosterStudent(id: string) { return copy(this.roster.get(id)); }
  async findRosterByCode(code: string) { return copy([...this.roster.values()].find((r) => r.code === code)); }
  async listRosterByPseudo(pseudoId: string) { return [...this.roster.values()].filter((r) => r.pseudoId === pseudoId).sort((a, b) => a.createdAt - b.createdAt).map(copy); }
  async listPlayersOfStudents(studentIds: string[]) {
    const ids = new Set(studentIds);
    return [...this.players.values()].filter((p) => p.studentId !== undefined && ids.has(p.studentId)).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id)).map(copy);
  }
  async setPlayerToken(playerId: string, tokenHash: string) { const p = this.players.get(playerId); if (p) p.tokenHash = tokenHash; }

  async applyErasure(plan: ErasurePlan) {
    for (const e of plan.entries) {
      const entry = this.logs.get(e.cellId)?.find((x) => x.seq === e.seq);
      if (entry) entry.payload = copy(e.payload) as StoredEntry["payload"];
    }
    for (const c of plan.checkpoints) this.checkpoints.get(c.cellId)?.set(c.seq, copy(c));
    for (const s of plan.snapshots) if (this.snapshots.get(s.cellId)?.seq === s.seq) this.snapshots.set(s.cellId, copy(s));
    for (const p of plan.players) { const x = this.players.get(p.id); if (x) { x.name = p.name; delete x.studentId; delete x.pseudoId; } }
    for (const a of plan.annotations) { const x = this.annotations.find((n) => n.id === a.id); if (x) x.text = a.text; }
    for (const a of plan.assessments) { const x = this.assessments.find((n) => n.id === a.id); if (x) x.justification = a.justification; }
    for (const s of plan.sessions) { const x = this.sessions.get(s.id); if (x) x.name = s.name; }
    for (const c of plan.cells) { const x = this.cells.get(c.id); if (x) x.name = c.name; }
    for (const id of plan.roster) this.roster.delete(id);
  }
  async purgeStaffLogins(now: number) {
    let n = 0;
    for (const [k, s] of this.staffLogins) if (s.expiresAt <= now) { this.staffLogins.delete(k); n++; }
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
  async listSessions() { return [...this.sessions.values()].map(({ scenarioText: _text, ...meta }) => copy(meta)).sort((a, b) => b.createdAt - a.createdAt); }
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
    this.shares.session = this.shares.session.filter((x) => x.subjectId !== id);
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
