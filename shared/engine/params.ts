import { TEXT_PARAMS, type Param } from "../scenario/schema.js";
import { tr, type Text } from "../scenario/text.js";
import type { CompiledScenario } from "./compiled.js";
import type { ParamValue } from "./types.js";
import type { CodedParams, Label } from "../i18n/coded.js";

/** A refusal of the form as data: its variant (`detail`) and the field's label, both languages (translated where it is read: shared/i18n/refusals.ts). */
export type ParamProblem = CodedParams & { detail: string };
type Check = ParamProblem | null;

const label = (t: Text | undefined): Label => ({ fr: tr(t, "fr"), en: tr(t, "en") });

/**
 * Check a player's parameters against the action's form. Returns the first
 * problem, as a code's variant with the field's label (never its id: the
 * player sees labels, not ids), or null. Unknown fields are refused so
 * that nothing unexpected reaches the log. Numbers must be finite, texts
 * within their maximum length.
 *
 * `admission` adds the bounds added to the scenario language later — a
 * number's `min` / `max` and `integer`, a text's `min` — which the server
 * checks before anything is appended. The engine's fold does not: an entry
 * logged before those bounds existed (a self-assessment of 9, say) must
 * replay exactly as it was applied, or replays and checkpoints would diverge.
 */
export function checkParams(compiled: CompiledScenario, form: Param[], params: Record<string, ParamValue>, admission = false): ParamProblem | null {
  const known = new Set(form.map((p) => p.id));
  if (Object.keys(params).some((key) => !known.has(key))) return { detail: "unknown_field" };
  for (const p of form) {
    const v = params[p.id];
    if (v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) {
      if (p.required) return { detail: "required", field: label(p.label) };
      continue;
    }
    const bad = checkOne(compiled, p, v, admission);
    if (bad) return { ...bad, field: label(p.label) };
  }
  return null;
}

const problem = (detail: string, more: CodedParams = {}): Check => ({ detail, ...more });

function checkOne(compiled: CompiledScenario, p: Param, v: ParamValue, admission: boolean): Check {
  if (TEXT_PARAMS.has(p.type)) {
    if (typeof v !== "string") return problem("text");
    if (p.max !== undefined && v.length > p.max) return problem("max_chars", { count: p.max });
    if (admission && p.min !== undefined && v.length < p.min) return problem("min_chars", { count: p.min });
    return null;
  }
  switch (p.type) {
    case "number": return checkNumber(p, v, admission);
    case "boolean":
      return typeof v === "boolean" ? null : problem("boolean");
    case "choice":
      return typeof v === "string" && p.options!.some((o) => o.id === v) ? null : problem("choice", { options: p.options!.map((o) => label(o.label)) });
    case "multichoice":
      return Array.isArray(v) && v.every((x) => p.options!.some((o) => o.id === x)) ? null : problem("multichoice", { options: p.options!.map((o) => label(o.label)) });
    case "persona":
      return typeof v === "string" && compiled.personas.has(v) ? null : problem("persona");
    case "role":
      return typeof v === "string" && compiled.roles.has(v) ? null : problem("role");
    default:
      return problem("unexpected");
  }
}

function checkNumber(p: Param, v: ParamValue, admission: boolean): Check {
  if (typeof v !== "number" || !Number.isFinite(v)) return problem("number");
  if (!admission) return null;
  if (p.integer && !Number.isInteger(v)) return problem("integer");
  const { min, max } = p;
  if ((min !== undefined && v < min) || (max !== undefined && v > max)) {
    if (min !== undefined && max !== undefined) return problem("between", { min, max });
    if (min !== undefined) return problem("min", { min });
    return problem("max", { max: max! });
  }
  return null;
}
