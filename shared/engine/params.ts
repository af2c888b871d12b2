import { TEXT_PARAMS, type Param } from "../scenario/schema.js";
import { tr, type Text } from "../scenario/text.js";
import type { CompiledScenario } from "./compiled.js";
import type { ParamValue } from "./types.js";

/** A refusal in both languages the product speaks: the server sends both, the client shows the reader's. */
export interface Bilingual { fr: string; en: string }

/**
 * Check a player's parameters against the action's form. Returns the first
 * problem, in French and English, naming the field by its label (never its
 * id: the player sees labels, not ids), or null. Unknown fields are refused so
 * that nothing unexpected reaches the log. Numbers must be finite, texts
 * within their maximum length.
 *
 * `admission` adds the bounds added to the scenario language later — a
 * number's `min` / `max` and `integer`, a text's `min` — which the server
 * checks before anything is appended. The engine's fold does not: an entry
 * logged before those bounds existed (a self-assessment of 9, say) must
 * replay exactly as it was applied, or replays and checkpoints would diverge.
 */
export function checkParams(compiled: CompiledScenario, form: Param[], params: Record<string, ParamValue>, admission = false): Bilingual | null {
  const known = new Set(form.map((p) => p.id));
  if (Object.keys(params).some((key) => !known.has(key))) {
    return { fr: "le formulaire contient un champ que cette action n'a pas", en: "the form has a field this action does not have" };
  }
  for (const p of form) {
    const v = params[p.id];
    if (v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) {
      if (p.required) return { fr: `le champ « ${tr(p.label, "fr")} » est obligatoire`, en: `the field “${tr(p.label, "en")}” is required` };
      continue;
    }
    const bad = checkOne(compiled, p, v, admission);
    if (bad) return { fr: `champ « ${tr(p.label, "fr")} » : ${bad.fr}`, en: `field “${tr(p.label, "en")}”: ${bad.en}` };
  }
  return null;
}

const both = (fr: string, en: string): Bilingual => ({ fr, en });
const listOf = (labels: (Text | undefined)[], lang: "fr" | "en") => labels.map((l) => (lang === "fr" ? `« ${tr(l, "fr")} »` : `“${tr(l, "en")}”`)).join(", ");
/** Numbers as people write them: 2,5 in French, 2.5 in English. */
const num = (n: number, lang: "fr" | "en") => (lang === "fr" ? String(n).replace(".", ",") : String(n));

function checkOne(compiled: CompiledScenario, p: Param, v: ParamValue, admission: boolean): Bilingual | null {
  if (TEXT_PARAMS.has(p.type)) {
    if (typeof v !== "string") return both("texte attendu", "text expected");
    if (p.max !== undefined && v.length > p.max) return both(`${p.max} caractères au plus`, `at most ${p.max} characters`);
    if (admission && p.min !== undefined && v.length < p.min) return both(`${p.min} caractères au moins`, `at least ${p.min} characters`);
    return null;
  }
  switch (p.type) {
    case "number": return checkNumber(p, v, admission);
    case "boolean":
      return typeof v === "boolean" ? null : both("oui/non attendu", "yes/no expected");
    case "choice":
      return typeof v === "string" && p.options!.some((o) => o.id === v) ? null
        : both(`une valeur parmi ${listOf(p.options!.map((o) => o.label), "fr")}`, `one of ${listOf(p.options!.map((o) => o.label), "en")}`);
    case "multichoice":
      return Array.isArray(v) && v.every((x) => p.options!.some((o) => o.id === x)) ? null
        : both(`des valeurs parmi ${listOf(p.options!.map((o) => o.label), "fr")}`, `values among ${listOf(p.options!.map((o) => o.label), "en")}`);
    case "persona":
      return typeof v === "string" && compiled.personas.has(v) ? null : both("interlocuteur inconnu", "unknown contact");
    case "role":
      return typeof v === "string" && compiled.roles.has(v) ? null : both("rôle inconnu", "unknown role");
    default:
      return both("valeur inattendue", "unexpected value");
  }
}

function checkNumber(p: Param, v: ParamValue, admission: boolean): Bilingual | null {
  if (typeof v !== "number" || !Number.isFinite(v)) return both("nombre attendu", "number expected");
  if (!admission) return null;
  if (p.integer && !Number.isInteger(v)) return both("nombre entier attendu", "whole number expected");
  const { min, max } = p;
  if ((min !== undefined && v < min) || (max !== undefined && v > max)) {
    if (min !== undefined && max !== undefined) return both(`entre ${num(min, "fr")} et ${num(max, "fr")}`, `between ${num(min, "en")} and ${num(max, "en")}`);
    if (min !== undefined) return both(`${num(min, "fr")} au moins`, `at least ${num(min, "en")}`);
    return both(`${num(max!, "fr")} au plus`, `at most ${num(max!, "en")}`);
  }
  return null;
}
