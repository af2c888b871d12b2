import type { CompiledScenario } from "../engine/compiled.js";
import { applyEntry, createState } from "../engine/engine.js";
import type { LogEntry, LogPayload } from "../engine/log.js";
import type { ActionRecord, Effect, EngineState } from "../engine/types.js";
import { SHARED_KINDS } from "../engine/view.js";
import { tr, type Text } from "../scenario/text.js";
import { outcomeLabel } from "../scoring/explain.js";
import { gaugeWorse } from "../scenario/worse.js";

/**
 * The crisis over time, as data for a chart: every gauge as a step curve over
 * game time (with its thresholds as bands and the direction in which things
 * get worse), and the markers on the same axis — injects delivered, the
 * cell's decisions, statements, notifications and SITREPs, branch outcomes
 * (by their label) and phase changes. Built while folding the log once; each
 * marker keeps the log position that made it, so a click can seek a replay
 * there. `seriesFor(series, roles)` cuts what a player may see: visible
 * gauges, deliveries addressed to their roles, the cell's shared outputs and
 * their own (in the debrief: branch outcomes by their label, as the debrief's
 * causes already cite them).
 */

export type MarkerKind = "inject" | "decision" | "statement" | "notification" | "sitrep" | "branch" | "phase";
export interface SeriesMarker {
  kind: MarkerKind; at: number; position: number; label: { fr: string; en: string }; severity?: string;
  /** The roles that may see it (a delivery's recipients, a private output's author); absent: the whole cell. */
  audience?: string[];
}
export interface GaugeSeries {
  id: string; name: Text; min: number; max: number; visible: boolean;
  /** The side on which the situation is worse: the chart draws danger there. */
  worse: "low" | "high";
  bands: { from: number; to: number; label: Text; severity: string }[];
  /** Step curve: the value from `at` on. The first point is T+0. */
  points: { at: number; value: number }[];
}
export interface CrisisSeries { duration: number; clockStart: number; end?: number; gauges: GaugeSeries[]; markers: SeriesMarker[] }

export { gaugeWorse } from "../scenario/worse.js";

const ACTION_MARKERS: Partial<Record<ActionRecord["kind"], MarkerKind>> = { decision: "decision", statement: "statement", notification: "notification", sitrep: "sitrep" };
const both = (t: Text | undefined): { fr: string; en: string } => ({ fr: tr(t, "fr"), en: tr(t, "en") });

export class SeriesBuilder {
  private readonly gauges: GaugeSeries[];
  private readonly markers: SeriesMarker[] = [];
  private end?: number;

  constructor(private readonly compiled: CompiledScenario) {
    const s = compiled.scenario;
    this.gauges = s.gauges.map((g) => ({
      id: g.id, name: g.name, min: g.min, max: g.max, visible: g.visible, worse: gaugeWorse(g),
      bands: g.thresholds.map((t) => ({ from: t.below !== undefined ? g.min : t.above!, to: t.below !== undefined ? t.below : g.max, label: t.label, severity: t.severity })),
      points: [{ at: 0, value: g.initial }],
    }));
  }

  /** Take the effects of the entry that brought the fold to `position`. */
  add(effects: readonly Effect[], position: number): void {
    for (const fx of effects) {
      switch (fx.type) {
        case "gauge": {
          const g = this.gauges.find((x) => x.id === fx.gauge);
          if (!g) break;
          const last = g.points[g.points.length - 1];
          if (last.at === fx.at) last.value = fx.to; else g.points.push({ at: fx.at, value: fx.to });
          break;
        }
        case "delivery": {
          const d = fx.delivery;
          const subject = d.improvised ? { fr: d.improvised.subject, en: d.improvised.subject } : both(d.inject ? this.compiled.injects.get(d.inject)?.subject : undefined);
          this.markers.push({ kind: "inject", at: d.at, position, label: subject, severity: d.severity, audience: [...new Set([...d.recipients, ...d.to])] });
          break;
        }
        case "action": case "approval": {
          const a = fx.action;
          const kind = ACTION_MARKERS[a.kind];
          if (!kind || a.status !== "done") break;
          this.markers.push({ kind, at: a.approvedBy?.at ?? a.at, position, label: both(this.compiled.actions.get(a.action)?.source.name),
            ...(SHARED_KINDS.has(a.kind) ? {} : { audience: [a.role] }) });
          break;
        }
        case "trigger":
          if (fx.branch) this.markers.push({ kind: "branch", at: fx.at, position, label: outcomeLabel(this.compiled, fx.trigger) });
          break;
        case "phase":
          this.markers.push({ kind: "phase", at: fx.at, position, label: both(this.compiled.phases.get(fx.to)?.source.name) });
          break;
        case "end": this.end = fx.at; break;
        default: break;
      }
    }
  }

  result(): CrisisSeries {
    return { duration: this.compiled.duration, clockStart: this.compiled.clockStart, ...(this.end !== undefined ? { end: this.end } : {}), gauges: this.gauges, markers: this.markers };
  }
}

/** Fold a log and return its whole series (staff's). */
export function crisisSeries(compiled: CompiledScenario, log: readonly (LogPayload | LogEntry)[]): { series: CrisisSeries; state: EngineState } {
  const b = new SeriesBuilder(compiled);
  const state = createState(compiled);
  log.forEach((e, i) => b.add(applyEntry(compiled, state, e), i + 1));
  return { series: b.result(), state };
}

/** What the holder of `roles` may see of a series: visible gauges, the markers of their view. */
export function seriesFor(series: CrisisSeries, roles: readonly string[]): CrisisSeries {
  return {
    ...series,
    gauges: series.gauges.filter((g) => g.visible),
    markers: series.markers.filter((m) => !m.audience || m.audience.some((r) => roles.includes(r))).map(({ audience: _, ...m }) => m),
  };
}
