import { matchMaker, ServerError } from "@colyseus/core";
import { hashToken, parsePlayerToken, sameHash, verifyStaffToken } from "../auth.js";
import type { AppContext } from "../context.js";
import type { Actor } from "../game/rules.js";

/**
 * Who may take a seat in a cell room, decided at seat reservation (before
 * any seat is counted): a player with a token of THIS cell, or staff with a
 * signed room token whose login is still open (logging out revokes every
 * room token minted for that login). A refusal is a ServerError with code
 * 401: Colyseus answers the matchmaking request with that HTTP status (it
 * must be a valid one) and the SDK raises it as the error's code, which
 * CellConnection does not retry.
 */

/** A seated actor; staff carry the login (staff session hash) their room token was minted for. */
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
    return { kind: claims.role, id: claims.userId, name: claims.username, login: claims.sid };
  }
  const parsed = parsePlayerToken(o.token);
  const player = parsed && await ctx.storage.getPlayer(parsed.playerId);
  if (!parsed || !player || player.cellId !== cellId || !sameHash(hashToken(parsed.secret), player.tokenHash)) {
    throw refuse("seat_player_token");
  }
  return { kind: "player", id: player.id, name: player.name };
}

/** The staff login (session cookie hash) is still open: not logged out, not expired. */
export async function loginAlive(ctx: AppContext, sid: unknown): Promise<boolean> {
  if (typeof sid !== "string" || sid.length === 0 || sid.length > 100) return false;
  const s = await ctx.storage.getStaffSession(sid);
  return s !== undefined && s.expiresAt > Date.now();
}

type Kick = () => void;
/** Connected staff clients of this process, by login: a logout (here or on another process) kicks them. */
const watched = new Map<string, Set<Kick>>();
let subscribedTo: unknown;

function loginClosed(sid: unknown) {
  if (typeof sid !== "string") return;
  const kicks = watched.get(sid);
  watched.delete(sid);
  for (const kick of kicks ?? []) kick();
}

/** Call `kick` when the login `sid` is closed; returns the function that stops watching (the client left). */
export function watchLogin(sid: string, kick: Kick): () => void {
  // Once per presence (tests build several servers in one process, each with its own presence).
  if (subscribedTo !== matchMaker.presence) {
    subscribedTo = matchMaker.presence;
    void Promise.resolve(matchMaker.presence.subscribe(LOGOUT_CHANNEL, loginClosed)).catch(() => undefined);
  }
  const set = watched.get(sid) ?? new Set<Kick>();
  set.add(kick);
  watched.set(sid, set);
  return () => { set.delete(kick); if (set.size === 0 && watched.get(sid) === set) watched.delete(sid); };
}

/** Tell every process that the login `sid` is closed: its staff clients are disconnected wherever they are. */
export async function announceLogout(sid: string): Promise<void> {
  await matchMaker.presence.publish(LOGOUT_CHANNEL, sid);
}
