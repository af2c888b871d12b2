import { describe, expect, it } from "vitest";
import type { Dictionary } from "../shared/i18n/index.js";

/** What reads as French in a text that should be English. */
export const FRENCH = /[«»éèêàçùôîœ]|\b(le|la|les|des|une|est|vous|pas|sur|dans|aucun|aucune|et)\b/i;
const slots = (s: string) => [...s.matchAll(/\{(\w+)/g)].map((m) => m[1]).sort();

/**
 * The checks every dictionary of the product passes (shared/ and server/):
 * French and English key for key, the same placeholders, plurals with both
 * forms, English with no French in it. The compiler already refuses an
 * English dictionary with a key missing (`Record<keyof typeof fr, string>`);
 * this checks what it cannot — and a key added to one language only fails here.
 */
export function describeDictionaries(dictionaries: [string, Dictionary, Dictionary][]): void {
  describe.each(dictionaries)("the %s dictionary", (_name, fr, en) => {
    it("has every key in both languages, with the same placeholders", () => {
      expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
      for (const key of Object.keys(fr)) expect(slots(en[key]!), key).toEqual(slots(fr[key]!));
    });

    it("writes both plural forms wherever it writes one, and English carries no French", () => {
      for (const d of [fr, en]) for (const key of Object.keys(d)) {
        const base = key.replace(/_(one|other)$/, "");
        // A plural (it counts), not a variant named "other".
        if (base !== key && d[key]!.includes("{count")) expect(Object.keys(d), key).toEqual(expect.arrayContaining([`${base}_one`, `${base}_other`]));
      }
      for (const [key, text] of Object.entries(en)) expect(text, key).not.toMatch(FRENCH);
    });
  });
}
