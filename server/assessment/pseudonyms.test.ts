import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { displayName, foldedWords, spelling } from "../../tests/fixtures/names.js";
import { nameKey, nameScrubber } from "./pseudonyms.js";

describe("nameScrubber", () => {
  const scrub = nameScrubber([
    { name: "Alice Martin", alias: "Joueur 1" },
    { name: "Anne-Marie Dupont", alias: "Joueur 2" },
    { name: "Anne Martin", alias: "Joueur 3" },
    { name: "Zoë", alias: "Joueur 4" },
    { name: "Li Na", alias: "Joueur 5" },
  ]);

  it("replaces full names and first or last names alone, whatever their case", () => {
    expect(scrub("Alice Martin appelle ; alice répond, puis DUPONT.")).toBe("Joueur 1 appelle ; Joueur 1 répond, puis Joueur 2.");
    expect(scrub("Merci Zoë et Anne-Marie.")).toBe("Merci Joueur 4 et Joueur 2.");
  });

  it("matches whole words only, longest name first", () => {
    expect(scrub("Alicea et Martinez ne sont pas des joueurs ; Anne-Marie l'est.")).toBe("Alicea et Martinez ne sont pas des joueurs ; Joueur 2 l'est.");
    expect(scrub("Anne Martin et Anne-Marie")).toBe("Joueur 3 et Joueur 2");
  });

  it("does not guess between two people who share a name part", () => {
    expect(scrub("Voir avec Martin.")).toBe("Voir avec [nom].");
    expect(nameScrubber([{ name: "Ana Lopez", alias: "Player 1" }, { name: "Ana Ruiz", alias: "Player 2" }], "en")("Ask Ana")).toBe("Ask [name]");
  });

  it("replaces two-letter names and parts too (a surname alone identifies), never a particle alone", () => {
    expect(scrub("Li Na a écrit ; Li est absent, Na aussi.")).toBe("Joueur 5 a écrit ; Joueur 5 est absent, Joueur 5 aussi.");
    const fontaine = nameScrubber([{ name: "Jean de La Fontaine", alias: "Joueur 1" }, { name: "Al", alias: "Joueur 2" }]);
    expect(fontaine("Fontaine parle de la crise avec Jean ; al et AL aussi.")).toBe("Joueur 1 parle de la crise avec Joueur 1 ; Joueur 2 et Joueur 2 aussi.");
  });

  it("ignores case, accents and Unicode normalization, in the name and in the text, and keeps the rest of the text as it was", () => {
    const s = nameScrubber([{ name: "Zoé Lefèvre", alias: "Joueur 1" }, { name: "Ørjan Œhlenschläger", alias: "Joueur 2" }, { name: "Lucie d’Artagnan", alias: "Joueur 3" }]);
    expect(s("zoe, ZOÉ, Zoe\u0301 et LEFEVRE ; lefèvre-zoé.")).toBe("Joueur 1, Joueur 1, Joueur 1 et Joueur 1 ; Joueur 1-Joueur 1.");
    expect(s("Merci ORJAN oehlenschlager, Orjan et Œhlenschläger")).toBe("Merci Joueur 2, Joueur 2 et Joueur 2");
    expect(s("Lucie D'ARTAGNAN, Artagnan")).toBe("Joueur 3, Joueur 3");
    expect(s("Zoé Lefèvre".normalize("NFD") + " — é à ç")).toBe("Joueur 1 — é à ç");
    expect(nameScrubber([{ name: "Zoe\u0301".normalize("NFD"), alias: "J" }])("Zoé")).toBe("J");
  });

  it("is the identity with nobody to hide", () => {
    expect(nameScrubber([])("Alice")).toBe("Alice");
  });
});

/**
 * Property: whatever the names (accents, ligatures, short ones, compounds)
 * and however the text spells them (upper or lower case, without accents,
 * NFD or NFC), no part of any name survives the scrubber as a word; and a
 * text that mentions nobody comes out byte for byte as it went in.
 */
describe("nameScrubber, property", () => {
  const name = displayName, spell = spelling, words = foldedWords;
  const filler = fc.constantFrom("le", "rapport", "de", "la", "cellule", "est", "prêt", "à", "18 h", "—", "CNIL", "et", "", "l'équipe");

  it("no part of any name survives, in any spelling", () => {
    fc.assert(fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 5, selector: nameKey }), fc.array(fc.tuple(fc.nat(), fc.boolean(), fc.nat(), spell, filler), { maxLength: 12 }), (names, mentions) => {
      const people = names.map((n, i) => ({ name: n, alias: `Joueur ${i + 1}` }));
      const text = mentions.map(([who, whole, which, how, f]) => {
        const n = names[who % names.length];
        const ps = n.split(/[\s-]/);
        return `${f} ${how(whole ? n : ps[which % ps.length])}`;
      }).join(" ");
      const out = nameScrubber(people)(text);
      const banned = new Set(names.flatMap((n) => words(n)));
      expect(words(out).filter((w) => banned.has(w)), `${text}\n→ ${out}`).toEqual([]);
    }), { numRuns: 400 });
  });

  it("a text that mentions nobody is left exactly as it was", () => {
    fc.assert(fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 5, selector: nameKey }), fc.array(filler, { maxLength: 20 }), (names, fill) => {
      const text = fill.join(" ");
      expect(nameScrubber(names.map((n, i) => ({ name: n, alias: `J${i}` })))(text)).toBe(text);
    }), { numRuns: 200 });
  });
});
