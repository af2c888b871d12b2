import type { Lang } from "../scenario/text.js";
import type { TextKey } from "./bilingual.js";
import { createI18n } from "./index.js";
import { rosterEn, rosterFr } from "./roster-texts.js";

/**
 * A problem of a class roster's file as data, like a refusal: where (`line`
 * of the file, none for the file as a whole; `column`, the field it is in)
 * and why (`code`, `params`), never prose. The server sends these
 * (server/students/roster-csv.ts); `rosterProblemText` writes one in the
 * reader's language. Parameters are shown as they are (a header, a value of
 * the file, a number) except `separator` (a separator's name) and `columns`
 * (fields, by their labels).
 */
export type RosterField = "number" | "firstName" | "lastName" | "email";
export type RosterSeparator = "semicolon" | "comma" | "tab";
type Under<P extends string, K> = K extends `${P}${infer R}` ? R : never;
export type RosterCode = Under<"roster.problem.", TextKey<typeof rosterFr>>;
export type RosterParams = Record<string, string | number | RosterField[]>;
export interface RosterProblem { line: number | null; column?: RosterField; code: RosterCode; params?: RosterParams }

const i18n = createI18n({ fr: rosterFr, en: rosterEn });

/** A column in `lang`: « numéro étudiant », "student number". */
export const rosterField = (f: RosterField, lang: Lang): string => i18n.t(`roster.field.${f}`, { lng: lang });
/** A separator in `lang`: « point-virgule », "semicolon" (a name this version does not know, as it is). */
export const rosterSeparator = (s: string, lang: Lang): string => i18n.t(`roster.separator.${s}`, { lng: lang, defaultValue: s });

/** Why: the problem's text in `lang`, its column and its parameters in the reader's words. */
export function rosterProblemWhy(p: RosterProblem, lang: Lang): string {
  const vars: Record<string, string | number> = p.column ? { field: rosterField(p.column, lang) } : {};
  for (const [k, v] of Object.entries(p.params ?? {})) {
    vars[k] = Array.isArray(v) ? v.map((f) => rosterField(f, lang)).join(", ") : k === "separator" ? rosterSeparator(String(v), lang) : v;
  }
  const key = `roster.problem.${p.code}`;
  const known = i18n.exists(key, { lng: lang }) || i18n.exists(`${key}_other`, { lng: lang });
  return i18n.t(known ? key : "roster.problem.unknown", { ...vars, lng: lang });
}

/** Where and why, as a list of problems reads: « ligne 3, prénom — prénom vide », "file — empty file". */
export function rosterProblemText(p: RosterProblem, lang: Lang): string {
  const where = p.line !== null ? i18n.t("roster.line", { line: p.line, lng: lang }) : i18n.t("roster.file", { lng: lang });
  return `${where}${p.column ? `, ${rosterField(p.column, lang)}` : ""} — ${rosterProblemWhy(p, lang)}`;
}
