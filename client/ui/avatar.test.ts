import { describe, expect, it } from "vitest";
import { hash32, identicon } from "./avatar.js";

describe("generated avatars", () => {
  it("are the same for the same handle (case aside) and differ between handles", () => {
    expect(identicon("@CyberVeilleFR")).toEqual(identicon("@cyberveillefr"));
    const faces = new Set(["@a", "@b", "@Logirhone", "@marie_lyon", "@sceptique", "@prefet69"].map((x) => JSON.stringify(identicon(x))));
    expect(faces.size).toBe(6);
  });
  it("are mirrored left to right", () => {
    for (const handle of ["@x", "@CyberVeilleFR", "@client_furieux"]) {
      const { cells } = identicon(handle);
      for (let row = 0; row < 5; row++) {
        expect(cells[row * 5]).toBe(cells[row * 5 + 4]);
        expect(cells[row * 5 + 1]).toBe(cells[row * 5 + 3]);
      }
    }
  });
  it("hash with FNV-1a (known value)", () => {
    expect(hash32("a")).toBe(0xe40c292c);
  });
});
