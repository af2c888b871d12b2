import type { CompiledScenario } from "../engine/compiled.js";
import type { EngineState } from "../engine/types.js";
import { tr, type Lang, type Text } from "../scenario/text.js";
import { formatClock } from "../scenario/time.js";
import type { Cause, Consequence } from "./causes.js";
import type { Bilingual, IndicatorResult } from "./kit.js";
import { LEVEL_LABELS } from "./levels.js";
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

const bi = (fr: string, en: string): Bilingual => ({ fr, en });
const map = (f: (lang: Lang) => string): Bilingual => ({ fr: f("fr"), en: f("en") });

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
    return map((l) => `${time(at)} — ${who.name(a.player)} (${tr(compiled.roles.get(a.role)?.name, l)}) — ${tr(compiled.actions.get(a.action)?.source.name, l)}`
      + (a.approvedBy && a.approvedBy.player !== a.player ? (l === "fr" ? `, validé par ${who.name(a.approvedBy.player)}` : `, approved by ${who.name(a.approvedBy.player)}`) : ""));
  }
  const d = state.deliveries.find((x) => x.id === id);
  if (d) {
    return map((l) => {
      const subject = d.improvised?.subject ?? tr(d.inject ? compiled.injects.get(d.inject)?.subject : undefined, l);
      return `${time(d.at)} — « ${subject} » — ${tr(compiled.personas.get(d.from)?.name, l)} (${tr(compiled.channels.get(d.channel)?.name, l)})`;
    });
  }
  return bi("—", "—");
}

/** The label of a branch outcome: its `label`, else the trigger's description. */
export function outcomeLabel(compiled: CompiledScenario, trigger: string): Bilingual {
  const t = compiled.scenario.triggers.find((x) => x.id === trigger);
  const text: Text | undefined = t?.branch?.label ?? t?.description;
  return map((l) => tr(text, l) || (l === "fr" ? "issue de l'embranchement" : "branch outcome"));
}

/** What followed, in a few words. */
export function consequenceLine(compiled: CompiledScenario, c: Consequence): Bilingual {
  switch (c.kind) {
    case "branch": return map((l) => `${l === "fr" ? "Embranchement : " : "Branch: "}${outcomeLabel(compiled, c.trigger)[l]}`);
    case "gauge": return map((l) => `${tr(compiled.gauges.get(c.gauge)?.name, l)}${l === "fr" ? " : " : ": "}${c.from} → ${c.to}`);
    case "inject": return map((l) => `${l === "fr" ? "Inject déclenché : " : "Inject triggered: "}« ${tr(compiled.injects.get(c.inject)?.subject, l)} »`);
    case "cancelled": return map((l) => `${l === "fr" ? "Inject annulé : " : "Inject cancelled: "}« ${tr(compiled.injects.get(c.inject)?.subject, l)} »`);
    case "phase": return map((l) => `${l === "fr" ? "Phase : " : "Phase: "}${tr(compiled.phases.get(c.phase)?.source.name, l)}`);
    case "end": return bi("Fin de l'exercice", "End of the exercise");
  }
}

export interface CauseLine { text: Bilingual; consequences: Bilingual[]; notes: Bilingual[] }

/** A cause: the action that worked against the item (who, when) or the absence and when it told. */
export function causeLine(compiled: CompiledScenario, state: EngineState, cause: Cause, who: Speaker): CauseLine {
  const text = cause.kind === "against" && cause.action
    ? map((l) => `${l === "fr" ? "A joué contre" : "Worked against it"}${l === "fr" ? " : " : ": "}${evidenceLine(compiled, state, cause.action!, who)[l]}`)
    : map((l) => `${(who.time?.(cause.at) ?? clockTime(compiled, cause.at))} — ${l === "fr" ? "faute de l'action attendue" : "for want of the expected action"}`);
  const seen = new Set<string>();
  const consequences = cause.consequences.map((c) => consequenceLine(compiled, c)).filter((x) => (seen.has(x.fr) ? false : (seen.add(x.fr), true)));
  return { text, consequences, notes: cause.notes.map((n) => map((l) => tr(n, l))) };
}

const OUTCOME_THEY: Partial<Record<ItemOutcome, Bilingual>> = { against: bi("contrariée par ses actions", "worked against by their actions") };
const OUTCOME: Record<ItemOutcome | "pending" | "upcoming", Bilingual> = {
  met: bi("tenue", "met"), late: bi("tenue en retard", "met late"), missed: bi("manquée", "missed"),
  partial: bi("tenue en partie", "partly met"), against: bi("contrariée par vos actions", "worked against by your actions"),
  pending: bi("en cours", "open"), upcoming: bi("à venir", "not yet due"),
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
  you: { cell: bi("la cellule", "the cell"), own: bi("vos actions", "your actions"), validation: bi("validation (approbation)", "validation (approval)") },
  they: { cell: bi("la cellule", "the cell"), own: bi("ses propres actions", "their own actions"), validation: bi("validation (approbation)", "validation (approval)") },
};

export function expectationLine(compiled: CompiledScenario, state: EngineState, e: ExpectationItem, who: Speaker, maxEvidence = 6, voice: Voice = "you"): ItemLine {
  const status = e.outcome ?? (e.startedAt === undefined ? "upcoming" : "pending");
  const lvl = e.level === null ? "" : ` — ${e.level.toLocaleString("fr-FR")}/3`;
  const frac = e.fraction !== undefined ? ` (${Math.round(e.fraction * 100)} %)` : "";
  const missedNote = e.note && (e.outcome === "missed" || e.outcome === "against" || e.outcome === "partial" || e.outcome === "late") ? [map((l) => tr(e.note, l))] : [];
  return {
    kind: "expectation", title: map((l) => tr(e.title, l)), status, level: e.level, critical: e.caps,
    outcome: map((l) => `${((voice === "they" && status in OUTCOME_THEY ? OUTCOME_THEY[status as ItemOutcome] : undefined) ?? OUTCOME[status])[l]}${frac}${l === "fr" ? lvl : lvl.replace(",", ".")}`),
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
    outcome: map((l) => `${i.explanation[l]}${i.level === null ? "" : ` — ${l === "fr" ? "niveau" : "level"} ${i.level} (${LEVEL_LABELS[l][i.level]})`}`),
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

const mean = (m: number | null, l: Lang) => (m === null ? "—" : `${(Math.round(m * 10) / 10).toLocaleString(l === "fr" ? "fr-FR" : "en-GB")}/3`);

/** A competency of one scope in words: level, how it came about, each item. */
export function competencyLines(compiled: CompiledScenario, state: EngineState, c: CompetencyScore, who: Speaker, own: boolean, voice: Voice = "you"): CompetencyLines {
  const capTitles = c.cappedBy.map((id) => c.expectations.find((e) => e.id === id)?.title ?? c.indicators.find((i) => i.id === id)?.label);
  return {
    competency: c.competency, level: c.level, label: c.label, noEvidence: c.noEvidence, capped: c.capped,
    how: map((l) => {
      if (c.noEvidence) {
        if (voice === "they") return l === "fr" ? "Non évalué — aucune preuve : aucune de ses actions ne porte sur cette compétence." : "Not assessed — no evidence: none of their actions bears on this competency.";
        return l === "fr" ? "Non évalué — aucune preuve : aucune de vos actions ne porte sur cette compétence." : "Not assessed — no evidence: none of your actions bears on this competency.";
      }
      const parts = [`${l === "fr" ? "attentes" : "expectations"} ${mean(c.expectationMean, l)}`, `${l === "fr" ? "indicateurs" : "indicators"} ${mean(c.indicatorMean, l)}`];
      const cap = c.capped ? ` ; ${l === "fr" ? "plafonné par" : "capped by"} ${capTitles.map((t) => `« ${tr(t as Text | undefined, l)} »`).join(", ")}` : "";
      return `${parts.join(" · ")}${cap}`;
    }),
    items: [
      ...c.expectations.map((e) => expectationLine(compiled, state, e, who, 6, voice)),
      ...c.indicators.map((i) => indicatorLine(compiled, state, i, who, own, 4, voice)),
    ],
  };
}
