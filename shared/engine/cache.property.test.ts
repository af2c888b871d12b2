import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../scenario/load.js";
import { simulate } from "../sim/simulate.js";
import { compileScenario } from "./compile.js";
import { applyEntry, createState } from "./engine.js";
import type { EngineState } from "./types.js";

/**
 * The fold keeps caches beside each state (condition values and wakes, which
 * triggers a settle pass may skip, expectation states by position). They must
 * change no result: folding a bundled scenario's session with warm caches
 * gives, entry by entry, the effects and states of folding it from states
 * restored from JSON (cold caches), as a server restarting from a snapshot does.
 */
const DIR = join(import.meta.dirname, "../../scenarios");

describe("the engine's caches change no result", () => {
  for (const file of readdirSync(DIR).filter((f) => f.endsWith(".yaml"))) {
    it(`${file}: warm fold = cold fold, entry by entry`, () => {
      const loaded = loadScenario(readFileSync(join(DIR, file), "utf8"), file);
      if (!loaded.ok) throw new Error(`${file} invalide`);
      const compiled = compileScenario(loaded.scenario);
      for (const policy of ["explore"] as const) {
        const { log } = simulate(compiled, { seed: 2, policy, tick: 45 });
        const warm = createState(compiled);
        let cold: EngineState = createState(compiled);
        log.forEach((entry, i) => {
          const a = applyEntry(compiled, warm, entry);
          if (i % 5 === 0) cold = JSON.parse(JSON.stringify(cold)) as EngineState;
          const b = applyEntry(compiled, cold, entry);
          if (JSON.stringify(b) !== JSON.stringify(a)) expect(b, `${policy}, entrée ${i}`).toEqual(a);
        });
        expect(JSON.stringify(cold)).toBe(JSON.stringify(warm));
      }
    }, 60_000);
  }
});
