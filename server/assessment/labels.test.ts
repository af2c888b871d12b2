import { describe, expect, it } from "vitest";
import { PORTFOLIO_WORDS } from "../report/portfolio-pdf.js";
import { ROSTER_WORDS } from "../report/roster-sheet.js";
import { TREND_WORDS } from "../students/portfolio.js";
import { LABELS } from "./labels.js";
import { COMPETENCY_TEXT } from "./level-text.js";

/**
 * The server's documents (RETEX report, CSV, portfolio, roster sheet) in both
 * languages: every label French has, English has, a text that takes numbers
 * takes the same ones, counts read as plurals, and English carries no French.
 */
type Table = Record<string, unknown>;
const TABLES: [string, { fr: Table; en: Table }][] = [
  ["report", LABELS as unknown as { fr: Table; en: Table }], ["competencies", COMPETENCY_TEXT],
  ["portfolio", PORTFOLIO_WORDS as unknown as { fr: Table; en: Table }], ["roster sheet", ROSTER_WORDS as unknown as { fr: Table; en: Table }],
  ["trends", TREND_WORDS],
];
const FRENCH = /[«»éèêàçùôîœ]|\b(le|la|les|des|une|est|vous|pas|sur|dans|aucun|aucune|et)\b/i;

/** Every text of a table by its path; a function is called with sample numbers (1 and 2) or a sample name. */
function flatten(t: Table, path = ""): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of Object.entries(t)) {
    const p = path ? `${path}.${k}` : k;
    if (typeof v === "string") out.set(p, [v]);
    else if (typeof v === "function") out.set(p, [1, 2, 3].map((n) => String((v as (...a: unknown[]) => unknown)(n, 7))));
    else if (v && typeof v === "object") for (const [q, x] of flatten(v as Table, p)) out.set(q, x);
  }
  return out;
}

describe.each(TABLES)("the %s texts", (_name, table) => {
  const fr = flatten(table.fr), en = flatten(table.en);
  it("have every label in both languages, with the same numbers shown", () => {
    expect([...en.keys()].sort()).toEqual([...fr.keys()].sort());
    const numbers = (s: string) => s.match(/\d+/g)?.sort() ?? [];
    for (const [key, texts] of fr) texts.forEach((text, i) => expect(numbers(en.get(key)![i]!), key).toEqual(numbers(text)));
  });

  it("English carries no French", () => {
    for (const [key, texts] of en) for (const text of texts) expect(text, key).not.toMatch(FRENCH);
  });
});

describe("counted texts", () => {
  it("are plurals in both languages", () => {
    expect(LABELS.fr.moreSessions(1)).toBe("… 1 autre session : voir les pages par compétence");
    expect(LABELS.fr.moreSessions(3)).toBe("… 3 autres sessions : voir les pages par compétence");
    expect(LABELS.en.moreEvidence(1)).toBe("… and 1 more piece of evidence");
    expect(LABELS.en.truncated(2)).toBe("… and 2 more events (see the journal export).");
  });
});
