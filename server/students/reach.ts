import { allows, classAccess, sessionAccess, type Access } from "../access.js";
import type { AppContext } from "../context.js";
import { HttpError } from "../http-error.js";
import type { ClassRow, PlayerRow, RosterStudentRow, UserRow } from "../storage/types.js";
import type { PortfolioPlay, PortfolioStudent } from "./portfolio.js";

/**
 * What of one student (a pseudonymous id: every roster entry of theirs, in
 * every class) an account may reach. Reading (`see`: the portfolio): the
 * sessions they played that the account may assess, and every session of a
 * class the account has access to (a class shared with a jury member shows
 * its students' portfolios); their student number only with access to a
 * class of theirs. Data rights (`manage`: export everything, erase): the
 * owner of their class, over every session that class's roster joined.
 * Nothing reachable: 404, as for a student who does not exist.
 */

export interface StudentReach {
  student: PortfolioStudent;
  /** Roster entries in reach (for `manage`: in classes the account owns). */
  entries: RosterStudentRow[];
  /** The players those entries were, in reach. */
  players: PlayerRow[];
  plays: PortfolioPlay[];
}

export async function reachStudent(ctx: AppContext, user: UserRow, pseudoId: string, need: "see" | "manage"): Promise<StudentReach> {
  const all = await ctx.storage.listRosterByPseudo(pseudoId);
  const classes = new Map<string, { klass: ClassRow; access: Access | undefined }>();
  for (const e of all) {
    if (classes.has(e.classId)) continue;
    const klass = await ctx.storage.getClass(e.classId);
    if (klass) classes.set(klass.id, { klass, access: await classAccess(ctx.storage, user, klass) });
  }
  const classOk = (id: string | undefined) => {
    const c = id ? classes.get(id) : undefined;
    return c !== undefined && (need === "manage" ? c.access === "owner" : c.access !== undefined);
  };
  const entries = all.filter((e) => classOk(e.classId));
  const players: PlayerRow[] = [];
  const plays: PortfolioPlay[] = [];
  for (const p of await ctx.storage.listPlayersOfStudents((need === "manage" ? entries : all).map((e) => e.id))) {
    const cell = await ctx.storage.getCell(p.cellId);
    const session = cell && await ctx.storage.getSession(cell.sessionId);
    if (!cell || !session) continue;
    const byClass = need === "manage" ? entries.some((e) => e.id === p.studentId) : classOk(session.classId);
    if (!byClass && !(need === "see" && allows(await sessionAccess(ctx.storage, user, session), "assess"))) continue;
    players.push(p);
    plays.push({ sessionId: session.id, cellId: cell.id, playerId: p.id });
  }
  if (entries.length === 0 && plays.length === 0) {
    // One who may read this student's portfolio (through a class or a session) but asks for data rights is told why; anyone else learns nothing.
    const reads = need === "manage" && (all.some((e) => classes.get(e.classId)?.access) || await reachStudent(ctx, user, pseudoId, "see").then(() => true, () => false));
    if (reads) throw new HttpError(403, "forbidden", { detail: "class_owner" });
    throw new HttpError(404, "unknown_student");
  }
  const first = entries[0];
  const name = first ? `${first.firstName} ${first.lastName}` : players[0]?.name ?? "—";
  const student: PortfolioStudent = {
    name, pseudoId, classes: [...new Set(entries.map((e) => classes.get(e.classId)!.klass.name))],
    ...(first ? { number: first.number } : {}),
  };
  return { student, entries, players, plays };
}
