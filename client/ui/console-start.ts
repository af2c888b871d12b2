import { cellName as nameIn } from "../../shared/i18n/cell-name.js";
import { colon, getLang, t } from "../i18n/index.js";
import type { CellInfo } from "../net/api.js";

/** A cell as the instructor reads it, in the reader's language: its typed name, or « Cellule 2 » / "Cell 2" by its number. */
export const cellName = (info: Pick<CellInfo, "name" | "index">): string => nameIn(info, getLang());

/**
 * The question before a forced start: one line per cell that refused (« Cellule 2 : Rôle obligatoire vacant : … »),
 * so with several cells the instructor knows which ones, then the single question. The refusal itself names no
 * control to press: the answer to this question is the way to force it.
 */
export function forceStartQuestion(refused: readonly { cell: string; message: string }[]): string {
  return `${refused.map((r) => `${r.cell}${colon()}${r.message}`).join("\n")}\n\n${t("console.forceStart")}`;
}

/** Which cell statuses each command applies to: a cell's buttons, and the session's « … tout » ones (any cell it applies to). */
export const COMMAND_ALLOWED: Record<string, (status: string) => boolean> = {
  start: (st) => st === "lobby", pause: (st) => st === "running", resume: (st) => st === "paused", end: (st) => st !== "ended",
  pace: (st) => st !== "ended", goto: (st) => st === "running" || st === "paused",
};

/** The session-wide buttons (`data-cmd`) and the command each sends to every cell. */
export const SESSION_COMMANDS = { "start-all": "start", "pause-all": "pause", "resume-all": "resume", "speed-all": "pace", "end-all": "end" } as const;

/**
 * Whether each session-wide button can do anything given the cells' statuses (undefined: not connected yet, which
 * leaves the button usable): « Démarrer tout » with every cell running or ended is disabled, not a primary button that
 * answers with refusals.
 */
export function sessionCommandsEnabled(statuses: readonly (string | undefined)[]): Record<keyof typeof SESSION_COMMANDS, boolean> {
  const out = {} as Record<keyof typeof SESSION_COMMANDS, boolean>;
  for (const [key, cmd] of Object.entries(SESSION_COMMANDS) as [keyof typeof SESSION_COMMANDS, string][]) {
    out[key] = statuses.length > 0 && statuses.some((st) => st === undefined || COMMAND_ALLOWED[cmd](st));
  }
  return out;
}

/**
 * The word the expectation tracker shows: an expectation whose clock has not started is "to come" (neutral, never
 * missed) while the cell plays; once it has ended, it never will: « jamais engagée », not « à venir ».
 */
export function trackerStatus(e: { status: string; startedAt?: number }, cellStatus: string | undefined): string {
  if (e.status !== "pending" || e.startedAt !== undefined) return e.status;
  return cellStatus === "ended" ? "notStarted" : "upcoming";
}
