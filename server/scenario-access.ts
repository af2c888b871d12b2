import type { LibraryScenarioRow } from "./storage/library.js";
import type { StaffRole, UserRow } from "./storage/types.js";

/**
 * Who may see and change a scenario of the studio's library — one place for
 * every route and for the catalogue. A scenario belongs to the account that
 * uploaded or duplicated it; today only its owner sees it: any other account
 * gets 404, exactly as for a scenario that does not exist, so nobody learns
 * what others write (the routes answer that: http/scenarios-studio.ts). (Sharing will come from the accounts module, server/access.ts,
 * when it lands: `accessTo(storage, user, "scenario", { id, owner })` replaces the
 * comparison in `libraryAccess` and nothing else changes.) Bundled scenarios are
 * everyone's to read and duplicate, and nobody's to change.
 */

/** Accounts that write scenarios and run sessions with them. */
export const AUTHORS: StaffRole[] = ["admin", "instructor"]; // the first-run account is an administrator, who runs sessions like an instructor

export type LibraryNeed = "see" | "edit" | "manage";

/** What an account may do with a library scenario: everything when it owns it, nothing otherwise (for now). */
export function libraryAccess(user: UserRow, s: LibraryScenarioRow): LibraryNeed[] {
  if (s.deletedAt !== undefined) return [];
  return s.ownerId === user.id ? ["see", "edit", "manage"] : [];
}

export const mayUse = (user: UserRow, s: LibraryScenarioRow, need: LibraryNeed = "see") => libraryAccess(user, s).includes(need);
