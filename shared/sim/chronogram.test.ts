import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileScenario } from "../engine/compile.js";
import { loadScenario } from "../scenario/load.js";
import { tr } from "../scenario/text.js";
import { chronoAxis, chronogram, labelWidth } from "./chronogram.js";
import { simulate } from "./simulate.js";

/**
 * The chronogramme says where each inject arrives, on every lane it
 * belongs to: timed injects at their `at` on their channel and on each role
 * they address, triggered ones where the simulated run delivered them (and
 * marked so); triggers and branch outcomes where they fired; each
 * expectation's window from its start to its deadline and late bound.
 * Labels are the scenario's words, never ids.
 */
for (const file of ["tutorial.yaml", "ransomware-logirhone.yaml"]) {
  describe(`chronogramme of ${file}`, () => {
    const r = loadScenario(readFileSync(new URL(`../../scenarios/${file}`, import.meta.url), "utf8"), file);
    if (!r.ok) throw new Error(`${file} invalid`);
    const compiled = compileScenario(r.scenario);
    const run = simulate(compiled, { seed: 1, policy: "expected" });
    const c = chronogram(compiled, run);
    const lane = (kind: string, id: string) => c.lanes.find((l) => l.kind === kind && l.id === id)!;

    it("puts every timed inject at its time on its channel and on each role it addresses", () => {
      for (const { inject, at } of compiled.timeline) {
        const inj = compiled.injects.get(inject)!;
        expect(lane("channel", inj.channel).marks).toContainEqual(expect.objectContaining({ id: inject, at, timed: true, label: tr(inj.subject) }));
        for (const role of inj.to === "all" ? [...compiled.roles.keys()] : inj.to) expect(lane("role", role).marks.some((m) => m.id === inject && m.at === at)).toBe(true);
      }
    });

    it("places triggered injects where the run delivered them, marked as triggered", () => {
      const timed = new Set(compiled.timeline.map((t) => t.inject));
      const triggered = run.deliveries.filter((d) => !timed.has(d.inject));
      for (const d of triggered) {
        const first = run.deliveries.find((x) => x.inject === d.inject)!;
        expect(lane("channel", d.channel).marks).toContainEqual(expect.objectContaining({ id: d.inject, at: first.at, timed: false }));
      }
      const fired = run.triggers.filter((t) => t.branch).length;
      expect(lane("branches", "branches").marks.length).toBe(fired);
    });

    it("draws each expectation's window from its start to its deadline, then to its late bound", () => {
      for (const e of compiled.expectations) {
        const w = c.windows.find((x) => x.id === e.id)!;
        expect(w.label).toBe(tr(e.source.title));
        if (e.deadline !== undefined && w.anchored) expect(w.due! - w.from).toBe(e.deadline);
        if (e.lateUntil !== undefined && w.anchored) expect(w.late! - w.from).toBe(e.lateUntil);
        if ("at" in e.start) expect(w.from).toBe(e.start.at);
      }
    });

    it("labels lanes and marks with the scenario's words, not ids", () => {
      for (const l of c.lanes) for (const m of l.marks) expect(m.label).not.toBe(m.id);
      for (const role of r.scenario.roles) expect(lane("role", role.id).label).toBe(tr(role.name));
    });
  });
}

/**
 * The time axis fits its drawing: every tick label's box (centred on its
 * tick, at the axis font) lies inside the drawing's width, the last one
 * included (« T+02:00 » at the very end of a 2 h scenario was cut at the
 * right edge in the studio), and no tick is drawn past the scenario's end.
 * For the studio's layout and the `graph --html` page's, over durations
 * from a quarter hour to three days.
 */
describe("the chronogramme's time axis", () => {
  const layouts = { studio: [190, 780], page: [130, 1100] } as const;
  const durations = [900, 3600, 2 * 3600, 2.5 * 3600, 3 * 3600, 3 * 3600 + 60, 8 * 3600, 24 * 3600, 72 * 3600, 80 * 3600];
  for (const [name, [left, span]] of Object.entries(layouts)) {
    it(`every label fits inside the ${name} drawing, the last one included`, () => {
      for (const duration of durations) {
        const axis = chronoAxis(duration, left, span);
        expect(axis.ticks.length, `${duration}`).toBeGreaterThan(1);
        for (const k of axis.ticks) {
          expect(k.at).toBeLessThanOrEqual(duration);
          expect(k.box.from, `${k.label} of ${duration}`).toBeGreaterThanOrEqual(0);
          expect(k.box.to, `${k.label} of ${duration}`).toBeLessThanOrEqual(axis.width);
          expect(k.box.to - k.box.from).toBe(labelWidth(k.label));
        }
        // Labels do not overlap one another.
        axis.ticks.slice(1).forEach((k, i) => expect(k.box.from, `${k.label} of ${duration}`).toBeGreaterThan(axis.ticks[i]!.box.to));
      }
    });
  }

  it("a 2 h scenario ends on « T+02:00 », on the span's end, and the drawing leaves it room", () => {
    const axis = chronoAxis(2 * 3600, 190, 780);
    const last = axis.ticks.at(-1)!;
    expect(last).toMatchObject({ at: 7200, label: "T+02:00", x: 970 });
    expect(axis.width).toBeGreaterThanOrEqual(last.box.to);
    expect(last.box.to - 970).toBeGreaterThan(20); // wider than the 20 px the studio left before
  });
});
