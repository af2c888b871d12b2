import { Text } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { scenarioJsonSchema } from "../../../shared/scenario/json-schema.js";
import { keyPath, schemaAt } from "./schema-hover.js";

/** The hover help finds a key's path by indentation and its description in the real scenario schema. */
describe("schema hover", () => {
  const schema = JSON.parse(JSON.stringify(scenarioJsonSchema()));
  const lines = readFileSync(new URL("../../../scenarios/tutorial.yaml", import.meta.url), "utf8").split("\n");
  const doc = Text.of(lines);
  const lineOf = (re: RegExp) => lines.findIndex((l) => re.test(l)) + 1;

  it("reads the path of a key inside a list item and finds its description", () => {
    const at = lineOf(/^\s+at: "T\+00:00"$/);
    expect(keyPath(doc, at)).toEqual(["injects", "*", "at"]);
    expect(schemaAt(schema, ["injects", "*", "at"])?.description).toMatch(/sans `at`, l'inject n'arrive que par un déclencheur/);
    const id = lineOf(/^\s+- id: site-defaced$/);
    expect(keyPath(doc, id)).toEqual(["injects", "*", "id"]);
  });

  it("walks nested maps and unions", () => {
    expect(keyPath(doc, lineOf(/^\s+when: \{ after: "T\+01:30" \}$/))).toEqual(["phases", "*", "transitions", "*", "when"]);
    expect(schemaAt(schema, ["triggers", "*", "chance"])?.description).toMatch(/Probabilité/);
    expect(schemaAt(schema, ["injects", "*", "severity"])?.enum).toEqual(["info", "warning", "critical"]);
    expect(schemaAt(schema, ["injects", "*", "nope"])).toBeUndefined();
  });
});
