import type { CellAssessment, AssessmentScope as Scope, LevelItem, ReplayPayload, SessionAssessment, SessionComparison, SessionSeries } from "../../shared/assessment.js";
import type { AnnotationView as AnnotationJson } from "../../shared/protocol.js";
import type { Competency } from "../../shared/scenario/schema.js";
import { call } from "./api.js";

/**
 * The evaluator's HTTP calls: the replay payload of a cell, the assessment
 * of a session (computed levels, evaluators' levels, agreement), overrides,
 * annotations, and the export links. The shapes are the server's own
 * (shared/assessment.ts).
 */

export type { AnnotationJson, CellAssessment, Competency, LevelItem, ReplayPayload, Scope };

const enc = encodeURIComponent;

export const evaluateApi = {
  replay: (cellId: string, pseudonymize = false) => call<ReplayPayload>("GET", `/api/cells/${enc(cellId)}/replay${pseudonymize ? "?pseudonymize=1" : ""}`),
  /** Every cell's crisis over time, for the collective view. */
  series: (sessionId: string) => call<SessionSeries>("GET", `/api/sessions/${enc(sessionId)}/series`),
  /** The comparable injects and branch points; with a target, every cell side by side. */
  compare: (sessionId: string, lang: string, kind?: "inject" | "branch", index?: number) =>
    call<SessionComparison>("GET", `/api/sessions/${enc(sessionId)}/compare?lang=${enc(lang)}${kind && index !== undefined ? `&${kind}=${index}` : ""}`),
  assessment: async (sessionId: string, lang: string) => (await call<SessionAssessment>("GET", `/api/sessions/${enc(sessionId)}/assessment?lang=${enc(lang)}`)).cells,
  assess: (cellId: string, body: { scope: Scope; subject: string; competency: Competency; level: number; justification: string }) =>
    call<unknown>("POST", `/api/cells/${enc(cellId)}/assessments`, body),
  annotations: (cellId: string) => call<AnnotationJson[]>("GET", `/api/cells/${enc(cellId)}/annotations`),
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
