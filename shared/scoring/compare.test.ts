import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileScenario } from "../engine/compile.js";
import { loadScenario } from "../scenario/load.js";
import { simulate } from "../sim/simulate.js";
import { traceCauses } from "./causes.js";
import { compareCells, comparisonTargets } from "./compare.js";

const text = readFileSync(join(import.meta.dirname, "../../scenarios/ransomware-logirhone.yaml"), "utf8");
const r = loadScenario(text, "ransomware");
if (!r.ok) throw new Error("invalid");
const compiled = compileScenario(r.scenario);
const run = (id: string, policy: "expected" | "random" | "idle") => {
  const sim = simulate(compiled, { seed: 3, policy });
  return { id, name: id, state: sim.state, trace: traceCauses(compiled, sim.log) };
};

describe("cross-cell comparison", () => {
  const cells = [run("strong", "expected"), run("weak", "random"), run("silent", "idle")];

  it("lists every inject and branch point of the scenario", () => {
    const t = comparisonTargets(compiled);
    expect(t.injects).toContain("employee-post");
    expect(t.branches).toContain("b4-attribution");
  });

  it("for an inject: when it came to each cell, what each did after it, what it started and led to", () => {
    const rows = compareCells(compiled, cells, { inject: "forged-memo" });
    expect(rows.map((x) => x.cell)).toEqual(["strong", "weak", "silent"]);
    for (const x of rows) expect(x.delivered?.at).toBe(20 * 3600);
    const strong = rows[0], silent = rows[2];
    expect(strong.expectations.find((e) => e.id === "counter-forgery")?.outcome).toBe("met");
    expect(silent.expectations.find((e) => e.id === "counter-forgery")?.outcome).toBe("missed");
    expect(strong.actions.some((a) => a.kind === "response" && a.at >= 20 * 3600)).toBe(true);
    expect(strong.actions.every((a) => a.at >= 20 * 3600)).toBe(true);
    expect(silent.actions).toEqual([]);
    // The forgery branch: decided by the strong cell's answer, by silence (time) in the idle one.
    expect(strong.outcomes.find((o) => o.branch === "b6-forgery")).toMatchObject({ outcome: "countered", causedBy: expect.any(String) });
    expect(silent.outcomes.find((o) => o.branch === "b6-forgery")).toMatchObject({ outcome: "viral" });
    expect(silent.outcomes.find((o) => o.branch === "b6-forgery")!.causedBy).toBeUndefined();
  });

  it("for a branch point: each cell's outcome, when, and the action that decided it", () => {
    const rows = compareCells(compiled, cells, { branch: "b1-isolation" });
    const strong = rows[0].outcomes[0];
    expect(strong).toMatchObject({ branch: "b1-isolation", outcome: "isolated" });
    const decider = cells[0].state.actions.find((a) => a.id === strong.causedBy)!;
    expect(decider.action).toBe("isolate_network");
    expect(rows[2].outcomes[0]).toMatchObject({ outcome: "not-isolated" });
  });
});
