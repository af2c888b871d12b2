// @vitest-environment node
import { describe, expect, it } from "vitest";
import { reflow } from "./dom.js";

describe("reflow", () => {
  it("joins the hard-wrapped lines of a paragraph, keeps paragraphs and lists", () => {
    const text = "Depuis 8 h 50, la page d'accueil de l'université affiche « Examens annulés,\nl'université est à nous » sur fond noir.\n\n👉 À essayer : ouvrez la main courante.\n- un point\n- un autre";
    expect(reflow(text)).toBe("Depuis 8 h 50, la page d'accueil de l'université affiche « Examens annulés, l'université est à nous » sur fond noir.\n\n👉 À essayer : ouvrez la main courante.\n- un point\n- un autre");
  });
  it("keeps short lines (addresses, signatures) as they are", () => {
    expect(reflow("Cabinet\nPréfecture du Rhône")).toBe("Cabinet\nPréfecture du Rhône");
  });
});
