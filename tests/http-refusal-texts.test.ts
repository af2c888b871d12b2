import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { httpRefusalText, problemText } from "../shared/i18n/http-errors.js";
import { httpEn, httpFr } from "../shared/i18n/http-texts.js";
import { refusalEn, refusalFr } from "../shared/i18n/refusal-texts.js";
import { rosterProblemWhy, type RosterCode } from "../shared/i18n/roster-problems.js";
import { rosterEn, rosterFr } from "../shared/i18n/roster-texts.js";
import { codedText } from "../shared/i18n/refusals.js";

/**
 * Every code the HTTP API can send has its text in French and in English:
 * the codes are read from the server's sources (every `new HttpError(…,
 * "code", { detail: "variant" })`, every `refusalBody("code")`), so a route
 * that adds a code without its texts fails here; the variants chosen at run
 * time (`detail: body.scope`…) are listed below by hand. The same for the
 * codes our zod schemas give their checks, zod's issue codes the server
 * passes on, and the request fields a problem can point at.
 */

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}
const server = sources("server").map((f) => ({ file: f, text: readFileSync(f, "utf8") }));

/** `code` or `code_variant` for every refusal the server's sources write. */
function sentCodes(): { code: string; detail?: string; where: string }[] {
  const out: { code: string; detail?: string; where: string }[] = [];
  const patterns = [
    /new HttpError\(\s*\d+,\s*"(\w+)"(?:,\s*(\{[^}]*\}))?/g,
    /refusalBody\(\s*"(\w+)"(?:,\s*(\{[^}]*\}))?/g,
    /answer\(req, res, \d+, "(\w+)"(?:,\s*(\{[^}]*\}))?/g,
  ];
  for (const { file, text } of server) {
    for (const re of patterns) {
      for (const m of text.matchAll(re)) {
        const detail = m[2] && /detail: "(\w+)"/.exec(m[2])?.[1];
        out.push({ code: m[1]!, ...(detail ? { detail } : {}), where: file });
      }
    }
  }
  return out;
}

/** Variants the server picks at run time (the assessment's scope, a damaged cell's cause, who a role guard lets in). */
const RUNTIME_VARIANTS: Record<string, string[]> = {
  unknown_subject: ["cell", "role", "student"],
  cell_damaged: ["storage", "scenario", "log", "engine", "unknown"],
  forbidden: ["admin", "instructor", "run", "manage", "class_owner"],
};

const has = (dict: Record<string, string>, key: string) => key in dict || `${key}_one` in dict && `${key}_other` in dict;
const all = { fr: { ...refusalFr, ...httpFr }, en: { ...refusalEn, ...httpEn } };

describe("HTTP refusal texts", () => {
  it("every code the server's sources send has a French and an English text, variant for variant", () => {
    const sent = sentCodes();
    expect(sent.length).toBeGreaterThan(40); // the scan itself works
    const missing: string[] = [];
    const keys = [...sent.map((s) => (s.detail ? `${s.code}_${s.detail}` : s.code)),
      ...Object.entries(RUNTIME_VARIANTS).flatMap(([code, variants]) => variants.map((v) => `${code}_${v}`))];
    for (const k of new Set(keys)) for (const lang of ["fr", "en"] as const) if (!has(all[lang], `refusal.${k}`) && !has(all[lang], `refusal.${k.replace(/_[a-z]+$/, "")}`)) missing.push(`${lang}: ${k}`);
    expect(missing).toEqual([]);
    // And each reads as itself, not as "Refused by the server".
    for (const s of sent) expect(httpRefusalText({ error: s.code, params: { ...(s.detail ? { detail: s.detail } : {}), count: 2 } }, "en"), `${s.code} (${s.where})`).not.toBe("Refused by the server");
  });

  it("the variants chosen at run time are sent by the code that chooses them", () => {
    const text = server.map((s) => s.text).join("\n");
    expect(text).toMatch(/new HttpError\(400, "unknown_subject", \{ detail: body\.scope \}\)/);
    expect(text).toMatch(/"cell_damaged", \{ detail: d\?\.cause \?\? "unknown" \}/);
  });

  it("the dictionaries do not overlap (a key in both would silently win) and translate key for key", () => {
    expect(Object.keys(httpFr).filter((k) => k in refusalFr)).toEqual([]);
    expect(Object.keys(httpEn).sort()).toEqual(Object.keys(httpFr).sort());
    const slots = (s: string) => [...s.matchAll(/\{(\w+)/g)].map((m) => m[1]).sort();
    for (const [key, en] of Object.entries(httpEn)) {
      expect(en, key).not.toMatch(/[«»éèêàçùôî]|\b(le|la|les|des|une|est|vous|pas|ce|cette)\b/i);
      expect(slots(en), key).toEqual(slots(httpFr[key]!));
    }
  });

  it("every problem a refused body can carry has its text: zod's issues as the server passes them, our schemas' own codes", () => {
    const zod = ["required", "invalid", "invalid_type", "invalid_type_string", "invalid_type_number", "invalid_type_int", "invalid_type_boolean",
      "invalid_type_array", "invalid_type_object", "too_small_string", "too_small_number", "too_small_array", "too_big_string", "too_big_number",
      "too_big_array", "invalid_value", "invalid_format", "invalid_format_email", "unrecognized_keys"];
    const own = new Set<string>();
    for (const { text } of server) {
      for (const m of text.matchAll(/\.(?:regex|refine)\([^\n]*?,\s*(?:\{\s*message:\s*)?"([a-z][a-z0-9_]*)"\s*\}?\)/g)) own.add(m[1]!);
    }
    expect(own.size).toBeGreaterThan(5);
    for (const code of [...zod, ...own]) {
      for (const lang of ["fr", "en"] as const) expect(has(all[lang], `problem.${code}`), `${lang}: problem.${code}`).toBe(true);
    }
  });

  it("every field of a request body a route parses has a label in both languages", () => {
    const fields = new Set<string>();
    for (const { file, text } of server.filter((s) => s.file.startsWith(join("server", "http")))) {
      for (const m of text.matchAll(/z\.(?:strictObject|object)\(\{([\s\S]*?)\}\)/g)) {
        for (const f of `,${m[1]}`.matchAll(/[{,]\s*(\w+): (?:z\.|[A-Z]\w*\b)/g)) fields.add(f[1]!);
      }
      expect(file).toBeTruthy();
    }
    expect(fields.size).toBeGreaterThan(25);
    for (const f of fields) for (const lang of ["fr", "en"] as const) expect(`field.${f}` in all[lang], `${lang}: field.${f}`).toBe(true);
  });

  it("a problem names its field in the reader's language and says why", () => {
    const p = { path: "username", code: "too_small", params: { detail: "string", count: 2 } };
    expect(problemText(p, "fr")).toBe("« identifiant » : 2 caractères au moins");
    expect(problemText(p, "en")).toBe("“username”: at least 2 characters");
    expect(problemText({ path: "cellNames.1", code: "required" }, "en")).toBe("“cell names” 2: required");
    expect(problemText({ path: "whatever", code: "from_a_newer_server" }, "en")).toBe("“whatever”: invalid value");
    expect(codedText("refusal", "from_a_newer_server", undefined, "en")).toBeUndefined();
  });

  it("every problem the roster import can report has its French and English text, and no text is left without its problem", () => {
    const roster = server.find((s) => s.file === join("server", "students", "roster-csv.ts"))!.text;
    const sent = new Set<string>();
    // The code is `problem(line, code, …)`'s second argument: a literal, or a choice between literals.
    for (const m of roster.matchAll(/\bproblem\([^,()]+,\s*([^,)]+)/g)) for (const c of m[1]!.matchAll(/"([a-z][a-z0-9_]*)"/g)) sent.add(c[1]!);
    expect(sent.size).toBeGreaterThan(18); // the scan itself works
    const texts = { fr: rosterFr as Record<string, string>, en: rosterEn as Record<string, string> };
    for (const code of sent) for (const lang of ["fr", "en"] as const) expect(has(texts[lang], `roster.problem.${code}`), `${lang}: roster.problem.${code}`).toBe(true);
    const written = new Set(Object.keys(rosterFr).filter((k) => k.startsWith("roster.problem.")).map((k) => k.slice(15).replace(/_(one|other)$/, "")));
    written.delete("unknown"); // what a problem from a newer server reads as
    expect([...written].filter((c) => !sent.has(c))).toEqual([]);
    // And each reads as itself, not as the unknown problem's text.
    for (const code of sent) expect(rosterProblemWhy({ line: 2, code: code as RosterCode, params: { count: 2 } }, "en"), code).not.toBe(rosterEn["roster.problem.unknown"]);
    expect(rosterProblemWhy({ line: 2, code: "from_a_newer_server" as RosterCode }, "fr")).toBe("problème dans le fichier");
  });
});
