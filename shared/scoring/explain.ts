import type { CompiledScenario } from "../engine/compiled.js";
import type { EngineState } from "../engine/types.js";
import { tr, type Text } from "../scenario/text.js";
import { joinLabels } from "./names.js";
import { formatClock } from "../scenario/time.js";
import type { Cause, Consequence } from "./causes.js";
import type { Bilingual, IndicatorResult } from "./kit.js";
import { LEVEL_LABELS } from "./levels.js";
import { say } from "./texts.js";
import { perLang } from "../i18n/bilingual.js";
import type { CompetencyScore, ExpectationItem, ItemOutcome } from "./score.js";

/**
 * Scores in words, for people: every piece of evidence as "14:02 — Emma
 * (Analyste) — Rédiger un SITREP", every consequence as "Confiance : 60 → 30",
 * every branch outcome by its label, every item with its rule and outcome in
 * the reader's language. No id of the log or the scenario reaches a reader
 * (the debrief, the console, the evaluator workspace, the reports all use
 * these). `name` resolves a player id to the name to show (pseudonyms in
 * exports).
 */

export interface Speaker { name(player: string): string; time?(seconds: number): string }

const map = perLang;
const label = (t: Text | undefined): Bilingual => map((l) => tr(t, l));

/** "14:02" on the scenario's clock (day shown from the second day on: "J+1 08:00"). */
export function clockTime(compiled: CompiledScenario, seconds: number): string {
  const c = formatClock(seconds, compiled.clockStart);
  return c.startsWith("J+0 ") ? c.slice(4) : c;
}

/** One piece of evidence — an action or a delivery — in words. */
export function evidenceLine(compiled: CompiledScenario, state: EngineState, id: string, who: Speaker): Bilingual {
  const time = (s: number) => who.time?.(s) ?? clockTime(compiled, s);
  const a = state.actions.find((x) => x.id === id);
  if (a) {
    const at = a.approvedBy?.at ?? a.at;
    const line = { time: time(at), name: who.name(a.player), role: label(compiled.roles.get(a.role)?.name), action: label(compiled.actions.get(a.action)?.source.name) };
    return a.approvedBy && a.approvedBy.player !== a.player ? say("explain.approvedAction", { ...line, approver: who.name(a.approvedBy.player) }) : say("explain.action", line);
  }
  const d = state.deliveries.find((x) => x.id === id);
  if (d) {
    const subject = d.improvised ? d.improvised.subject : label(d.inject ? compiled.injects.get(d.inject)?.subject : undefined);
    return say("explain.delivery", { time: time(d.at), subject, persona: label(compiled.personas.get(d.from)?.name), channel: label(compiled.channels.get(d.channel)?.name) });
  }
  return say("none");
}

/** The label of a branch outcome: its `label`, else the trigger's description. */
export function outcomeLabel(compiled: CompiledScenario, trigger: string): Bilingual {
  const t = compiled.scenario.triggers.find((x) => x.id === trigger);
  const text: Text | undefined = t?.branch?.label ?? t?.description;
  const fallback = say("explain.outcomeFallback");
  return map((l) => tr(text, l) || fallback[l]);
}

/** What followed, in a few words. */
export function consequenceLine(compiled: CompiledScenario, c: Consequence): Bilingual {
  switch (c.kind) {
    case "branch": return say("explain.fx.branch", { outcome: outcomeLabel(compiled, c.trigger) });
    case "gauge": return say("explain.fx.gauge", { gauge: label(compiled.gauges.get(c.gauge)?.name), from: c.from, to: c.to });
    case "inject": return say("explain.fx.inject", { subject: label(compiled.injects.get(c.inject)?.subject) });
    case "cancelled": return say("explain.fx.cancelled", { subject: label(compiled.injects.get(c.inject)?.subject) });
    case "phase": return say("explain.fx.phase", { phase: label(compiled.phases.get(c.phase)?.source.name) });
    case "end": return say("explain.fx.end");
  }
}

export interface CauseLine { text: Bilingual; consequences: Bilingual[]; notes: Bilingual[] }

/** A cause: the action that worked against the item (who, when) or the absence and when it told. */
export function causeLine(compiled: CompiledScenario, state: EngineState, cause: Cause, who: Speaker): CauseLine {
  const text = cause.kind === "against" && cause.action
    ? say("explain.against", { evidence: evidenceLine(compiled, state, cause.action, who) })
    : say("explain.absence", { time: who.time?.(cause.at) ?? clockTime(compiled, cause.at) });
  const seen = new Set<string>();
  const consequences = cause.consequences.map((c) => consequenceLine(compiled, c)).filter((x) => (seen.has(x.fr) ? false : (seen.add(x.fr), true)));
  return { text, consequences, notes: cause.notes.map((n) => map((l) => tr(n, l))) };
}

const OUTCOME_THEY: Partial<Record<ItemOutcome, Bilingual>> = { against: say("explain.status.againstThey") };
const OUTCOME: Record<ItemOutcome | "pending" | "upcoming", Bilingual> = {
  met: say("explain.status.met"), late: say("explain.status.late"), missed: say("explain.status.missed"),
  partial: say("explain.status.partial"), against: say("explain.status.against"),
  pending: say("explain.status.pending"), upcoming: say("explain.status.upcoming"),
};

export interface ItemLine {
  kind: "expectation" | "indicator";
  title: Bilingual;
  /** How it counts, in words ("tenue", "à venir", "2 h 05 — niveau 1"…); `status` is for styling only. */
  outcome: Bilingual;
  status: ItemOutcome | "pending" | "upcoming" | "measured" | "not_applicable";
  level: number | null; critical: boolean;
  /** Own items: "vos actions" / "validation"; cell items: "la cellule". */
  basis: Bilingual;
  evidence: Bilingual[];
  causes: CauseLine[];
  notes: Bilingual[];
  legal?: Bilingual;
}

/** Who reads: the student themselves ("vos actions") or the staff about them ("ses actions"). */
export type Voice = "you" | "they";
const BASIS = {
  you: { cell: say("explain.basis.cell"), own: say("explain.basis.own"), validation: say("explain.basis.validation") },
  they: { cell: say("explain.basis.cell"), own: say("explain.basis.ownThey"), validation: say("explain.basis.validation") },
};

export function expectationLine(compiled: CompiledScenario, state: EngineState, e: ExpectationItem, who: Speaker, maxEvidence = 6, voice: Voice = "you"): ItemLine {
  const status = e.outcome ?? (e.startedAt === undefined ? "upcoming" : "pending");
  const word = (voice === "they" && status in OUTCOME_THEY ? OUTCOME_THEY[status as ItemOutcome] : undefined) ?? OUTCOME[status];
  const share = e.fraction !== undefined ? say("pct", { p: Math.round(e.fraction * 100) }) : undefined;
  const key = share ? (e.level === null ? "explain.outcomeShare" : "explain.outcomeShareLevel") : e.level === null ? "explain.outcome" : "explain.outcomeLevel";
  const missedNote = e.note && (e.outcome === "missed" || e.outcome === "against" || e.outcome === "partial" || e.outcome === "late") ? [map((l) => tr(e.note, l))] : [];
  return {
    kind: "expectation", title: map((l) => tr(e.title, l)), status, level: e.level, critical: e.caps,
    outcome: say(key, { status: word, ...(share ? { pct: share } : {}), ...(e.level === null ? {} : { level: e.level }) }),
    basis: BASIS[voice][e.basis],
    evidence: e.evidence.slice(0, maxEvidence).map((id) => evidenceLine(compiled, state, id, who)),
    causes: (e.causes ?? []).map((c) => causeLine(compiled, state, c, who)),
    notes: missedNote,
    ...(e.legal ? { legal: map((l) => tr(e.legal, l)) } : {}),
  };
}

export function indicatorLine(compiled: CompiledScenario, state: EngineState, i: IndicatorResult, who: Speaker, own: boolean, maxEvidence = 4, voice: Voice = "you"): ItemLine {
  const status = i.pending ? "pending" : i.level === null ? "not_applicable" : "measured";
  return {
    kind: "indicator", title: i.label, status, level: i.level, critical: i.critical,
    outcome: i.level === null ? i.explanation : say("explain.indicatorLevel", { explanation: i.explanation, level: i.level, label: map((l) => LEVEL_LABELS[l][i.level!]) }),
    basis: own ? BASIS[voice].own : BASIS[voice].cell,
    evidence: i.evidence.slice(0, maxEvidence).map((id) => evidenceLine(compiled, state, id, who)),
    causes: (i.causes ?? []).map((c) => causeLine(compiled, state, c, who)),
    notes: [],
  };
}

export interface CompetencyLines {
  competency: string;
  level: number | null; label: Bilingual | null; noEvidence: boolean; capped: boolean;
  /** The means in words: "attentes 2,3/3 · indicateurs 1,5/3", and the cap if any. */
  how: Bilingual;
  items: ItemLine[];
}

const mean = (m: number | null): Bilingual => (m === null ? say("none") : say("explain.mean", { mean: Math.round(m * 10) / 10 }));

/** A competency of one scope in words: level, how it came about, each item. */
export function competencyLines(compiled: CompiledScenario, state: EngineState, c: CompetencyScore, who: Speaker, own: boolean, voice: Voice = "you"): CompetencyLines {
  const capTitles = c.cappedBy.map((id) => c.expectations.find((e) => e.id === id)?.title ?? c.indicators.find((i) => i.id === id)?.label);
  return {
    competency: c.competency, level: c.level, label: c.label, noEvidence: c.noEvidence, capped: c.capped,
    how: c.noEvidence ? say(voice === "they" ? "explain.noEvidenceThey" : "explain.noEvidence")
      : say(c.capped ? "explain.meansCapped" : "explain.means", {
        expectations: mean(c.expectationMean), indicators: mean(c.indicatorMean),
        titles: joinLabels(capTitles.map((t) => say("quote", { text: label(t as Text | undefined) }))),
      }),
    items: [
      ...c.expectations.map((e) => expectationLine(compiled, state, e, who, 6, voice)),
      ...c.indicators.map((i) => indicatorLine(compiled, state, i, who, own, 4, voice)),
    ],
  };
}
