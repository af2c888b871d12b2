import { createHash } from "node:crypto";
import { loadCell, pseudonymizeCellData } from "../assessment/cell-data.js";
import { sessionNames } from "../assessment/pseudonyms.js";
import type { ReportLang } from "../assessment/labels.js";
import type { AnnotationRow, AssessmentRow, CellRow, PlayerRow, SessionMeta, SessionRow, Storage, StoredEntry } from "../storage/types.js";
import { isLogRef, readLogRef, readSessionText, type LogRef } from "./log-reader.js";
import { buildReport, type ReportModel } from "./model.js";
import { renderReportPdf } from "./pdf.js";

/**
 * A RETEX report as a job for a worker thread: the main thread only reads
 * the rows a report needs (`snapshotFor`: a few milliseconds of storage
 * reads), the worker does all the computing — folding the log, scoring
 * (cell-data.ts), the model (model.ts) and the drawing (pdf.ts) — over a
 * read-only storage made of those rows, so the same code builds the report
 * in both places and nothing of it runs on the event loop of the rooms.
 */

export interface ReportJob {
  /** The session; without its scenario text when the log is a LogRef (the renderer reads it from the same file). */
  session: SessionMeta & { scenarioText?: string };
  cell: CellRow;
  cells: CellRow[];
  /** The cell's entries, or, on SQLite, where the renderer reads them itself (log-reader.ts). */
  log: StoredEntry[] | LogRef;
  /** Players of every cell of the session (pseudonyms are numbered across the session). */
  players: PlayerRow[];
  annotations: AnnotationRow[];
  assessments: AssessmentRow[];
  lang: ReportLang;
  pseudonymize: boolean;
  now: number;
}

/** Every row of a report but the log (players of every cell without their token hash: no secret leaves the main process, nor enters a cache key). */
async function rowsBesideLog(storage: Storage, session: SessionRow) {
  const cells = await storage.listCells(session.id);
  const [players, annotations, assessments] = await Promise.all([
    Promise.all(cells.map((c) => storage.listPlayers(c.id))).then((x) => x.flat().map((p): PlayerRow => ({ ...p, tokenHash: "" }))),
    storage.listAnnotations({ sessionId: session.id }),
    storage.listAssessments({ sessionId: session.id }),
  ]);
  return { cells, players, annotations, assessments };
}

/**
 * The rows of a report, read on the main thread (plain data, posted to a renderer as it is) — but a log in a SQLite file
 * only as where it is and up to which entry, and the session's scenario text not at all: the renderer reads both (log-reader.ts).
 */
export async function snapshotFor(storage: Storage, session: SessionRow, cell: CellRow, lang: ReportLang, pseudonymize: boolean, now: number): Promise<ReportJob> {
  const path = storage.kind === "sqlite" ? (storage as unknown as { file?: string }).file : undefined; // SqliteStorage, monitored or not
  const file = path !== ":memory:" ? path : undefined;
  const [log, rows] = await Promise.all([
    file ? storage.lastSeq(cell.id).then((upTo): LogRef => ({ sqlite: file, cellId: cell.id, upTo })) : storage.readLog(cell.id),
    rowsBesideLog(storage, session),
  ]);
  const { scenarioText, ...meta } = session;
  return { session: file ? meta : { ...meta, scenarioText }, cell, ...rows, log, lang, pseudonymize, now };
}

/**
 * What a report is drawn from, as a cache key (pdf-cache.ts), read without the log: the log is
 * append-only, so its head (last seq) stands for it — except for a student's erasure, which rewrites
 * entries in place but always renames that student's player row in the same session
 * (students/erasure.ts), and players are in the key. Then every other row the report reads (session,
 * cells, players without their token hash, annotations, assessments), the language, pseudonymisation
 * and the minute the report says it was generated at (model.ts `generatedAt`). It costs the main thread
 * about 0.1 ms (tests/bench/retex.ts asks for it 15 times a second).
 */
export async function reportKey(storage: Storage, session: SessionRow, cell: CellRow, lang: ReportLang, pseudonymize: boolean, now: number): Promise<string> {
  const [head, rows] = await Promise.all([storage.lastSeq(cell.id), rowsBesideLog(storage, session)]);
  // Without the scenario's text (150 kB for the ransomware file: most of the key's cost, on the main thread): a session's text is
  // fixed when it is created (http/sessions.ts) and never rewritten, so the session's id stands for it.
  const { scenarioText: _fixed, ...fields } = session;
  const all = JSON.stringify([fields, cell, head, rows, lang, pseudonymize, Math.floor(now / 60_000)]);
  return `retex:${createHash("sha256").update(all).digest("base64url")}`;
}

const bySession = <T extends { cellId: string; sessionId: string }>(rows: T[], f: { cellId?: string; sessionId?: string }) =>
  rows.filter((r) => (f.cellId === undefined || r.cellId === f.cellId) && (f.sessionId === undefined || r.sessionId === f.sessionId));

/** The snapshot as the read side of a Storage: what loadCell and sessionNames call; anything else says so. */
function snapshotStorage(j: ReportJob & { session: SessionRow; log: StoredEntry[] }): Storage {
  const reads: Partial<Storage> = {
    getSession: async (id) => (id === j.session.id ? j.session : undefined),
    getCell: async (id) => j.cells.find((c) => c.id === id),
    listCells: async (sessionId) => (sessionId === j.session.id ? j.cells : []),
    listPlayers: async (cellId) => j.players.filter((p) => p.cellId === cellId),
    readLog: async (cellId, after = 0) => (cellId === j.cell.id ? j.log.filter((e) => e.seq > after) : []),
    listAnnotations: async (f) => bySession(j.annotations, f),
    listAssessments: async (f) => bySession(j.assessments, f),
  };
  return new Proxy(reads as Storage, {
    get(target, key) {
      const v = (target as unknown as Record<PropertyKey, unknown>)[key];
      if (v === undefined && typeof key === "string") throw new Error(`report-job: storage.${key} is not in the report snapshot (add it to snapshotFor)`);
      return v;
    },
  });
}

/** The report's model from its snapshot: the same code as for a live request (cell-data.ts, pseudonyms.ts, model.ts). */
export async function modelOf(j: ReportJob): Promise<ReportModel> {
  const session: SessionRow = { ...j.session, scenarioText: j.session.scenarioText ?? (isLogRef(j.log) ? readSessionText(j.log.sqlite, j.session.id) : "") };
  const storage = snapshotStorage({ ...j, session, log: isLogRef(j.log) ? readLogRef(j.log) : j.log });
  const d = await loadCell({ storage, cells: new Map() }, j.cell, session);
  const names = await sessionNames(storage, j.session.id, j.pseudonymize, j.lang);
  return buildReport(pseudonymizeCellData(d, names), names, j.lang, j.now); // pseudonymised: no name left in the data the model reads
}

/** In the worker: the report's PDF from its snapshot. */
export async function renderJob(j: ReportJob): Promise<Buffer> {
  return renderReportPdf(await modelOf(j));
}
