import { tr as trText, type Lang, type Text } from "../../shared/scenario/text.js";
import { en } from "./en.js";
import { fr, type Key } from "./fr.js";

/**
 * The interface language: French by default, English on a switch persisted
 * in localStorage. `t(key, vars)` for interface strings (a typed dictionary),
 * `tx(text)` for scenario text (falls back to French where the scenario has
 * no English).
 */
const STORAGE_KEY = "sf.lang";
const dicts: Record<Lang, Record<Key, string>> = { fr, en };
let lang: Lang = readLang();
const listeners = new Set<(lang: Lang) => void>();

function readLang(): Lang {
  try { return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "fr"; } catch { return "fr"; }
}

export function getLang(): Lang { return lang; }

export function setLang(next: Lang): void {
  if (next === lang) return;
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
  let s = dicts[lang][key] ?? fr[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

/** Scenario text in the chosen language. */
export function tx(text: Text | undefined): string { return trText(text, lang); }

/** A translated label for an engine/protocol error code, or the server's own (French) message. */
export function errorText(code: string, message: string): string {
  const key = `err.${code}` as Key;
  const label = key in fr ? t(key) : "";
  if (!label) return message || code;
  if (!message) return label;
  return lang === "fr" ? `${label} : ${message}` : `${label} (${message})`;
}

export type { Key, Lang };
