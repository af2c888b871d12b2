import type { Competency } from "../../shared/scenario/competency.js";
import type { Lang } from "../../shared/scenario/text.js";
import { documentTexts, wordsOf } from "../i18n/documents.js";

/**
 * The words of the RETEX report and of its exports (CSV, xAPI), in the
 * reader's language, from the documents' dictionaries (server/i18n): a fixed
 * label by its key (`L("chartTitle")`), a count as a plural
 * (`L("moreEvidence", { count })`), a kind of fact, a session's status or an
 * assessment's scope by its code (`L(\`kinds.${kind}\`)`). French first.
 */
export type ReportLang = Lang;
export type FactKind = "delivery" | "decision" | "statement" | "notification" | "phase" | "status" | "sitrep" | "branch" | "message" | "point" | "assignment";

export const reportWords = (lang: ReportLang) => wordsOf("report", lang);
export type ReportWords = ReturnType<typeof reportWords>;

/** A competency of block 4 in the programme's words: « Analyser et cartographier les crises ». */
export const competencyText = (lang: ReportLang, c: Competency): string => documentTexts.t(lang, `competency.${c}`);
