import type { CompiledScenario } from "../engine/compiled.js";
import type { Param } from "../scenario/schema.js";
import { tr, type Text } from "../scenario/text.js";
import type { Bilingual } from "./kit.js";

/**
 * The words a person reads for the scenario's ids, in both languages: scores
 * and explanations name personas, roles, options and sections by their
 * labels, never by the ids the log stores.
 */

export const both = (t: Text | undefined): Bilingual => ({ fr: tr(t, "fr"), en: tr(t, "en") });

export const personaLabel = (c: CompiledScenario, id: string): Bilingual => both(c.personas.get(id)?.name ?? "?");
export const roleLabel = (c: CompiledScenario, id: string): Bilingual => both(c.roles.get(id)?.name ?? "?");
export const actionLabel = (c: CompiledScenario, id: string): Bilingual => both(c.actions.get(id)?.source.name ?? "?");

/** The label of option `value` of a parameter, falling back to the built-in form of the same parameter id. */
export function optionLabel(params: readonly Param[], param: string, value: string): Bilingual {
  const o = params.find((p) => p.id === param)?.options?.find((x) => x.id === value);
  return both(o?.label ?? value);
}

/** A parameter's label. */
export function paramLabel(params: readonly Param[], param: string): Bilingual {
  return both(params.find((p) => p.id === param)?.label ?? param);
}

/** "a, b, c" in each language. */
export function joinLabels(xs: readonly Bilingual[], sep = ", "): Bilingual {
  return { fr: xs.map((x) => x.fr).join(sep), en: xs.map((x) => x.en).join(sep) };
}
