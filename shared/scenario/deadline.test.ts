import { describe, expect, it } from "vitest";
import { loadScenario } from "./load.js";
import { edit, MINI, only, pos, problems } from "./test-helpers.js";

/** The fixture's first inject with YAML lines added after its body (a reply deadline). */
const withDeadline = (yaml: string, text = MINI) => edit(text, "    body: Des données ont fuité.\n", `    body: Des données ont fuité.\n${yaml}`);
const errors = (text: string) => problems(text).filter((p) => p.severity === "error");

describe("reply deadlines in the scenario language", () => {
  it("accept a bare duration and the full form, which compiles to a countdown", () => {
    expect(loadScenario(withDeadline("    reply: true\n    deadline: 24h\n"), "s.yaml").ok).toBe(true);
    const full = withDeadline([
      "    reply: true",
      "    deadline:",
      "      within: \"02:00\"",
      "      label: Répondre à la CNIL",
      "      consequence: La CNIL ouvre un contrôle.",
      "      expired:",
      "        - inject: fuite",
      "        - gauge: { id: confiance, add: -10 }",
      "",
    ].join("\n"));
    const r = loadScenario(full, "s.yaml");
    expect(r.ok ? [] : r.problems.map((p) => p.message)).toEqual([]);
  });

  it("report a malformed duration at its position", () => {
    const bad = withDeadline("    reply: true\n    deadline: { within: \"T+02:00\" }\n");
    const p = only(errors(bad), "injects[0].deadline.within");
    expect(p).toMatchObject(pos(bad, "\"T+02:00\""));
    expect(p.message).toContain("durée invalide « T+02:00 »");
  });

  it("report an unknown key, an unknown inject in `expired` and an unknown action in `until` where they are", () => {
    const typo = withDeadline("    reply: true\n    deadline: { within: 2h, expire: [] }\n");
    const key = only(errors(typo), "injects[0].deadline.expire");
    expect(key).toMatchObject({ file: "s.yaml", ...pos(typo, "expire:") });
    expect(key.message).toBe("clé inconnue « expire » (vouliez-vous dire « expired » ?)");
    const ref = withDeadline("    reply: true\n    deadline: { within: 2h, expired: [{ inject: fuitte }] }\n");
    const p = only(errors(ref), "injects[0].deadline.expired[0].inject");
    expect(p).toMatchObject(pos(ref, "fuitte"));
    expect(p.message).toBe("inject inconnu « fuitte » (vouliez-vous dire « fuite » ?)");
    const until = withDeadline("    deadline: { within: 2h, until: { action: { id: notifer } } }\n");
    expect(only(errors(until), "injects[0].deadline.until.action.id").message).toContain("action inconnue « notifer »");
  });

  it("ask for `reply: true` when a reply is what stops the countdown", () => {
    const bad = withDeadline("    deadline: 2h\n");
    const p = only(errors(bad), "injects[0].deadline");
    expect(p).toMatchObject(pos(bad, "2h\n"));
    expect(p.message).toContain("ajoutez `reply: true`");
  });

  it("warn when the countdown would outlast the scenario", () => {
    const long = withDeadline("    reply: true\n    deadline: 99h\n");
    const r = loadScenario(long, "s.yaml");
    expect(r.ok && r.warnings.some((w) => w.path === "injects[0].deadline" && w.message.includes("après la fin du scénario"))).toBe(true);
  });

  it("count an inject sent only at expiry as reachable", () => {
    // `fuite` is also sent by a trigger in the fixture: remove that, keep only the expiry.
    const only = edit(withDeadline("    reply: true\n    deadline: { within: 2h, expired: [{ inject: fuite }] }\n"), "      - inject: fuite\n        delay: 10m\n", "");
    const r = loadScenario(only, "s.yaml");
    expect(r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([]);
  });
});
