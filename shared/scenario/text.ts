import { z } from "zod";

import type { Text as TextValue } from "./lang.js";

export { LANGS, type Lang, stripAuthoring, tr } from "./lang.js";

/**
 * Text shown to people. A plain string is French; an object gives French and,
 * optionally, English: `{ fr: "Alerte", en: "Alert" }`.
 */
export const Text: z.ZodType<TextValue> = z.union([
  z.string().min(1, "le texte ne peut pas être vide"),
  z.strictObject({ fr: z.string().min(1), en: z.string().min(1).optional() }),
]).meta({ description: "Texte : une chaîne (français) ou { fr, en }." });
export type Text = z.infer<typeof Text>;

