import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { compileScenario } from "../../shared/engine/compile.js";
import { replay } from "../../shared/engine/engine.js";
import { loadScenario } from "../../shared/scenario/load.js";
import type { Scenario } from "../../shared/scenario/schema.js";
import { scoreCell } from "../../shared/scoring/score.js";
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
 * Full scoring of a 10,000-entry log (target < 200 ms): every indicator, every
 * expectation, per cell, role and student, with evidence. Measured on the
 * final state (the replay has its own figure) in wall and CPU time, then
 * replay + scoring, and the size of the score as JSON (what a server would
 * send the instructor).
 */
export async function scoringBench(): Promise<Figure[]> {
  const { scenario } = largestScenario();
  const compiled = compileScenario(scenario);
  const log = syntheticLog(scenario, 10_000);
  const state = replay(compiled, log);
  const size = JSON.stringify(scoreCell(compiled, state)).length;
  return [
    { name: "scoring.score.10k", value: median(15, () => timeIt(() => scoreCell(compiled, state))), unit: "ms", target: "< 200 ms" },
    // CPU time of the same call: stable when other processes share the machine.
    { name: "scoring.score.10k.cpu", value: median(15, () => cpuIt(() => scoreCell(compiled, state))), unit: "ms" },
    { name: "scoring.replay_and_score.10k", value: median(5, () => timeIt(() => scoreCell(compiled, replay(compiled, log)))), unit: "ms" },
    { name: "scoring.score_json.10k", value: Math.round(size / 1024), unit: "KiB" },
  ];
}
