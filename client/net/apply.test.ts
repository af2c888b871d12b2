import { describe, expect, it } from "vitest";
import type { CellView, DeliveryView } from "../../shared/engine/view.js";
import type { ActionRecord } from "../../shared/engine/types.js";
import { applyUpdates, displayTime } from "./apply.js";

const base = (): CellView => ({
  scenario: "s", status: "lobby", time: 0, speed: 10, duration: 7200, clockStart: 28800,
  phase: { id: "p1", name: "Détection" },
  gauges: [{ id: "trust", name: "Confiance", value: 60, min: 0, max: 100, thresholds: [] }],
  deliveries: [], actions: [], players: [], deadlines: [], countdowns: [],
  pacing: { tempo: 10, factor: 1, manual: false, closings: [{ kind: "end", at: 7200 }] },
});
const delivery = (id: string): DeliveryView => ({ id, at: 0, channel: "mail", channelKind: "mail", from: "soc", fromName: "SOC", to: ["r"], subject: "S", body: "B",
  attachments: [], severity: "info", reply: false, public: false });
const action = (id: string, status: ActionRecord["status"]): ActionRecord => ({ id, seq: 1, at: 0, player: "p", role: "r", action: "decision", kind: "decision", params: {}, status });

describe("applyUpdates", () => {
  it("applies each kind of update and reports what changed", () => {
    const v = base();
    const changed = applyUpdates(v, [
      { type: "status", status: "running", at: 0 }, { type: "clock", time: 600, speed: 20 },
      { type: "gauge", gauge: "trust", value: 40, at: 600 }, { type: "delivery", delivery: delivery("d1") },
      { type: "phase", phase: "p2", name: "Gestion", at: 600 },
    ]);
    expect(v).toMatchObject({ status: "running", time: 600, speed: 20, phase: { id: "p2" } });
    expect(v.gauges[0].value).toBe(40);
    expect([...changed].sort()).toEqual(["clock", "deliveries", "gauges", "phase", "status"]);
  });

  it("stores a delivery once and replaces an action by its newer record", () => {
    const v = base();
    applyUpdates(v, [{ type: "delivery", delivery: delivery("d1") }, { type: "delivery", delivery: delivery("d1") }]);
    applyUpdates(v, [{ type: "action", action: action("a1", "proposed") }, { type: "action", action: action("a1", "done") }]);
    expect(v.deliveries).toHaveLength(1);
    expect(v.actions).toEqual([action("a1", "done")]);
  });

  it("merges what a call and a post show now into the deliveries received, and ignores one never received", () => {
    const v = base();
    applyUpdates(v, [{ type: "delivery", delivery: { ...delivery("d1"), call: { inject: "c", until: 60, answer: ["r"], lines: [], ongoing: true } } }]);
    const line = { by: "caller" as const, text: "Allô ?" };
    const changed = applyUpdates(v, [{ type: "live", deliveries: [{ id: "d1", body: "Allô ?", call: { inject: "c", until: 60, answer: ["r"], lines: [line] } }, { id: "dX", body: "x", shares: 9 }] }]);
    expect([...changed]).toEqual(["live"]);
    expect(v.deliveries).toHaveLength(1);
    expect(v.deliveries[0]).toMatchObject({ body: "Allô ?", call: { lines: [line] } });
    expect(v.deliveries[0].call?.ongoing).toBeUndefined();
    expect([...applyUpdates(v, [{ type: "live", deliveries: [{ id: "dX", body: "x", shares: 9 }] }])]).toEqual([]);
  });

  it("replaces the staff-only lists wholesale", () => {
    const v = base();
    const changed = applyUpdates(v, [
      { type: "pending", pending: [{ key: "t:x", inject: "x", at: 60, subject: "S", to: ["r"], channel: "mail" }] },
      { type: "expectations", expectations: [{ id: "e", competency: "C4.1", title: "T", status: "met", evidence: ["a1"], weight: 1, critical: false, roles: [] }] },
      { type: "expectation", expectation: "e", status: "late", at: 90 },
    ]);
    expect(v.pending).toHaveLength(1);
    expect(v.expectations![0]).toMatchObject({ status: "late", resolvedAt: 90 });
    expect([...changed].sort()).toEqual(["expectations", "pending"]);
  });

  it("marks the end", () => {
    const v = base();
    const changed = applyUpdates(v, [{ type: "end", at: 7200, reason: "duration" }]);
    expect(v.status).toBe("ended");
    expect(v.ended).toEqual({ at: 7200, reason: "duration" });
    expect(changed.has("end")).toBe(true);
  });
});

describe("displayTime", () => {
  it("interpolates only while running, at speed game seconds per real second, up to the duration", () => {
    expect(displayTime({ time: 600, speed: 10, status: "running", duration: 7200 }, 3000)).toBe(630);
    expect(displayTime({ time: 600, speed: 10, status: "paused", duration: 7200 }, 3000)).toBe(600);
    expect(displayTime({ time: 7190, speed: 10, status: "running", duration: 7200 }, 3000)).toBe(7200);
  });
});
