import type { AppContext } from "./context.js";
import type { StoredEntry } from "./storage/types.js";

/**
 * The journal of a session for the school's records and for replays: the
 * scenario text, each cell's log exactly as stored, the players and the
 * annotations. With `pseudonymize`, display names become stable pseudonyms
 * ("Joueur 1", "Joueur 2"… in order of arrival in the session; "Évaluateur 1"…
 * for annotation authors), in the log as in the lists. Free texts written
 * by players are kept as written.
 */
export interface SessionExport {
  format: "sangfroid-session/1";
  exportedAt: number;
  pseudonymized: boolean;
  session: { id: string; name: string; createdAt: number; status: string; seed: number; scenario: { id: string; file: string; text: string } };
  cells: { id: string; name: string; index: number; status: string; players: { id: string; name: string }[]; log: StoredEntry[] }[];
  annotations: { id: string; cell: string; author: string; at: number; entry?: number; competency?: string; text: string; wall: number }[];
}

export async function exportSession(ctx: AppContext, sessionId: string, pseudonymize: boolean): Promise<SessionExport | undefined> {
  const s = await ctx.storage.getSession(sessionId);
  if (!s) return undefined;
  const cells = await ctx.storage.listCells(sessionId);
  const players = (await Promise.all(cells.map((c) => ctx.storage.listPlayers(c.id)))).flat()
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  const alias = new Map(players.map((p, i) => [p.id, pseudonymize ? `Joueur ${i + 1}` : p.name]));
  const annotations = await ctx.storage.listAnnotations({ sessionId });
  const authors = new Map<string, string>();
  for (const a of annotations) if (!authors.has(a.authorId)) authors.set(a.authorId, pseudonymize ? `Évaluateur ${authors.size + 1}` : a.author);
  const out: SessionExport = {
    format: "sangfroid-session/1", exportedAt: Date.now(), pseudonymized: pseudonymize,
    session: { id: s.id, name: s.name, createdAt: s.createdAt, status: s.status, seed: s.seed, scenario: { id: s.scenarioId, file: s.scenarioFile, text: s.scenarioText } },
    cells: [],
    annotations: annotations.map((a) => ({
      id: a.id, cell: a.cellId, author: authors.get(a.authorId)!, at: a.at, text: a.text, wall: a.wall,
      ...(a.entry !== undefined ? { entry: a.entry } : {}), ...(a.competency ? { competency: a.competency } : {}),
    })),
  };
  for (const c of cells) {
    const log = (await ctx.storage.readLog(c.id)).map((e) =>
      e.payload.type === "join" ? { ...e, payload: { ...e.payload, name: alias.get(e.payload.player) ?? e.payload.name } } : e);
    out.cells.push({
      id: c.id, name: c.name, index: c.index, status: c.status, log,
      players: players.filter((p) => p.cellId === c.id).map((p) => ({ id: p.id, name: alias.get(p.id)! })),
    });
  }
  return out;
}
