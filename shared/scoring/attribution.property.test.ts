import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mini } from "../../tests/fixtures/engine-mini.js";
import { compileScenario } from "../engine/compile.js";
import type { CompiledScenario } from "../engine/compiled.js";
import { applyEntry, checkEntry, createState } from "../engine/engine.js";
import type { LogPayload } from "../engine/log.js";
import type { EngineState, ParamValue } from "../engine/types.js";
import { loadScenario } from "../scenario/load.js";
import type { Param } from "../scenario/schema.js";
import { POLICIES } from "../sim/bots.js";
import { simulate } from "../sim/simulate.js";
import { scoreCell } from "./score.js";

/**
 * The attribution property: adding entries by student B never changes
 * student A's own level. B's extra actions may change the world (a trigger,
 * an inject cancelled, a `once` action no longer open to A); only when the
 * world A played in is the same — the same deliveries, the same expectation
 * windows, the same actions of A — must A's levels and items be identical.
 * The test also checks that this precondition holds often, so it is not vacuous.
 */

const ROOT = join(import.meta.dirname, "../..");
const ransomware = (() => {
  const r = loadScenario(readFileSync(join(ROOT, "scenarios/ransomware-logirhone.yaml"), "utf8"), "ransomware");
  if (!r.ok) throw new Error("ransomware scenario invalid");
  return compileScenario(r.scenario);
})();

function fill(compiled: CompiledScenario, params: readonly Param[], n: number): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const p of params) {
    if (!p.required && n % 2 === 0) continue;
    switch (p.type) {
      case "choice": out[p.id] = p.options![n % p.options!.length].id; break;
      case "multichoice": out[p.id] = [p.options![n % p.options!.length].id]; break;
      case "number": out[p.id] = n % 4; break;
      case "boolean": out[p.id] = n % 2 === 0; break;
      case "persona": { const ks = [...compiled.personas.keys()]; out[p.id] = ks[n % ks.length]; break; }
      case "role": { const ks = [...compiled.roles.keys()]; out[p.id] = ks[n % ks.length]; break; }
      default: out[p.id] = `Texte ${n}`;
    }
  }
  return out;
}

/** Fold a log, keeping only the entries the engine accepts (as the server does). */
function fold(compiled: CompiledScenario, log: readonly LogPayload[]): EngineState {
  const state = createState(compiled);
  for (const e of log) if (!checkEntry(compiled, state, e)) applyEntry(compiled, state, e);
  return state;
}

const world = (s: EngineState, a: string) => JSON.stringify({
  deliveries: s.deliveries.map((d) => [d.inject, d.at, d.recipients]),
  windows: Object.entries(s.expectations).map(([id, e]) => [id, e.startedAt, e.dueAt]),
  mine: s.actions.filter((x) => x.player === a || x.approvedBy?.player === a).map((x) => [x.action, x.role, x.at, x.params, x.status, x.approvedBy?.at]),
  status: [s.status, s.ended?.at],
});

function own(compiled: CompiledScenario, s: EngineState, a: string) {
  const st = scoreCell(compiled, s).students.find((x) => x.player === a)!;
  return st.competencies.map((c) => [c.competency, c.level, c.mean, c.cappedBy, c.expectations.map((e) => [e.id, e.basis, e.outcome, e.level, e.weight]),
    c.indicators.map((i) => [i.id, i.value, i.level])]);
}

function property(compiled: CompiledScenario, runs: number) {
  let held = 0, total = 0;
  const bots = [...compiled.roles.keys()];
  const actionsFor = (role: string) => [...compiled.actions.values()].map((x) => x.source).filter((x) => x.roles === "all" || x.roles.includes(role));
  fc.assert(fc.property(
    fc.integer({ min: 0, max: 5000 }), fc.constantFrom(...POLICIES.filter((p) => p !== "idle")),
    fc.nat(), fc.nat(), fc.array(fc.record({ at: fc.nat(), pick: fc.nat(), n: fc.nat(50) }), { minLength: 1, maxLength: 8 }),
    (seed, policy, ai, bi, extras) => {
      const log = simulate(compiled, { seed, policy }).log;
      const a = `bot-${bots[ai % bots.length]}`;
      const bRole = bots[(ai + 1 + (bi % (bots.length - 1))) % bots.length];
      const b = `bot-${bRole}`;
      const start = log.findIndex((e) => e.type === "start");
      const options = actionsFor(bRole);
      const out = [...log];
      for (const x of extras) {
        const def = options[x.pick % options.length];
        const entry: LogPayload = { type: "action", player: b, role: bRole, action: def.id, params: fill(compiled, def.params, x.n) };
        out.splice(start + 1 + (x.at % (out.length - start)), 0, entry);
      }
      const before = fold(compiled, log), after = fold(compiled, out);
      total++;
      if (world(before, a) !== world(after, a)) return;
      held++;
      expect(own(compiled, after, a)).toEqual(own(compiled, before, a));
    }), { numRuns: runs });
  // B's extra actions leave A's world unchanged often enough for the property to say something.
  expect(held).toBeGreaterThan(total / 4);
}

describe("attribution property", () => {
  it("mini: student B's extra actions never change student A's own levels", () => property(compileScenario(mini), 80));
  it("ransomware: the same over the bundled scenario", () => property(ransomware, 20));
});
