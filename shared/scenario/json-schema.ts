import { z } from "zod";
import { ACTION_KINDS, Scenario } from "./schema.js";
import { CONDITION_KEYS } from "./condition.js";

/**
 * The JSON Schema of a scenario file, for editors (VS Code YAML, IntelliJ):
 * generated from the zod schemas, never written by hand. Draft-07 because it
 * is the draft every YAML editor plugin supports fully.
 *
 * zod cannot express its `.refine` rules in JSON Schema, so the few "exactly
 * one key" / "one of these keys" rules an author hits while typing are added
 * here, matched by the object's set of keys. The loader stays the judge: these
 * only let the editor flag the mistake earlier.
 */

export const SCHEMA_ID = "urn:sangfroid:scenario";

type Json = Record<string, unknown>;
const required = (keys: readonly string[]) => keys.map((k) => ({ required: [k] }));
const EFFECT_KEYS = ["inject", "gauge", "phase", "cancel", "end", "speed", "volume"] as const;

/** Extra constraints per object, keyed by its sorted property names. */
const PATCHES: [readonly string[], (s: Json) => void][] = [
  [CONDITION_KEYS, (s) => { s.minProperties = 1; s.maxProperties = 1; }],
  [[...EFFECT_KEYS, "delay"], (s) => { s.oneOf = required(EFFECT_KEYS); s.dependencies = { delay: ["inject"] }; }],
  [["id", "add", "set"], (s) => { s.oneOf = required(["add", "set"]); }],
  [["id", "below", "above", "label", "severity"], (s) => { s.oneOf = required(["below", "above"]); }],
  [["id", "below", "above", "atMost", "atLeast"], (s) => { s.anyOf = required(["below", "above", "atMost", "atLeast"]); }],
  [["inject", "below", "above", "atMost", "atLeast"], (s) => { s.anyOf = required(["below", "above", "atMost", "atLeast"]); }],
  [["id", "kind", "role", "where", "before", "after", "since", "within", "count", "lines"], (s) => {
    s.anyOf = required(["id", "kind"]);
    const kind = (s.properties as Record<string, Json> | undefined)?.kind;
    if (kind) kind.enum = [...ACTION_KINDS];
  }],
];

const keyOf = (keys: readonly string[]) => [...keys].sort().join(",");
const patches = new Map(PATCHES.map(([keys, patch]) => [keyOf(keys), patch]));

/** The schema, with `$id` and title first so the file reads well. */
export function scenarioJsonSchema(): Json {
  const patched = new Set<string>();
  const body = z.toJSONSchema(Scenario, {
    io: "input",
    target: "draft-07",
    override: ({ jsonSchema }) => {
      const props = (jsonSchema as Json).properties;
      if (!props || typeof props !== "object") return;
      const key = keyOf(Object.keys(props));
      const patch = patches.get(key);
      if (patch) { patch(jsonSchema as Json); patched.add(key); }
    },
  }) as Json;
  const stale = [...patches.keys()].filter((k) => !patched.has(k));
  if (stale.length > 0) throw new Error(`json-schema.ts : ces règles ne correspondent plus au schéma zod : ${stale.join(" ; ")}`);
  const { $schema, title, description, ...rest } = body;
  return { $schema, $id: SCHEMA_ID, title, description, ...rest };
}

/** The file text of scenarios/scenario.schema.json. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
