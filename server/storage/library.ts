/**
 * The scenario library of the studio: scenarios written or uploaded by
 * instructors, each a list of versions that only grows. A save never replaces
 * anything: it appends version n + 1 with who and when, so every earlier
 * version stays readable (and a wrong save is undone by saving an older text
 * again). A version that does not validate is kept as a draft (`valid:
 * false`); only a valid version can start a session. Deleting a scenario
 * hides it from its owner's list and from the catalogue; its versions stay,
 * because sessions started from them name them.
 *
 * Kept apart from the `Storage` interface's own methods (one object,
 * `storage.library`) so that the tables and their code live in one place:
 * this file (interface and memory) and library-sql.ts (SQLite, PostgreSQL).
 */

export interface LibraryScenarioRow { id: string; ownerId: string; createdAt: number; deletedAt?: number }

export interface LibraryVersionRow {
  scenarioId: string; version: number; filename: string; text: string;
  authorId: string; authorName: string; createdAt: number;
  /** The text passed the validator when it was saved (else it is a draft). */
  valid: boolean;
}

/** Which library version a session was created from (a session's text is its own copy; this names where it came from). */
export interface SessionVersionRow { sessionId: string; scenarioId: string; version: number }

export interface ScenarioLibrary {
  /** A new scenario with its first version, atomically. */
  create(s: LibraryScenarioRow, first: Omit<LibraryVersionRow, "scenarioId" | "version">): Promise<LibraryVersionRow>;
  /** Append the next version (its number is the last one + 1, decided inside the store so two saves never share one). */
  addVersion(scenarioId: string, v: Omit<LibraryVersionRow, "scenarioId" | "version">): Promise<LibraryVersionRow>;
  get(id: string): Promise<LibraryScenarioRow | undefined>;
  /** Scenarios not deleted, oldest first; `ownerId` filters. */
  list(filter?: { ownerId?: string }): Promise<LibraryScenarioRow[]>;
  /** Every version of a scenario, texts included, in order. */
  versions(scenarioId: string): Promise<LibraryVersionRow[]>;
  version(scenarioId: string, version: number): Promise<LibraryVersionRow | undefined>;
  latest(scenarioId: string): Promise<LibraryVersionRow | undefined>;
  markDeleted(id: string, at: number): Promise<void>;
  linkSession(row: SessionVersionRow): Promise<void>;
  sessionVersion(sessionId: string): Promise<SessionVersionRow | undefined>;
}

const copy = <T>(v: T): T => (v === undefined ? v : structuredClone(v));

/** The library in memory (unit tests, throwaway runs): same contract as the SQL ones, values copied in and out. */
export class MemoryLibrary implements ScenarioLibrary {
  private scenarios = new Map<string, LibraryScenarioRow>();
  private byScenario = new Map<string, LibraryVersionRow[]>();
  private links = new Map<string, SessionVersionRow>();

  async create(s: LibraryScenarioRow, first: Omit<LibraryVersionRow, "scenarioId" | "version">) {
    if (this.scenarios.has(s.id)) throw new Error(`scenario exists: ${s.id}`);
    this.scenarios.set(s.id, copy(s));
    this.byScenario.set(s.id, []);
    return this.addVersion(s.id, first);
  }
  async addVersion(scenarioId: string, v: Omit<LibraryVersionRow, "scenarioId" | "version">) {
    const list = this.byScenario.get(scenarioId);
    if (!list) throw new Error(`unknown scenario: ${scenarioId}`);
    const row: LibraryVersionRow = { ...copy(v), scenarioId, version: list.length + 1 };
    list.push(row);
    return copy(row);
  }
  async get(id: string) { return copy(this.scenarios.get(id)); }
  async list(filter: { ownerId?: string } = {}) {
    return [...this.scenarios.values()].filter((s) => s.deletedAt === undefined && (!filter.ownerId || s.ownerId === filter.ownerId)).map(copy);
  }
  async versions(scenarioId: string) { return (this.byScenario.get(scenarioId) ?? []).map(copy); }
  async version(scenarioId: string, version: number) { return copy(this.byScenario.get(scenarioId)?.[version - 1]); }
  async latest(scenarioId: string) { return copy(this.byScenario.get(scenarioId)?.at(-1)); }
  async markDeleted(id: string, at: number) { const s = this.scenarios.get(id); if (s && s.deletedAt === undefined) s.deletedAt = at; }
  async linkSession(row: SessionVersionRow) { this.links.set(row.sessionId, copy(row)); }
  async sessionVersion(sessionId: string) { return copy(this.links.get(sessionId)); }
}
