import type { z } from "zod";

/**
 * French wording of zod's built-in issues. The schema's own messages (regex,
 * refine) win over this map; it only replaces zod's English defaults
 * ("Invalid input: expected string, received number"), which an instructor
 * who does not program cannot act on.
 */

type RawIssue = z.core.$ZodRawIssue;

const TYPES: Record<string, string> = {
  string: "un texte", number: "un nombre", int: "un nombre entier", boolean: "true ou false",
  array: "une liste", object: "un objet (clé: valeur)", null: "une valeur vide", undefined: "rien",
};

/** How a value the author wrote reads in a message. */
export function received(v: unknown): string {
  if (v === undefined) return "rien";
  if (v === null) return "une valeur vide";
  if (Array.isArray(v)) return v.length === 0 ? "une liste vide" : "une liste";
  switch (typeof v) {
    case "string": return v === "" ? "un texte vide" : `le texte « ${v.length > 40 ? `${v.slice(0, 40)}…` : v} »`;
    case "number": return `le nombre ${v}`;
    case "boolean": return String(v);
    case "object": return "un objet";
    default: return typeof v;
  }
}

/** What a failed expectation asked for: "un texte", "un objet { fr, en }", "« all »"… */
export function expectedText(iss: { code?: string; expected?: unknown; values?: unknown[]; expectedKeys?: unknown }): string {
  if (iss.code === "invalid_value" && Array.isArray(iss.values)) return iss.values.map((v) => `« ${String(v)} »`).join(" ou ");
  if (iss.expected === "object" && Array.isArray(iss.expectedKeys) && iss.expectedKeys.length > 0 && iss.expectedKeys.length <= 4) {
    return `un objet { ${iss.expectedKeys.join(", ")} }`;
  }
  return TYPES[String(iss.expected)] ?? String(iss.expected);
}

/** Join alternatives: "a", "a ou b", "a, b ou c". */
export function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} ou ${items[items.length - 1]}`;
}

/** The keys an object schema accepts, if `inst` is one. */
function shapeKeys(inst: unknown): string[] | undefined {
  const shape = (inst as { _zod?: { def?: { shape?: unknown } } } | undefined)?._zod?.def?.shape;
  return shape && typeof shape === "object" ? Object.keys(shape) : undefined;
}

/**
 * The error map passed to `safeParse`. It also records on object issues the
 * keys the schema accepts (`expectedKeys`), which zod copies into the final
 * issue: the loader lists them after « clé inconnue ».
 */
export const frenchErrorMap = (iss: RawIssue): string | undefined => {
  const issue = iss as RawIssue & Record<string, unknown>;
  switch (iss.code) {
    case "invalid_type": {
      if (iss.expected === "object") {
        const keys = shapeKeys(iss.inst);
        if (keys) issue.expectedKeys = keys;
      }
      if (iss.input === undefined) return `clé obligatoire manquante (attendu : ${expectedText(issue)})`;
      return `attendu : ${expectedText(issue)} ; reçu : ${received(iss.input)}`;
    }
    case "unrecognized_keys": {
      const keys = shapeKeys(iss.inst);
      if (keys) issue.expectedKeys = keys;
      return `clé${iss.keys.length > 1 ? "s" : ""} inconnue${iss.keys.length > 1 ? "s" : ""} : ${iss.keys.map((k) => `« ${k} »`).join(", ")}`;
    }
    case "too_small": {
      const min = Number(iss.minimum);
      if (iss.origin === "array") return min <= 1 ? "liste vide : il faut au moins un élément" : `il faut au moins ${min} éléments`;
      if (iss.origin === "string") return min <= 1 ? "le texte ne peut pas être vide" : `il faut au moins ${min} caractères`;
      return `doit être ${iss.inclusive ? "supérieur ou égal à" : "strictement supérieur à"} ${min}`;
    }
    case "too_big": {
      const max = Number(iss.maximum);
      if (iss.origin === "array") return `il faut au plus ${max} éléments`;
      if (iss.origin === "string") return `il faut au plus ${max} caractères`;
      return `doit être ${iss.inclusive ? "inférieur ou égal à" : "strictement inférieur à"} ${max}`;
    }
    case "invalid_format":
      return iss.format === "regex" ? `format invalide (attendu : ${String((iss as { pattern?: unknown }).pattern)})` : `format ${iss.format} invalide`;
    case "invalid_value":
      return iss.values.length === 1
        ? `attendu : « ${String(iss.values[0])} » ; reçu : ${received(iss.input)}`
        : `valeur inconnue : ${received(iss.input)} ; valeurs possibles : ${iss.values.map(String).join(", ")}`;
    case "not_multiple_of": return `doit être un multiple de ${String(iss.divisor)}`;
    case "invalid_key": return "clé invalide";
    case "invalid_element": return "élément invalide";
    case "invalid_union": return `valeur invalide : ${received(iss.input)}`;
    default: return "valeur invalide";
  }
};
