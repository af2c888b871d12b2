import { describe, expect, it } from "vitest";
import { mini } from "../../tests/fixtures/engine-mini.js";
import { Param } from "../scenario/schema.js";
import { BUILTIN_ACTIONS } from "../scenario/builtins.js";
import { compileScenario } from "./compile.js";
import { refusalText } from "../i18n/refusals.js";
import { checkParams, type ParamProblem } from "./params.js";

/**
 * The form checks a player's parameters meet: every number finite and within
 * its range, refusals naming the field by its label in French and English —
 * never by its id.
 */

const compiled = compileScenario(mini);
const form = (id: string) => BUILTIN_ACTIONS.find((a) => a.id === id)!.params;
/** A problem as the reader reads it (the refusal's code and params, translated as the client does). */
const say = (p: ParamProblem | null) => p && { fr: refusalText({ code: "bad_params", params: p }, "fr"), en: refusalText({ code: "bad_params", params: p }, "en") };
const check = (...args: Parameters<typeof checkParams>) => say(checkParams(...args));
/** French numbers group with a narrow no-break space: compared with plain spaces. */
const plain = (s: string | undefined) => s?.replace(/[\u202f\u00a0]/g, " ");
const selfAssessment = (c41: number, admission = true) => check(compiled, form("self_assessment"), { c41, c42: 1, c43: 2, c44: 3 }, admission);

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
    expect(selfAssessment(-5)!.fr).toBe("Champ « C4.1 (0–3) » : entre 0 et 3");
    expect(selfAssessment(-5)!.en).toBe("Field “C4.1 (0–3)”: between 0 and 3");
    expect(selfAssessment(2.5)!.en).toMatch(/whole number/);
  });

  it("the fold keeps what was logged before the bounds existed; non-finite numbers were never accepted", () => {
    for (const old of [9, -5, 2.5, 1e308]) expect(selfAssessment(old, false)).toBeNull();
    for (const bad of [NaN, Infinity]) expect(selfAssessment(bad, false)!.en).toBe("Field “C4.1 (0–3)”: number expected");
  });

  it("names fields by label, in both languages: required, lengths, choices, unknown fields", () => {
    const sitrep = form("sitrep");
    const missing = check(compiled, sitrep, { severity: "high" })!;
    expect(missing).toEqual({ fr: "Le champ « Situation, analyse, actions, besoins » est obligatoire", en: "The field “Situation, analysis, actions, needs” is required" });
    const choice = check(compiled, sitrep, { severity: "apocalyptic", text: "x" })!;
    expect(choice.fr).toBe("Champ « Gravité » : une valeur parmi « Faible », « Moyenne », « Élevée » ou « Critique »");
    expect(choice.en).toBe("Field “Severity”: one of “Low”, “Medium”, “High”, or “Critical”");
    const long = check(compiled, form("chat"), { text: "x".repeat(2001) })!;
    expect(long.en).toBe("Field “Message”: at most 2,000 characters");
    expect(check(compiled, form("chat"), { text: "x".repeat(2001) }, false)!.fr).toBe(`Champ « Message » : ${(2000).toLocaleString("fr")} caractères au plus`);
    const unknown = check(compiled, form("chat"), { text: "ok", proofs: "x" })!;
    expect(unknown.fr).not.toMatch(/proofs/);
    expect(check(compiled, form("chat"), { text: "ok" })).toBeNull();
  });

  it("min / max bound a number's value and a text's length; the scenario language refuses contradictions", () => {
    const amount = Param.parse({ id: "amount", label: { fr: "Montant", en: "Amount" }, type: "number", min: 0.5, max: 1e6 });
    const note = Param.parse({ id: "note", label: "Note", type: "text", min: 3, max: 10 });
    const low = check(compiled, [amount], { amount: 0.4 }, true)!;
    expect({ fr: plain(low.fr), en: low.en }).toEqual({ fr: "Champ « Montant » : entre 0,5 et 1 000 000", en: "Field “Amount”: between 0.5 and 1,000,000" });
    expect(check(compiled, [amount], { amount: 1e308 }, true)!.en).toMatch(/between/);
    expect(check(compiled, [amount], { amount: 12.25 })).toBeNull();
    expect(check(compiled, [note], { note: "ab" }, true)!.fr).toBe("Champ « Note » : 3 caractères au moins");
    expect(check(compiled, [Param.parse({ id: "n", label: "Nom", type: "text", required: true })], { n: "" }, true)!.en).toBe("The field “Nom” is required");
    expect(check(compiled, [Param.parse({ id: "n", label: { fr: "Nom", en: "Name" }, type: "text", max: 1 })], { n: "ab" }, true)!).toEqual({ fr: "Champ « Nom » : 1 caractère au plus", en: "Field “Name”: at most 1 character" });
    expect(check(compiled, [note], { note: "abc" })).toBeNull();
    expect(Param.safeParse({ id: "n", label: "N", type: "number", min: 3, max: 1 }).success).toBe(false);
    expect(Param.safeParse({ id: "n", label: "N", type: "choice", options: [{ id: "a", label: "A" }], max: 3 }).success).toBe(false);
    expect(Param.safeParse({ id: "n", label: "N", type: "text", max: 2.5 }).success).toBe(false);
    expect(Param.safeParse({ id: "n", label: "N", type: "text", integer: true }).success).toBe(false);
    expect(Param.safeParse({ id: "n", label: "N", type: "number", min: -10, max: -1, integer: true }).success).toBe(true);
  });
});
