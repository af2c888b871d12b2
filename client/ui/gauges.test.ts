import { describe, expect, it } from "vitest";
import type { GaugeView } from "../../shared/engine/view.js";
import { gaugeState } from "./gauges.js";

const g = (value: number, thresholds: GaugeView["thresholds"], worse?: "low" | "high"): GaugeView & { worse?: "low" | "high" } =>
  ({ id: "x", name: "X", value, min: 0, max: 100, thresholds, ...(worse ? { worse } : {}) });
const legal = [{ id: "exposed", above: 50, label: "Exposition élevée", severity: "warning" }, { id: "sanction", above: 75, label: "Risque de sanction", severity: "critical" }];
const trust = [{ id: "distrust", below: 40, label: "Défiance", severity: "warning" }, { id: "trusted", above: 70, label: "Confiance consolidée", severity: "info" }];

describe("gaugeState", () => {
  it("reads a higher-is-worse gauge as critical at 95 and fine at 20", () => {
    expect(gaugeState(g(95, legal, "high"))).toMatchObject({ worse: "high", severity: "critical", band: "Risque de sanction" });
    expect(gaugeState(g(20, legal))).toMatchObject({ worse: "high", severity: "ok" });
  });
  it("reads a lower-is-worse gauge as good at 95 (an info threshold) and warning at 30", () => {
    expect(gaugeState(g(95, trust))).toMatchObject({ worse: "low", severity: "good" });
    expect(gaugeState(g(30, trust))).toMatchObject({ worse: "low", severity: "warning", band: "Défiance" });
  });
  it("judges a gauge without thresholds by its direction", () => {
    expect(gaugeState(g(90, [], "high")).severity).toBe("critical");
    expect(gaugeState(g(90, [], "low")).severity).toBe("ok");
    expect(gaugeState(g(10, [], "low")).severity).toBe("critical");
  });
});
