import type { HttpParams } from "../../shared/i18n/http-errors.js";

/**
 * The HTTP API (server/CONTEXT.md): JSON in, JSON out, staff authenticated by
 * an httpOnly cookie. A refusal (`{ error, params }`) becomes an `ApiError`
 * whose message is written in the reader's language (client/i18n/refusal.ts),
 * with the server's code and the whole body.
 */
export class ApiError extends Error {
  constructor(public status: number, message: string, public problems?: string[], public code?: string, public body?: Record<string, unknown>) { super(message); }
}

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method, credentials: "same-origin",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "network");
  }
  const text = await res.text();
  let data: unknown = undefined;
  try { data = text ? JSON.parse(text) : undefined; } catch { data = undefined; }
  if (!res.ok) {
    const d = (data ?? {}) as { error?: string; params?: HttpParams; problems?: string[] };
    // The texts of refusals are fetched with the first one (not with the home page): an error is rare and already async.
    const { httpRefusal } = await import("../i18n/refusal.js");
    throw new ApiError(res.status, httpRefusal({ error: d.error ?? "unknown", params: d.params }), d.problems, d.error, data as Record<string, unknown> | undefined);
  }
  return data as T;
}

export interface JoinResult { playerId: string; token: string; cellId: string; sessionId: string; name?: string; resumed?: boolean }
export type Role = "admin" | "instructor" | "evaluator";
export interface Me { username: string; role: Role }
export interface ScenarioSummary {
  id: string; title: unknown; summary?: unknown; audience?: unknown; languages?: string[]; duration?: string | number; tutorial?: boolean;
  competencies?: string[]; valid?: boolean; problems?: string[]; source?: string; file?: string;
  /** Library scenarios: the latest version, one's access, and the owner's name when it is shared with one. */
  version?: number; access?: "owner" | "edit" | "use"; owner?: string; [k: string]: unknown;
}
/** A cell as listed: its typed `name` (none for « Cellule N »: `cellName` in the reader's language) and its number. */
export interface CellInfo { id: string; name?: string; index: number; players?: number; status?: string; [k: string]: unknown }
export interface SessionInfo {
  id: string; name?: string; code?: string; scenario: string; cells: CellInfo[]; createdAt?: number | string;
  /** What this account may do with it: owner, run (co-instructor), assess (evaluator). */
  access?: "owner" | "run" | "assess"; class?: { id: string; name: string }; [k: string]: unknown;
}
export interface JoinInfo { roster: boolean; class?: string; cell?: string; students?: { id: string; label: string }[] }

export const api = {
  /** `token`: the seat this device holds; its holder typing their own name again gets that seat back (not « nom déjà pris »). */
  join: (code: string, name: string, token?: string) => call<JoinResult>("POST", "/api/join", { code, name, ...(token ? { token } : {}) }),
  /** Join as a student of the class roster: picked from the list, or with one's personal code. */
  joinAs: (code: string, who: { student: string } | { personal: string }) => call<JoinResult>("POST", "/api/join", { code, ...who }),
  joinInfo: (code: string) => call<JoinInfo>("GET", `/api/join/${encodeURIComponent(code)}`),
  setupNeeded: () => call<{ needsSetup: boolean }>("GET", "/api/setup"),
  setup: (token: string, username: string, password: string) => call<unknown>("POST", "/api/setup", { token, username, password }),
  login: (username: string, password: string) => call<Me>("POST", "/api/login", { username, password }),
  logout: () => call<unknown>("POST", "/api/logout"),
  me: () => call<Me>("GET", "/api/me"),
  scenarios: () => call<ScenarioSummary[] | { scenarios: ScenarioSummary[] }>("GET", "/api/scenarios")
    .then((r) => (Array.isArray(r) ? r : r.scenarios ?? [])),
  sessions: () => call<SessionInfo[] | { sessions: SessionInfo[] }>("GET", "/api/sessions")
    .then((r) => (Array.isArray(r) ? r : r.sessions ?? [])),
  session: (id: string) => call<SessionInfo | { session: SessionInfo }>("GET", `/api/sessions/${encodeURIComponent(id)}`)
    .then((r) => ("session" in r && r.session ? r.session : r) as SessionInfo),
  createSession: (scenario: string, cells: number, name?: string, klass?: string) => call<SessionInfo | { session: SessionInfo }>("POST", "/api/sessions", { scenario, cells, ...(name ? { name } : {}), ...(klass ? { class: klass } : {}) })
    .then((r) => ("session" in r && r.session ? r.session : r) as SessionInfo),
  staffToken: () => call<{ token: string } | { staffToken: string }>("GET", "/api/staff-token")
    .then((r) => ("token" in r ? r.token : r.staffToken)),
};
