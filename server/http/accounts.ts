import { Router } from "express";
import { z } from "zod";
import { hashPassword, newId, verifyPassword } from "../auth.js";
import type { AppContext } from "../context.js";
import { log } from "../log.js";
import { announceLogout } from "../rooms/seat-auth.js";
import { STAFF_ROLES, type UserRow } from "../storage/types.js";
import { loginKeys, throttledPasswordCheck, type LoginThrottle } from "./login-throttle.js";
import { me, Password, startStaffLogin, Username } from "./staff.js";
import { HttpError, parse, requireStaff, route } from "./util.js";

/**
 * Accounts. An administrator creates accounts (administrator, instructor,
 * evaluator), disables and re-enables them, resets their passwords and
 * changes their roles; instructors list the active accounts to share a
 * session or a class with them; everyone changes their own password (the
 * current one required, throttled like a login). Disabling an account, a
 * reset and a change of password end the account's logins at once: their
 * cookies stop working and their room tokens with them (rooms on every
 * process drop those staff clients with 4401). The last active
 * administrator cannot be disabled or demoted, nor an administrator disable
 * their own account.
 */

const Role = z.enum(STAFF_ROLES as ["admin", "instructor", "evaluator"]);

/** Close every login of the account, everywhere (a disabled account, a new password). */
export async function endLogins(ctx: AppContext, userId: string): Promise<number> {
  const sids = await ctx.storage.deleteStaffLoginsOf(userId);
  await Promise.all(sids.map((sid) => announceLogout(sid).catch((err) => log.warn("logout not announced to rooms", { err }))));
  return sids.length;
}

/** What an administrator sees of an account (no id is meant to be shown: the list shows usernames and roles). */
const view = (u: UserRow) => ({ ...me(u), createdAt: u.createdAt, ...(u.disabledAt !== undefined ? { disabledAt: u.disabledAt } : {}) });

export function accountRoutes(ctx: AppContext, throttle: LoginThrottle): Router {
  const r = Router();

  /** Administrators: every account. Instructors: the active ones (to share with). */
  r.get("/users", route(async (req, res) => {
    const user = await requireStaff(ctx, req, ["admin", "instructor"]);
    const all = await ctx.storage.listUsers();
    res.json(user.role === "admin" ? all.map(view) : all.filter((u) => u.disabledAt === undefined).map(me));
  }));

  r.post("/users", route(async (req, res) => {
    await requireStaff(ctx, req, ["admin"]);
    const body = parse(z.strictObject({ username: Username, password: Password, role: Role }), req.body);
    if (await ctx.storage.getUserByName(body.username)) throw new HttpError(409, "username_taken", { name: body.username });
    const user: UserRow = { id: newId("u"), username: body.username, role: body.role, passwordHash: await hashPassword(body.password), createdAt: Date.now() };
    await ctx.storage.createUser(user);
    log.info("account created", { user: user.id, role: user.role });
    res.status(201).json(view(user));
  }));

  /** Disable or re-enable, reset the password, change the role. */
  r.patch("/users/:id", route(async (req, res) => {
    const admin = await requireStaff(ctx, req, ["admin"]);
    const body = parse(z.strictObject({ disabled: z.boolean().optional(), password: Password.optional(), role: Role.optional() })
      .refine((b) => b.disabled !== undefined || b.password !== undefined || b.role !== undefined, "nothing_to_change"), req.body);
    const target = await ctx.storage.getUser(String(req.params.id));
    if (!target) throw new HttpError(404, "unknown_user");
    const losesAdmin = target.role === "admin" && target.disabledAt === undefined && (body.disabled === true || (body.role !== undefined && body.role !== "admin"));
    if (losesAdmin && target.id === admin.id) throw new HttpError(409, "self");
    if (losesAdmin && (await ctx.storage.countUsers("admin")) <= 1) throw new HttpError(409, "last_admin");
    await ctx.storage.updateUser(target.id, {
      ...(body.password !== undefined ? { passwordHash: await hashPassword(body.password) } : {}),
      ...(body.role !== undefined ? { role: body.role } : {}),
      ...(body.disabled !== undefined ? { disabledAt: body.disabled ? Date.now() : null } : {}),
    });
    // A disabled account, a new password or another role: the logins opened before end now.
    const ended = body.disabled === true || body.password !== undefined || body.role !== undefined ? await endLogins(ctx, target.id) : 0;
    log.info("account changed", { user: target.id, by: admin.id, disabled: body.disabled, password: body.password !== undefined, role: body.role, logins: ended });
    res.json(view((await ctx.storage.getUser(target.id))!));
  }));

  /** One's own password: the current one, then the new one; every login of the account ends, this browser gets a fresh one. */
  r.post("/me/password", route(async (req, res) => {
    const user = await requireStaff(ctx, req);
    const body = parse(z.strictObject({ current: z.string().max(200), password: Password }), req.body);
    const keys = loginKeys(user.username, req.ip ?? "", undefined);
    if (!(await throttledPasswordCheck(throttle, keys, () => verifyPassword(body.current, user.passwordHash)))) throw new HttpError(400, "bad_current_password");
    if (body.password === body.current) throw new HttpError(400, "same_password");
    await ctx.storage.updateUser(user.id, { passwordHash: await hashPassword(body.password) });
    const ended = await endLogins(ctx, user.id);
    await startStaffLogin(ctx, req, res, user);
    log.info("password changed", { user: user.id, logins: ended });
    res.json(me(user));
  }));

  return r;
}
