import { describe, expect, it } from "vitest";
import { loadScenario } from "./load.js";
import { MINI, pos } from "./test-helpers.js";

/** The rubric section is checked like the rest of the file: every problem at file:line:col, said in French. */
const withRubric = (rubric: string) => `${MINI.trimEnd()}\nrubric:\n${rubric}\n`;
const problems = (text: string) => {
  const r = loadScenario(text, "r.yaml");
  return r.ok ? r.warnings ?? [] : r.problems;
};

describe("the rubric section", () => {
  it("accepts a valid rubric: re-timed, re-weighted, disabled, extended", () => {
    const text = withRubric([
      "  expectationShare: 0.6",
      "  validation: { weight: 0.4, maxLevel: 2 }",
      "  indicators:",
      "    sitrep_delay: { from: { inject: appel }, bounds: [\"2h\", \"1h\", \"30m\"], weight: 2 }",
      "    logbook_rhythm: { enabled: false }",
      "    counterparts_engaged: { roles: [directeur] }",
    ].join("\n"));
    const r = loadScenario(text, "r.yaml");
    expect(r.ok).toBe(true);
  });

  it("refuses unknown indicators, actions, roles and injects, with the place and a suggestion", () => {
    const text = withRubric([
      "  indicators:",
      "    sitrep_dealy: { weight: 2 }",
      "    counterparts_engaged: { actions: [notifier_cnill], roles: [juriste] }",
      "    holding_statement_delay: { from: { inject: fuitte } }",
    ].join("\n"));
    const ps = problems(text).filter((p) => p.severity === "error");
    const at = (needle: string) => ps.find((p) => p.line === pos(text, needle).line);
    expect(at("sitrep_dealy")?.message).toMatch(/indicateur inconnu « sitrep_dealy » \(vouliez-vous dire « sitrep_delay » \?\)/);
    expect(ps.some((p) => /action inconnue « notifier_cnill »/.test(p.message))).toBe(true);
    expect(ps.some((p) => /rôle inconnu « juriste »/.test(p.message))).toBe(true);
    expect(ps.some((p) => /inject inconnu « fuitte » \(vouliez-vous dire « fuite » \?\)/.test(p.message))).toBe(true);
    for (const p of ps) expect(p.path.startsWith("rubric.indicators")).toBe(true);
  });

  it("refuses bounds out of order or in the wrong unit, `from` on a non-delay, `actions` where they mean nothing", () => {
    const text = withRubric([
      "  indicators:",
      "    sitrep_delay: { bounds: [\"30m\", \"1h\", \"2h\"] }",
      "    audiences_reached: { bounds: [40, 70, 90] }",
      "    anticipation: { from: \"T+01:00\" }",
      "    deadlines_met: { actions: [decision] }",
    ].join("\n"));
    const messages = problems(text).filter((p) => p.severity === "error").map((p) => `${p.path}: ${p.message}`);
    expect(messages.some((m) => m.startsWith("rubric.indicators.sitrep_delay.bounds") && /de la plus large à la plus stricte/.test(m))).toBe(true);
    expect(messages.some((m) => /une part s'écrit entre 0 et 1/.test(m))).toBe(true);
    expect(messages.some((m) => /`from` ne s'applique qu'aux indicateurs de délai/.test(m))).toBe(true);
    expect(messages.some((m) => /se calcule à partir des attentes/.test(m))).toBe(true);
  });

  it("refuses out-of-range numbers in the rubric with the schema's located message", () => {
    const text = withRubric("  validation: { weight: 1e308 }\n  criticalCap: -5");
    const ps = problems(text).filter((p) => p.severity === "error");
    expect(ps.map((p) => p.path)).toEqual(expect.arrayContaining(["rubric.validation.weight", "rubric.criticalCap"]));
    expect(ps.find((p) => p.path === "rubric.criticalCap")!.line).toBe(pos(text, "criticalCap").line);
  });
});
