import type { Param } from "../scenario/schema.js";
import type { CompiledScenario } from "./compiled.js";
import type { ParamValue } from "./types.js";

/**
 * Check a player's parameters against the action's form. Returns a French
 * message naming the first bad field, or null. Unknown fields are refused so
 * that nothing unexpected reaches the log.
 */
export function checkParams(compiled: CompiledScenario, form: Param[], params: Record<string, ParamValue>): string | null {
  const known = new Set(form.map((p) => p.id));
  for (const key of Object.keys(params)) if (!known.has(key)) return `champ inconnu « ${key} »`;
  for (const p of form) {
    const v = params[p.id];
    if (v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) {
      if (p.required) return `le champ « ${p.id} » est obligatoire`;
      continue;
    }
    const bad = checkOne(compiled, p, v);
    if (bad) return `champ « ${p.id} » : ${bad}`;
  }
  return null;
}

function checkOne(compiled: CompiledScenario, p: Param, v: ParamValue): string | null {
  switch (p.type) {
    case "text": case "longtext": case "datetime":
      if (typeof v !== "string") return "texte attendu";
      if (p.max !== undefined && v.length > p.max) return `${p.max} caractères au plus`;
      return null;
    case "number":
      return typeof v === "number" && Number.isFinite(v) ? null : "nombre attendu";
    case "boolean":
      return typeof v === "boolean" ? null : "oui/non attendu";
    case "choice":
      return typeof v === "string" && p.options!.some((o) => o.id === v) ? null : `une valeur parmi ${p.options!.map((o) => o.id).join(", ")}`;
    case "multichoice":
      return Array.isArray(v) && v.every((x) => p.options!.some((o) => o.id === x)) ? null : `des valeurs parmi ${p.options!.map((o) => o.id).join(", ")}`;
    case "persona":
      return typeof v === "string" && compiled.personas.has(v) ? null : "interlocuteur inconnu";
    case "role":
      return typeof v === "string" && compiled.roles.has(v) ? null : "rôle inconnu";
  }
}
