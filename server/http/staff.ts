import { Router, type Request, type Response } from "express";
import { z } from "zod";
import {
  dummyPasswordHash, hashPassword, hashToken, newId, randomToken, sameHash, signDeviceToken, signStaffToken, verifyDeviceToken, verifyPassword,
} from "../auth.js";
import type { AppContext } from "../context.js";
import { log } from "../log.js";
import { announceLogout } from "../rooms/seat-auth.js";
import type { UserRow } from "../storage/types.js";
import { loginKeys, throttledPasswordCheck, type LoginThrottle } from "./login-throttle.js";
import { AttemptLimiter, HttpError, parse, readCookie, requireStaff, route, setCookie, setStaffCookie, STAFF_COOKIE, STAFF_LOGIN_MS, staffLogin } from "./util.js";

/**
 * Staff logins: first-run setup (a one-time token printed on the console,
 * as Jupyter does; it creates the first administrator), login (throttled
 * per account and address, see login-throttle.ts)/logout with an httpOnly
 * SameSite=Strict cookie, and the short-lived token staff present to enter a
 * cell room. Accounts themselves (create, disable, passwords): accounts.ts.
 */

export const SETUP_TOKEN_KEY = "setup_token_hash";
export const STAFF_TOKEN_MS = 10 * 60_000;
const DEVICE_COOKIE = "sf_device";
const DEVICE_MS = 180 * 24 * 3600_000;

export const Username = z.string().trim().min(2).max(40).regex(/^[\p{L}\p{N}._@-]+$/u, "username_chars");
export const Password = z.string().min(10).max(200);

/** On a start with no administrator: a fresh one-time setup token (only its hash is stored). Returns the token to print. */
export async function prepareSetup(ctx: AppContext): Promise<string | undefined> {
  if ((await ctx.storage.countUsers("admin")) > 0) { await ctx.storage.setSetting(SETUP_TOKEN_KEY, undefined); return undefined; }
  const token = randomToken(18);
  await ctx.storage.setSetting(SETUP_TOKEN_KEY, hashToken(token));
  return token;
}

/** Open a login (cookie `sf_staff`) and mark this browser as one of the account's devices (cookie `sf_device`, see login-throttle.ts). */
export async function startStaffLogin(ctx: AppContext, req: Request, res: Response, user: UserRow, device = randomToken(12)) {
  const raw = randomToken();
  await ctx.storage.createStaffLogin({ idHash: hashToken(raw), userId: user.id, expiresAt: Date.now() + STAFF_LOGIN_MS });
  setStaffCookie(req, res, raw);
  setCookie(req, res, DEVICE_COOKIE, signDeviceToken(ctx.staffSecret, { userId: user.id, device, exp: Date.now() + DEVICE_MS }), DEVICE_MS, "/api");
}

export const me = (u: UserRow) => ({ id: u.id, username: u.username, role: u.role });

export function staffRoutes(ctx: AppContext, throttle: LoginThrottle): Router {
  const r = Router();
  const setups = new AttemptLimiter(10, 60_000);

  r.get("/setup", route(async (_req, res) => {
    res.json({ needsSetup: (await ctx.storage.countUsers("admin")) === 0 });
  }));

  r.post("/setup", route(async (req, res) => {
    const body = parse(z.strictObject({ token: z.string().min(1).max(200), username: Username, password: Password }), req.body);
    if (!setups.hit(`setup:${req.ip}`)) throw new HttpError(429, "too_many_attempts");
    const stored = await ctx.storage.getSetting(SETUP_TOKEN_KEY);
    if ((await ctx.storage.countUsers("admin")) > 0 || !stored) throw new HttpError(409, "already_set_up");
    if (!sameHash(hashToken(body.token), stored)) throw new HttpError(403, "bad_setup_token");
    const user: UserRow = { id: newId("u"), username: body.username, role: "admin", passwordHash: await hashPassword(body.password), createdAt: Date.now() };
    await ctx.storage.createUser(user);
    await ctx.storage.setSetting(SETUP_TOKEN_KEY, undefined);
    await startStaffLogin(ctx, req, res, user);
    log.info("first administrator created", { user: user.id });
    res.status(201).json(me(user));
  }));

  r.post("/login", route(async (req, res) => {
    const body = parse(z.strictObject({ username: z.string().max(60), password: z.string().max(200) }), req.body);
    const user = await ctx.storage.getUserByName(body.username.trim());
    const device = verifyDeviceToken(ctx.staffSecret, readCookie(req, DEVICE_COOKIE));
    const known = device && user && device.userId === user.id ? device.device : undefined;
    const keys = loginKeys(body.username, req.ip ?? "", known);
    // An unknown name costs the same scrypt as a wrong password (a dummy hash) and counts as a failure.
    const ok = await throttledPasswordCheck(throttle, keys, async () =>
      (await verifyPassword(body.password, user?.passwordHash ?? await dummyPasswordHash())) && user !== undefined);
    if (!user || !ok) throw new HttpError(401, "bad_credentials");
    // Said only to whoever knows the password: the account exists but was closed by an administrator.
    if (user.disabledAt !== undefined) throw new HttpError(403, "account_disabled");
    await startStaffLogin(ctx, req, res, user, known);
    res.json(me(user));
  }));

  /** Close the login: its cookie, and every room token minted for it (rooms on any process drop its staff clients with 4401). */
  r.post("/logout", route(async (req, res) => {
    const raw = readCookie(req, STAFF_COOKIE);
    if (raw) {
      const sid = hashToken(raw);
      await ctx.storage.deleteStaffLogin(sid);
      await announceLogout(sid).catch((err) => log.warn("logout not announced to rooms", { err }));
    }
    setStaffCookie(req, res, undefined);
    res.status(204).end();
  }));

  r.get("/me", route(async (req, res) => { res.json(me(await requireStaff(ctx, req))); }));

  /** A token to join cell rooms as staff: signed, valid 10 minutes and while this login stays open (the SDK sends it in the join options). */
  r.get("/staff-token", route(async (req, res) => {
    const login = await staffLogin(ctx, req);
    if (!login) throw new HttpError(401, "unauthorized");
    const { user, sid } = login;
    const expiresAt = Date.now() + STAFF_TOKEN_MS;
    res.json({ token: signStaffToken(ctx.staffSecret, { userId: user.id, role: user.role, username: user.username, sid, exp: expiresAt }), expiresAt });
  }));

  return r;
}
