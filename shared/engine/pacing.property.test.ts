import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pacing } from "../../tests/fixtures/pacing.js";
import { compileScenario } from "./compile.js";
import { applyEntry, createState, replay, step } from "./engine.js";
import { LogPayload, type LogPayloadInput } from "./log.js";
import type { EngineState } from "./types.js";

/**
 * Pacing commands (multiplier, absolute speed, go to time, pause) are log
 * entries like the rest: whatever their mix, the live state (folded entry by
 * entry, restarted from a snapshot anywhere) equals the replay, and they
 * never move a delivery, a reply deadline or an expectation in game time.
 */
const compiled = compileScenario(pacing);
const H = 3600;
const head: LogPayloadInput[] = [
  { type: "open", seed: 3, engine: 2 }, { type: "join", player: "p1", name: "Ada" }, { type: "assign", player: "p1", role: "director" },
  { type: "join", player: "p2", name: "Bob" }, { type: "assign", player: "p2", role: "com" },
];
const parse = (log: LogPayloadInput[]) => log.map((e) => LogPayload.parse(e));

const anyEntry: fc.Arbitrary<LogPayloadInput> = fc.oneof<fc.Arbitrary<unknown>[]>(
  fc.constantFrom<LogPayloadInput>({ type: "start" }, { type: "pause" }, { type: "resume" }, { type: "end" }),
  fc.record({ type: fc.constant("pace" as const), factor: fc.constantFrom(0.1, 0.5, 1, 1.5, 2, 7, 100) }),
  fc.record({ type: fc.constant("speed" as const), speed: fc.integer({ min: 1, max: 600 }) }),
  fc.record({ type: fc.constant("goto" as const), to: fc.integer({ min: 0, max: 7 * H }) }),
  fc.record({ type: fc.constant("clock" as const), to: fc.integer({ min: 0, max: 7 * H }) }),
  fc.record({ type: fc.constant("action" as const), player: fc.constantFrom("p1", "p2"), role: fc.constantFrom("director", "com"),
    action: fc.constant("message"), params: fc.constant({ to: "cnil", text: "réponse" }), replyTo: fc.constantFrom("d1", "d2", "d3") }),
  fc.record({ type: fc.constant("action" as const), player: fc.constant("p2"), role: fc.constant("com"), action: fc.constant("statement"),
    params: fc.constant({ audience: "external", medium: "press", text: "x" }) }),
  fc.record({ type: fc.constant("action" as const), player: fc.constant("p1"), role: fc.constant("director"), action: fc.constant("declare_end"), params: fc.constant({}) }),
) as fc.Arbitrary<LogPayloadInput>;

const logs = fc.array(anyEntry, { maxLength: 50 }).map((entries) => parse([...head, ...entries]));
const json = (s: EngineState) => JSON.stringify(s);

describe("pacing properties", () => {
  it("replay = live: folding entry by entry, through the pure step, or restarting from a snapshot at any entry gives the same state", () => {
    fc.assert(fc.property(logs, fc.nat(), (log, cutAt) => {
      const full = replay(compiled, log);
      expect(json(replay(compiled, log))).toBe(json(full));
      let pure = createState(compiled);
      for (const e of log) pure = step(compiled, pure, e).state;
      expect(json(pure)).toBe(json(full));
      // A live cell restarted from a snapshot (JSON, as stored) at entry `cut`, then fed the tail.
      const cut = cutAt % (log.length + 1);
      const restored = JSON.parse(json(replay(compiled, log.slice(0, cut)))) as EngineState;
      for (const e of log.slice(cut)) applyEntry(compiled, restored, e);
      expect(json(restored)).toBe(json(full));
    }), { numRuns: 200 });
  });

  it("multipliers, speeds, jumps and pauses never move a delivery, a countdown or an expectation in game time", () => {
    const plan = fc.record({
      replies: fc.array(fc.record({ at: fc.integer({ min: 0, max: 5 * H }), who: fc.constantFrom("director", "com"), to: fc.constantFrom("d1", "d2") }), { maxLength: 3 }),
      statement: fc.option(fc.integer({ min: 0, max: 5 * H }), { nil: undefined }),
      cadence: fc.integer({ min: 60, max: 1800 }),
      stops: fc.array(fc.record({ at: fc.integer({ min: 0, max: 6 * H }), how: fc.constantFrom("pace", "speed", "goto", "pause") , factor: fc.constantFrom(0.25, 2, 5) }), { maxLength: 5 }),
    });
    fc.assert(fc.property(plan, ({ replies, statement, cadence, stops }) => {
      const acts = [
        ...replies.map((r) => ({ at: r.at, e: { type: "action", player: r.who === "director" ? "p1" : "p2", role: r.who, action: "message", params: { to: "cnil", text: "r" }, replyTo: r.to } as LogPayloadInput })),
        ...(statement !== undefined ? [{ at: statement, e: { type: "action", player: "p2", role: "com", action: "statement", params: { audience: "external", medium: "press", text: "x" } } as LogPayloadInput }] : []),
      ];
      const build = (paced: boolean) => {
        const log: LogPayloadInput[] = [...head, { type: "start" }];
        let t = 0;
        const moveTo = (target: number) => { while (t < target) { t = Math.min(target, t + cadence); log.push({ type: "clock", to: t }); } };
        const times = [...new Set([...acts.map((a) => a.at), ...(paced ? stops.map((s) => s.at) : [])])].sort((a, b) => a - b);
        for (const at of times) {
          const stop = paced ? stops.find((s) => s.at === at) : undefined;
          if (stop?.how === "goto" && at > t) { log.push({ type: "goto", to: at }); t = at; } else moveTo(at);
          if (stop?.how === "pace") log.push({ type: "pace", factor: stop.factor });
          if (stop?.how === "speed") log.push({ type: "speed", speed: stop.factor * 10 });
          if (stop?.how === "pause") log.push({ type: "pause" }, { type: "resume" });
          for (const a of acts.filter((x) => x.at === at)) log.push(a.e);
        }
        moveTo(6 * H);
        return replay(compiled, parse(log));
      };
      const summary = (s: EngineState) => ({
        deliveries: s.deliveries.map((d) => [d.inject, d.at]), countdowns: s.countdowns, expectations: s.expectations,
        gauges: s.gauges, phases: s.phases, ended: s.ended, actions: s.actions.map((a) => [a.action, a.at, a.status]),
      });
      expect(summary(build(true))).toEqual(summary(build(false)));
    }), { numRuns: 150 });
  });
});
