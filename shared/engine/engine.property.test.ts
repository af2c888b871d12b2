import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mini } from "../../tests/fixtures/engine-mini.js";
import { compileScenario } from "./compile.js";
import { createState, replay, step } from "./engine.js";
import { LogPayload, type LogPayloadInput } from "./log.js";

const compiled = compileScenario(mini);
const H = 3600;
const roles = ["director", "com", "rssi"];
const players = ["p1", "p2", "p3"];

/** Any entry from a pool mixing valid and invalid ones: the engine must fold them all deterministically. */
const anyEntry: fc.Arbitrary<LogPayloadInput> = fc.oneof<fc.Arbitrary<unknown>[]>(
  fc.record({ type: fc.constant("join" as const), player: fc.constantFrom(...players), name: fc.constantFrom("A", "B") }),
  fc.record({ type: fc.constant("assign" as const), player: fc.constantFrom(...players, "zz"), role: fc.constantFrom(...roles, "nope") }),
  fc.record({ type: fc.constant("unassign" as const), player: fc.constantFrom(...players), role: fc.constantFrom(...roles) }),
  fc.constantFrom<LogPayloadInput>({ type: "start" }, { type: "pause" }, { type: "resume" }, { type: "end" }),
  fc.record({ type: fc.constant("speed" as const), speed: fc.integer({ min: 1, max: 120 }) }),
  fc.record({ type: fc.constant("clock" as const), to: fc.integer({ min: 0, max: 7 * H }) }),
  fc.record({ type: fc.constant("inject_now" as const), inject: fc.constantFrom("recovery", "article", "call", "nope") }),
  fc.record({ type: fc.constant("cancel" as const), inject: fc.constantFrom("call", "backups-lost") }),
  fc.record({ type: fc.constant("gauge" as const), gauge: fc.constantFrom("trust", "secret"), add: fc.integer({ min: -50, max: 50 }) }),
  fc.record({ type: fc.constant("phase" as const), phase: fc.constantFrom("detection", "management", "exit") }),
  fc.record({ type: fc.constant("action" as const), player: fc.constantFrom(...players), role: fc.constantFrom(...roles),
    action: fc.constantFrom("isolate", "logbook", "statement", "notify", "pay"),
    params: fc.constantFrom({}, { text: "x" }, { audience: "external", medium: "press", text: "x" }, { to: "cnil", text: "x" }, { amount: 3 }) }),
) as fc.Arbitrary<LogPayloadInput>;

const logs = fc.array(anyEntry, { maxLength: 60 }).map((entries) =>
  [{ type: "open", seed: 7 } as LogPayloadInput, ...entries].map((e) => LogPayload.parse(e)));

describe("engine properties", () => {
  it("replaying any log twice gives identical states, and the pure step agrees with the fold", () => {
    fc.assert(fc.property(logs, (log) => {
      const a = replay(compiled, log);
      const b = replay(compiled, log);
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      let s = createState(compiled);
      for (const e of log) s = step(compiled, s, e).state;
      expect(JSON.stringify(s)).toBe(JSON.stringify(a));
    }), { numRuns: 150 });
  });

  it("pauses, speed changes and tick cadence never shift or duplicate a delivery", () => {
    // The same player actions at the same game times; two different ways of moving the clock.
    const plan = fc.record({
      actions: fc.array(fc.record({ at: fc.integer({ min: 0, max: 5 * H }), what: fc.constantFrom("isolate", "statement", "notify") }), { maxLength: 4 }),
      cadenceA: fc.integer({ min: 30, max: 900 }),
      cadenceB: fc.integer({ min: 30, max: 900 }),
      pauses: fc.array(fc.integer({ min: 0, max: 5 * H }), { maxLength: 4 }),
      speeds: fc.array(fc.integer({ min: 1, max: 200 }), { maxLength: 4 }),
    });
    const params: Record<string, object> = { isolate: {}, statement: { audience: "external", medium: "press", text: "x" }, notify: { to: "cnil", text: "x" } };
    fc.assert(fc.property(plan, ({ actions, cadenceA, cadenceB, pauses, speeds }) => {
      const build = (cadence: number, withPauses: boolean) => {
        const log: LogPayloadInput[] = [{ type: "open", seed: 1 }, { type: "join", player: "p1", name: "A" },
          { type: "assign", player: "p1", role: "director" }, { type: "start" }];
        const stops = [...new Set([...actions.map((a) => a.at), ...(withPauses ? pauses : [])])].sort((x, y) => x - y);
        let t = 0;
        const moveTo = (target: number) => { while (t < target) { t = Math.min(target, t + cadence); log.push({ type: "clock", to: t }); } };
        stops.forEach((stop, i) => {
          moveTo(stop);
          if (withPauses && pauses.includes(stop)) {
            log.push({ type: "pause" }, { type: "speed", speed: speeds[i % Math.max(1, speeds.length)] ?? 10 }, { type: "clock", to: 0 }, { type: "resume" });
          }
          for (const a of actions.filter((x) => x.at === stop)) {
            log.push({ type: "action", player: "p1", role: "director", action: a.what, params: params[a.what] as never });
          }
        });
        moveTo(6 * H);
        return replay(compiled, log.map((e) => LogPayload.parse(e)));
      };
      const a = build(cadenceA, false);
      const b = build(cadenceB, true);
      const summary = (s: ReturnType<typeof build>) => ({
        deliveries: s.deliveries.map((d) => [d.inject, d.at]), expectations: s.expectations, gauges: s.gauges,
        branches: s.branches, phases: s.phases, ended: s.ended,
      });
      expect(summary(b)).toEqual(summary(a));
      const ids = a.deliveries.map((d) => d.inject);
      expect(new Set(ids).size).toBe(ids.length); // never twice
    }), { numRuns: 120 });
  });
});
