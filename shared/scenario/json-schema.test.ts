import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ACTION_KINDS } from "./schema.js";
import { SCHEMA_ID, scenarioJsonSchema, scenarioJsonSchemaText } from "./json-schema.js";

type Json = Record<string, unknown>;

/** Every `$ref` in the schema. */
function refs(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => refs(x, out));
  else if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      if (k === "$ref" && typeof x === "string") out.push(x);
      else refs(x, out);
    }
  }
  return out;
}

describe("scenario JSON Schema", () => {
  const schema = scenarioJsonSchema();
  const props = schema.properties as Record<string, Json>;

  it("is the committed scenarios/scenario.schema.json (run `npm run scenario -- schema --out scenarios/scenario.schema.json`)", () => {
    const committed = readFileSync(new URL("../../scenarios/scenario.schema.json", import.meta.url), "utf8");
    expect(committed).toBe(scenarioJsonSchemaText());
  });

  it("is a draft-07 schema with an id and a title", () => {
    expect(Object.keys(schema).slice(0, 4)).toEqual(["$schema", "$id", "title", "description"]);
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(schema.$id).toBe(SCHEMA_ID);
    expect(schema.title).toBe("Scénario Sangfroid");
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(["id", "meta", "roles", "channels", "phases"]));
    expect(schema.required).not.toContain("injects");
  });

  it("serializes the recursive conditions as one definition, and every $ref resolves", () => {
    const defs = schema.definitions as Record<string, Json>;
    expect(Object.keys(defs)).toContain("Condition");
    expect(defs.Condition).toMatchObject({ type: "object", minProperties: 1, maxProperties: 1, additionalProperties: false });
    const all = refs(schema);
    expect(all).toContain("#/definitions/Condition");
    for (const r of all) {
      expect(r.startsWith("#/definitions/")).toBe(true);
      expect(defs[r.slice("#/definitions/".length)]).toBeDefined();
    }
  });

  it("mirrors the zod refinements an editor can check", () => {
    const effect = ((props.triggers.items as Json).properties as Record<string, Json>).then.items as Json;
    expect(effect.oneOf).toHaveLength(7);
    expect(effect.dependencies).toEqual({ delay: ["inject"] });
    const action = ((schema.definitions as Record<string, Json>).Condition.properties as Record<string, Json>).action;
    expect(action.anyOf).toEqual([{ required: ["id"] }, { required: ["kind"] }]);
    expect((action.properties as Record<string, Json>).kind.enum).toEqual([...ACTION_KINDS]);
  });
});
