import { tr } from "../../shared/scenario/text.js";
import type { CompetencyScore } from "../../shared/scoring/index.js";
import { cellItems, finalLevels, type LevelItem } from "../assessment/agreement.js";
import type { CellData } from "../assessment/cell-data.js";
import type { Names } from "../assessment/pseudonyms.js";
import { competencyText, reportWords } from "../assessment/labels.js";
import { levelWords } from "../assessment/level-text.js";
import { cellName } from "../../shared/i18n/cell-name.js";

/**
 * The session's levels as CSV for the school's records, in French: for each
 * cell, one row per competency for the cell as a whole (`ligne` = "cellule")
 * and one per student × competency (`ligne` = "etudiant"), each with the
 * computed and the final level in figures and in words ("non évalué — aucune
 * preuve" for a student with no evidence), the status of the final level
 * (calculé, révisé, désaccord), the evidence and override counts and the
 * latest justification. Labels only, never an id. RFC 4180 (comma, CRLF,
 * fields with a comma, quote or line break in double quotes, quotes doubled),
 * UTF-8 with a byte order mark so Excel reads accents. Texts that a
 * spreadsheet would take for a formula (=, +, -, @ first) get a leading
 * apostrophe. `sep: ";"` gives the variant that a French-locale Excel splits
 * into columns on a double-click.
 */

export const CSV_HEADER = [
  "ligne", "session", "cellule", "etudiant", "roles", "competence", "intitule", "niveau_calcule", "niveau_calcule_libelle",
  "niveau_retenu", "niveau_retenu_libelle", "statut", "nb_preuves", "nb_revisions", "derniere_justification",
];

export type CsvSeparator = "," | ";";

export function csvField(v: string | number | null | undefined, sep: CsvSeparator = ","): string {
  const s = v === null || v === undefined ? "" : String(v);
  return s.includes(sep) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, "\"\"")}"` : s;
}
/** A text a spreadsheet would run as a formula (=, +, -, @ first), made inert with a leading apostrophe. */
export const safeText = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

export function sessionCsv(sessionName: string, cells: readonly CellData[], names: Names, sep: CsvSeparator = ","): string {
  const L = reportWords("fr");
  const lines = [CSV_HEADER.join(sep)];
  const row = (kind: string, d: CellData, who: string, roles: string, i: LevelItem, c: CompetencyScore | undefined) => {
    const final = i.status === "disagreement" ? `${L("disagreement")} (${i.evaluators.map((e) => e.level).join(" / ")})` : levelWords(i.level, "fr", c?.noEvidence && i.status === "computed");
    lines.push([
      kind, safeText(names.scrub(sessionName)), safeText(cellName(d.cell, "fr")), safeText(who), safeText(roles), i.competency, competencyText("fr", i.competency),
      i.computed ?? "", levelWords(i.computed, "fr", c?.noEvidence), i.level ?? "", final, L(`levelStatus.${i.status}`),
      i.evidence.length, i.overrides, safeText(names.scrub(i.lastJustification ?? "")),
    ].map((v) => csvField(v, sep)).join(sep));
  };
  for (const d of cells) {
    const levels = finalLevels(cellItems(d.score, cellName(d.cell, "fr")), d.assessments);
    const roleNames = (roles: readonly string[]) => roles.map((r) => tr(d.compiled.roles.get(r)?.name)).join(" ; ");
    for (const i of levels.filter((x) => x.scope === "cell")) {
      row("cellule", d, "", "", i, d.score.cell.competencies.find((c) => c.competency === i.competency));
    }
    for (const i of levels.filter((x) => x.scope === "student")) {
      const student = d.score.students.find((s) => s.player === i.subject)!;
      row("etudiant", d, names.player(i.subject, student.name), roleNames(student.roles), i, student.competencies.find((c) => c.competency === i.competency));
    }
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
