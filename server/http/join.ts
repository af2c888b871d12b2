import { Router } from "express";
import { z } from "zod";
import { sanitizeText } from "../../shared/text/sanitize.js";
import { hashToken, makePlayerToken, newId, normalizeCode, parsePlayerToken, sameHash } from "../auth.js";
import { nameKey } from "../assessment/pseudonyms.js";
import type { AppContext } from "../context.js";
import { normalizePersonalCode } from "../students/identity.js";
import type { CellRow, PlayerRow, RosterStudentRow, SessionRow } from "../storage/types.js";
import { openOrExplain } from "./sessions.js";
import { AttemptLimiter, HttpError, parse, route } from "./util.js";

/**
 * How a student enters a session. With a session code (the least-filled
 * cell) or a cell code, and:
 * - a session without a class: a display name, as before;
 * - a session attached to a class: they pick themselves from the roster
 *   (`GET /api/join/:code` lists it as "Zoé M.", a last name spelled out only
 *   where two students would read alike), or type their personal code (the
 *   roster sheet). A name already taken in the session is refused; the
 *   personal code takes one's own seat back (a new token for the same
 *   player: same cell, same roles), on another device too.
 * A typed name is one person's in a cell: a name already held there, compared
 * as the pseudonymiser compares names (`nameKey`: case, accents, NFC/NFD,
 * spaces), is refused (`display_name_taken`: add an initial), so nobody speaks under
 * a classmate's name in the chat, "held by", the debrief or the evaluator —
 * unless the request carries that player's own token (the stored seat of the
 * device they joined on): then it is their seat, given back. A roster pick is
 * never refused for a name: in a class's session nobody types a name
 * (`roster_only`), so no stranger can hold a roster student's; two students of
 * one roster with the same full name get it with their number, as the join
 * list shows them.
 * Both routes count against the per-address join budget. Joins of one
 * session are made one at a time (in this process, and under a Redis lock
 * across processes for a class's session).
 */

const DisplayName = z.string().max(200).transform(sanitizeText).pipe(z.string().trim().min(1).max(40))
  .refine((s) => !/\p{Cc}/u.test(s), "one_line");
const JoinBody = z.strictObject({
  code: z.string().min(1).max(20),
  name: DisplayName.optional(),
  student: z.string().min(1).max(64).optional(),
  personal: z.string().min(1).max(20).optional(),
  /** The seat this device already holds (`sf.seat`): typing one's own name again gives that seat back rather than a refusal. */
  token: z.string().min(1).max(200).optional(),
}).refine((b) => [b.name, b.student, b.personal].filter((x) => x !== undefined).length === 1, "one_identity");

/** The name a roster student plays under: their full name, with their number when a classmate of the roster has the same one. */
export function rosterPlayerName(student: RosterStudentRow, roster: RosterStudentRow[]): string {
  const full = (s: RosterStudentRow) => `${s.firstName} ${s.lastName}`;
  const homonym = roster.some((s) => s.id !== student.id && nameKey(full(s)) === nameKey(full(student)));
  return (homonym ? `${full(student)} (${student.number})` : full(student)).slice(0, 60);
}

/** The player of this cell's session whose token `token` is, if it is valid. */
async function tokenHolder(ctx: AppContext, token: string | undefined, cells: CellRow[]): Promise<PlayerRow | undefined> {
  const parsed = parsePlayerToken(token);
  const player = parsed && (await ctx.storage.getPlayer(parsed.playerId));
  if (!parsed || !player || !cells.some((c) => c.id === player.cellId)) return undefined;
  return sameHash(hashToken(parsed.secret), player.tokenHash) ? player : undefined;
}

/** "Zoé M." for each student; the last name in full where initials would collide, and the number where names do. */
export function rosterLabels(roster: RosterStudentRow[]): Map<string, string> {
  const short = (s: RosterStudentRow) => `${s.firstName} ${[...s.lastName][0] ?? ""}.`;
  const full = (s: RosterStudentRow) => `${s.firstName} ${s.lastName}`;
  const count = (f: (s: RosterStudentRow) => string) => {
    const m = new Map<string, number>();
    for (const s of roster) m.set(f(s).toLocaleLowerCase("fr"), (m.get(f(s).toLocaleLowerCase("fr")) ?? 0) + 1);
    return (s: RosterStudentRow) => m.get(f(s).toLocaleLowerCase("fr"))!;
  };
  const shorts = count(short), fulls = count(full);
  return new Map(roster.map((s) => [s.id, shorts(s) === 1 ? short(s) : fulls(s) === 1 ? full(s) : `${full(s)} (${s.number})`]));
}

const serial = new Map<string, Promise<unknown>>();
/** One join at a time per session in this process: two students picking the same name cannot both get it. */
function oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const prev = serial.get(key) ?? Promise.resolve();
  const next = prev.catch(() => undefined).then(fn);
  serial.set(key, next);
  void next.finally(() => { if (serial.get(key) === next) serial.delete(key); }).catch(() => undefined);
  return next;
}

export function joinRoutes(ctx: AppContext): Router {
  const r = Router();
  const joins = new AttemptLimiter(ctx.config.joinsPerMinute, 60_000);
  const budget = (ip: string | undefined) => { if (!joins.hit(`join:${ip}`)) throw new HttpError(429, "too_many_attempts"); };

  const found = async (code: string) => {
    const f = await ctx.storage.findCode(normalizeCode(code));
    if (!f) throw new HttpError(404, "unknown_code");
    if (f.session.status === "ended") throw new HttpError(409, "session_ended");
    return f;
  };

  /** What the join form needs: whether the session is a class's, and then its roster as the students read it. */
  r.get("/join/:code", route(async (req, res) => {
    budget(req.ip);
    const { session, cell } = await found(String(req.params.code).slice(0, 20));
    const klass = session.classId ? await ctx.storage.getClass(session.classId) : undefined;
    if (!klass) { res.json({ roster: false, ...(cell ? { cell: cell.name } : {}) }); return; }
    const roster = await ctx.storage.listRoster(klass.id);
    const labels = rosterLabels(roster);
    res.setHeader("Cache-Control", "no-store");
    res.json({ roster: true, class: klass.name, ...(cell ? { cell: cell.name } : {}), students: roster.map((s) => ({ id: s.id, label: labels.get(s.id)! })) });
  }));

  r.post("/join", route(async (req, res) => {
    const body = parse(JoinBody, req.body);
    budget(req.ip);
    const { session, cell: named } = await found(body.code);
    // With several processes, the check and the seat are made under a cluster lock too, so a name is taken once.
    const locked = () => (ctx.cluster ? ctx.cluster.withLock(`join:${session.id}`, () => join(session, named, body)) : join(session, named, body));
    const out = await oneAtATime(session.id, locked);
    res.status(out.resumed ? 200 : 201).json(out);
  }));

  async function join(session: SessionRow, named: CellRow | undefined, body: z.output<typeof JoinBody>) {
    let student: RosterStudentRow | undefined;
    if (!session.classId) {
      if (body.name === undefined) throw new HttpError(400, "no_roster");
    } else {
      const klass = await ctx.storage.getClass(session.classId);
      if (body.name !== undefined) {
        throw new HttpError(400, "roster_only", { class: klass?.name ?? "" });
      }
      student = body.student !== undefined ? await ctx.storage.getRosterStudent(body.student) : await ctx.storage.findRosterByCode(normalizePersonalCode(body.personal!));
      if (!student || student.classId !== session.classId) {
        throw body.student !== undefined ? new HttpError(404, "unknown_student", { detail: "roster" }) : new HttpError(404, "unknown_personal_code");
      }
    }
    const cells = await ctx.storage.listCells(session.id);
    if (student) {
      const mine = (await ctx.storage.listPlayersOfStudents([student.id])).find((p) => cells.some((c) => c.id === p.cellId));
      if (mine && body.personal === undefined) {
        const label = rosterLabels(await ctx.storage.listRoster(student.classId)).get(student.id);
        throw new HttpError(409, "already_joined", { name: label ?? "" });
      }
      if (mine) {
        // The personal code proves who they are: a new token for their own seat (the old device's token stops working).
        const cell = cells.find((c) => c.id === mine.cellId)!;
        await openOrExplain(ctx, cell.id);
        const { token, hash } = makePlayerToken(mine.id);
        await ctx.storage.setPlayerToken(mine.id, hash);
        return { playerId: mine.id, token, cellId: cell.id, sessionId: session.id, cellName: cell.name, name: mine.name, resumed: true };
      }
    }
    if (body.name !== undefined) {
      // Their own seat, typed again on the device that holds it: given back, wherever the session code would have placed them.
      const own = await tokenHolder(ctx, body.token, named ? [named] : cells);
      if (own && nameKey(own.name) === nameKey(body.name)) {
        const cell = cells.find((c) => c.id === own.cellId)!;
        await openOrExplain(ctx, cell.id);
        return { playerId: own.id, token: body.token!, cellId: cell.id, sessionId: session.id, cellName: cell.name, name: own.name, resumed: true };
      }
    }
    let cell = named;
    if (!cell) {
      const counts = await Promise.all(cells.map(async (c) => (await ctx.storage.listPlayers(c.id)).length));
      cell = cells.filter((c) => c.status !== "ended").sort((a, b) => counts[cells.indexOf(a)] - counts[cells.indexOf(b)] || a.index - b.index)[0];
      if (!cell) throw new HttpError(409, "session_ended");
    }
    await openOrExplain(ctx, cell.id); // a damaged cell takes no new player
    const name = student ? rosterPlayerName(student, await ctx.storage.listRoster(student.classId)) : body.name!;
    if (!student && (await ctx.storage.listPlayers(cell.id)).some((p) => nameKey(p.name) === nameKey(name))) {
      throw new HttpError(409, "display_name_taken", { name });
    }
    const playerId = newId("p");
    const { token, hash } = makePlayerToken(playerId);
    await ctx.storage.createPlayer({
      id: playerId, cellId: cell.id, name, tokenHash: hash, createdAt: Date.now(),
      ...(student ? { studentId: student.id, pseudoId: student.pseudoId } : {}),
    });
    return { playerId, token, cellId: cell.id, sessionId: session.id, cellName: cell.name, name, resumed: false };
  }

  return r;
}
