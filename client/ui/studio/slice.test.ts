import { Text } from "@codemirror/state";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { completionSlice, sectionSchema } from "./slice.js";
import { scenarioJsonSchema } from "../../../shared/scenario/json-schema.js";

/** The completion reads one list item under its section's key, or a whole section that is not a list. */
describe("the part of the file the completion reads", () => {
  const lines = readFileSync(new URL("../../../scenarios/tutorial.yaml", import.meta.url), "utf8").split("\n");
  const doc = Text.of(lines);
  const at = (re: RegExp) => doc.line(lines.findIndex((l) => re.test(l)) + 1).to;

  it("is the inject under the cursor, headed by `injects:`", () => {
    const s = completionSlice(doc, at(/^\s+at: "T\+00:05"$/));
    const text = doc.sliceString(s.from, s.to);
    expect(s.head).toBe("injects:\n");
    expect(text).toMatch(/^\s+- id: president-call\n/);
    expect(text.split("\n").filter((l) => /^\s+- id: /.test(l))).toHaveLength(1);
    expect(text).toContain('at: "T+00:05"');
  });

  it("is the whole section when it is a map, or on the section's key line", () => {
    const meta = completionSlice(doc, at(/^meta:/) - 1);
    expect(meta.head).toBe("");
    expect(doc.sliceString(meta.from, meta.to)).toMatch(/^meta:/);
    const key = completionSlice(doc, at(/^injects:/));
    expect(key.head).toBe("");
    expect(doc.sliceString(key.from, key.to).split("\n").filter((l) => /^\s+- id: /.test(l)).length).toBeGreaterThan(3);
  });

  it("comes with the schema of its section alone, every definition it refers to included", () => {
    const root = JSON.parse(JSON.stringify(scenarioJsonSchema()));
    const cut = sectionSchema(root, "injects")!;
    expect(Object.keys(cut.properties as object)).toEqual(["injects"]);
    const text = JSON.stringify(cut);
    for (const [, name] of text.matchAll(/"#\/definitions\/([^"]+)"/g)) expect(cut.definitions).toHaveProperty([name]);
    expect(text.length).toBeLessThan(JSON.stringify(root).length);
    expect(sectionSchema(root, "nope")).toBeUndefined();
    expect(completionSlice(doc, at(/^\s+at: "T\+00:05"$/)).key).toBe("injects");
  });
});
