import { z } from "zod";

/** Languages the product speaks. French first. */
export const LANGS = ["fr", "en"] as const;
export type Lang = (typeof LANGS)[number];

/**
 * Text shown to people. A plain string is French; an object gives French and,
 * optionally, English: `{ fr: "Alerte", en: "Alert" }`.
 */
export const Text = z.union([
  z.string().min(1, "le texte ne peut pas être vide"),
  z.strictObject({ fr: z.string().min(1), en: z.string().min(1).optional() }),
]).meta({ description: "Texte : une chaîne (français) ou { fr, en }." });
export type Text = z.infer<typeof Text>;

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
