import type { LogEntry } from "../../shared/engine/log.js";
import type { Scenario } from "../../shared/scenario/schema.js";
import { ApiError } from "./api.js";

/**
 * The evaluator's HTTP calls: the replay payload of a cell, the assessment
 * of a session (computed levels, evaluators' levels, agreement), overrides,
 * annotations, and the export links. Shapes follow server/CONTEXT.md; fields
 * the server may add later are optional here and read defensively.
 */

export interface StoredEntryJson { seq: number; wall: number; by: NonNullable<LogEntry["by"]>; payload: LogEntry; ref?: string }

export interface ReplayPayload {
  format: string;
  session: { id: string; name: string; status: string; createdAt: number; endedAt?: number; scenarioId: string; scenarioFile: string };
  cell: { id: string; name: string; index: number; status: string; live: boolean };
  pseudonymized: boolean;
  scenario: Scenario;
  players: { id: string; name: string }[];
  log: StoredEntryJson[];
}

export type Competency = "C4.1" | "C4.2" | "C4.3" | "C4.4";
export type Scope = "cell" | "role" | "student";

export interface EvaluatorLevel { id?: string; authorId: string; author: string; level: number; justification?: string; wall?: number }
export interface LevelItem {
  scope: Scope; subject: string; name?: string; competency: Competency;
  computed: number | null; level: number | null; status?: string;
  evaluators?: EvaluatorLevel[]; evidence?: string[]; spread?: number | null;
}
export interface AgreementFigures { evaluators?: number; items?: number; pairs?: number; exact?: number | null; withinOne?: number | null; kappa?: number | null; withComputed?: number | null }
export interface AnnotationJson { id: string; cellId?: string; cell?: string; author: string; authorId?: string; at: number; entry?: number; competency?: string; text: string; wall?: number }
export interface CellAssessment {
  cellId: string; name?: string;
  items: LevelItem[];
  agreement?: AgreementFigures;
  annotations?: AnnotationJson[];
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { method, credentials: "same-origin", headers: body === undefined ? {} : { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch { throw new ApiError(0, "network"); }
  const text = await res.text();
  let data: unknown;
  try { data = text ? JSON.parse(text) : undefined; } catch { data = undefined; }
  if (!res.ok) {
    const d = (data ?? {}) as { error?: string; message?: string; problems?: string[] };
    throw new ApiError(res.status, d.message ?? d.error ?? (text.slice(0, 200) || res.statusText), d.problems);
  }
  return data as T;
}

const enc = encodeURIComponent;

/** Read the assessment answer whatever its envelope: `{ cells: [...] }`, an array, or one cell. */
function cellsOf(raw: unknown): CellAssessment[] {
  const r = raw as { cells?: unknown[] } | unknown[];
  const list = (Array.isArray(r) ? r : Array.isArray(r?.cells) ? r.cells : [r]) as Record<string, unknown>[];
  return list.filter(Boolean).map((c) => {
    const cell = (c.cell ?? {}) as Record<string, unknown>;
    const items = (c.items ?? c.levels ?? c.final ?? []) as LevelItem[];
    return {
      cellId: String(c.cellId ?? c.id ?? cell.id ?? ""), name: (c.name ?? cell.name) as string | undefined,
      items: Array.isArray(items) ? items : [],
      agreement: c.agreement as AgreementFigures | undefined,
      annotations: c.annotations as AnnotationJson[] | undefined,
    };
  });
}

export const evaluateApi = {
  replay: (cellId: string, pseudonymize = false) => call<ReplayPayload>("GET", `/api/cells/${enc(cellId)}/replay${pseudonymize ? "?pseudonymize=1" : ""}`),
  assessment: async (sessionId: string, lang: string) => cellsOf(await call<unknown>("GET", `/api/sessions/${enc(sessionId)}/assessment?lang=${enc(lang)}`)),
  assess: (cellId: string, body: { scope: Scope; subject: string; competency: Competency; level: number; justification: string }) =>
    call<unknown>("POST", `/api/cells/${enc(cellId)}/assessments`, body),
  annotations: async (cellId: string) => {
    const r = await call<AnnotationJson[] | { annotations: AnnotationJson[] }>("GET", `/api/cells/${enc(cellId)}/annotations`);
    return Array.isArray(r) ? r : r.annotations ?? [];
  },
  annotate: (cellId: string, body: { at: number; entry?: number; competency?: Competency; text: string }) =>
    call<AnnotationJson>("POST", `/api/cells/${enc(cellId)}/annotations`, body),
};

/** Download links (the server answers with Content-Disposition: attachment). */
export const exportLinks = {
  pdf: (cellId: string, lang: string, pseudo: boolean) => `/api/cells/${enc(cellId)}/report.pdf?lang=${lang}&pseudonymize=${pseudo ? 1 : 0}`,
  csv: (sessionId: string, pseudo: boolean, semicolon = false) => `/api/sessions/${enc(sessionId)}/export.csv?pseudonymize=${pseudo ? 1 : 0}${semicolon ? "&sep=semicolon" : ""}`,
  json: (sessionId: string, pseudo: boolean) => `/api/sessions/${enc(sessionId)}/export${pseudo ? "?pseudonymize=1" : ""}`,
  xapi: (sessionId: string, pseudo: boolean) => `/api/sessions/${enc(sessionId)}/xapi${pseudo ? "?pseudonymize=1" : ""}`,
};
