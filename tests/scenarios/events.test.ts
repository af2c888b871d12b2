import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileScenario } from "../../shared/engine/compile.js";
import { createState, replay, step } from "../../shared/engine/engine.js";
import { LogPayload, type LogPayloadInput } from "../../shared/engine/log.js";
import { ENGINE_VERSION } from "../../shared/engine/version.js";
import { baseVolume } from "../../shared/engine/volume.js";
import { machineValue } from "../../shared/engine/world.js";
import { loadScenario } from "../../shared/scenario/load.js";
import { POLICIES } from "../../shared/sim/bots.js";
import { coverage } from "../../shared/sim/coverage.js";
import { simulate } from "../../shared/sim/simulate.js";

/**
 * A scenario written for engine v2's conditions on events (tests/fixtures/events.yaml):
 * "A before B", an outcome decided by earlier outcomes, a volume curve halved by an action.
 */
const FILE = join(import.meta.dirname, "../fixtures/events.yaml");
const loaded = loadScenario(readFileSync(FILE, "utf8"), FILE);
if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join("\n"));
const compiled = compileScenario(loaded.scenario);
const M = 60, H = 3600;
const POINTS = ["accusation", "spread", "verdict"];

const open = (): LogPayloadInput[] => [
  { type: "open", seed: 1, engine: ENGINE_VERSION }, { type: "join", player: "p", name: "P" },
  { type: "assign", player: "p", role: "lead" }, { type: "assign", player: "p", role: "com" }, { type: "start" },
];
const play = (entries: LogPayloadInput[]) => replay(compiled, [...open(), ...entries].map((e) => LogPayload.parse(e)));
const act = (action: string, role = "lead"): LogPayloadInput => ({ type: "action", player: "p", role, action, params: {} });

describe("event-aware conditions (tests/fixtures/events.yaml)", () => {
  it("validates with no warning", () => {
    expect(loaded.warnings).toEqual([]);
  });

  it("every policy and seed: each branch point takes exactly one outcome, and every outcome happens in some run", () => {
    for (const policy of POLICIES) for (let seed = 1; seed <= 12; seed++) {
      const r = simulate(compiled, { seed, policy });
      for (const b of POINTS) expect(r.triggers.filter((t) => t.branch?.id === b), `${policy} ${seed} ${b}`).toHaveLength(1);
      // The verdict is what the earlier outcomes say.
      const good = r.state.branches.accusation.outcome === "informed" && r.state.branches.spread.outcome === "contained";
      expect(r.state.branches.verdict.outcome).toBe(good ? "praised" : "criticised");
    }
    const c = coverage(compiled, 12);
    expect(c.never).toEqual({ injects: [], triggers: [], phases: [], branchOutcomes: [] });
    expect(c.doubleOutcomes).toBe(0);
  });

  it("A before B: an accusation before the analysis is hasty, after it informed; a liaison named before the call answers nothing", () => {
    const before = play([{ type: "clock", to: 10 * M }, act("accuse"), { type: "clock", to: 4 * H }]);
    expect(before.branches.accusation.outcome).toBe("hasty");
    const after = play([{ type: "clock", to: 40 * M }, act("accuse"), { type: "clock", to: 4 * H }]);
    expect(after.branches.accusation.outcome).toBe("informed");
    const early = play([{ type: "clock", to: 50 * M }, act("name_liaison"), { type: "clock", to: 4 * H }]);
    expect(early.fired["liaison-answer"]).toBeUndefined();
    const answered = play([{ type: "clock", to: 70 * M }, act("name_liaison"), { type: "clock", to: 4 * H }]);
    expect(answered.fired["liaison-answer"]).toBe(1);
  });

  it("the volume curve is read exactly: the press picks the post up at the second it crosses 10 000, later when it was reported", () => {
    const d = 20 * M;
    const curve = compiled.volumes.get("post")!;
    let cross = d;
    while (Math.round(baseVolume(curve, cross - d)) < 10_000) cross++;
    const idle = play([{ type: "clock", to: 4 * H }]);
    expect(idle.deliveries.find((x) => x.inject === "article")!.at).toBe(cross);
    expect(idle.branches.spread.outcome).toBe("viral");
    const reported = play([{ type: "clock", to: 25 * M }, act("report_post", "com"), { type: "clock", to: 4 * H }]);
    // Halved from T+00:25 on: 10 000 is never reached (≈ 10 100 at the end) after the crossing time of the idle run.
    const article = reported.deliveries.find((x) => x.inject === "article");
    expect(article === undefined || article.at > cross).toBe(true);
    expect(reported.branches.spread.outcome).toBe("contained");
    expect(reported.volumes).toEqual({ post: [{ at: 25 * M, scale: 0.5 }] });
  });

  it("a RETEX counts with at least three lines in its plan", () => {
    const retex = (plan: string) => ({ type: "action" as const, player: "p", role: "lead", action: "retex", params: { plan } });
    expect(play([{ type: "clock", to: 4 * H }, retex("1. Former l'équipe")]).expectations.plan.status).toBe("pending");
    expect(play([{ type: "clock", to: 4 * H }, retex("1. Fiche réflexe\n\n2. Exercice trimestriel\n3. Modèles de communiqué")]).expectations.plan.status).toBe("met");
  });

  const entry: fc.Arbitrary<LogPayloadInput> = fc.oneof(
    fc.record({ type: fc.constant("clock" as const), to: fc.integer({ min: 0, max: 4 * H }) }),
    fc.constantFrom(act("accuse"), act("report_post", "com"), act("name_liaison"), { type: "pause" } as LogPayloadInput, { type: "resume" } as LogPayloadInput),
    fc.record({ type: fc.constant("gauge" as const), gauge: fc.constant("trust"), add: fc.integer({ min: -30, max: 30 }) }),
    fc.record({ type: fc.constant("phase" as const), phase: fc.constantFrom("crisis", "closing") }),
  );
  const logs = fc.array(entry, { maxLength: 40 }).map((es) => [...open(), ...es, { type: "clock", to: 4 * H } as LogPayloadInput].map((e) => LogPayload.parse(e)));

  it("any log replays to the machine snapshot live stepping reached, mirrored in status, phase and branches", () => {
    fc.assert(fc.property(logs, (log) => {
      const folded = replay(compiled, log);
      let live = createState(compiled);
      for (const e of log) live = step(compiled, live, e).state;
      expect(live.machine).toEqual(folded.machine);
      expect(JSON.stringify(live)).toBe(JSON.stringify(folded));
      expect(folded.machine).toEqual({ ...machineValue(compiled, { ...folded, machine: undefined }) });
    }), { numRuns: 120 });
  });

  it("exclusive over random logs: no branch point ever takes two outcomes", () => {
    fc.assert(fc.property(logs, (log) => {
      const taken: string[] = [];
      replay(compiled, log, (effects) => { for (const fx of effects) if (fx.type === "trigger" && fx.branch) taken.push(fx.branch.id); });
      expect(new Set(taken).size).toBe(taken.length);
    }), { numRuns: 120 });
  });
});
