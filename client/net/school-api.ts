import { call } from "./api.js";
import type { Role } from "./api.js";
import type { RosterProblem, RosterSeparator } from "../../shared/i18n/roster-problems.js";

/**
 * The school's HTTP calls (server/http/accounts.ts, shares.ts, classes.ts,
 * students.ts): accounts, sharing, classes and rosters, portfolios and a
 * student's data rights. Shapes are the server's own.
 */

const enc = encodeURIComponent;
export type Access = "owner" | "run" | "assess";
export interface Account { id: string; username: string; role: Role; createdAt?: number; disabledAt?: number }
/** What a share grants: a session or a class `run` | `assess`, a library scenario `edit` | `use`. */
export type ShareLevel = "run" | "assess" | "edit" | "use";
export interface Share { username: string; role: Role; access: ShareLevel; disabled?: boolean }
/** What may be shared, as the routes name it. */
export type ShareKind = "sessions" | "classes" | "scenarios";
const sharesOf = (kind: ShareKind, id: string) => `/api/${kind === "scenarios" ? "scenarios/library" : kind}/${enc(id)}/shares`;
export interface ClassSummary { id: string; name: string; access: Access; students: number; owner: string; createdAt: number }
export interface RosterStudent { id: string; number: string; firstName: string; lastName: string; pseudoId: string; code?: string; email?: string }
export interface ClassDetail extends ClassSummary { roster: RosterStudent[]; sessions: { id: string; name: string; status: string; createdAt: number }[] }
/** A roster file's problem: where and a code with its parameters (shared/i18n/roster-problems.ts), written in the reader's language. */
export type { RosterProblem };
export interface ImportResult { added: number; updated: number; unchanged: number; students: number; encoding: string; separator: RosterSeparator; warnings: RosterProblem[] }
export interface LevelText { computed: string; final: string; revised: boolean; tone: string }
export interface PortfolioItem { title: string; outcome: string; basis: string; evidence: string[]; critical: boolean }
export interface Portfolio {
  title: string; generatedAt: string; canManage?: boolean;
  student: { name: string; number?: string; classes: string[]; pseudoId: string };
  sessions: { n: number; date: string; scenario: string; session: string; cell: string; roles: string; present: boolean; label: string }[];
  competencies: { competency: string; text: string; trend: { word: string; detail: string }; sessions: {
    n: number; level: LevelText; status: string; noEvidence: boolean; evidenceCount: number; how: string; self?: string;
    items: PortfolioItem[]; overrides: { who: string; date: string; level: string; justification: string }[];
  }[] }[];
  chart: { session: number; label: string; competency: string; computed: number | null; retained: number | null }[];
}
export interface ErasureReport { cells: number; sessions: number; entries: number; rosterRows: number; changed: string[]; ms: number }

export const schoolApi = {
  accounts: () => call<Account[]>("GET", "/api/users"),
  createAccount: (username: string, password: string, role: Role) => call<Account>("POST", "/api/users", { username, password, role }),
  changeAccount: (id: string, patch: { disabled?: boolean; password?: string; role?: Role }) => call<Account>("PATCH", `/api/users/${enc(id)}`, patch),
  changePassword: (current: string, password: string) => call<unknown>("POST", "/api/me/password", { current, password }),
  shares: (kind: ShareKind, id: string) => call<Share[]>("GET", sharesOf(kind, id)),
  share: (kind: ShareKind, id: string, username: string, access: ShareLevel | "none") => call<Share[]>("POST", sharesOf(kind, id), { username, access }),
  classes: () => call<ClassSummary[]>("GET", "/api/classes"),
  createClass: (name: string) => call<ClassSummary>("POST", "/api/classes", { name }),
  klass: (id: string) => call<ClassDetail>("GET", `/api/classes/${enc(id)}`),
  deleteClass: (id: string) => call<unknown>("DELETE", `/api/classes/${enc(id)}`),
  importRoster: (id: string, filename: string, data: string) => call<ImportResult>("POST", `/api/classes/${enc(id)}/roster`, { filename, data }),
  sessionStudents: (sessionId: string) => call<{ name: string; pseudoId: string }[]>("GET", `/api/sessions/${enc(sessionId)}/students`),
  portfolio: (pseudo: string, lang: string) => call<Portfolio>("GET", `/api/students/${enc(pseudo)}?lang=${enc(lang)}`),
  eraseStudent: (pseudo: string) => call<ErasureReport>("DELETE", `/api/students/${enc(pseudo)}`),
};

export const schoolLinks = {
  rosterSheet: (id: string, lang: string) => `/api/classes/${enc(id)}/roster.pdf?lang=${lang}`,
  portfolioPdf: (pseudo: string, lang: string, pseudo2: boolean) => `/api/students/${enc(pseudo)}/portfolio.pdf?lang=${lang}&pseudonymize=${pseudo2 ? 1 : 0}`,
  portfolioCsv: (pseudo: string, lang: string, pseudo2: boolean) => `/api/students/${enc(pseudo)}/portfolio.csv?lang=${lang}&pseudonymize=${pseudo2 ? 1 : 0}`,
  studentExport: (pseudo: string) => `/api/students/${enc(pseudo)}/export`,
};
