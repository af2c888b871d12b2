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
  const resources = Object.fromEntries(Object.entries(dictionaries).map(([l, d]) => [l, { translation: withMany(d) }]));
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
  instance.addResourceBundle(lang, "translation", withMany(dictionary), true, true);
}

/**
 * French has a third plural category, `many` (1 000 000, 2e6…), that
 * i18next asks for and our dictionaries do not write (it reads as `other`):
 * without it a million of anything would show the key.
 */
function withMany(d: Dictionary): Dictionary {
  const out: Dictionary = { ...d };
  for (const [k, v] of Object.entries(d)) if (k.endsWith("_other") && !(`${k.slice(0, -6)}_many` in d)) out[`${k.slice(0, -6)}_many`] = v;
  return out;
}

export type { i18n, TFunction };
