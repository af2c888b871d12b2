import { describe, expect, it } from "vitest";
import { compileScenario, LogPayload, replay, step, type LogPayloadInput } from "../../shared/engine/index.js";
import { mini } from "../../tests/fixtures/engine-mini.js";
import { projectEffects } from "./projection.js";

/** Expectations reach players only from the debrief on — including those a late RETEX meets. */

const compiled = compileScenario(mini);
const H = 3600;
const lobby: LogPayloadInput[] = [
  { type: "open", seed: 1 },
  { type: "join", player: "p1", name: "Ana" },
  { type: "assign", player: "p1", role: "director" },
];
const run = (entries: LogPayloadInput[]) => replay(compiled, entries.map((e) => LogPayload.parse(e)));
const player = { staff: false as const, roles: ["director"] };

describe("projection of expectation changes", () => {
  it("keeps expectations from players while the session runs", () => {
    const s = run([...lobby, { type: "start" }]);
    const r = step(compiled, s, LogPayload.parse({ type: "clock", to: 3 * H }));
    const kinds = (a: Parameters<typeof projectEffects>[3]) => projectEffects(compiled, r.state, r.effects, a).map((u) => u.type);
    expect(r.state.status).toBe("running");
    expect(r.effects.some((e) => e.type === "expectation")).toBe(true);
    expect(kinds(player)).not.toContain("expectation");
    expect(kinds({ staff: true })).toContain("expectation");
  });

  it("sends a player the expectation a RETEX meets after the end", () => {
    const s = run([...lobby, { type: "start" }, { type: "clock", to: 3 * H },
      { type: "action", player: "p1", role: "director", action: "notify", params: { to: "cnil", text: "Notification initiale" } },
      { type: "clock", to: 6 * H }]);
    expect(s.status).toBe("ended");
    const r = step(compiled, s, LogPayload.parse({ type: "action", player: "p1", role: "director", action: "retex", params: { faits: "…" } }));
    const updates = projectEffects(compiled, r.state, r.effects, player);
    expect(updates).toContainEqual(expect.objectContaining({ type: "expectation", expectation: "retex", status: "met" }));
  });
});
