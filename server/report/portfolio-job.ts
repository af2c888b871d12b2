import { buildPortfolio, type PortfolioModel, type PortfolioPlay, type PortfolioStudent } from "../students/portfolio.js";
import { MemoryStorage } from "../storage/memory.js";
import type { AnnotationRow, AssessmentRow, CellRow, PlayerRow, SessionRow, Storage, StoredEntry } from "../storage/types.js";
import type { ReportLang } from "../assessment/labels.js";
import { renderPortfolioPdf } from "./portfolio-pdf.js";

/**
 * A student's portfolio PDF as a job for the report workers (pdf-pool.ts),
 * like a RETEX report (report-job.ts): the main thread reads the rows of the
 * sessions the student played (`portfolioRows`), the worker loads them into
 * a memory storage — the same contract as every storage — and builds the
 * portfolio with the same code as the JSON and CSV routes
 * (students/portfolio.ts): folding, scoring and drawing all off the event loop.
 */

export interface PortfolioRows {
  sessions: SessionRow[]; cells: CellRow[]; players: PlayerRow[]; logs: Record<string, StoredEntry[]>;
  annotations: AnnotationRow[]; assessments: AssessmentRow[];
}
export interface PortfolioJob {
  kind: "portfolio"; lang: ReportLang; pseudonymize: boolean; now: number;
  student: PortfolioStudent; plays: PortfolioPlay[]; rows: PortfolioRows;
}

/** The rows a portfolio needs: each session played (every cell and player of it: pseudonyms are numbered across a session), the logs of the student's cells. */
export async function portfolioRows(storage: Storage, plays: PortfolioPlay[]): Promise<PortfolioRows> {
  const rows: PortfolioRows = { sessions: [], cells: [], players: [], logs: {}, annotations: [], assessments: [] };
  for (const sessionId of new Set(plays.map((p) => p.sessionId))) {
    const session = await storage.getSession(sessionId);
    if (!session) continue;
    rows.sessions.push(session);
    const cells = await storage.listCells(sessionId);
    rows.cells.push(...cells);
    for (const c of cells) rows.players.push(...(await storage.listPlayers(c.id)).map((p) => ({ ...p, tokenHash: "" }))); // no secret crosses threads
    rows.annotations.push(...await storage.listAnnotations({ sessionId }));
    rows.assessments.push(...await storage.listAssessments({ sessionId }));
  }
  for (const p of plays) rows.logs[p.cellId] = await storage.readLog(p.cellId);
  return rows;
}

/** The rows as a storage (memory): what buildPortfolio reads. */
async function restore(rows: PortfolioRows): Promise<Storage> {
  const s = new MemoryStorage();
  for (const session of rows.sessions) await s.createSession(session, rows.cells.filter((c) => c.sessionId === session.id));
  for (const p of rows.players) await s.createPlayer(p);
  for (const [cellId, log] of Object.entries(rows.logs)) for (const e of log) await s.appendEntry(cellId, e);
  for (const a of rows.annotations) await s.addAnnotation(a);
  for (const a of rows.assessments) await s.addAssessment(a);
  return s;
}

export async function portfolioModelOf(j: PortfolioJob): Promise<PortfolioModel> {
  return buildPortfolio(await restore(j.rows), new Map(), j.student, j.plays, j.lang, j.pseudonymize, j.now);
}

/** In the worker: the portfolio's PDF from its rows. */
export async function renderPortfolioJob(j: PortfolioJob): Promise<Buffer> {
  return renderPortfolioPdf(await portfolioModelOf(j));
}
