import type { Lang } from "../scenario/text.js";
import type { Coded, CodedParam } from "./coded.js";
import { createI18n } from "./index.js";
import { refusalEn, refusalFr } from "./refusal-texts.js";

/** The refusal texts of the engine and the server, French and English (shared/i18n/refusal-texts.ts). */
export const refusalI18n = createI18n({ fr: refusalFr, en: refusalEn });

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
  [...new Set(Object.keys(refusalFr).map((k) => k.slice("refusal.".length)).map((k) => k.replace(/_(one|other)$/, "")))];

/**
 * A refusal in the reader's language: its code's text, the variant its
 * `detail` names, the plural its `count` asks for, its labels in `lang`. A
 * code this version does not know (a newer server) reads as a plain refusal
 * rather than as its code.
 */
export function refusalText(refusal: Coded, lang: Lang): string {
  const { detail, ...rest } = refusal.params ?? {};
  const vars: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(rest)) vars[k] = render(k, v, lang);
  const key = `refusal.${refusal.code}`;
  const options = { ...vars, lng: lang, ...(typeof detail === "string" ? { context: detail } : {}) };
  if (!refusalI18n.exists(key, options) && !refusalI18n.exists(`${key}_other`, options)) return refusalI18n.t("refusal.unknown", { lng: lang });
  return refusalI18n.t(key, options);
}

/** Whether this version has a text for `code` (a server may be newer than the page). */
export function knownRefusal(code: string): boolean {
  return refusalI18n.exists(`refusal.${code}`, { lng: "fr" }) || refusalI18n.exists(`refusal.${code}_other`, { lng: "fr" });
}
