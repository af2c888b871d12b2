import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parse, stringify } from "yaml";
import { formatProblem, INTERNAL_ERROR, loadScenario } from "./load.js";
import { Scenario } from "./schema.js";
import { MINI } from "./test-helpers.js";

/**
 * "Random mutations of valid scenarios only ever produce validation errors,
 * never a crash": an instructor's half-typed file must get positioned
 * messages, whatever state it is in.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Step = string | number;

/** Every node of a JSON tree, by path (the root excluded). */
function paths(v: Json, at: Step[] = [], out: Step[][] = []): Step[][] {
  if (Array.isArray(v)) v.forEach((x, i) => { out.push([...at, i]); paths(x, [...at, i], out); });
  else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) { out.push([...at, k]); paths(x, [...at, k], out); }
  return out;
}

function parentOf(root: Json, path: Step[]): Json {
  let v = root;
  for (const s of path.slice(0, -1)) v = (v as Record<Step, Json>)[s];
  return v;
}

const Mutation = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("replace" as const), pick: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json> }),
  fc.record({ kind: fc.constant("duplicate" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("rename" as const), pick: fc.nat(), to: fc.oneof(fc.nat(), fc.stringMatching(/^[a-z][a-z0-9_-]{0,6}$/)) }),
);
type Mutation = typeof Mutation extends fc.Arbitrary<infer T> ? T : never;

/** Apply one structural mutation in place (a no-op when there is nothing to mutate). */
function mutate(root: Json, m: Mutation): void {
  const all = paths(root);
  if (m.kind === "rename") {
    const ids = all.filter((p) => p[p.length - 1] === "id");
    if (ids.length === 0) return;
    const target = ids[m.pick % ids.length];
    const values = ids.map((p) => (parentOf(root, p) as Record<string, Json>).id);
    (parentOf(root, target) as Record<string, Json>).id = typeof m.to === "number" ? values[m.to % values.length] : m.to;
    return;
  }
  const candidates = m.kind === "duplicate" ? all.filter((p) => typeof p[p.length - 1] === "number") : all;
  if (candidates.length === 0) return;
  const path = candidates[m.pick % candidates.length];
  const parent = parentOf(root, path) as Record<Step, Json> & Json[];
  const key = path[path.length - 1];
  if (m.kind === "replace") parent[key] = m.value;
  else if (m.kind === "duplicate") parent.splice(Number(key) + 1, 0, structuredClone(parent[key]));
  else if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key];
}

const NASTY = [":", "-", " ", "\n", "\t", "{", "}", "[", "]", "&", "*", "!", "'", '"', "#", "|", ">", "%", "@", "`", ",", "?", "\\", "\u00e9", "\u0000"];
const TextEdit = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.double({ min: 0, max: 1, noNaN: true }),
    text: fc.oneof(fc.string({ unit: fc.constantFrom(...NASTY), minLength: 1, maxLength: 6 }), fc.string({ minLength: 1, maxLength: 6, unit: "grapheme" })) }),
);
type TextEdit = typeof TextEdit extends fc.Arbitrary<infer T> ? T : never;

function editText(text: string, e: TextEdit): string {
  const at = Math.floor(e.at * text.length);
  return e.kind === "truncate" ? text.slice(0, at) : text.slice(0, at) + e.text + text.slice(at);
}

/** What must hold of any load result, valid or not. */
function expectWellFormed(text: string): void {
  const r = loadScenario(text, "m.yaml");
  const ps = r.ok ? r.warnings : r.problems;
  if (!r.ok) expect(ps.length).toBeGreaterThan(0);
  else expect(Scenario.safeParse(r.scenario).success).toBe(true);
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const p of ps) {
    expect(Number.isInteger(p.line) && p.line >= 1 && p.line <= lines + 1, `ligne ${p.line}`).toBe(true);
    expect(Number.isInteger(p.col) && p.col >= 1, `colonne ${p.col}`).toBe(true);
    expect(p.message.length).toBeGreaterThan(0);
    expect(p.message).not.toContain(INTERNAL_ERROR);
    expect(p.path.length).toBeGreaterThan(0);
    expect(formatProblem(p)).toMatch(/^m\.yaml:\d+:\d+ \S[^\n]*: \S/);
  }
}

describe("loadScenario under random mutations", () => {
  const base = parse(MINI) as Json;

  it("structural mutations (delete, replace, duplicate, rename) give problems, never a crash", () => {
    fc.assert(fc.property(fc.array(Mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (ms, json) => {
      const doc = structuredClone(base);
      for (const m of ms) mutate(doc, m);
      expectWellFormed(json ? JSON.stringify(doc, null, 2) : stringify(doc));
    }), { numRuns: 400 });
  });

  it("text mutations (truncate, insert characters) give positioned problems, never a crash", () => {
    fc.assert(fc.property(fc.array(TextEdit, { minLength: 1, maxLength: 3 }), (edits) => {
      expectWellFormed(edits.reduce(editText, MINI));
    }), { numRuns: 400 });
  });

  it("mutations of the JSON form too", () => {
    const json = JSON.stringify(base, null, 2);
    fc.assert(fc.property(fc.array(TextEdit, { minLength: 1, maxLength: 2 }), (edits) => {
      expectWellFormed(edits.reduce(editText, json));
    }), { numRuns: 200 });
  });

  it("the mutations do reach the semantic checks, not only the parser", () => {
    // Guards the properties above against testing only YAML and zod: among
    // mutants whose shape is valid, a good share break a reference or a time.
    const mutants = fc.sample(fc.array(Mutation, { minLength: 1, maxLength: 2 }), { seed: 7, numRuns: 300 }).map((ms) => {
      const doc = structuredClone(base);
      for (const m of ms) mutate(doc, m);
      return doc;
    });
    const shaped = mutants.filter((doc) => Scenario.safeParse(doc).success);
    const semantic = shaped.filter((doc) => !loadScenario(stringify(doc), "m.yaml").ok);
    expect(shaped.length).toBeGreaterThan(100);
    expect(semantic.length).toBeGreaterThan(50);
  });
});
