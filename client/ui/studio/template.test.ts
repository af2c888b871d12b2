import { describe, expect, it } from "vitest";
import { loadScenario } from "../../../shared/scenario/load.js";
import { SCENARIO_TEMPLATE, TEMPLATE_FILENAME } from "./template.js";

describe("the guided template of a new scenario", () => {
  it("is valid with no warning as it is, so the editor shows no problem from the first keystroke", () => {
    const r = loadScenario(SCENARIO_TEMPLATE, TEMPLATE_FILENAME);
    expect(r.ok ? [] : r.problems).toEqual([]);
    if (!r.ok) return;
    expect(r.warnings).toEqual([]);
  });

  it("holds what the issue asks of it: metadata, roles, a first inject and one expectation tied to a competency", () => {
    const r = loadScenario(SCENARIO_TEMPLATE, TEMPLATE_FILENAME);
    if (!r.ok) throw new Error("invalid template");
    const s = r.scenario;
    expect(s.meta.title).toBeTruthy();
    expect(s.roles.length).toBeGreaterThanOrEqual(2);
    expect(s.injects.length).toBeGreaterThanOrEqual(1);
    expect(s.expectations?.[0]?.competency).toBe("C4.2");
  });
});
