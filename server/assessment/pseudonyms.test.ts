import { describe, expect, it } from "vitest";
import { nameScrubber } from "./pseudonyms.js";

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

  it("leaves parts shorter than three letters alone but still replaces the full name", () => {
    expect(scrub("Li Na a écrit ; Li est absent, Na aussi.")).toBe("Joueur 5 a écrit ; Li est absent, Na aussi.");
  });

  it("is the identity with nobody to hide", () => {
    expect(nameScrubber([])("Alice")).toBe("Alice");
  });
});
