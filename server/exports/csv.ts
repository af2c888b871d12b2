import { tr } from "../../shared/scenario/text.js";
import { cellItems, finalLevels } from "../assessment/agreement.js";
import type { CellData } from "../assessment/cell-data.js";
import type { Names } from "../assessment/pseudonyms.js";

/**
 * The session's levels as CSV for the school's records: one row per student
 * × competency. RFC 4180 (comma, CRLF, fields with a comma, quote or line
 * break in double quotes, quotes doubled), UTF-8 with a byte order mark so
 * Excel reads accents. Free texts that a spreadsheet would take for a
 * formula (=, +, -, @ first) get a leading apostrophe. `sep: ";"` gives the
 * variant that a French-locale Excel splits into columns on a double-click.
 */

export const CSV_HEADER = [
  "session", "cellule", "etudiant", "roles", "competence", "niveau_calcule", "niveau_retenu", "statut", "nb_preuves", "nb_revisions", "derniere_justification",
];

export type CsvSeparator = "," | ";";

export function csvField(v: string | number | null | undefined, sep: CsvSeparator = ","): string {
  const s = v === null || v === undefined ? "" : String(v);
  return s.includes(sep) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, "\"\"")}"` : s;
}
const safeText = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

export function sessionCsv(sessionName: string, cells: readonly CellData[], names: Names, sep: CsvSeparator = ","): string {
  const lines = [CSV_HEADER.join(sep)];
  for (const d of cells) {
    const levels = finalLevels(cellItems(d.score, d.cell.name), d.assessments).filter((i) => i.scope === "student");
    for (const i of levels) {
      const student = d.score.students.find((s) => s.player === i.subject)!;
      const roles = student.roles.map((r) => tr(d.compiled.roles.get(r)?.name ?? r)).join(" ; ");
      lines.push([
        safeText(names.scrub(sessionName)), safeText(d.cell.name), safeText(names.player(i.subject, student.name)), safeText(roles), i.competency,
        i.computed ?? "", i.level ?? "", i.status, i.evidence.length, i.overrides, safeText(names.scrub(i.lastJustification ?? "")),
      ].map((v) => csvField(v, sep)).join(sep));
    }
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
