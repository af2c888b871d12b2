import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sanitizeText } from "./sanitize.js";

/**
 * Properties of the one free-text cleaner: nothing dangerous survives, every
 * legitimate text in any language comes out exactly as typed (in NFC), and
 * cleaning twice changes nothing.
 */

const isForbidden = (cp: number) =>
  (cp <= 0x1f && cp !== 0x09 && cp !== 0x0a) || (cp >= 0x7f && cp <= 0x9f) ||
  (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || (cp >= 0xd800 && cp <= 0xdfff);

/** Lone surrogates are the code units of half a character: scan by code unit, pairing what pairs. */
function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) { const n = s.charCodeAt(i + 1); if (n >= 0xdc00 && n <= 0xdfff) { i++; continue; } return true; }
    if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}
const dangerous = (s: string) => hasLoneSurrogate(s) || [...s].some((ch) => ch.length === 1 && isForbidden(ch.codePointAt(0)!));

/** Any code point of any plane, and surrogate halves on their own (arbitrary UTF-16). */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u));
const anyText = fc.string({ unit: fc.oneof(fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), codeUnit), maxLength: 80 });
/** Whole characters only, none of the removed kinds: what a person legitimately types. */
const allowed = fc.integer({ min: 0, max: 0x10ffff }).filter((cp) => !isForbidden(cp)).map((cp) => String.fromCodePoint(cp));
const legitimate = fc.string({ unit: fc.oneof(fc.constantFrom("\n", "\t"), allowed), maxLength: 80 });

describe("sanitizeText", () => {
  it("removes NUL, controls, bidi overrides and isolates, lone surrogates", () => {
    expect(sanitizeText("a\u0000b\u0007c\u001bd\u007fe\u0085f")).toBe("abcdef");
    expect(sanitizeText("facture\u202Egnp.exe")).toBe("facturegnp.exe");
    expect(sanitizeText("\u2066isolé\u2069 \u202Aemb\u202C")).toBe("isolé emb");
    expect(sanitizeText("x\uD800y\uDC00z")).toBe("xyz");
    expect(sanitizeText("fin\uD83D")).toBe("fin");
    expect(sanitizeText("ligne 1\r\nligne 2\rligne 3")).toBe("ligne 1\nligne 2\nligne 3");
  });

  it("keeps French and other languages exactly as typed, in NFC", () => {
    const texts = [
      "« Bonjour » : l'Élysée — œuvre, cœur, Noël, ça coûte 12 € !\n\tSuite…",
      "Prévenir l'ANSSI sous 72 h (art. 33 RGPD) ; déclarer à la CNIL.",
      "مرحبا بالعالم \u200F(نص عربي)\u200E", "שלום עולם", "中文，日本語、한국어", "Ελληνικά, Русский",
      "👩‍💻 équipe 👍🏽 🇫🇷", "zero\u200Bwidth, فارسی\u200Cها", "espace\u00A0insécable\u202Ffine",
    ];
    for (const t of texts) expect(sanitizeText(t)).toBe(t.normalize("NFC"));
    expect(sanitizeText("e\u0301te\u0301")).toBe("été"); // decomposed accents compose
  });

  it("property: the result never contains a removed character and is in NFC", () => {
    fc.assert(fc.property(anyText, (s) => {
      const out = sanitizeText(s);
      expect(dangerous(out)).toBe(false);
      expect(out.normalize("NFC")).toBe(out);
      expect(out.includes("\r")).toBe(false);
    }), { numRuns: 2000 });
  });

  it("property: legitimate text is kept intact (only normalised to NFC)", () => {
    fc.assert(fc.property(legitimate, (s) => { expect(sanitizeText(s)).toBe(s.normalize("NFC")); }), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: "grapheme", maxLength: 60 }), (s) => {
      if (!dangerous(s)) expect(sanitizeText(s)).toBe(s.normalize("NFC"));
    }), { numRuns: 2000 });
  });

  it("property: idempotent", () => {
    fc.assert(fc.property(anyText, (s) => {
      const once = sanitizeText(s);
      expect(sanitizeText(once)).toBe(once);
    }), { numRuns: 2000 });
  });
});
