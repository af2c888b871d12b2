import type { Lang } from "../scenario/text.js";
import type { CodedParam, CodedParams } from "./coded.js";
import { codedText, refusalI18n, refusalText } from "./refusals.js";

/**
 * The body of every refused HTTP request: `{ error: code, params }`, data
 * and no prose, like the room refusals. A refused request body (zod) carries
 * `params.problems`, one per problem: where (`path`, the field's name in the
 * request, dot-separated; none for the body as a whole) and why (`code`:
 * zod's issue code or one of our schemas' own, `params`: its bound, the
 * expected type or format as `detail`, the allowed values as `options`).
 * The server adds `message`, the same text in French, for a person reading
 * the answer with curl and for the logs; the browser never shows it: it
 * writes `{ error, params }` in the reader's language (`httpRefusalText`).
 */
export interface RequestProblem { path?: string; code: string; params?: CodedParams }
export type HttpParams = Record<string, CodedParam | RequestProblem[]>;
export interface HttpRefusal { error: string; params?: HttpParams; message?: string }

const quote = (s: string, lang: Lang) => (lang === "fr" ? `« ${s} »` : `“${s}”`);

/** A field by its label in `lang` (`cellNames.2` → « noms des cellules » 3), or its name when this version has no label for it. */
function fieldLabel(path: string, lang: Lang): string {
  const parts = path.split(".");
  const names = parts.filter((p) => !/^\d+$/.test(p));
  const index = parts.find((p) => /^\d+$/.test(p));
  const name = names.at(-1) ?? path;
  const key = `field.${name}`;
  const label = refusalI18n.exists(key, { lng: lang }) ? refusalI18n.t(key, { lng: lang }) : name;
  return `${quote(label, lang)}${index !== undefined ? ` ${Number(index) + 1}` : ""}`;
}

/** One problem of a refused request in `lang`: « identifiant » : 2 caractères au moins. */
export function problemText(p: RequestProblem, lang: Lang): string {
  const why = codedText("problem", p.code, p.params, lang) ?? codedText("problem", "invalid", undefined, lang)!;
  if (!p.path) return why;
  return `${fieldLabel(p.path, lang)}${lang === "fr" ? " : " : ": "}${why}`;
}

/** A refused HTTP request in the reader's language: its code's text, its problems one after the other. */
export function httpRefusalText(body: HttpRefusal, lang: Lang): string {
  const { problems, ...rest } = body.params ?? {};
  const params = rest as CodedParams;
  if (Array.isArray(problems) && problems.length) {
    const list = (problems as RequestProblem[]).map((p) => problemText(p, lang)).join(lang === "fr" ? " ; " : "; ");
    return refusalText({ code: body.error, params: { ...params, detail: "problems", problems: list } }, lang);
  }
  return refusalText({ code: body.error, params }, lang);
}
