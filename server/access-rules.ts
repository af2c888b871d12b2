import type { ClassRow, SessionMeta, ShareAccess, ShareKind, StaffRole, Storage, UserRow } from "./storage/types.js";

/**
 * The rules of access.ts without its HTTP side: who holds what access to a
 * session, a class or a library scenario (ownership and shares), and what
 * each access allows. Apart so that what the game and the catalogue import
 * (scenario-access.ts, scenarios.ts) never reaches the routes' helpers and
 * the app context, which import the game in turn.
 */

export type Access = "owner" | ShareAccess;
/**
 * What a route needs: see it exists (for a scenario: read it), run it
 * (commands), assess it (replay, annotations, levels, exports), edit it (a
 * scenario's new versions), manage it (delete, share, attach).
 */
export type Need = "see" | "run" | "assess" | "edit" | "manage";

const ALLOWED: Record<Need, readonly Access[]> = {
  see: ["owner", "run", "assess", "edit", "use"], run: ["owner", "run"], assess: ["owner", "run", "assess"], edit: ["owner", "edit"], manage: ["owner"],
};
export const allows = (access: Access | undefined, need: Need): boolean => access !== undefined && ALLOWED[need].includes(access);

/** Accounts that may own sessions and classes and be co-instructors. */
export const RUNNERS: StaffRole[] = ["admin", "instructor"];
export const canRun = (role: StaffRole) => RUNNERS.includes(role);

/** The share levels of each kind, the wider first, and the one an evaluator account gets at most (it never runs a session nor writes a scenario). */
export const SHARE_LEVELS: Record<ShareKind, { levels: readonly ShareAccess[]; evaluator: ShareAccess }> = {
  session: { levels: ["run", "assess"], evaluator: "assess" },
  class: { levels: ["run", "assess"], evaluator: "assess" },
  scenario: { levels: ["edit", "use"], evaluator: "use" },
};

/** The access of an account to a session, a class or a library scenario, from ownership and shares; none for a disabled account. */
export async function accessTo(storage: Storage, user: UserRow, kind: ShareKind, subject: { id: string; owner: string }): Promise<Access | undefined> {
  if (user.disabledAt !== undefined) return undefined;
  if (subject.owner === user.id) return "owner";
  const share = (await storage.listShares(kind, { subjectId: subject.id, userId: user.id }))[0];
  if (!share) return undefined;
  // An evaluator account never runs a session nor writes a scenario, whatever a share says.
  return canRun(user.role) ? share.access : SHARE_LEVELS[kind].evaluator;
}

export const sessionAccess = (storage: Storage, user: UserRow, s: SessionMeta) => accessTo(storage, user, "session", { id: s.id, owner: s.createdBy });
export const classAccess = (storage: Storage, user: UserRow, c: ClassRow) => accessTo(storage, user, "class", { id: c.id, owner: c.ownerId });
