import { accessTo, allows, type Access } from "./access-rules.js";
import type { LibraryScenarioRow } from "./storage/library.js";
import type { StaffRole, Storage, UserRow } from "./storage/types.js";

/**
 * Who may see and change a scenario of the studio's library — one place for
 * every route and for the catalogue, on the accounts module's rules
 * (access.ts; the rules alone: access-rules.ts). A scenario belongs to the
 * account that uploaded or duplicated it; its owner shares it with named colleagues: `edit` (a co-author: saves
 * new versions, and everything `use` allows) or `use` (read it, download any
 * version, preview and playtest it, duplicate it into one's own, start
 * sessions with it). An evaluator account only ever reads (a share to it is
 * `use`, and the routes that write or start sessions need an author's role).
 * Deleting and sharing are the owner's. Anyone else gets 404, exactly as for
 * a scenario that does not exist (or a deleted one), so nobody learns what
 * others write; an administrator sees only its own and those shared with it,
 * as for sessions. Bundled scenarios are every staff member's to read and
 * duplicate, and nobody's to change.
 */

/** Accounts that write scenarios and run sessions with them. */
export const AUTHORS: StaffRole[] = ["admin", "instructor"]; // the first-run account is an administrator, who runs sessions like an instructor

export type LibraryNeed = "see" | "edit" | "manage";

/** The account's access to a library scenario (owner, edit, use), none when it is deleted or neither owned nor shared. */
export async function scenarioAccess(storage: Storage, user: UserRow, s: LibraryScenarioRow): Promise<Access | undefined> {
  if (s.deletedAt !== undefined) return undefined;
  return accessTo(storage, user, "scenario", { id: s.id, owner: s.ownerId });
}

/** Whether the account may `need` the scenario (see: read, duplicate, start sessions). */
export const mayUse = async (storage: Storage, user: UserRow, s: LibraryScenarioRow, need: LibraryNeed = "see") =>
  allows(await scenarioAccess(storage, user, s), need);

/** The library scenarios an account sees (own and shared, not deleted), oldest first, each with its access. */
export async function visibleScenarios(storage: Storage, user: UserRow): Promise<{ scenario: LibraryScenarioRow; access: Access }[]> {
  if (user.disabledAt !== undefined) return [];
  const shared = new Set((await storage.listShares("scenario", { userId: user.id })).map((s) => s.subjectId));
  const out: { scenario: LibraryScenarioRow; access: Access }[] = [];
  for (const s of await storage.library.list()) {
    const access = s.ownerId === user.id || shared.has(s.id) ? await scenarioAccess(storage, user, s) : undefined;
    if (access) out.push({ scenario: s, access });
  }
  return out;
}
