import { colon, t } from "../i18n/index.js";
import type { CellInfo } from "../net/api.js";

/** A cell as the instructor reads it: its name, or « Cellule 2 » by its place in the session. */
export const cellName = (info: Pick<CellInfo, "name" | "index">): string => info.name ?? `${t("console.cell")} ${(info.index ?? 0) + 1}`;

/**
 * The question before a forced start: one line per cell that refused (« Cellule 2 : Rôle obligatoire vacant : … »),
 * so with several cells the instructor knows which ones, then the single question. The refusal itself names no
 * control to press: the answer to this question is the way to force it.
 */
export function forceStartQuestion(refused: readonly { cell: string; message: string }[]): string {
  return `${refused.map((r) => `${r.cell}${colon()}${r.message}`).join("\n")}\n\n${t("console.forceStart")}`;
}
