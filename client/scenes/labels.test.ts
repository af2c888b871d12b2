import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { overlaps, placeLabels, type Site } from "./labels.js";

const area = { x: 0, y: 0, w: 460, h: 260 };
const opts = {
  clusterPx: 14, dot: 5,
  more: (names: string[]) => (names.length === 1 ? `+ ${names[0]}` : `+ ${names.length} lieux`),
  measure: (lines: string[]) => ({ w: 7 * Math.max(...lines.map((l) => l.length)) + 6, h: 15 * lines.length + 2 }),
};

describe("placeLabels", () => {
  it("keeps every place, and no two labels overlap, however the places crowd", () => {
    const site = fc.record({ x: fc.integer({ min: 0, max: 460 }), y: fc.integer({ min: 0, max: 260 }),
      name: fc.string({ minLength: 1, maxLength: 30 }), priority: fc.integer({ min: 0, max: 5 }) });
    fc.assert(fc.property(fc.array(site, { minLength: 1, maxLength: 20 }), (raw) => {
      const sites: Site[] = raw.map((s, i) => ({ ...s, id: `p${i}` }));
      const labels = placeLabels(sites, area, opts);
      expect(labels.flatMap((l) => l.ids).sort()).toEqual(sites.map((s) => s.id).sort());
      for (const [i, a] of labels.entries()) for (const b of labels.slice(i + 1)) expect(overlaps(a.box, b.box)).toBe(false);
    }), { numRuns: 300 });
  });

  it("labels places that have room one by one, and clusters the ones piled on each other", () => {
    const sites: Site[] = [
      { id: "lyon", x: 100, y: 150, name: "Lyon", priority: 2 }, { id: "dakar", x: 380, y: 220, name: "Dakar", priority: 1 },
      { id: "brussels", x: 200, y: 60, name: "Bruxelles", priority: 1 }, { id: "vilvoorde", x: 203, y: 57, name: "Vilvoorde", priority: 0 },
    ];
    const labels = placeLabels(sites, area, opts);
    expect(labels.map((l) => l.lines[0]).sort()).toEqual(["Bruxelles", "Dakar", "Lyon"]);
    expect(labels.find((l) => l.lines[0] === "Bruxelles")!.lines[1]).toBe("+ Vilvoorde");
  });
});
