import type {
  AnnotationRow, AssessmentRow, CellRow, CellStatus, ClassRow, PlayerRow, RosterStudentRow, ScenarioRow, SessionMeta, SessionStatus, ShareAccess, ShareRow,
  StaffRole, StoredEntry, UserRow,
} from "./types.js";

/**
 * Database rows (snake_case columns) to the storage's records, the same for
 * SQLite and PostgreSQL: the two schemas have the same columns. NULL
 * columns become absent fields, never `null` (records compare equal across
 * implementations in the shared suite).
 */

export type Row = Record<string, unknown>;
const str = (v: unknown) => v as string;
const num = (v: unknown) => Number(v);
const has = (v: unknown) => v !== null && v !== undefined;

export const toUser = (r: Row): UserRow => ({
  id: str(r.id), username: str(r.username), role: str(r.role) as StaffRole, passwordHash: str(r.password_hash), createdAt: num(r.created_at),
  ...(has(r.disabled_at) ? { disabledAt: num(r.disabled_at) } : {}),
});
/** Every column of `sessions` but its scenario text (read apart, and kept: scenario-texts.ts). */
export const SESSION_META_COLUMNS = "id, name, code, created_by, created_at, scenario_id, scenario_file, seed, status, ended_at, class_id";
export const toSessionMeta = (r: Row): SessionMeta => ({
  id: str(r.id), name: str(r.name), code: str(r.code), createdBy: str(r.created_by), createdAt: num(r.created_at),
  scenarioId: str(r.scenario_id), scenarioFile: str(r.scenario_file), seed: num(r.seed),
  status: str(r.status) as SessionStatus, ...(has(r.ended_at) ? { endedAt: num(r.ended_at) } : {}), ...(has(r.class_id) ? { classId: str(r.class_id) } : {}),
});
export const toCell = (r: Row): CellRow => ({ id: str(r.id), sessionId: str(r.session_id), index: num(r.idx), name: str(r.name), code: str(r.code), status: str(r.status) as CellStatus });
export const toPlayer = (r: Row): PlayerRow => ({
  id: str(r.id), cellId: str(r.cell_id), name: str(r.name), tokenHash: str(r.token_hash), createdAt: num(r.created_at),
  ...(has(r.student_id) ? { studentId: str(r.student_id) } : {}), ...(has(r.pseudo_id) ? { pseudoId: str(r.pseudo_id) } : {}),
});
export const toScenario = (r: Row): ScenarioRow => ({ id: str(r.id), filename: str(r.filename), text: str(r.text), uploadedBy: str(r.uploaded_by), createdAt: num(r.created_at) });
export const toEntry = (r: Row): StoredEntry => ({
  seq: num(r.seq), wall: num(r.wall), by: { kind: str(r.author_kind) as StoredEntry["by"]["kind"], id: str(r.author_id) },
  payload: JSON.parse(str(r.payload)), ...(has(r.ref) ? { ref: str(r.ref) } : {}),
});
export const toAnnotation = (r: Row): AnnotationRow => ({
  id: str(r.id), cellId: str(r.cell_id), sessionId: str(r.session_id), authorId: str(r.author_id), author: str(r.author),
  wall: num(r.wall), at: num(r.at), text: str(r.text),
  ...(has(r.entry) ? { entry: num(r.entry) } : {}), ...(has(r.competency) ? { competency: str(r.competency) } : {}),
});
export const toAssessment = (r: Row): AssessmentRow => ({
  id: str(r.id), cellId: str(r.cell_id), sessionId: str(r.session_id), authorId: str(r.author_id), author: str(r.author), wall: num(r.wall),
  scope: str(r.scope) as AssessmentRow["scope"], subject: str(r.subject), competency: str(r.competency) as AssessmentRow["competency"],
  computed: r.computed === null ? null : (num(r.computed) as AssessmentRow["level"]), level: num(r.level) as AssessmentRow["level"],
  justification: str(r.justification),
});
export const toShare = (r: Row): ShareRow => ({ subjectId: str(r.subject_id), userId: str(r.user_id), access: str(r.access) as ShareAccess, createdAt: num(r.created_at) });
export const toClass = (r: Row): ClassRow => ({ id: str(r.id), name: str(r.name), ownerId: str(r.owner_id), createdAt: num(r.created_at) });
export const toRoster = (r: Row): RosterStudentRow => ({
  id: str(r.id), classId: str(r.class_id), number: str(r.number), firstName: str(r.first_name), lastName: str(r.last_name),
  ...(has(r.email) ? { email: str(r.email) } : {}), pseudoId: str(r.pseudo_id), code: str(r.code), createdAt: num(r.created_at),
});

/** The share tables, by kind (the only table names interpolated into SQL: never from input); scenarios' are created with the library's tables (library-sql.ts). */
export const SHARE_TABLE = { session: "session_shares", class: "class_shares", scenario: "library_shares" } as const;
