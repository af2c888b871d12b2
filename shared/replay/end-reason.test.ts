import { describe, expect, it } from "vitest";
import { mini } from "../../tests/fixtures/engine-mini.js";
import { compileScenario } from "../engine/compile.js";
import { endNamesOf, endReasonText } from "./end-reason.js";

/**
 * One place says what an end reason means, in both languages: the engine's
 * codes become words, a final phase is named, an end condition by its
 * outcome (or "the end of the scenario" when it has none), and an
 * instructor's own words stay as written. The same answer whether the
 * reader has the compiled scenario (reports, tools) or only a player's view
 * (the debrief: the phase it shows, the end condition's id).
 */
const compiled = compileScenario(mini);
const names = endNamesOf(compiled);

describe("end reasons in words", () => {
  it("the engine's codes, never shown as codes", () => {
    expect(endReasonText("duration", names)).toEqual({ fr: "durée de jeu écoulée", en: "game time over" });
    expect(endReasonText("instructor", names)).toEqual({ fr: "fin décidée par l'animateur", en: "ended by the instructor" });
    expect(endReasonText("end", names)).toEqual({ fr: "fin du scénario", en: "end of the scenario" });
    expect(endReasonText("phase:exit", names)).toEqual({ fr: "phase finale « Sortie »", en: "final phase “Sortie”" });
  });

  it("an end condition by its outcome, an instructor's words as written", () => {
    expect(endReasonText("all-done", names).fr).toBe("Tout est fait");
    expect(endReasonText("Tout est fait", names).fr).toBe("Tout est fait");
    expect(endReasonText("Exercice écourté : alerte réelle", names)).toEqual({ fr: "Exercice écourté : alerte réelle", en: "Exercice écourté : alerte réelle" });
  });

  it("a player's view says the same as the compiled scenario", () => {
    const view = { phase: { id: "exit", name: { fr: "Sortie", en: "Exit" } } };
    const fromView = (reason: string, condition?: string) => endReasonText(reason, {
      phase: (id) => (id === view.phase.id ? view.phase.name : undefined),
      outcome: (r) => (r === condition ? null : undefined),
    });
    expect(fromView("phase:exit")).toEqual({ fr: "phase finale « Sortie »", en: "final phase “Exit”" });
    expect(fromView("duration")).toEqual(endReasonText("duration", names));
    expect(fromView("quiet-end", "quiet-end")).toEqual({ fr: "fin du scénario", en: "end of the scenario" });
    expect(fromView("phase:elsewhere").fr).toBe("phase finale « — »");
  });
});
