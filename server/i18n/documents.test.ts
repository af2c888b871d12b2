import { describe, expect, it } from "vitest";
import { describeDictionaries } from "../../tests/dictionary-checks.js";
import { competencyText, reportWords } from "../assessment/labels.js";
import { documentsEn } from "./documents-en.js";
import { documentsFr } from "./documents-fr.js";
import { pageOf, wordsOf } from "./documents.js";

/**
 * The server's documents (RETEX report, CSV, xAPI, portfolio, roster sheet)
 * in both languages: every key French has, English has, with the same
 * placeholders; counts read as plurals; English carries no French.
 */
describeDictionaries([["documents", documentsFr, documentsEn]]);

describe("the documents' words", () => {
  it("counts are plurals in both languages, numbers written the reader's way", () => {
    const fr = reportWords("fr"), en = reportWords("en");
    expect(fr("moreSessions", { count: 1 })).toBe("… 1 autre session : voir les pages par compétence");
    expect(fr("moreSessions", { count: 3 })).toBe("… 3 autres sessions : voir les pages par compétence");
    expect(en("moreEvidence", { count: 1 })).toBe("… and 1 more piece of evidence");
    expect(en("truncated", { count: 2 })).toBe("… and 2 more events (see the journal export).");
    expect(fr("truncated", { count: 1200 })).toBe("… et 1\u202f200 autres événements (voir l'export du journal).");
    expect(en("chartHint", { count: 1 })).toMatch(/^Each gauge as a % of its range \(bands: its thresholds\); 1 marker:/);
  });

  it("codes read as labels, parameters as given (a class name is never read as a text to translate)", () => {
    expect(reportWords("en")("kinds.point")).toBe("Situation briefing");
    expect(reportWords("fr")("levelStatus.agreed")).toBe("révisé (accord)");
    expect(competencyText("en", "C4.2")).toBe("Communicate: institutional and crisis communication plan");
    expect(wordsOf("sheet", "fr")("title", { className: "MSc {count} $t(doc.page)" })).toBe("Codes personnels — MSc {count} $t(doc.page)");
    expect(pageOf("en", 2, 7)).toBe("page 2 / 7");
    expect(wordsOf("trend", "fr")("absent")).toBe("inscrit, jamais entré dans la cellule");
  });
});
