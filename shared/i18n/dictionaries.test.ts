import { describe, expect, it } from "vitest";
import { describeDictionaries } from "../../tests/dictionary-checks.js";
import { chartEn, chartFr } from "../replay/chart-texts.js";
import { logEn, logFr, logTexts } from "../replay/log-texts.js";
import { rubricEn, rubricFr } from "../scoring/rubric-texts.js";
import { scoringEn } from "../scoring/texts-en.js";
import { simEn, simFr } from "../sim/describe-texts.js";
import { scoringFr } from "../scoring/texts-fr.js";
import { say } from "../scoring/texts.js";
import { refusalEn, refusalFr } from "./refusal-texts.js";
import { rosterEn, rosterFr } from "./roster-texts.js";
import type { Dictionary } from "./index.js";

/**
 * Every dictionary of the pure core (refusals, scores, rubric, event log,
 * author tools, roster problems) passes the product's dictionary checks
 * (tests/dictionary-checks.ts): key for key, placeholders, plurals, no French
 * in English.
 */
const DICTIONARIES: [string, Dictionary, Dictionary][] = [
  ["refusals", refusalFr, refusalEn],
  ["scores", scoringFr, scoringEn],
  ["rubric", rubricFr, rubricEn],
  ["event log", logFr, logEn],
  ["chart", chartFr, chartEn],
  ["author tools", simFr, simEn],
  ["roster problems", rosterFr, rosterEn],
];
describeDictionaries(DICTIONARIES);

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
