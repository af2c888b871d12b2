import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { compileScenario } from "../../shared/engine/compile.js";
import { applyEntry, createState, replay } from "../../shared/engine/engine.js";
import type { LogPayload } from "../../shared/engine/log.js";
import { loadScenario } from "../../shared/scenario/load.js";
import type { Scenario } from "../../shared/scenario/schema.js";
import { simulate } from "../../shared/sim/simulate.js";
import type { Figure } from "./figures.js";
import { median, timeIt } from "./figures.js";

const SCENARIOS = join(import.meta.dirname, "../../scenarios");

function bundled(): { file: string; text: string }[] {
  return readdirSync(SCENARIOS).filter((f) => f.endsWith(".yaml"))
    .map((f) => ({ file: join(SCENARIOS, f), text: readFileSync(join(SCENARIOS, f), "utf8") }));
}

/** A log of exactly `n` entries: a simulated session, stretched with fine clock ticks and logbook writing. */
export function syntheticLog(scenario: Scenario, n: number): LogPayload[] {
  const compiled = compileScenario(scenario);
  const base = simulate(compiled, { seed: 11, policy: "expected", tick: 60 }).log;
  const log: LogPayload[] = [];
  const state = createState(compiled);
  const push = (e: LogPayload) => { applyEntry(compiled, state, e); log.push(e); };
  const setup = base.filter((e) => ["open", "join", "assign", "start"].includes(e.type));
  setup.forEach(push);
  const actors = base.filter((e): e is Extract<LogPayload, { type: "action" }> => e.type === "action");
  const rest = base.filter((e) => !["open", "join", "assign", "start", "clock"].includes(e.type));
  let i = 0;
  // Spread the session's own actions over time, ticks every 5 game seconds, a logbook line every 4th entry.
  const step = Math.max(1, Math.floor(compiled.duration / n) * 2);
  while (log.length < n && state.status !== "ended") {
    if (i < rest.length && log.length % 7 === 0) push(rest[i++]);
    else if (log.length % 4 === 0 && actors.length > 0) {
      const a = actors[log.length % actors.length];
      push({ type: "action", player: a.player, role: a.role, action: "logbook", params: { text: `Point ${log.length}` } });
    } else push({ type: "clock", to: Math.min(compiled.duration - 1, state.time + step) });
  }
  while (log.length < n) push({ type: "action", player: actors[0].player, role: actors[0].role, action: "chat", params: { text: "fin" } });
  return log;
}

export async function engineBench(): Promise<Figure[]> {
  const files = bundled();
  const largest = files.sort((a, b) => statSync(b.file).size - statSync(a.file).size)[0];
  const figures: Figure[] = [];
  const loaded = loadScenario(largest.text, largest.file);
  if (!loaded.ok) throw new Error(`${largest.file} invalide`);
  figures.push({ name: "scenario.validate.largest", value: median(9, () => timeIt(() => loadScenario(largest.text, largest.file))), unit: "ms" });
  const compiled = compileScenario(loaded.scenario);
  const log = syntheticLog(loaded.scenario, 10_000);
  figures.push({ name: "engine.replay.10k", value: median(7, () => timeIt(() => replay(compiled, log))), unit: "ms" });
  const ms = median(5, () => timeIt(() => replay(compiled, log)));
  figures.push({ name: "engine.steps_per_second", value: Math.round(log.length / (ms / 1000)), unit: "entries/s" });
  figures.push({ name: "engine.simulate.expected", value: median(5, () => timeIt(() => simulate(compiled, { seed: 1, policy: "expected" }))), unit: "ms" });
  return figures;
}
