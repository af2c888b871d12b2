import { describe, expect, it } from "vitest";
import { Rejection } from "../engine/types.js";
import { ProtocolError } from "../protocol.js";
import { refusalEn, refusalFr } from "./refusal-texts.js";
import { refusalCodes, refusalText } from "./refusals.js";

/** Every code the engine and the protocol can send has its text in both languages; the English has no French in it. */
describe("refusal texts", () => {
  it("cover every engine and protocol code, in French and English, key for key", () => {
    const codes = new Set(refusalCodes());
    for (const code of [...Object.values(Rejection), ...Object.values(ProtocolError)]) expect(codes.has(code), code).toBe(true);
    expect(Object.keys(refusalEn).sort()).toEqual(Object.keys(refusalFr).sort());
  });

  it("English texts carry no French; placeholders are the same in both languages", () => {
    const slots = (s: string) => [...s.matchAll(/\{(\w+)/g)].map((m) => m[1]).sort();
    for (const [key, en] of Object.entries(refusalEn)) {
      expect(en, key).not.toMatch(/[«»éèêàçùôî]|\b(le|la|les|des|une|est|vous|pas)\b/i);
      expect(slots(en), key).toEqual(slots(refusalFr[key]!));
    }
  });

  it("variants, plurals and lists read in the reader's language", () => {
    expect(refusalText({ code: "stale", params: { detail: "task" } }, "en")).toBe("The task changed since your last update; read it again before acting");
    expect(refusalText({ code: "stale", params: { detail: "nothing-like-this" } }, "fr")).toBe("Votre écran n'était pas à jour ; relisez avant d'agir");
    const one = { code: "roles_vacant", params: { roles: [{ fr: "Directrice", en: "Director" }], count: 1 } };
    const two = { code: "roles_vacant", params: { roles: [{ fr: "Directrice", en: "Director" }, { fr: "Presse", en: "Press" }], count: 2 } };
    expect(refusalText(one, "fr")).toBe("Rôle obligatoire vacant : « Directrice »");
    expect(refusalText(two, "en")).toBe("Required roles vacant: “Director” and “Press”");
    // The refusal names what is vacant; the console asks the one question (« Démarrer quand même ? »): no control is named here.
    expect(refusalText(one, "fr")).not.toMatch(/forcer|démarrez/);
    expect(refusalText(two, "en")).not.toMatch(/force|start/i);
    expect(refusalText({ code: "from_a_newer_server" }, "en")).toBe("Refused by the server");
  });
});
