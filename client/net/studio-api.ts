import type { HttpParams } from "../../shared/i18n/http-errors.js";
import { call } from "./api.js";

/**
 * The studio's HTTP calls (server/http/scenarios-studio.ts): the library of
 * one's own scenarios and of those shared with one, their versions, the
 * validator as you type, the schema. (Sharing: school-api.ts, kind `scenarios`.)
 */

/** One's access to a library scenario: its owner, or a colleague it was shared with to edit (new versions) or to use (read, duplicate, start sessions). */
export type LibraryAccess = "owner" | "edit" | "use";

export interface StudioProblem { line: number; col: number; path: string; severity: "error" | "warning"; message: string; text: string }
export interface VersionMeta { version: number; filename: string; author: string; createdAt: number; valid: boolean }
export interface VersionInfo extends VersionMeta { problems: StudioProblem[]; text?: string }
export interface LibraryItem { id: string; filename: string; title?: unknown; valid: boolean; version: number; author: string; updatedAt: number; problems: number; access: LibraryAccess; owner?: string }
export interface LibraryDetail { id: string; filename: string; title?: unknown; valid: boolean; createdAt?: number; access: LibraryAccess | "bundled"; owner?: string; latest: VersionInfo & { text: string }; versions: VersionMeta[] }
export interface SessionVersion { source: "library" | "file"; filename: string; version?: number; author?: string; createdAt?: number; title?: unknown }

const lib = (id: string) => `/api/scenarios/library/${encodeURIComponent(id)}`;

export const studioApi = {
  list: () => call<LibraryItem[]>("GET", "/api/scenarios/library"),
  get: (id: string) => call<LibraryDetail>("GET", lib(id)),
  /** A bundled scenario to read (no versions, nobody's to change). */
  bundled: (key: string) => call<LibraryDetail>("GET", `/api/scenarios/bundled/${encodeURIComponent(key)}`),
  rename: (id: string, filename: string) => call<LibraryDetail>("POST", `${lib(id)}/rename`, { filename }),
  upload: (filename: string, text: string) => call<LibraryDetail>("POST", "/api/scenarios/library", { filename, text }),
  duplicate: (from: string) => call<LibraryDetail>("POST", "/api/scenarios/library/duplicate", { from }),
  save: (id: string, text: string, filename?: string) => call<VersionInfo>("POST", `${lib(id)}/versions`, { text, ...(filename ? { filename } : {}) }),
  version: (id: string, v: number) => call<VersionInfo & { text: string }>("GET", `${lib(id)}/versions/${v}`),
  remove: (id: string) => call<void>("DELETE", lib(id)),
  check: (filename: string, text: string, signal?: AbortSignal) => checkCall(filename, text, signal),
  schema: () => call<Record<string, unknown>>("GET", "/api/scenarios/schema"),
  sessionVersion: (sessionId: string) => call<SessionVersion>("GET", `/api/sessions/${encodeURIComponent(sessionId)}/scenario-version`),
  versionFile: (id: string, v: number) => `${lib(id)}/versions/${v}/file`,
  bundledFile: (key: string) => `/api/scenarios/bundled/${encodeURIComponent(key)}/file`,
};

/** The validator, cancellable: a keystroke aborts the check of the text before it. */
async function checkCall(filename: string, text: string, signal?: AbortSignal): Promise<{ valid: boolean; problems: StudioProblem[] }> {
  const res = await fetch("/api/scenarios/check", {
    method: "POST", credentials: "same-origin", headers: { "content-type": "application/json" }, body: JSON.stringify({ filename, text }), signal,
  });
  const data = await res.json().catch(() => ({})) as { valid?: boolean; problems?: StudioProblem[]; error?: string; params?: HttpParams };
  if (!res.ok) throw new Error((await import("../i18n/refusal.js")).httpRefusal({ error: data.error ?? "unknown", params: data.params }));
  return { valid: data.valid ?? false, problems: data.problems ?? [] };
}
