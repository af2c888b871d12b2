import type { Lang } from "../scenario/text.js";
import type { Label } from "./coded.js";
import { createI18n, type Dictionary } from "./index.js";

/**
 * Texts the pure core writes for people (scores in words, the rubric, the
 * event log of a replay) and the server's documents, on the one i18n
 * mechanism: a dictionary per language, an i18next instance made once at
 * module load from static resources (no I/O), plurals by `count`
 * (`key_one` / `key_other`), `{name}` placeholders. A parameter may be a
 * `{ fr, en }` label (a role's, a gauge's name): each language takes its own.
 *
 * `say` gives both languages at once (`Bilingual`), for results read in
 * either language later (a score is computed once, shown in French and in
 * English); `t` gives one, for a reader whose language is known.
 */
export type Bilingual = Label;
export type TextParam = string | number | Bilingual;
export type TextParams = Record<string, TextParam>;

/** A dictionary's keys with their plural suffixes folded: `"x_one" | "x_other"` is the key `"x"`. */
export type TextKey<D> = { [K in keyof D & string]: K extends `${infer B}_${"one" | "other" | "many"}` ? B : K }[keyof D & string];

export interface Texts<K extends string> {
  /** The text of `key` in `lang`. */
  t(lang: Lang, key: K, params?: TextParams): string;
  /** The text of `key` in both languages. */
  say(key: K, params?: TextParams): Bilingual;
}

/** Texts over a French dictionary (the reference) and its complete English one (`Record<keyof typeof fr, string>`). */
export function bilingualTexts<D extends Dictionary>(fr: D, en: Record<keyof D, string>): Texts<TextKey<D>> {
  const i18n = createI18n({ fr, en: en as Dictionary });
  const t = (lang: Lang, key: string, params: TextParams = {}): string => {
    const vars: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(params)) vars[k] = typeof v === "object" ? v[lang] : v;
    return i18n.t(key, { ...vars, lng: lang });
  };
  return { t, say: (key, params) => ({ fr: t("fr", key, params), en: t("en", key, params) }) };
}

/** The same text in both languages (a name, a number). */
export const same = (s: string): Bilingual => ({ fr: s, en: s });

/** Each language's text through `f`. */
export const perLang = (f: (lang: Lang) => string): Bilingual => ({ fr: f("fr"), en: f("en") });
