import { createState, type CompiledScenario, type EngineState, type LogPayload } from "../../shared/engine/index.js";
import { scoreCell, type CellScore } from "../../shared/scoring/index.js";
import { traceCauses, type CauseTrace } from "../../shared/scoring/causes.js";
import { SeriesBuilder, type CrisisSeries } from "../../shared/replay/series.js";
import type { AppContext } from "../context.js";
import { HttpError } from "../http-error.js";
import { compileText } from "../scenarios.js";
import { pseudonymizeEntry, scrubDeep, type Names } from "./pseudonyms.js";
import type { AnnotationRow, AssessmentRow, CellRow, PlayerRow, SessionRow, Storage, StoredEntry } from "../storage/types.js";

/**
 * Everything known about one cell, for assessment, reports and exports:
 * the stored log folded by the engine (`replay`), or the live runtime's
 * state when the cell is open in this process and up to date with the log
 * (the result is the same; the fold is only saved). Cells need not be open.
 */
export interface CellData {
  session: SessionRow;
  cell: CellRow;
  compiled: CompiledScenario;
  log: StoredEntry[];
  state: EngineState;
  /** What followed each action (for explaining misses, comparing cells). */
  trace: CauseTrace;
  /** The crisis over time (gauges, markers), from the same fold. */
  series: CrisisSeries;
  score: CellScore;
  players: PlayerRow[];
  annotations: AnnotationRow[];
  assessments: AssessmentRow[];
}

export async function loadCell(ctx: Pick<AppContext, "storage" | "cells">, cell: CellRow, session?: SessionRow): Promise<CellData> {
  const storage: Storage = ctx.storage;
  const s = session ?? (await storage.getSession(cell.sessionId));
  if (!s) throw new HttpError(404, "unknown_session");
  const compiled = compileText(s.scenarioText, s.scenarioFile);
  const log = await storage.readLog(cell.id);
  const live = ctx.cells.get(cell.id);
  const last = log.length ? log[log.length - 1].seq : 0;
  // One fold gives the state and the causes of misses (what followed each action); the live state is the same when up to date.
  const pictures = new SeriesBuilder(compiled);
  const trace = traceCauses(compiled, log.map((e) => e.payload as LogPayload), (fx, position) => pictures.add(fx, position));
  const state = live && live.state.seq === last && !live.broken ? live.state : log.length ? trace.state : createState(compiled);
  const [players, annotations, assessments] = await Promise.all([
    storage.listPlayers(cell.id), storage.listAnnotations({ cellId: cell.id }), storage.listAssessments({ cellId: cell.id }),
  ]);
  return { session: s, cell, compiled, log, state, trace, series: pictures.result(), score: scoreCell(compiled, state, { trace }), players, annotations, assessments };
}

export async function loadCellById(ctx: Pick<AppContext, "storage" | "cells">, cellId: string): Promise<CellData> {
  const cell = await ctx.storage.getCell(cellId);
  if (!cell) throw new HttpError(404, "unknown_cell");
  return loadCell(ctx, cell);
}

export async function loadSession(ctx: Pick<AppContext, "storage" | "cells">, sessionId: string): Promise<{ session: SessionRow; cells: CellData[] }> {
  const session = await ctx.storage.getSession(sessionId);
  if (!session) throw new HttpError(404, "unknown_session");
  const cells = await ctx.storage.listCells(sessionId);
  const out: CellData[] = [];
  for (const c of cells) out.push(await loadCell(ctx, c, session));
  return { session, cells: out };
}

/**
 * A cell's data with every name already replaced, for the documents built
 * from it (RETEX PDF, CSV, xAPI): session and cell names, players, the log,
 * the folded state (player names, action texts, improvised messages) and the
 * score, annotations and assessments. The documents still call `names` for
 * what they print; nothing they print can carry a name this missed. Ids,
 * levels and the compiled scenario are untouched.
 */
export function pseudonymizeCellData(d: CellData, names: Names): CellData {
  if (!names.pseudonymize) return d;
  const players = Object.fromEntries(Object.entries(d.state.players).map(([id, p]) => [id, { ...p, name: names.player(id, p.name) }]));
  return {
    ...d,
    session: { ...d.session, name: names.scrub(d.session.name) },
    cell: { ...d.cell, name: names.scrub(d.cell.name) },
    players: d.players.map((p) => ({ ...p, name: names.player(p.id, p.name) })),
    log: d.log.map((e) => pseudonymizeEntry(e, names)),
    state: { ...scrubDeep(d.state, names), players },
    score: scrubDeep(d.score, names),
    annotations: d.annotations.map((a) => ({ ...a, author: names.staff(a.authorId, a.author), text: names.scrub(a.text) })),
    assessments: d.assessments.map((a) => ({ ...a, author: names.staff(a.authorId, a.author), justification: names.scrub(a.justification) })),
  };
}
