import { describe, expect, it } from "vitest";
import { mini } from "../../tests/fixtures/engine-mini.js";
import { compileScenario } from "../engine/compile.js";
import type { CCondition } from "../engine/compiled.js";
import { describeCondition, describeEffect, describeEffects } from "./describe.js";

/**
 * The author tools say conditions and effects in the reader's language,
 * each item by the scenario's words with the author's id beside it, end
 * reasons in words (never the engine's code), and without ambiguity: a
 * compound under NON, or an OU inside an ET, is parenthesised.
 */
const compiled = compileScenario(mini);
const isolate: CCondition = { k: "action", id: "isolate", count: 1 };
const statement: CCondition = { k: "action", kind: "statement", count: 1 };
const trust: CCondition = { k: "gauge", id: "trust", below: 30.5 };

describe("conditions in words", () => {
  it("parenthesise what NON, ET and OU hold, in both languages", () => {
    const c: CCondition = { k: "not", of: { k: "all", of: [isolate, { k: "any", of: [statement, trust] }] } };
    expect(describeCondition(compiled, c, "fr"))
      .toBe("NON (« Isoler le réseau » [isolate] ET (une action de type « statement » OU « Confiance » [trust] < 30,5))");
    expect(describeCondition(compiled, c, "en"))
      .toBe("NOT (“Isoler le réseau” [isolate] AND (an action of kind “statement” OR “Confiance” [trust] < 30.5))");
  });

  it("say injects, phases, roles, expectations and branch outcomes by their words, with plurals", () => {
    const c: CCondition = { k: "all", of: [
      { k: "delivered", inject: "post", for: 3600 },
      { k: "phase", phases: ["detection", "management"] },
      { k: "role", id: "com", staffed: false },
      { k: "expectation", id: "isolation", status: "missed" },
      { k: "action", id: "pay", roles: ["director"], lines: { text: 1 }, count: 2 },
    ] };
    expect(describeCondition(compiled, c, "fr")).toBe("« Post » [post] reçu depuis 01:00 ET phase « Détection » [detection]/« Gestion » [management]"
      + " ET « Communication » [com] vacant ET attente « Isolement » [isolation] manquée ET « Payer » [pay] text ≥ 1 ligne par « Directrice » [director] ×2");
    expect(describeCondition(compiled, c, "en")).toBe("“Post” [post] received for 01:00 AND phases “Détection” [detection]/“Gestion” [management]"
      + " AND “Communication” [com] vacant AND expectation “Isolement” [isolation] missed AND “Payer” [pay] text ≥ 1 line by “Directrice” [director] ×2");
    expect(describeCondition(compiled, { k: "branch", id: "b1", outcomes: ["late"] }, "fr")).toBe("embranchement b1 = late");
  });

  it("a named condition shows its name, expanded on demand", () => {
    const named = { ...isolate, name: "isolé" } as CCondition;
    expect(describeCondition(compiled, named, "fr")).toBe("« isolé »");
    expect(describeCondition(compiled, named, "en", true)).toBe("“Isoler le réseau” [isolate]");
  });
});

describe("effects in words", () => {
  it("end reasons are words, never the engine's codes", () => {
    expect(describeEffect(compiled, { k: "end", reason: "end" }, "fr")).toBe("fin : fin du scénario");
    expect(describeEffect(compiled, { k: "end", reason: "end" }, "en")).toBe("end: end of the scenario");
    expect(describeEffect(compiled, { k: "end", reason: "duration" }, "en")).toBe("end: game time over");
    expect(describeEffect(compiled, { k: "end", reason: "phase:exit" }, "fr")).toBe("fin : phase finale « Sortie »");
    expect(describeEffect(compiled, { k: "end", reason: "all-done" }, "fr")).toBe("fin : Tout est fait");
  });

  it("injects by their subject, gauges by their name, numbers the reader's way", () => {
    expect(describeEffects(compiled, [{ k: "inject", inject: "article", delay: 1800 }, { k: "gauge", id: "trust", add: -2.5 }], "fr"))
      .toBe("envoie « Article » [article] dans 00:30 ; « Confiance » [trust] −2,5");
    expect(describeEffects(compiled, [{ k: "cancel", inject: "call" }, { k: "phase", phase: "exit" }], "en"))
      .toBe("cancels “Appel” [call]; moves to phase “Sortie” [exit]");
  });
});
