import { describe, expect, it } from "vitest";
import { miniInput } from "../../tests/fixtures/engine-mini.js";
import { Scenario } from "../scenario/schema.js";
import { compileScenario } from "./compile.js";
import { scenarioBrief } from "./view.js";

/** The brief travels to every player before the game: it must hold nothing secret. */
const secretInput = {
  ...miniInput,
  injects: (miniInput.injects ?? []).map((i, n) => ({
    ...i, subject: { fr: `SUJET-SECRET-${n}`, en: `SECRET-SUBJECT-${n}` }, body: { fr: `CORPS-SECRET-${n}`, en: `SECRET-BODY-${n}` },
    attachments: [{ name: `PJ-SECRETE-${n}`, body: `CONTENU-SECRET-${n}` }],
  })),
  expectations: (miniInput.expectations ?? []).map((e, n) => ({ ...e, title: `ATTENDU-SECRET-${n}`, legal: `BASE-SECRETE-${n}` })),
  triggers: (miniInput.triggers ?? []).map((t, n) => ({ ...t, id: `trigger-secret-${n}`, description: `DECLENCHEUR-SECRET-${n}` })),
};
const compiled = compileScenario(Scenario.parse(secretInput));

describe("scenarioBrief", () => {
  it("contains no inject, trigger or expectation text, in any language", () => {
    for (const lang of [undefined, "fr", "en"] as const) {
      const json = JSON.stringify(scenarioBrief(compiled, lang));
      expect(json).not.toMatch(/SECRET|SECRETE/);
      for (const inj of compiled.injects.keys()) expect(json).not.toContain(`"${inj}"`);
      expect(json).not.toMatch(/"(injects|triggers|expectations|effects|phases|end|stakeholders)"/);
    }
  });

  it("carries roles with their actions, personas, channels, places and links", () => {
    const brief = scenarioBrief(compiled);
    expect(brief.roles.map((r) => r.id)).toEqual(["director", "com", "rssi"]);
    const director = brief.roles.find((r) => r.id === "director")!;
    expect(director.actions).toContain("isolate");
    expect(director.actions).toContain("logbook");
    expect(brief.roles.find((r) => r.id === "com")!.actions).not.toContain("isolate");
    expect(brief.actions.find((a) => a.id === "pay")).toMatchObject({ approval: "director", params: [{ id: "amount", type: "number" }] });
    expect(brief.personas.find((p) => p.id === "cnil")).toMatchObject({ kind: "authority", authority: true });
    expect(brief.channels.map((c) => c.kind)).toEqual(["mail", "phone", "social"]);
  });

  it("resolves texts to one language when asked, French by default", () => {
    expect(scenarioBrief(compiled, "en").title).toBe("Mini");
    const statement = scenarioBrief(compiled, "en").actions.find((a) => a.id === "statement")!;
    expect(statement.name).toBe("Publish a statement");
    expect(scenarioBrief(compiled, "fr").actions.find((a) => a.id === "statement")!.name).toBe("Publier une déclaration");
    expect(typeof scenarioBrief(compiled).actions.find((a) => a.id === "statement")!.name).toBe("object");
  });
});
