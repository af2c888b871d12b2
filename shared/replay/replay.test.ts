import fc from "fast-check";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { mini } from "../../tests/fixtures/engine-mini.js";
import { compileScenario } from "../engine/compile.js";
import { replay } from "../engine/engine.js";
import type { LogPayload } from "../engine/log.js";
import { loadScenario } from "../scenario/load.js";
import { simulate } from "../sim/simulate.js";
import { buildReplay, ReplayIndex } from "./index.js";

const tutorial = (() => {
  const r = loadScenario(readFileSync(new URL("../../scenarios/tutorial.yaml", import.meta.url), "utf8"), "tutorial.yaml");
  if (!r.ok) throw new Error("tutorial invalid");
  return compileScenario(r.scenario);
})();

/** A played tutorial log, with players arriving late, a role holder with two roles and a pause. */
function tutorialLog(seed: number, policy: "expected" | "random" | "partial" = "expected"): LogPayload[] {
  const sim = simulate(tutorial, { seed, policy, tick: 60 });
  return sim.log;
}

describe("replay index", () => {
  const log = tutorialLog(3);

  it("seeking to any position equals a full fold of the log up to it (any keyframe spacing)", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 50 }), fc.array(fc.integer({ min: 0, max: log.length }), { minLength: 1, maxLength: 8 }), (every, positions) => {
      const index = buildReplay(tutorial, log, { every });
      for (const p of positions) {
        expect(JSON.stringify(index.stateAt(p))).toBe(JSON.stringify(replay(tutorial, log.slice(0, p))));
      }
    }), { numRuns: 40 });
  });

  it("the cursor agrees with seeks, forward and backward", () => {
    const index = buildReplay(tutorial, log, { every: 16 });
    const cursor = index.cursor();
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: log.length }), { minLength: 1, maxLength: 20 }), (positions) => {
      for (const p of positions) expect(JSON.stringify(cursor.moveTo(p))).toBe(JSON.stringify(index.stateAt(p)));
    }), { numRuns: 30 });
  });

  it("seeks by seq and by game time", () => {
    const index = buildReplay(tutorial, log, { every: 32 });
    expect(index.seek({ seq: 1 }).position).toBe(1);
    expect(index.seek({ seq: log.length + 10 }).position).toBe(log.length);
    const mid = Math.floor(log.length / 2);
    const t = index.timeAt(mid);
    const { position, state } = index.seek({ time: t });
    expect(state.time).toBe(t);
    expect(position).toBeGreaterThanOrEqual(mid);
    expect(index.timeAt(position + 1) > t || position === log.length).toBe(true);
    expect(index.seek({ time: -5 }).position).toBe(0);
    expect(index.seek({ time: 1e9 }).position).toBe(log.length);
  });

  it("viewAt never holds a delivery the role had not received at that moment", () => {
    const index = buildReplay(tutorial, tutorialLog(11, "random"), { every: 20 });
    const roles = [...tutorial.roles.keys()];
    fc.assert(fc.property(fc.integer({ min: 0, max: index.length }), fc.constantFrom(...roles), (p, role) => {
      const state = index.stateAt(p);
      const { roles: held, view } = index.viewAt(role, p);
      expect(held).toContain(role);
      const received = new Set(state.deliveries.filter((d) => d.recipients.some((r) => held.includes(r)) || d.to.some((r) => held.includes(r))).map((d) => d.id));
      for (const d of view.deliveries) {
        expect(received.has(d.id)).toBe(true);
        expect(d.at).toBeLessThanOrEqual(state.time);
        // It was delivered by an entry at or before this position.
        const item = index.timeline.items.find((i) => i.id === d.id)!;
        expect(item.position).toBeLessThanOrEqual(p);
      }
      if (state.status !== "ended") expect(view.expectations).toBeUndefined();
      expect(view.pending).toBeUndefined();
    }), { numRuns: 60 });
  });

  it("viewAt uses every role the holder had (a player with two roles sees both)", () => {
    const compiled = compileScenario(mini);
    const entries: LogPayload[] = [
      { type: "open", seed: 1 }, { type: "join", player: "p1", name: "Ana" },
      { type: "assign", player: "p1", role: "director" }, { type: "assign", player: "p1", role: "rssi" },
      { type: "start" }, { type: "clock", to: 3600 },
    ];
    const index = buildReplay(compiled, entries, { every: 2 });
    const { roles, view } = index.viewAt("director", entries.length);
    expect(roles.sort()).toEqual(["director", "rssi"]);
    expect(view.deliveries.some((d) => d.to.includes("rssi"))).toBe(true);
    expect(ReplayIndex.rolesOfHolder(index.stateAt(2), "rssi")).toEqual(["rssi"]);
  });

  it("lanes, deadline markers, branches and log lines describe the log", () => {
    const index = buildReplay(tutorial, log);
    const byRole = index.timeline.byRole();
    expect(byRole.map((l) => l.id)).toEqual([...tutorial.roles.keys()]);
    expect(byRole.some((l) => l.items.some((i) => i.kind === "delivery"))).toBe(true);
    expect(byRole.some((l) => l.items.some((i) => i.kind === "action"))).toBe(true);
    const byChannel = index.timeline.byChannel();
    expect(byChannel.flatMap((l) => l.items).length).toBe(index.timeline.items.length);
    for (const it of index.timeline.items) expect(index.timeAt(it.position)).toBeGreaterThanOrEqual(it.at);
    expect(index.timeline.deadlines.length).toBe(tutorial.expectations.length);
    expect(index.timeline.deadlines.some((d) => d.status === "met")).toBe(true);
    for (const d of index.timeline.deadlines) if (d.status !== "pending") expect(d.position).toBeGreaterThan(0);
    const branchIds = new Set(tutorial.triggers.filter((t) => t.branch).map((t) => t.branch!.id));
    expect(index.timeline.branches.map((b) => b.id).sort()).toEqual([...branchIds].sort());
    for (const b of index.timeline.branches) {
      const final = index.final.branches[b.id];
      expect(b.taken?.outcome).toBe(final?.outcome);
    }
    expect(index.lines.length).toBe(log.length);
    expect(index.lines.filter((l) => !l.quiet).length).toBeLessThan(log.length);
    expect(index.lines.find((l) => l.type === "start")!.text.fr).toContain("DEBEX");
    expect(index.lines.some((l) => l.effects.some((e) => e.fr.startsWith("↘")))).toBe(true);
    expect(index.timeline.phases[0].position).toBe(0);
  });
});
