import type { z } from "zod";
import type { CodedParams } from "../../shared/i18n/coded.js";
import type { RequestProblem } from "../../shared/i18n/http-errors.js";

/**
 * One zod issue of a refused request as data the reader's side translates
 * (shared/i18n/http-texts.ts, `problem.*`): where (the field's path) and why
 * (zod's code, with its bound, expected type or format, allowed values).
 * zod's own messages are English prose and never leave the server; a
 * message our schemas give a check is a code (`"username_chars"`), which
 * then names the problem. A field that is absent is `required`.
 */
export function requestProblem(issue: z.core.$ZodIssue, input: unknown): RequestProblem {
  const path = issue.path.map(String).join(".");
  const where = path ? { path } : {};
  if (OWN_CODE.test(issue.message) && (issue.code === "custom" || issue.code === "invalid_format")) return { ...where, code: issue.message };
  const params: CodedParams = {};
  switch (issue.code) {
    case "invalid_type":
      if (issue.path.length && valueAt(input, issue.path) === undefined) return { ...where, code: "required" };
      params.detail = issue.expected;
      break;
    case "too_small": case "too_big":
      params.detail = issue.origin;
      params.count = Number(issue.code === "too_small" ? issue.minimum : issue.maximum);
      break;
    case "invalid_value": params.options = issue.values.map((v) => ({ fr: String(v), en: String(v) })); break;
    case "invalid_format": params.detail = issue.format; break;
    case "unrecognized_keys": params.keys = issue.keys.map((k) => ({ fr: k, en: k })); params.count = issue.keys.length; break;
    default: return { ...where, code: "invalid" };
  }
  return { ...where, code: issue.code, params };
}

/** A message of ours is a code: lower case, digits and underscores (zod's are sentences). */
const OWN_CODE = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$|^[a-z]+$/;

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v = input;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}
