import i18next, { type i18n, type TFunction } from "i18next";
import type { Lang } from "../scenario/text.js";

/**
 * The one i18n mechanism of the product (i18next): the browser's interface,
 * the refusals the engine and the server send as codes (`refusals.ts`), and
 * the server's documents all translate through an instance made here.
 * Dictionaries are flat (`"home.title"`: dots are part of the key), French is
 * the reference and the fallback, placeholders are `{name}` as in the
 * dictionaries written before, plurals are i18next's (`key_one`, `key_other`
 * chosen by `count` with the language's `Intl.PluralRules`), and a variant of
 * a message is a context (`key_variant`, chosen by `context`).
 */
export type Dictionary = Record<string, string>;

export function createI18n(dictionaries: Partial<Record<Lang, Dictionary>>, lng: Lang = "fr"): i18n {
  const instance = i18next.createInstance();
  const resources = Object.fromEntries(Object.entries(dictionaries).map(([l, d]) => [l, { translation: d }]));
  void instance.init({
    lng, fallbackLng: "fr", resources, initAsync: false,
    keySeparator: false, nsSeparator: false,
    interpolation: { prefix: "{", suffix: "}", escapeValue: false },
    returnNull: false, returnEmptyString: false,
  });
  return instance;
}

/** Add (or complete) a language's dictionary, e.g. one loaded lazily. */
export function addDictionary(instance: i18n, lang: Lang, dictionary: Dictionary): void {
  instance.addResourceBundle(lang, "translation", dictionary, true, true);
}

export type { i18n, TFunction };
