import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileScenario } from "../../shared/engine/compile.js";
import { loadScenario } from "../../shared/scenario/load.js";
import { coverage } from "../../shared/sim/coverage.js";
import { simulate } from "../../shared/sim/simulate.js";

/** The scenarios shipped with Sangfroid: valid, complete, reachable, playable in class. */
const DIR = join(import.meta.dirname, "../../scenarios");
const files = readdirSync(DIR).filter((f) => f.endsWith(".yaml"));

describe.each(files)("scenario %s", (file) => {
  const text = readFileSync(join(DIR, file), "utf8");
  const loaded = loadScenario(text, file);

  it("validates with no error and no warning, and points editors at the JSON Schema", () => {
    expect(loaded.ok ? loaded.warnings : loaded.problems).toEqual([]);
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=./scenario.schema.json");
  });
  if (!loaded.ok) return;
  const s = loaded.scenario;
  const compiled = compileScenario(s);

  it("speaks French and English everywhere", () => {
    expect(s.meta.languages).toEqual(expect.arrayContaining(["fr", "en"]));
    const untranslated: string[] = [];
    const walk = (v: unknown, path: string) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
      else if (v && typeof v === "object") {
        const o = v as Record<string, unknown>;
        if ("fr" in o && typeof o.fr === "string" && !("en" in o)) untranslated.push(path);
        for (const [k, x] of Object.entries(o)) walk(x, `${path}.${k}`);
      }
    };
    walk(s, s.id);
    expect(untranslated).toEqual([]);
  });

  it("reaches every inject, trigger, phase and branch outcome over seeds and policies", () => {
    const r = coverage(compiled, 8);
    expect(r.never).toEqual({ injects: [], triggers: [], phases: [], branchOutcomes: [] });
  });

  it("every reply deadline can be met (expected play answers it) and missed (idle play lets it expire)", () => {
    const statuses = (policy: "expected" | "idle") => (simulate(compiled, { seed: 1, policy }).state.countdowns ?? []).map((c) => `${c.inject}:${c.status}`);
    const withDeadline = s.injects.filter((i) => i.deadline !== undefined && i.at !== undefined).map((i) => i.id);
    expect(statuses("expected")).toEqual(expect.arrayContaining(withDeadline.map((id) => `${id}:answered`)));
    expect(statuses("idle")).toEqual(expect.arrayContaining(withDeadline.map((id) => `${id}:expired`)));
  });

  it("plays the same way twice from the same seed", () => {
    const a = simulate(compiled, { seed: 5, policy: "random" });
    const b = simulate(compiled, { seed: 5, policy: "random" });
    expect(JSON.stringify(a.state)).toBe(JSON.stringify(b.state));
  });

  if (s.meta.tutorial) {
    it("lasts about ten real minutes", () => {
      const r = simulate(compiled, { seed: 1, policy: "expected" });
      expect(r.realMinutes).toBeGreaterThanOrEqual(7);
      expect(r.realMinutes).toBeLessThanOrEqual(15);
    });
    return;
  }

  it("has what the course needs: 12+ injects on several channels, 5+ branch points, all four competencies", () => {
    expect(s.injects.length).toBeGreaterThanOrEqual(12);
    expect(new Set(s.injects.map((i) => compiled.channels.get(i.channel)!.kind)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(s.triggers.filter((t) => t.branch).map((t) => t.branch!.id)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(s.expectations.map((e) => e.competency))).toEqual(new Set(["C4.1", "C4.2", "C4.3", "C4.4"]));
    expect(s.expectations.filter((e) => e.legal).length).toBeGreaterThanOrEqual(3);
  });

  it("plays in 60 to 120 real minutes at its default speed, whatever the cell does", () => {
    for (const policy of ["expected", "idle", "random"] as const) {
      const r = simulate(compiled, { seed: 2, policy });
      expect(r.realMinutes, policy).toBeGreaterThanOrEqual(60);
      expect(r.realMinutes, policy).toBeLessThanOrEqual(120);
    }
  });

  it("rewards good play: expected bots meet what idle bots miss, and take different branches", () => {
    const good = simulate(compiled, { seed: 3, policy: "expected" });
    const idle = simulate(compiled, { seed: 3, policy: "idle" });
    const met = (r: typeof good) => Object.values(r.state.expectations).filter((e) => e.status === "met").length;
    expect(met(good)).toBeGreaterThan(s.expectations.length * 0.8);
    expect(met(idle)).toBeLessThan(met(good) / 3);
    const differs = Object.keys(good.state.branches).filter((b) => good.state.branches[b]?.outcome !== idle.state.branches[b]?.outcome);
    expect(differs.length).toBeGreaterThanOrEqual(5);
  });
});
