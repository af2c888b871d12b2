import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../scenario/load.js";
import { compileScenario } from "./compile.js";
import { endNamesOf, endReasonText } from "../replay/end-reason.js";
import { replay } from "./engine.js";
import { LogPayload, type LogPayloadInput } from "./log.js";
import { viewFor } from "./view.js";

/** A session that ended on an outcome says it in the reader's language, from the players' view as from the compiled scenario. */
describe("end outcomes", () => {
  const text = readFileSync(new URL("../../scenarios/tutorial.yaml", import.meta.url), "utf8")
    .replace(/^end: \[\]$/m, 'end:\n  - id: fin-rapide\n    when: { after: "T+00:01" }\n    outcome: { fr: "Crise maîtrisée", en: "Crisis under control" }');
  const loaded = loadScenario(text, "tutorial.yaml");
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join("; "));
  const compiled = compileScenario(loaded.scenario);

  it("the view of an ended session carries the outcome's words in each language, and the debrief's names read it in English", () => {
    const log: LogPayloadInput[] = [
      { type: "open", seed: 42 }, { type: "join", player: "p1", name: "Alice" }, { type: "assign", player: "p1", role: "director" },
      { type: "start" }, { type: "clock", to: 600 },
    ];
    const state = replay(compiled, log.map((e) => LogPayload.parse(e)));
    expect(state.status).toBe("ended");
    const view = viewFor(compiled, state, [...compiled.roles.keys()].slice(0, 1));
    expect(view.ended?.outcome).toEqual({ fr: "Crise maîtrisée", en: "Crisis under control" });
    const fromView = endReasonText(view.ended!.reason, { phase: () => undefined, outcome: () => view.ended!.outcome });
    expect(fromView.en).toBe("Crisis under control");
    expect(fromView.fr).toBe("Crise maîtrisée");
    expect(endReasonText(state.ended!.reason, endNamesOf(compiled))).toEqual(fromView);
  });
});
