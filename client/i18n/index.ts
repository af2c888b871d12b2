import { tr as trText, type Lang } from "../../shared/scenario/lang.js";
import type { Text } from "../../shared/scenario/text.js";
import { fr, type Key } from "./fr.js";

/**
 * The interface language: French by default, English on a switch persisted
 * in localStorage. `t(key, vars)` for interface strings (a typed dictionary),
 * `tx(text)` for scenario text (falls back to French where the scenario has
 * no English). The English dictionary is a chunk of its own, fetched only
 * when English is chosen (it would otherwise weigh on every French player's
 * first load): `langReady()` before the first render, `setLang()` switches
 * once it has arrived.
 */
const STORAGE_KEY = "sf.lang";
const dicts: Partial<Record<Lang, Record<Key, string>>> = { fr };
let lang: Lang = "fr";
const stored = readLang();
const loading = new Map<Lang, Promise<void>>();
const listeners = new Set<(lang: Lang) => void>();

function readLang(): Lang {
  try { return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "fr"; } catch { return "fr"; }
}

export function getLang(): Lang { return lang; }

function load(l: Lang): Promise<void> {
  if (dicts[l]) return Promise.resolve();
  let p = loading.get(l);
  if (!p) {
    p = import("./en.js").then((m) => { dicts.en = m.en; }, (err) => { loading.delete(l); throw err; });
    loading.set(l, p);
  }
  return p;
}

/** Resolves once the stored language's dictionary is here (French at once; English after its chunk, French if it cannot be fetched). */
export async function langReady(): Promise<void> {
  if (stored === "fr") return;
  try { await load(stored); lang = stored; } catch { /* offline: French, which is always here */ }
}

/** Switch the interface language (after fetching its dictionary); listeners re-render. */
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
  let s = dicts[lang]?.[key] ?? fr[key] ?? key;
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
