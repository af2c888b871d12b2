import type { Gauge } from "./schema.js";

/**
 * The side on which a gauge gets worse: its `worse`, else "high" when every
 * threshold is an `above`, else "low". Alone in its module (types only
 * imported) so the player's screen can colour gauges without loading the
 * replay machinery of `series.ts`, which re-exports it.
 */
export function gaugeWorse(g: Pick<Gauge, "worse" | "thresholds">): "low" | "high" {
  if (g.worse) return g.worse;
  return g.thresholds.length > 0 && g.thresholds.every((t) => t.above !== undefined) ? "high" : "low";
}
