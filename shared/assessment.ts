import type { LogEntry, LogPayload } from "./engine/log.js";
import type { AnnotationView } from "./protocol.js";
import type { Competency, Scenario } from "./scenario/schema.js";
import type { CellScore } from "./scoring/index.js";

/**
 * The shapes of the evaluators' HTTP API (replay, assessment), shared by the
 * server that sends them and the browser that reads them. Types only.
 */

export type AssessmentScope = "cell" | "role" | "student";
export type AssessmentLevel = 0 | 1 | 2 | 3;

/** One log entry as stored: the payload plus who sent it, when, and the client's message id (for idempotent resends). */
export interface StoredEntry { seq: number; wall: number; by: NonNullable<LogEntry["by"]>; payload: LogPayload; ref?: string }

/** `GET /api/cells/:id/replay`: what the browser needs to fold the cell's log itself. */
export interface ReplayPayload {
  format: "sangfroid-replay/1";
  session: { id: string; name: string; status: string; createdAt: number; endedAt?: number; scenarioId: string; scenarioFile: string };
  cell: { id: string; name: string; index: number; status: string; live: boolean };
  pseudonymized: boolean;
  scenario: Scenario;
  players: { id: string; name: string }[];
  log: StoredEntry[];
}

/** An evaluator's level for one competency of one subject, kept next to the level computed then (rows are never updated). */
export interface AssessmentRecord {
  id: string; cellId: string; sessionId: string; authorId: string; author: string; wall: number;
  scope: AssessmentScope; subject: string; competency: Competency;
  /** The level computed when the assessment was made (null: the competency was not assessed). */
  computed: AssessmentLevel | null;
  level: AssessmentLevel;
  justification: string;
}

export interface ItemKey { scope: AssessmentScope; subject: string; competency: Competency }
export interface EvaluatorLevel { id: string; authorId: string; author: string; level: AssessmentLevel; justification: string; wall: number }
export interface LevelItem extends ItemKey {
  name: string;
  computed: AssessmentLevel | null;
  level: AssessmentLevel | null;
  status: "computed" | "override" | "agreed" | "disagreement";
  evaluators: EvaluatorLevel[];
  /** Every row on this item (overrides, including an evaluator's earlier ones). */
  overrides: number;
  spread: number | null;
  evidence: string[];
  lastJustification?: string;
}
export interface Agreement {
  evaluators: number;
  /** Items rated by at least two evaluators. */
  items: number;
  pairs: number;
  exact: number | null;
  withinOne: number | null;
  kappa: number | null;
  kappaRaters?: [string, string];
  kappaItems: number;
  withComputed: number | null;
}

/** One cell of `GET /api/sessions/:id/assessment`. */
export interface CellAssessment {
  id: string; name: string; index: number; status: string; time: number; seq: number;
  score: CellScore; assessments: AssessmentRecord[]; annotations: AnnotationView[];
  levels: LevelItem[]; agreement: Agreement;
}
export interface SessionAssessment {
  session: { id: string; name: string; status: string; scenario: string; createdAt: number };
  lang: "fr" | "en"; cells: CellAssessment[]; agreement: Agreement;
}

/** `GET /api/sessions/:id/compare`: what can be compared, by index (no id reaches a person). */
export interface ComparisonTargets {
  injects: { index: number; label: string; from: string }[];
  branches: { index: number; label: string }[];
}
/** One cell of a comparison, in the reader's language. */
export interface CellComparisonView {
  cell: string; name: string;
  /** When the inject reached the cell (clock time), absent when it never came. */
  delivered?: string;
  actions: { kind: "response" | "against"; text: string; after?: string }[];
  expectations: { title: string; outcome: "met" | "late" | "missed" | "pending" | "not_started"; at?: string }[];
  outcomes: { label: string; at: string; after?: string; decidedBy?: string; note?: string }[];
}
export interface SessionComparison { targets: ComparisonTargets; target?: { inject?: number; branch?: number }; ms?: number; cells?: CellComparisonView[] }

/** `GET /api/sessions/:id/series`: every cell's crisis over time (staff: everything). */
/** A cell by its typed `name` (maybe none) and its number: the reader's language names it (shared/i18n/cell-name.ts). */
export interface SessionSeries { cells: { id: string; name: string; index: number; series: import("./replay/series.js").CrisisSeries }[] }
