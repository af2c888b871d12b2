// Languages and picking a text in one, without zod: the browser imports these (client/i18n) on every
// screen, while the `Text` schema (./text.ts, zod) is for loading scenario files.

/** A text as a scenario gives it (its schema is `Text` in ./text.ts): French, or French and English. */
export type Text = string | { fr: string; en?: string };

/** Languages the product speaks. French first. */
export const LANGS = ["fr", "en"] as const;
export type Lang = (typeof LANGS)[number];

/**
 * Authoring tags an instructor leaves in a text for colleagues ("[design]",
 * "[à calibrer]", "[TODO]"): notes about the file, never for players or the
 * jury. `tr` drops them from everything it returns.
 */
const AUTHORING_TAG = /\s*\[(?:design|todo|tbd|draft|brouillon|[àa] calibrer|[àa] v[ée]rifier)\]/giu;
export const stripAuthoring = (s: string): string => (s.includes("[") ? s.replace(AUTHORING_TAG, "") : s);

/** Pick the text in the wanted language, falling back to French; authoring tags removed. */
export function tr(text: Text | undefined, lang: Lang = "fr"): string {
  if (text === undefined) return "";
  if (typeof text === "string") return stripAuthoring(text);
  return stripAuthoring((lang === "en" ? text.en : undefined) ?? text.fr);
}
