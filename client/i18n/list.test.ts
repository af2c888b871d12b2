// @vitest-environment node
import { describe, expect, it } from "vitest";
import { colon, list, setLang } from "./index.js";

describe("lists and colons in the reader's language", () => {
  it("joins with the language's words and spacing: French spaces before « : » and « ; », English does not", async () => {
    // The language switch writes the page's lang and localStorage: a bare stand-in for both in node.
    Object.assign(globalThis, { document: { documentElement: {} }, localStorage: { setItem: () => undefined, getItem: () => null } });
    await setLang("fr");
    expect(list(["Directrice", "Presse", "RSSI"])).toBe("Directrice, Presse et RSSI");
    expect(list(["appel manqué", "déclaration, tardive"], "semicolon")).toBe("appel manqué ; déclaration, tardive");
    expect(`Cellule 2${colon()}refus`).toBe("Cellule 2 : refus");
    await setLang("en");
    expect(list(["Director", "Press", "CISO"])).toBe("Director, Press, and CISO");
    expect(list(["missed call", "statement, late"], "semicolon")).toBe("missed call; statement, late");
    expect(`Cell 2${colon()}refused`).toBe("Cell 2: refused");
    expect(list([])).toBe("");
    await setLang("fr");
  });
});
