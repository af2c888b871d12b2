import type { Lang } from "../scenario/text.js";
import { bilingualTexts } from "./bilingual.js";

/**
 * A cell's name as a person reads it. A session's cells are stored with the
 * name the instructor typed (`cellNames` at creation), or with none (""): then
 * the cell is « Cellule 3 » for a French reader and "Cell 3" for an English
 * one, from its number, on every screen, export and file name. Cells stored
 * before (their default name written in French, "Cellule 3" for cell 3) read
 * as unnamed, so an English reader no longer sees French.
 */
const texts = bilingualTexts({ "cell.default": "Cellule {n}" }, { "cell.default": "Cell {n}" });

/** The name the instructor typed for this cell, or undefined when it has none (a default, new or stored in French before). */
export function typedCellName(cell: { name?: string; index: number }): string | undefined {
  const name = cell.name?.trim();
  return !name || name === `Cellule ${cell.index}` ? undefined : name;
}

/** The cell's name in `lang`: as typed, else « Cellule N » / "Cell N". */
export function cellName(cell: { name?: string; index: number }, lang: Lang): string {
  return typedCellName(cell) ?? texts.t(lang, "cell.default", { n: cell.index });
}
