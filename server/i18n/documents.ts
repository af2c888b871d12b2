import { bilingualTexts, type TextKey, type TextParams } from "../../shared/i18n/bilingual.js";
import type { Lang } from "../../shared/scenario/text.js";
import { documentsEn } from "./documents-en.js";
import { documentsFr } from "./documents-fr.js";

/**
 * The server's documents (the RETEX report, its CSV and xAPI exports, the
 * portfolio, the roster sheet) on the product's one i18n mechanism
 * (shared/i18n: i18next, plurals by `count`, `{name}` placeholders). Their
 * dictionaries live here, not in shared/, because only the server writes
 * these documents: the browser never loads them.
 */
export const documentTexts = bilingualTexts(documentsFr, documentsEn);

export type DocumentKey = TextKey<typeof documentsFr>;
/** The keys of one document's part, without its prefix: `KeysOf<"report">` holds `"chartTitle"`, `"kinds.delivery"`… */
export type KeysOf<P extends string> = DocumentKey extends infer K ? (K extends `${P}.${infer R}` ? R : never) : never;

/** The words of one part of the documents (`report`, `portfolio`, `sheet`, `trend`) in `lang`: `words("chartHint", { count })`. */
export function wordsOf<P extends string>(prefix: P, lang: Lang): (key: KeysOf<P>, params?: TextParams) => string {
  return (key, params) => documentTexts.t(lang, `${prefix}.${key}` as DocumentKey, params);
}

/** "page 2 / 7", the footer of every document. */
export const pageOf = (lang: Lang, page: number, pages: number): string => documentTexts.t(lang, "doc.page", { page, pages });
