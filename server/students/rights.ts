import { openingFrozen, reloadCell } from "../remote.js";
import type { AppContext } from "../context.js";
import { HttpError } from "../http-error.js";
import { log } from "../log.js";
import { nameScrubber } from "../assessment/pseudonyms.js";
import { wordsOf } from "../i18n/documents.js";
import { erasurePlan, type ErasureReport } from "./erasure.js";
import { buildPortfolio, type PortfolioModel } from "./portfolio.js";
import type { StudentReach } from "./reach.js";

/**
 * One student's data rights, for the owner of their class. Access: every
 * piece of data about them — their roster entries, and in each session they
 * played the name they had, the roles, their own log entries (texts
 * included), the annotations that name them, their portfolio (levels,
 * overrides with justifications, evidence) — other students' names replaced
 * by "[autre étudiant]". Erasure: erasure.ts's plan, applied while none of
 * their cells runs (a live cell is refused: end the session first), with the
 * rooms of those cells closed and kept closed meanwhile, so no copy of the
 * old state lives on in memory or in a snapshot written on close.
 */

export interface StudentExport {
  format: "sangfroid-student/1"; exportedAt: number;
  roster: { class: string; number: string; firstName: string; lastName: string; email?: string; pseudoId: string; code: string }[];
  sessions: {
    session: string; cell: string; createdAt: number; scenario: string; name: string; roles: string[];
    entries: { seq: number; wall: number; type: string; role?: string; action?: string; params?: unknown }[];
    annotations: { at: number; text: string; wall: number }[];
  }[];
  portfolio: PortfolioModel;
}

export async function exportStudent(ctx: AppContext, reach: StudentReach, lang: "fr" | "en"): Promise<StudentExport> {
  const roster = [];
  for (const e of reach.entries) {
    const klass = await ctx.storage.getClass(e.classId);
    roster.push({ class: klass?.name ?? "—", number: e.number, firstName: e.firstName, lastName: e.lastName, ...(e.email ? { email: e.email } : {}), pseudoId: e.pseudoId, code: e.code });
  }
  const sessions: StudentExport["sessions"] = [];
  for (const play of reach.plays) {
    const session = (await ctx.storage.getSession(play.sessionId))!;
    const cell = (await ctx.storage.getCell(play.cellId))!;
    const me = reach.players.find((p) => p.id === play.playerId)!;
    const others = (await Promise.all((await ctx.storage.listCells(session.id)).map((c) => ctx.storage.listPlayers(c.id)))).flat().filter((p) => p.id !== me.id);
    const hideOthers = nameScrubber(others.map((p) => ({ name: p.name, alias: wordsOf("alias", lang)("otherStudent") })), lang);
    const mine = nameScrubber([{ name: me.name, alias: "[x]" }]);
    const log = await ctx.storage.readLog(cell.id);
    const roles = new Set<string>();
    const entries = log.filter((e) => e.by.id === me.id || ("player" in e.payload && e.payload.player === me.id)).map((e) => {
      const p = e.payload as { type: string; role?: string; action?: string; params?: unknown };
      if (p.role) roles.add(p.role);
      return { seq: e.seq, wall: e.wall, type: p.type, ...(p.role ? { role: p.role } : {}), ...(p.action ? { action: p.action } : {}), ...(p.params ? { params: p.params } : {}) };
    });
    const annotations = (await ctx.storage.listAnnotations({ cellId: cell.id })).filter((a) => mine(a.text) !== a.text).map((a) => ({ at: a.at, text: hideOthers(a.text), wall: a.wall }));
    sessions.push({ session: session.name, cell: cell.name, createdAt: session.createdAt, scenario: session.scenarioId, name: me.name, roles: [...roles], entries, annotations });
  }
  const portfolio = await buildPortfolio(ctx.storage, ctx.cells, reach.student, reach.plays, lang, false, Date.now());
  return { format: "sangfroid-student/1", exportedAt: Date.now(), roster, sessions, portfolio };
}

export async function eraseStudent(ctx: AppContext, reach: StudentReach, by: string): Promise<ErasureReport & { ms: number }> {
  const started = performance.now();
  const cells = [...new Set(reach.players.map((p) => p.cellId))];
  const live: string[] = [];
  for (const id of cells) {
    const c = await ctx.storage.getCell(id);
    if (c && (ctx.cells.get(id)?.state.status ?? c.status) !== "ended") live.push((await ctx.storage.getSession(c.sessionId))?.name ?? "—");
  }
  if (live.length) throw new HttpError(409, "cells_live", { sessions: [...new Set(live)].map((name) => ({ fr: name, en: name })) });
  const release = openingFrozen(cells);
  try {
    for (const id of cells) await reloadCell(ctx, id); // rooms of ended cells opened for a debrief: closed (their snapshot written now, then rewritten)
    const { plan, report } = await erasurePlan(ctx.storage, reach.entries, reach.players);
    await ctx.storage.applyErasure(plan);
    const ms = Math.round(performance.now() - started);
    log.info("student erased", { by, cells: report.cells, sessions: report.sessions, entries: report.entries, rosterRows: report.rosterRows, levelsChanged: report.changed.length, ms });
    return { ...report, ms };
  } finally {
    release();
  }
}
