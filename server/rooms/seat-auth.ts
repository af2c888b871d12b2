import { matchMaker, ServerError } from "@colyseus/core";
import { hashToken, parsePlayerToken, sameHash, verifyStaffToken } from "../auth.js";
import { allows, sessionAccess } from "../access.js";
import type { AppContext } from "../context.js";
import type { Actor } from "../game/rules.js";

/**
 * Who may take a seat in a cell room, decided at seat reservation (before
 * any seat is counted): a player with a token of THIS cell, or staff with a
 * signed room token whose login is still open (logging out, a disabled
 * account or a changed password revoke every room token minted for that
 * login) and who may see this cell's session (server/access.ts). The staff
 * seat's kind is that access: `instructor` for the session's owner and its
 * co-instructors, `evaluator` for an account it was shared with to assess —
 * whatever the account's role. A foreign cell is refused like a bad token. A refusal is a ServerError with code
 * 401: Colyseus answers the matchmaking request with that HTTP status (it
 * must be a valid one) and the SDK raises it as the error's code, which
 * CellConnection does not retry.
 */

/** A seated actor; staff carry the login (staff login hash) their room token was minted for. */
export type SeatActor = Actor & { login?: string };

/** Presence channel on which a logout announces the login it closed (every process, every room). */
const LOGOUT_CHANNEL = "sf:staff-logout";

export const SEAT_REFUSED = 401;
/** A refused seat: the SDK gets the status and, as the message, a refusal code the client translates (`seat_*`, shared/i18n/refusal-texts.ts). */
const refuse = (code: string) => new ServerError(SEAT_REFUSED, code);

export async function authenticate(ctx: AppContext, cellId: string, options: unknown): Promise<SeatActor> {
  const o = (options && typeof options === "object" ? options : {}) as { token?: unknown; staffToken?: unknown };
  if (o.staffToken !== undefined) {
    const claims = verifyStaffToken(ctx.staffSecret, o.staffToken);
    if (!claims || !(await loginAlive(ctx, claims.sid))) throw refuse("seat_staff_token");
    const kind = await staffKind(ctx, claims.userId, cellId);
    if (!kind) throw refuse("seat_staff_cell");
    return { kind, id: claims.userId, name: claims.username, login: claims.sid };
  }
  const parsed = parsePlayerToken(o.token);
  const player = parsed && await ctx.storage.getPlayer(parsed.playerId);
  if (!parsed || !player || player.cellId !== cellId || !sameHash(hashToken(parsed.secret), player.tokenHash)) {
    throw refuse("seat_player_token");
  }
  return { kind: "player", id: player.id, name: player.name };
}

/** The staff login (session cookie hash) is still open: not logged out, not expired, its account not disabled. */
export async function loginAlive(ctx: AppContext, sid: unknown): Promise<boolean> {
  if (typeof sid !== "string" || sid.length === 0 || sid.length > 100) return false;
  const s = await ctx.storage.getStaffLogin(sid);
  if (s === undefined || s.expiresAt <= Date.now()) return false;
  const user = await ctx.storage.getUser(s.userId);
  return user !== undefined && user.disabledAt === undefined;
}

/**
 * What a staff account is in a cell, from its access to the cell's session (asked again before each
 * command: a share revoked while connected stops commands at once): `instructor` when it may run it,
 * `evaluator` when it may assess it, none otherwise.
 */
export async function staffKind(ctx: AppContext, userId: string, cellId: string): Promise<"instructor" | "evaluator" | undefined> {
  const [user, cell] = await Promise.all([ctx.storage.getUser(userId), ctx.storage.getCell(cellId)]);
  const session = cell && await ctx.storage.getSession(cell.sessionId);
  const access = user && session ? await sessionAccess(ctx.storage, user, session) : undefined;
  return allows(access, "run") ? "instructor" : allows(access, "assess") ? "evaluator" : undefined;
}

type Kick = () => void;
/** Presence channel on which a change of shares announces the account whose access changed. */
const ACCESS_CHANNEL = "sf:staff-access";

/**
 * Connected staff clients of this process, by key, told when a message for that key comes on a
 * presence channel (from this process or another): logins closed, accounts whose shares changed.
 */
class Watchers {
  private watched = new Map<string, Set<Kick>>();
  private subscribedTo: unknown;
  constructor(private channel: string, private once: boolean) {}
  private fire = (key: unknown) => {
    if (typeof key !== "string") return;
    const kicks = this.watched.get(key);
    if (this.once) this.watched.delete(key);
    for (const kick of [...(kicks ?? [])]) kick();
  };
  watch(key: string, kick: Kick): () => void {
    // Once per presence (tests build several servers in one process, each with its own presence).
    if (this.subscribedTo !== matchMaker.presence) {
      this.subscribedTo = matchMaker.presence;
      void Promise.resolve(matchMaker.presence.subscribe(this.channel, this.fire)).catch(() => undefined);
    }
    const set = this.watched.get(key) ?? new Set<Kick>();
    set.add(kick);
    this.watched.set(key, set);
    return () => { set.delete(kick); if (set.size === 0 && this.watched.get(key) === set) this.watched.delete(key); };
  }
  announce(key: string): Promise<void> { return Promise.resolve(matchMaker.presence.publish(this.channel, key)).then(() => undefined); }
}

const logins = new Watchers(LOGOUT_CHANNEL, true);
const accounts = new Watchers(ACCESS_CHANNEL, false);

/** Call `kick` when the login `sid` is closed; returns the function that stops watching (the client left). */
export const watchLogin = (sid: string, kick: Kick): (() => void) => logins.watch(sid, kick);

/** Tell every process that the login `sid` is closed: its staff clients are disconnected wherever they are. */
export const announceLogout = (sid: string): Promise<void> => logins.announce(sid);

/** Call `check` when the shares of account `userId` changed (it re-checks that the seat may stay). */
export const watchAccess = (userId: string, check: Kick): (() => void) => accounts.watch(userId, check);

/** Tell every process that an account's shares changed: its staff clients re-check their access to their cells. */
export const announceAccessChanged = (userId: string): Promise<void> => accounts.announce(userId);
