import { describe, expect, it } from "vitest";
import { chartEn, chartFr } from "../replay/chart-texts.js";
import { logEn, logFr, logTexts } from "../replay/log-texts.js";
import { rubricEn, rubricFr } from "../scoring/rubric-texts.js";
import { scoringEn } from "../scoring/texts-en.js";
import { simEn, simFr } from "../sim/describe-texts.js";
import { scoringFr } from "../scoring/texts-fr.js";
import { say } from "../scoring/texts.js";
import { refusalEn, refusalFr } from "./refusal-texts.js";
import type { Dictionary } from "./index.js";

/**
 * Every dictionary of the pure core (refusals, scores, rubric, event log,
 * author tools):
 * French and English key for key, the same placeholders, plurals with both
 * forms, English with no French in it. The compiler already refuses an
 * English dictionary with a key missing (`Record<keyof typeof fr, string>`);
 * this checks what it cannot.
 */
const DICTIONARIES: [string, Dictionary, Dictionary][] = [
  ["refusals", refusalFr, refusalEn],
  ["scores", scoringFr, scoringEn],
  ["rubric", rubricFr, rubricEn],
  ["event log", logFr, logEn],
  ["chart", chartFr, chartEn],
  ["author tools", simFr, simEn],
];
const FRENCH = /[«»éèêàçùôîœ]|\b(le|la|les|des|une|est|vous|pas|sur|dans|aucun|aucune)\b/i;
const slots = (s: string) => [...s.matchAll(/\{(\w+)/g)].map((m) => m[1]).sort();

describe.each(DICTIONARIES)("the %s dictionary", (_name, fr, en) => {
  it("has every key in both languages, with the same placeholders", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const key of Object.keys(fr)) expect(slots(en[key]!), key).toEqual(slots(fr[key]!));
  });

  it("writes both plural forms wherever it writes one, and English carries no French", () => {
    for (const d of [fr, en]) for (const key of Object.keys(d)) {
      const base = key.replace(/_(one|other)$/, "");
      // A plural (it counts), not a variant named "other".
      if (base !== key && d[key]!.includes("{count")) expect(Object.keys(d), key).toEqual(expect.arrayContaining([`${base}_one`, `${base}_other`]));
    }
    for (const [key, text] of Object.entries(en)) expect(text, key).not.toMatch(FRENCH);
  });
});

describe("plurals and numbers read the reader's way", () => {
  it("one, several, none and a million, in both languages", () => {
    expect(say("ind.anticipation.done", { count: 1 })).toEqual({ fr: "1 hypothèse d'évolution consignée.", en: "1 scenario hypothesis logged." });
    expect(say("ind.anticipation.done", { count: 3 })).toEqual({ fr: "3 hypothèses d'évolution consignées.", en: "3 scenario hypotheses logged." });
    expect(say("ind.improvement_actions.done", { count: 0 })).toEqual({ fr: "0 action d'amélioration au plan d'action.", en: "0 improvement actions in the action plan." });
    expect(say("ind.improvement_actions.done", { count: 1_000_000 }).fr).toBe("1\u202f000\u202f000 actions d'amélioration au plan d'action.");
    expect(say("ind.logbook_rhythm.done", { count: 1, hours: 1.5, rate: 0.7 })).toEqual({
      fr: "1 entrée en 1,5 h de jeu (0,7 par heure).", en: "1 entry in 1.5 game hours (0.7 per hour).",
    });
  });

  it("labels take each language's own text", () => {
    expect(logTexts.say("log.assign", { name: "Zoé", role: { fr: "Direction", en: "Director" } }))
      .toEqual({ fr: "Zoé prend le rôle Direction", en: "Zoé takes the role Director" });
  });
});
