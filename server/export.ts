import { pseudonymizeEntry, sessionNames } from "./assessment/pseudonyms.js";
import type { AppContext } from "./context.js";
import type { AssessmentRow, StoredEntry } from "./storage/types.js";

/**
 * The journal of a session for the school's records and for replays: the
 * scenario text, each cell's log exactly as stored, the players, the
 * annotations and the evaluators' assessments. With `pseudonymize`, display
 * names become stable pseudonyms ("Joueur 1", "Joueur 2"… in order of arrival
 * in the session; "Évaluateur 1"… for annotation and assessment authors) in
 * every place a name appears: the log's `join` entries, the player lists, the
 * authors, and — replaced by their pseudonyms — inside every free text
 * (action parameters, improvised injects, end reasons, annotations,
 * justifications) and in the session's and cells' names (matching ignores
 * case and accents: see pseudonyms.ts). Ids (player, staff user) are random
 * and stay as they are.
 */
export interface SessionExport {
  format: "sangfroid-session/1";
  exportedAt: number;
  pseudonymized: boolean;
  session: { id: string; name: string; createdAt: number; status: string; seed: number; scenario: { id: string; file: string; text: string } };
  cells: { id: string; name: string; index: number; status: string; players: { id: string; name: string }[]; log: StoredEntry[] }[];
  annotations: { id: string; cell: string; author: string; at: number; entry?: number; competency?: string; text: string; wall: number }[];
  assessments: (Omit<AssessmentRow, "cellId" | "sessionId" | "authorId"> & { cell: string })[];
}

export async function exportSession(ctx: AppContext, sessionId: string, pseudonymize: boolean): Promise<SessionExport | undefined> {
  const s = await ctx.storage.getSession(sessionId);
  if (!s) return undefined;
  const names = await sessionNames(ctx.storage, sessionId, pseudonymize);
  const cells = await ctx.storage.listCells(sessionId);
  const annotations = await ctx.storage.listAnnotations({ sessionId });
  const assessments = await ctx.storage.listAssessments({ sessionId });
  const out: SessionExport = {
    format: "sangfroid-session/1", exportedAt: Date.now(), pseudonymized: pseudonymize,
    session: { id: s.id, name: names.scrub(s.name), createdAt: s.createdAt, status: s.status, seed: s.seed, scenario: { id: s.scenarioId, file: s.scenarioFile, text: s.scenarioText } },
    cells: [],
    annotations: annotations.map((a) => ({
      id: a.id, cell: a.cellId, author: names.staff(a.authorId, a.author), at: a.at, text: names.scrub(a.text), wall: a.wall,
      ...(a.entry !== undefined ? { entry: a.entry } : {}), ...(a.competency ? { competency: a.competency } : {}),
    })),
    assessments: assessments.map(({ cellId, sessionId: _s, authorId, ...a }) => ({
      ...a, cell: cellId, author: names.staff(authorId, a.author), justification: names.scrub(a.justification),
    })),
  };
  for (const c of cells) {
    const players = await ctx.storage.listPlayers(c.id);
    out.cells.push({
      id: c.id, name: names.scrub(c.name), index: c.index, status: c.status,
      log: (await ctx.storage.readLog(c.id)).map((e) => pseudonymizeEntry(e, names)),
      players: players.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id)).map((p) => ({ id: p.id, name: names.player(p.id, p.name) })),
    });
  }
  return out;
}
