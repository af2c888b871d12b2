import { parse as parseCsv } from "csv-parse/sync";
import { z } from "zod";
import type { RosterCode, RosterField, RosterParams, RosterProblem, RosterSeparator } from "../../shared/i18n/roster-problems.js";
import { sanitizeText } from "../../shared/text/sanitize.js";
import { nameKey } from "../assessment/pseudonyms.js";
import { normalizeNumber } from "./identity.js";

/**
 * A class roster from a CSV file, as a school exports it: UTF-8 (with or
 * without BOM), UTF-16 with a BOM, or Excel's "CSV (point-virgule)" in
 * Windows-1252; comma, semicolon or tab separated (read from the header).
 * Columns found by their header in French or English, in any order, case
 * and accents ignored: student number (numéro étudiant, matricule, student
 * id…), first name, last name, and optionally an e-mail; other columns are
 * ignored (said in a warning). The file is taken whole or not at all: every
 * problem is reported with its line and column — missing columns, a student
 * number twice, an empty name, a cell a spreadsheet would run as a formula
 * (`=HYPERLINK(…)`, `+`, `-`, `@` first), a badly encoded file or line (a
 * zip, a NUL byte, control characters, UTF-8 read as Latin-1: « Ã© ») —
 * and nothing is imported until the file is corrected. Each problem is
 * data (`{ line, column, code, params }`, shared/i18n/roster-problems.ts),
 * written in the reader's language where it is read.
 */

export interface RosterLine { line: number; number: string; firstName: string; lastName: string; email?: string }
export type { RosterProblem };
export type RosterParse =
  | { ok: true; students: RosterLine[]; encoding: string; separator: RosterSeparator; warnings: RosterProblem[] }
  | { ok: false; problems: RosterProblem[]; more: number; encoding?: string; separator?: RosterSeparator };

export const MAX_ROSTER_BYTES = 1_000_000;
export const MAX_ROSTER_STUDENTS = 1000;
const MAX_PROBLEMS = 100;

type Field = RosterField;
const HEADERS: Record<Field, string[]> = {
  number: ["numero", "numero etudiant", "n etudiant", "no etudiant", "num etudiant", "numero d etudiant", "matricule", "identifiant", "id", "ine",
    "student number", "student no", "student id", "student", "number", "id number"],
  firstName: ["prenom", "prenoms", "first name", "firstname", "given name", "forename"],
  lastName: ["nom", "nom de famille", "nom d usage", "last name", "lastname", "surname", "family name"],
  email: ["email", "e mail", "mail", "courriel", "adresse mail", "adresse e mail", "adresse electronique", "email address", "e mail address"],
};
const headerKey = (h: string) => nameKey(h.replace(/[°º#_.:()]/g, " "));
const FIELD_OF = new Map(Object.entries(HEADERS).flatMap(([f, names]) => names.map((n) => [headerKey(n), f as Field])));

const LIMITS: Record<Field, number> = { number: 32, firstName: 60, lastName: 60, email: 254 };
const FORMULA = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const MOJIBAKE = /Ã[\u0080-\u00BF]|Â[\u00A0-\u00BF]|â€/;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const Email = z.email();

const problem = (line: number | null, code: RosterCode, params?: RosterParams, column?: Field): RosterProblem =>
  ({ line, ...(column ? { column } : {}), code, ...(params ? { params } : {}) });

/** The file's text and its encoding, or why it cannot be read as a CSV text. */
function decode(bytes: Buffer): { text: string; encoding: string } | RosterProblem {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return problem(null, "spreadsheet");
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)), encoding: "UTF-8" };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "UTF-16" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "UTF-16" };
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const line = bytes.subarray(0, nul).toString("latin1").split("\n").length;
    return problem(line, "nul_byte");
  }
  try { return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "UTF-8" }; } catch { /* not UTF-8: Excel's ANSI CSV */ }
  return { text: decodeWindows1252(bytes), encoding: "Windows-1252" };
}

/**
 * Windows-1252 is Latin-1 but for 0x80–0x9F, where it has € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ
 * (Node 20's TextDecoder reads them as C1 controls). The five undefined bytes stay controls, which the caller refuses.
 */
const CP1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";
function decodeWindows1252(bytes: Buffer): string {
  let out = "";
  for (const b of bytes) out += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  return out;
}

/** The separator the header uses most (outside quotes): `;` for a French Excel, `,` elsewhere, or tab. */
function separatorOf(header: string): string {
  const outside = header.replace(/"[^"]*"/g, "");
  const counts = [";", ",", "\t"].map((c) => [c, outside.split(c).length - 1] as const);
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  return best[1] > 0 ? best[0] : ",";
}

const SEPARATOR_NAME: Record<string, RosterSeparator> = { ";": "semicolon", ",": "comma", "\t": "tab" };

export function parseRoster(bytes: Buffer): RosterParse {
  if (bytes.length === 0) return { ok: false, problems: [problem(null, "empty_file")], more: 0 };
  if (bytes.length > MAX_ROSTER_BYTES) return { ok: false, problems: [problem(null, "too_large", { max: MAX_ROSTER_BYTES })], more: 0 };
  const decoded = decode(bytes);
  if (!("text" in decoded)) return { ok: false, problems: [decoded], more: 0 };
  const { text, encoding } = decoded;
  const problems: RosterProblem[] = [];
  const warnings: RosterProblem[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  lines.forEach((l, i) => {
    if (CONTROL.test(l)) problems.push(problem(i + 1, "control_character"));
    else if (MOJIBAKE.test(l)) problems.push(problem(i + 1, "mojibake", { text: MOJIBAKE.exec(l)![0] }));
  });
  const headerLine = lines.find((l) => l.trim() !== "") ?? "";
  const separator = separatorOf(headerLine);
  const found = { encoding, separator: SEPARATOR_NAME[separator] };
  if (problems.length) return fail(problems, found);

  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, { delimiter: separator, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, trim: false }) as unknown as typeof records;
  } catch (err) {
    const e = err as { lines?: number; code?: string };
    return fail([problem(e.lines ?? null, e.code === "CSV_QUOTE_NOT_CLOSED" ? "unclosed_quote" : "unreadable_csv")], found);
  }
  if (records.length === 0) return fail([problem(null, "no_line")], found);

  // The header: which column holds what.
  const header = records[0].record.map((h) => h.replace(/^\uFEFF/, "").trim());
  const headerAt = records[0].info.lines;
  const columns = new Map<Field, number>();
  header.forEach((h, i) => {
    const f = FIELD_OF.get(headerKey(h));
    if (!f) { if (h) warnings.push(problem(headerAt, "ignored_column", { header: h })); return; }
    if (columns.has(f)) problems.push(problem(headerAt, "duplicate_column", { first: header[columns.get(f)!], second: h }, f));
    else columns.set(f, i);
  });
  const missing = (["number", "firstName", "lastName"] as Field[]).filter((f) => !columns.has(f));
  if (missing.length) {
    problems.push(problem(headerAt, "missing_columns", { count: missing.length, columns: missing, header: header.join(` ${separator} `), separator: found.separator }));
  }
  if (problems.length) return fail(problems, found);

  const students: RosterLine[] = [];
  const firstLine = new Map<string, number>();
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    if (record.every((v) => v.trim() === "")) continue;
    if (record.length > header.length && record.slice(header.length).some((v) => v.trim() !== "")) {
      problems.push(problem(line, "too_many_fields", { fields: record.length, expected: header.length, separator: found.separator }));
      continue;
    }
    const values = {} as Record<Field, string>;
    let bad = false;
    for (const [f, i] of columns) {
      const raw = record[i] ?? "";
      const v = sanitizeText(raw).trim().replace(/\s+/g, " ");
      if (FORMULA.test(raw.trimStart()) || FORMULA.test(v)) {
        problems.push(problem(line, "formula", { value: v.slice(0, 40), first: v[0] ?? raw.trimStart()[0] }, f));
        bad = true; continue;
      }
      if (!v && f !== "email") { problems.push(problem(line, "empty_value", undefined, f)); bad = true; continue; }
      if ([...v].length > LIMITS[f]) { problems.push(problem(line, "too_long", { max: LIMITS[f] }, f)); bad = true; continue; }
      values[f] = v;
    }
    if (bad) continue;
    const number = normalizeNumber(values.number);
    if (!/^[\p{L}\p{N}._/-]+$/u.test(number)) {
      problems.push(problem(line, "bad_number", { value: values.number }, "number"));
      continue;
    }
    if (values.email && !Email.safeParse(values.email).success) {
      problems.push(problem(line, "bad_email", { value: values.email }, "email"));
      continue;
    }
    const earlier = firstLine.get(number);
    if (earlier !== undefined) {
      problems.push(problem(line, "duplicate_number", { number, first: earlier }, "number"));
      continue;
    }
    firstLine.set(number, line);
    students.push({ line, number, firstName: values.firstName, lastName: values.lastName, ...(values.email ? { email: values.email.toLowerCase() } : {}) });
  }
  if (students.length > MAX_ROSTER_STUDENTS) problems.push(problem(null, "too_many_students", { students: students.length, max: MAX_ROSTER_STUDENTS }));
  if (students.length === 0 && problems.length === 0) problems.push(problem(null, "no_student"));
  if (problems.length) return fail(problems, found);
  if (encoding === "Windows-1252") warnings.unshift(problem(null, "windows_1252"));
  return { ok: true, students, encoding, separator: found.separator, warnings };
}

function fail(problems: RosterProblem[], found: { encoding?: string; separator?: RosterSeparator }): RosterParse {
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { ok: false, problems: problems.slice(0, MAX_PROBLEMS), more: Math.max(0, problems.length - MAX_PROBLEMS), ...found };
}
