import { describe, expect, it } from "vitest";
import { ScenarioTexts } from "./scenario-texts.js";

describe("scenario texts kept by session", () => {
  it("reads a text once, then serves the kept copy; forgets an erased session's", () => {
    const texts = new ScenarioTexts();
    let reads = 0;
    const load = () => { reads++; return "id: rançongiciel"; };
    expect(texts.get("s1", load)).toBe("id: rançongiciel");
    expect(texts.get("s1", load)).toBe("id: rançongiciel");
    expect(reads).toBe(1);
    texts.forget("s1");
    expect(texts.get("s1", load)).toBe("id: rançongiciel");
    expect(reads).toBe(2);
  });

  it("keeps nothing for a session that is gone", () => {
    const texts = new ScenarioTexts();
    expect(texts.get("gone", () => undefined)).toBeUndefined();
    expect(texts.size()).toEqual({ entries: 0, chars: 0 });
  });

  it("drops the least recently used beyond its budget, and never keeps a text larger than it", () => {
    const texts = new ScenarioTexts(10);
    texts.keep("a", "aaaa");
    texts.keep("b", "bbbb");
    expect(texts.get("a", () => "reread")).toBe("aaaa"); // a is now the most recently used
    texts.keep("c", "cccc"); // 12 > 10: b goes
    expect(texts.size()).toEqual({ entries: 2, chars: 8 });
    expect(texts.get("b", () => undefined)).toBeUndefined();
    texts.keep("big", "x".repeat(11));
    expect(texts.get("big", () => undefined)).toBeUndefined();
    texts.keep("a", "aa"); // kept again: counted once
    expect(texts.size()).toEqual({ entries: 2, chars: 6 });
  });
});
