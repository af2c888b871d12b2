import { describe, expect, it } from "vitest";
import { mini } from "../../tests/fixtures/engine-mini.js";
import { compileScenario } from "../engine/compile.js";
import { INDICATOR_IDS } from "../scenario/rubric.js";
import { INDICATORS } from "./indicators.js";
import { rubricText } from "./rubric-text.js";
import { rulesFor } from "./rules.js";

/** Words as a reader compares them: lower case, accents and punctuation gone; the short ones ("de la", "a") left out. */
const words = (s: string) => s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3);
/** Every run of three (longer) words in `s`. */
const runs = (s: string) => { const w = words(s); return w.slice(2).map((_, i) => w.slice(i, i + 3).join(" ")); };

describe("the rubric's indicator lines", () => {
  const compiled = compileScenario(mini);
  const base = rulesFor(compiled);
  // Every indicator on, so every line is drawn.
  const rules = { ...base, indicators: Object.fromEntries(INDICATOR_IDS.map((id) => [id, { ...base.indicators[id], enabled: true }])) as typeof base.indicators };
  const lines = rubricText(compiled, { rules }).indicators;

  it("draw every indicator", () => expect(lines.map((l) => l.id)).toEqual([...INDICATOR_IDS]));

  // « Anticipation : hypothèses d'évolution consignées : hypothèses d'évolution consignées » was the debrief's line (QA, 1366 px).
  it.each(["fr", "en"] as const)("say the label once and never restate it (%s)", (lang) => {
    for (const line of lines) {
      const label = INDICATORS.find((d) => d.id === line.id)!.label[lang];
      const text = line.text[lang];
      expect(text.startsWith(label), text).toBe(true);
      const rest = text.slice(label.length);
      const repeated = runs(label).filter((r) => runs(rest).includes(r));
      expect(repeated, `${line.id}: ${text}`).toEqual([]);
    }
  });
});
