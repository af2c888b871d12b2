import type { CompiledScenario } from "../engine/compiled.js";
import type { Lang } from "../scenario/text.js";
import { tr } from "../scenario/text.js";
import { formatGameTime } from "../scenario/time.js";
import { simTexts } from "./describe-texts.js";
import type { SimulationResult } from "./simulate.js";

/**
 * The chronogramme of a scenario as its author reads it: the game's time
 * across, one lane per role and one per channel with each inject where it
 * arrives, the triggers and branch points where they fire, and each
 * expectation's window (from its start to its deadline, then the late band).
 * Timed injects (`at`) sit at their time; the others arrive only through a
 * trigger, so their place comes from one simulated run (the "expected"
 * policy, a seed), marked as such. Pure: the studio draws it as you type.
 * Labels only (no id reaches a person); ids are kept for links to the file.
 */

export interface ChronoMark { at: number; kind: "inject" | "trigger" | "branch"; id: string; label: string; timed: boolean; severity?: string }
export interface ChronoLane { kind: "role" | "channel" | "triggers" | "branches"; id: string; label: string; marks: ChronoMark[] }
export interface ChronoWindow { id: string; label: string; competency: string; from: number; due?: number; late?: number; critical: boolean; anchored: boolean }
export interface Chronogram { duration: number; lanes: ChronoLane[]; windows: ChronoWindow[] }

export function chronogram(compiled: CompiledScenario, run: SimulationResult | undefined, lang: Lang = "fr"): Chronogram {
  const s = compiled.scenario;
  const t = (x: Parameters<typeof tr>[0]) => tr(x, lang);
  const timed = new Set(compiled.timeline.map((x) => x.inject));
  // Where each inject arrives: its `at`, else its first delivery in the run.
  const arrivals = new Map<string, { at: number; to: string[] }>();
  for (const x of compiled.timeline) arrivals.set(x.inject, { at: x.at, to: toRoles(compiled, x.inject) });
  for (const d of run?.deliveries ?? []) if (!arrivals.has(d.inject) && compiled.injects.has(d.inject)) arrivals.set(d.inject, { at: d.at, to: toRoles(compiled, d.inject) });

  const injectMark = (id: string, at: number): ChronoMark => {
    const inj = compiled.injects.get(id)!;
    return { at, kind: "inject", id, label: t(inj.subject), timed: timed.has(id), severity: inj.severity };
  };
  const lanes: ChronoLane[] = [];
  for (const role of s.roles) {
    const marks = [...arrivals].filter(([, a]) => a.to.includes(role.id)).map(([id, a]) => injectMark(id, a.at));
    lanes.push({ kind: "role", id: role.id, label: t(role.name), marks: byTime(marks) });
  }
  for (const ch of s.channels) {
    const marks = [...arrivals].filter(([id]) => compiled.injects.get(id)!.channel === ch.id).map(([id, a]) => injectMark(id, a.at));
    lanes.push({ kind: "channel", id: ch.id, label: t(ch.name), marks: byTime(marks) });
  }
  const triggerMarks: ChronoMark[] = [];
  const branchMarks: ChronoMark[] = [];
  for (const f of run?.triggers ?? []) {
    const tg = s.triggers.find((x) => x.id === f.trigger);
    if (!tg) continue;
    if (tg.branch) branchMarks.push({ at: f.at, kind: "branch", id: tg.id, label: tg.branch.label ? t(tg.branch.label) : t(tg.description ?? tg.branch.outcome), timed: false });
    else triggerMarks.push({ at: f.at, kind: "trigger", id: tg.id, label: tg.description ? t(tg.description) : describeEffects(compiled, tg.then, t, lang), timed: false });
  }
  lanes.push({ kind: "triggers", id: "triggers", label: simTexts.t(lang, "chrono.triggers"), marks: byTime(triggerMarks) });
  lanes.push({ kind: "branches", id: "branches", label: simTexts.t(lang, "chrono.branches"), marks: byTime(branchMarks) });

  const windows = compiled.expectations.map((e): ChronoWindow => {
    const start = "at" in e.start ? e.start.at : "inject" in e.start ? arrivals.get(e.start.inject)?.at : firstAction(run, e.start.action);
    const from = start ?? 0;
    return {
      id: e.id, label: t(e.source.title), competency: e.competency, from, critical: e.critical, anchored: start !== undefined,
      ...(e.deadline !== undefined ? { due: from + e.deadline } : {}), ...(e.lateUntil !== undefined ? { late: from + e.lateUntil } : {}),
    };
  });
  return { duration: compiled.duration, lanes, windows };
}

const byTime = (marks: ChronoMark[]) => marks.sort((a, b) => a.at - b.at);

function toRoles(compiled: CompiledScenario, inject: string): string[] {
  const to = compiled.injects.get(inject)!.to;
  return to === "all" ? [...compiled.roles.keys()] : to;
}

function firstAction(run: SimulationResult | undefined, action: string): number | undefined {
  return run?.state.actions.find((a) => a.action === action)?.at;
}

/** A trigger without a description: what it does, in words (the injects it sends by their subject). */
function describeEffects(compiled: CompiledScenario, then: CompiledScenario["scenario"]["triggers"][number]["then"], t: (x: Parameters<typeof tr>[0]) => string, lang: Lang): string {
  return then.map((e) => (e.inject && compiled.injects.has(e.inject) ? `→ ${t(compiled.injects.get(e.inject)!.subject)}` : e.phase ? `→ ${t(compiled.phases.get(e.phase)?.source.name ?? e.phase)}` : e.end ? simTexts.t(lang, "chrono.finex") : e.gauge ? `± ${t(compiled.gauges.get(e.gauge.id)?.name ?? e.gauge.id)}` : "…")).join(simTexts.t(lang, "effect.separator"));
}

/**
 * The time axis of a chronogramme drawing, laid out once for every drawing
 * of it (the studio, `graph --html`): a tick every quarter hour up to 3 h,
 * else every few hours (about 12 ticks), never past the end; each label
 * centred on its tick, with the box it takes at the axis font; and the
 * drawing's width, wide enough that the last label is not cut at the right
 * edge (« T+02:00 » on a 2 h scenario sits on the very end of the span).
 */
export interface AxisTick { at: number; x: number; label: string; box: { from: number; to: number } }
export interface ChronoAxis { ticks: AxisTick[]; x: (t: number) => number; width: number }

/** The axis labels' font size (px): the drawings' CSS says the same. */
export const AXIS_FONT = 11;

/**
 * A label's width at `font` px, on the safe side of system-ui and DejaVu
 * Sans (the fonts the studio and the page get on Linux, where a digit is
 * 0.64 em and « + » 0.84 em): 0.7 em a character, 0.4 em for « : . , ».
 */
export function labelWidth(text: string, font = AXIS_FONT): number {
  let em = 0;
  for (const ch of text) em += ":.,' ".includes(ch) ? 0.4 : ch === "+" ? 0.85 : 0.7;
  return em * font;
}

export function chronoAxis(duration: number, left: number, span: number, margin = 8): ChronoAxis {
  const end = Math.max(1, duration);
  const x = (t: number) => left + (Math.min(Math.max(t, 0), end) / end) * span;
  const hours = Math.ceil(end / 3600);
  const step = end <= 3 * 3600 ? 900 : 3600 * Math.max(1, Math.ceil(hours / 12));
  const ticks: AxisTick[] = [];
  for (let at = 0; at <= end; at += step) {
    const label = formatGameTime(at), half = labelWidth(label) / 2;
    ticks.push({ at, x: x(at), label, box: { from: x(at) - half, to: x(at) + half } });
  }
  const right = Math.max(left + span, ...ticks.map((k) => k.box.to));
  return { ticks, x, width: Math.ceil(right + margin) };
}
