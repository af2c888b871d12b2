import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { compileScenario } from "../../shared/engine/compile.js";
import { replay } from "../../shared/engine/engine.js";
import { loadScenario } from "../../shared/scenario/load.js";
import type { Scenario } from "../../shared/scenario/schema.js";
import { scoreCell } from "../../shared/scoring/score.js";
import { traceCauses } from "../../shared/scoring/causes.js";
import { compareCells, comparisonTargets } from "../../shared/scoring/compare.js";
import { simulate } from "../../shared/sim/simulate.js";
import { POLICIES } from "../../shared/sim/bots.js";
import { mini } from "../fixtures/engine-mini.js";
import { syntheticLog } from "./engine.js";
import { median, timeIt, type Figure } from "./figures.js";

/** CPU milliseconds (user + system) spent by `fn`. */
function cpuIt(fn: () => unknown): number {
  const start = process.cpuUsage();
  fn();
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

const SCENARIOS = join(import.meta.dirname, "../../scenarios");

/** The largest bundled scenario (most roles, expectations and personas to score), or the mini fixture. */
function largestScenario(): { name: string; scenario: Scenario } {
  const files = readdirSync(SCENARIOS).filter((f) => f.endsWith(".yaml")).map((f) => join(SCENARIOS, f))
    .sort((a, b) => statSync(b).size - statSync(a).size);
  for (const file of files) {
    const loaded = loadScenario(readFileSync(file, "utf8"), file);
    if (loaded.ok) return { name: loaded.scenario.id, scenario: loaded.scenario };
  }
  return { name: "mini", scenario: mini };
}

/**
 * Full scoring of a 10,000-entry log (target < 50 ms): every indicator, every
 * expectation, per cell, role, student and student × role — each student's
 * expectations judged on their own actions — with evidence. Measured on the
 * final state (the replay has its own figure) in wall and CPU time; then with
 * the causes of misses (a trace given), replay + scoring, the size of the
 * score as JSON, and the cross-cell comparison of 8 cells of one session
 * (target < 200 ms) on every branch point and the busiest inject.
 */
export async function scoringBench(): Promise<Figure[]> {
  const { scenario } = largestScenario();
  const compiled = compileScenario(scenario);
  const log = syntheticLog(scenario, 10_000);
  const state = replay(compiled, log);
  const size = JSON.stringify(scoreCell(compiled, state)).length;
  const trace = traceCauses(compiled, log);
  // Eight cells of one session: same seed, different play (the four bot policies, two seeds' worth of draws).
  const cells = Array.from({ length: 8 }, (_, i) => {
    const sim = simulate(compiled, { seed: 7, policy: POLICIES[i % POLICIES.length], tick: 120 });
    return { id: `cell-${i}`, name: `Cellule ${i + 1}`, state: sim.state, trace: traceCauses(compiled, sim.log) };
  });
  const targets = comparisonTargets(compiled);
  const compareAll = () => { for (const b of targets.branches) compareCells(compiled, cells, { branch: b }); };
  const compareOne = () => compareCells(compiled, cells, { inject: targets.injects[0] });
  return [
    { name: "scoring.score.10k", value: median(15, () => timeIt(() => scoreCell(compiled, state))), unit: "ms", target: "< 50 ms" },
    { name: "scoring.score_with_causes.10k", value: median(9, () => timeIt(() => scoreCell(compiled, state, { trace }))), unit: "ms" },
    { name: "scoring.trace.10k", value: median(5, () => timeIt(() => traceCauses(compiled, log))), unit: "ms" },
    { name: "scoring.compare.8cells", value: median(9, () => timeIt(compareOne)), unit: "ms", target: "< 200 ms" },
    { name: "scoring.compare.8cells.all_branches", value: median(5, () => timeIt(compareAll)), unit: "ms" },
    // CPU time of the same call: stable when other processes share the machine.
    { name: "scoring.score.10k.cpu", value: median(15, () => cpuIt(() => scoreCell(compiled, state))), unit: "ms" },
    { name: "scoring.replay_and_score.10k", value: median(5, () => timeIt(() => scoreCell(compiled, replay(compiled, log)))), unit: "ms" },
    { name: "scoring.score_json.10k", value: Math.round(size / 1024), unit: "KiB" },
  ];
}
