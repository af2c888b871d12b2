import type { Lang } from "../scenario/text.js";
import type { Coded, CodedParam, CodedParams } from "./coded.js";
import { httpEn, httpFr } from "./http-texts.js";
import { createI18n } from "./index.js";
import { refusalEn, refusalFr } from "./refusal-texts.js";

/**
 * The refusal texts of the engine, the rooms (shared/i18n/refusal-texts.ts)
 * and the HTTP API (shared/i18n/http-texts.ts: its codes, the problems of a
 * refused request and the labels of its fields), French and English.
 */
export const refusalI18n = createI18n({ fr: { ...refusalFr, ...httpFr }, en: { ...refusalEn, ...httpEn } });

const quote = (s: string, lang: Lang) => (lang === "fr" ? `« ${s} »` : `“${s}”`);

function render(name: string, v: CodedParam, lang: Lang): string | number {
  if (typeof v === "string" || typeof v === "number") return v;
  if (Array.isArray(v)) {
    const list = new Intl.ListFormat(lang, { type: name === "options" ? "disjunction" : "conjunction" });
    return list.format(v.map((l) => quote(l[lang] || l.fr, lang)));
  }
  return v[lang] || v.fr;
}

/** Every refusal code this file can say (the keys' codes, variants and plural forms aside). */
export const refusalCodes = (): string[] =>
  [...new Set(Object.keys(refusalI18n.getResourceBundle("fr", "translation") as Record<string, string>)
    .filter((k) => k.startsWith("refusal.")).map((k) => k.slice("refusal.".length).replace(/_(one|other)$/, "")))];

/**
 * The text of `prefix.code` in `lang`: the variant `detail` names, the
 * plural `count` asks for, labels in `lang`; undefined when this version has
 * no text for the code (a newer server).
 */
export function codedText(prefix: string, code: string, params: CodedParams | undefined, lang: Lang): string | undefined {
  const { detail, ...rest } = params ?? {};
  const vars: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(rest)) vars[k] = render(k, v, lang);
  const key = `${prefix}.${code}`;
  const options = { ...vars, lng: lang, ...(typeof detail === "string" ? { context: detail } : {}) };
  if (!refusalI18n.exists(key, options) && !refusalI18n.exists(`${key}_other`, options)) return undefined;
  return refusalI18n.t(key, options);
}

/**
 * A refusal in the reader's language: its code's text, the variant its
 * `detail` names, the plural its `count` asks for, its labels in `lang`. A
 * code this version does not know (a newer server) reads as a plain refusal
 * rather than as its code.
 */
export function refusalText(refusal: Coded, lang: Lang): string {
  return codedText("refusal", refusal.code, refusal.params, lang) ?? refusalI18n.t("refusal.unknown", { lng: lang });
}

/** Whether this version has a text for `code` (a server may be newer than the page). */
export function knownRefusal(code: string): boolean {
  return codedText("refusal", code, undefined, "fr") !== undefined;
}
