import { addDictionary, createI18n } from "../../shared/i18n/index.js";
import { tr as trText, type Lang } from "../../shared/scenario/lang.js";
import type { Text } from "../../shared/scenario/text.js";
import { fr, type Key as CoreKey } from "./fr.js";
import type { LaterEntry } from "./fr-later.js";

/**
 * The interface language: French by default, English on a switch persisted
 * in localStorage. One i18next instance (shared/i18n): `t(key, vars)` for
 * interface strings (a typed dictionary; plurals by `count`: `key_one` /
 * `key_other`), `tx(text)` for scenario text (falls back to French where the
 * scenario has no English). French ships with the first screen; the English
 * dictionary is a chunk of its own, fetched only when English is chosen
 * (`initLang` before the first screen, `setLang` on the switch). The words of
 * the debrief and of the staff's screens (fr-later.ts, en-later.ts) are
 * chunks too, fetched by `loadLaterWords()` before those screens mount.
 */
const STORAGE_KEY = "sf.lang";
const i18n = createI18n({ fr }, "fr");
let lang: Lang = readLang();
const listeners = new Set<(lang: Lang) => void>();

function readLang(): Lang {
  try { return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "fr"; } catch { return "fr"; }
}

/** Which parts are in the instance: the core French always; the rest as they are fetched. */
const loaded = { en: false, frLater: false, enLater: false };
let laterWanted = false;

async function load(l: Lang): Promise<void> {
  if (l === "en" && !loaded.en) { addDictionary(i18n, "en", (await import("./en.js")).en); loaded.en = true; }
  if (!laterWanted) return;
  if (!loaded.frLater) { addDictionary(i18n, "fr", (await import("./fr-later.js")).frLater); loaded.frLater = true; }
  if (l === "en" && !loaded.enLater) { addDictionary(i18n, "en", (await import("./en-later.js")).enLater); loaded.enLater = true; }
}

/** Before the debrief or a staff screen: their words in the current language (and French, the fallback); from then on a language switch brings them too. */
export async function loadLaterWords(): Promise<void> {
  laterWanted = true;
  await load(lang);
}

/** Before the first screen: the stored language's dictionary (English is fetched only then). */
export async function initLang(): Promise<void> {
  try { await load(lang); } catch { lang = "fr"; } // offline without the chunk: French, which is always there
  document.documentElement.lang = lang;
}

export function getLang(): Lang { return lang; }

export async function setLang(next: Lang): Promise<void> {
  if (next === lang) return;
  await load(next);
  lang = next;
  try { localStorage.setItem(STORAGE_KEY, next); } catch { /* private mode */ }
  document.documentElement.lang = next;
  for (const l of listeners) l(next);
}

export function onLang(listener: (lang: Lang) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function t(key: Key, vars?: Record<string, string | number>): string {
  return i18n.t(key, { ...vars, lng: lang });
}

/**
 * "label: value" punctuated for the reader: French puts a space before the
 * colon (« Propriétaire : alice »), English does not ("Owner: alice").
 */
export function colon(): string { return lang === "en" ? ": " : " : "; }

/**
 * A list in the reader's language: « a, b et c » / "a, b and c" (Intl.ListFormat); `semicolon` for phrases that may
 * hold commas themselves, with French's space before the semicolon (« a ; b ») and none in English ("a; b").
 */
export function list(items: readonly string[], style: "and" | "semicolon" = "and"): string {
  if (style === "semicolon") return items.join(lang === "en" ? "; " : " ; ");
  return new Intl.ListFormat(lang, { type: "conjunction" }).format(items);
}

/** A moment as a person reads it, in the interface language. */
export const when = (ms: number) => new Date(ms).toLocaleString(lang === "en" ? "en-GB" : "fr-FR", { dateStyle: "short", timeStyle: "short" });

/** Scenario text in the chosen language. */
export function tx(text: Text | undefined): string { return trText(text, lang); }

/** A key of the interface's dictionaries (fr.ts, and fr-later.ts for the screens that `loadLaterWords()` first). */
export type Key = CoreKey | Plural<LaterEntry>;
type Plural<K> = K extends `${infer B}_one` | `${infer B}_other` ? B : K;
export type { Lang };
