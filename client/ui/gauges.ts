import type { GaugeView } from "../../shared/engine/view.js";
import { gaugeWorse } from "../../shared/scenario/worse.js";
import type { Text } from "../../shared/scenario/text.js";

/**
 * How bad a gauge reads, whichever way it worsens. The scenario says it
 * (`worse: low | high`, else inferred from the thresholds by `gaugeWorse`):
 * a threshold crossed gives its severity (an `info` one is good news); with
 * no threshold crossed, a gauge that has thresholds is fine, and one without
 * is judged by how far it sits towards its worse end. Colours follow this,
 * never the raw value: legal exposure at 95 is red, public trust at 95 green.
 */
export type GaugeSeverity = "good" | "ok" | "warning" | "critical";
export interface GaugeState { worse: "low" | "high"; severity: GaugeSeverity; band?: Text; share: number }

export function gaugeState(g: GaugeView & { worse?: "low" | "high" }): GaugeState {
  const worse = gaugeWorse({ worse: g.worse, thresholds: g.thresholds as Parameters<typeof gaugeWorse>[0]["thresholds"] });
  const share = Math.max(0, Math.min(1, (g.value - g.min) / ((g.max - g.min) || 1)));
  const hit = g.thresholds.filter((th) => (th.below !== undefined && g.value < th.below) || (th.above !== undefined && g.value > th.above));
  const worst = hit.find((x) => x.severity === "critical") ?? hit.find((x) => x.severity === "warning") ?? hit[0];
  if (worst) return { worse, share, band: worst.label, severity: worst.severity === "critical" ? "critical" : worst.severity === "warning" ? "warning" : "good" };
  if (g.thresholds.length > 0) return { worse, share, severity: "ok" };
  const badness = worse === "high" ? share : 1 - share;
  return { worse, share, severity: badness >= 0.8 ? "critical" : badness >= 0.6 ? "warning" : "ok" };
}
