import { describe, expect, it } from "vitest";
import { mini } from "../../tests/fixtures/engine-mini.js";
import { Param } from "../scenario/schema.js";
import { BUILTIN_ACTIONS } from "./builtins.js";
import { compileScenario } from "./compile.js";
import { checkParams } from "./params.js";

/**
 * The form checks a player's parameters meet: every number finite and within
 * its range, refusals naming the field by its label in French and English —
 * never by its id.
 */

const compiled = compileScenario(mini);
const form = (id: string) => BUILTIN_ACTIONS.find((a) => a.id === id)!.params;
const selfAssessment = (c41: number, admission = true) => checkParams(compiled, form("self_assessment"), { c41, c42: 1, c43: 2, c44: 3 }, admission);

describe("checkParams", () => {
  it("self_assessment takes whole numbers 0–3 only", () => {
    for (const ok of [0, 1, 2, 3]) expect(selfAssessment(ok)).toBeNull();
    for (const bad of [1e308, -5, NaN, Infinity, -Infinity, 4, 2.5]) {
      const r = selfAssessment(bad);
      expect(r, String(bad)).not.toBeNull();
      expect(r!.fr).toContain("« C4.1 (0–3) »");
      expect(r!.en).toContain("“C4.1 (0–3)”");
      expect(r!.fr).not.toMatch(/c41/);
    }
    expect(selfAssessment(-5)!.fr).toBe("champ « C4.1 (0–3) » : entre 0 et 3");
    expect(selfAssessment(-5)!.en).toBe("field “C4.1 (0–3)”: between 0 and 3");
    expect(selfAssessment(2.5)!.en).toMatch(/whole number/);
  });

  it("the fold keeps what was logged before the bounds existed; non-finite numbers were never accepted", () => {
    for (const old of [9, -5, 2.5, 1e308]) expect(selfAssessment(old, false)).toBeNull();
    for (const bad of [NaN, Infinity]) expect(selfAssessment(bad, false)!.en).toBe("field “C4.1 (0–3)”: number expected");
  });

  it("names fields by label, in both languages: required, lengths, choices, unknown fields", () => {
    const sitrep = form("sitrep");
    const missing = checkParams(compiled, sitrep, { severity: "high" })!;
    expect(missing).toEqual({ fr: "le champ « Situation, analyse, actions, besoins » est obligatoire", en: "the field “Situation, analysis, actions, needs” is required" });
    const choice = checkParams(compiled, sitrep, { severity: "apocalyptic", text: "x" })!;
    expect(choice.fr).toBe("champ « Gravité » : une valeur parmi « Faible », « Moyenne », « Élevée », « Critique »");
    expect(choice.en).toBe("field “Severity”: one of “Low”, “Medium”, “High”, “Critical”");
    const long = checkParams(compiled, form("chat"), { text: "x".repeat(2001) })!;
    expect(long.en).toBe("field “Message”: at most 2000 characters");
    const unknown = checkParams(compiled, form("chat"), { text: "ok", proofs: "x" })!;
    expect(unknown.fr).not.toMatch(/proofs/);
    expect(checkParams(compiled, form("chat"), { text: "ok" })).toBeNull();
  });

  it("min / max bound a number's value and a text's length; the scenario language refuses contradictions", () => {
    const amount = Param.parse({ id: "amount", label: { fr: "Montant", en: "Amount" }, type: "number", min: 0.5, max: 1e6 });
    const note = Param.parse({ id: "note", label: "Note", type: "text", min: 3, max: 10 });
    expect(checkParams(compiled, [amount], { amount: 0.4 }, true)).toEqual({ fr: "champ « Montant » : entre 0,5 et 1000000", en: "field “Amount”: between 0.5 and 1000000" });
    expect(checkParams(compiled, [amount], { amount: 1e308 }, true)!.en).toMatch(/between/);
    expect(checkParams(compiled, [amount], { amount: 12.25 })).toBeNull();
    expect(checkParams(compiled, [note], { note: "ab" }, true)!.fr).toBe("champ « Note » : 3 caractères au moins");
    expect(checkParams(compiled, [note], { note: "abc" })).toBeNull();
    expect(Param.safeParse({ id: "n", label: "N", type: "number", min: 3, max: 1 }).success).toBe(false);
    expect(Param.safeParse({ id: "n", label: "N", type: "choice", options: [{ id: "a", label: "A" }], max: 3 }).success).toBe(false);
    expect(Param.safeParse({ id: "n", label: "N", type: "text", max: 2.5 }).success).toBe(false);
    expect(Param.safeParse({ id: "n", label: "N", type: "text", integer: true }).success).toBe(false);
    expect(Param.safeParse({ id: "n", label: "N", type: "number", min: -10, max: -1, integer: true }).success).toBe(true);
  });
});
