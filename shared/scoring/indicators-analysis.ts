import { BUILTIN_ACTIONS } from "../scenario/builtins.js";
import { delayStart, expectationOutcome, filled, values, type Facts } from "./facts.js";
import { delay, notApplicable, pct, pending, scored, type IndicatorDef } from "./kit.js";
import { joinLabels, optionLabel } from "./names.js";
import { say } from "./texts.js";

/**
 * C4.1 — analyse and map the crisis: first qualified assessment, stakeholder
 * map, impact levels, legal tools, anticipation. Read generically from the
 * kinds and parameters of the built-in actions (sitrep, stakeholder,
 * hypothesis), the scenario actions its rubric adds, and its reference data.
 */

const SITREP_FORM = BUILTIN_ACTIONS.find((a) => a.id === "sitrep")!.params;

const sitrepDelay: IndicatorDef = {
  id: "sitrep_delay",
  label: say("ind.sitrep_delay.label"),
  measure(f) {
    const from = delayStart(f, f.rules.indicators.sitrep_delay.from, f.crisisStart);
    if (!from) return pending(f, this, [], say("ind.notStarted"));
    // A scenario action the rubric adds counts as an assessment; a SITREP needs its severity.
    const first = f.counted("sitrep_delay").find((a) => a.kind !== "sitrep" || filled(a.params.severity));
    return delay(f, this, from, first && { id: first.id, at: f.at(first) }, {
      done: (delay) => say("ind.sitrep_delay.done", { delay }), missing: say("ind.sitrep_delay.missing"), waiting: say("ind.sitrep_delay.waiting"),
    });
  },
};

const stakeholdersMapped: IndicatorDef = {
  id: "stakeholders_mapped",
  label: say("ind.stakeholders_mapped.label"),
  measure(f) {
    const reference = new Set(f.compiled.scenario.stakeholders);
    if (reference.size === 0) return notApplicable(f, this, say("ind.stakeholders_mapped.none"));
    const mapped = new Map<string, boolean>(); // actor → influence qualified
    const evidence: string[] = [];
    for (const a of f.counted("stakeholders_mapped")) {
      const actor = values(a.params.actor)[0];
      if (actor === undefined || !reference.has(actor)) continue;
      evidence.push(a.id);
      mapped.set(actor, (mapped.get(actor) ?? false) || filled(a.params.influence));
    }
    const share = mapped.size / reference.size;
    const qualified = [...mapped.values()].every(Boolean);
    const unqualified = qualified ? "" : say("ind.stakeholders_mapped.unqualified");
    return scored(f, this, share, evidence, say("ind.stakeholders_mapped.done", { count: mapped.size, total: reference.size, pct: pct(share), unqualified }), qualified ? undefined : 2);
  },
};

const impactLevels: IndicatorDef = {
  id: "impact_levels",
  label: say("ind.impact_levels.label"),
  measure(f) {
    const seen = new Set<string>();
    const evidence: string[] = [];
    for (const a of f.counted("impact_levels")) {
      const fresh = values(a.params.impacts).filter((v) => !seen.has(v));
      if (fresh.length === 0) continue;
      fresh.forEach((v) => seen.add(v));
      evidence.push(a.id);
    }
    const list = joinLabels([...seen].sort().map((v) => optionLabel(SITREP_FORM, "impacts", v)));
    return scored(f, this, seen.size, evidence, seen.size ? say("ind.impact_levels.done", { list }) : say("ind.impact_levels.missing"));
  },
};

/** Actions that name a legal basis in writing (a SITREP's `legal`, a notification's `form`…). */
export function legalMentions(f: Facts): string[] {
  return f.done.filter((a) => f.rules.legalParams.some((p) => filled(a.params[p]))).map((a) => a.id);
}

const legalTools: IndicatorDef = {
  id: "legal_tools",
  label: say("ind.legal_tools.label"),
  measure(f) {
    // The legal tools a scenario requires are its expectations that carry a legal basis.
    const { met, late } = f.rules.expectationLevels;
    let total = 0, got = 0;
    const evidence: string[] = [];
    for (const e of f.compiled.expectations) {
      if (!e.source.legal) continue;
      const outcome = expectationOutcome(f, e.id);
      if (outcome === null) continue;
      total++;
      if (outcome === "met") got += 1;
      else if (outcome === "late") got += late / met;
      evidence.push(...f.state.expectations[e.id].evidence);
    }
    if (total === 0) return notApplicable(f, this, say("ind.legal_tools.none"));
    const written = legalMentions(f);
    const share = got / total;
    const basis = written.length ? say("ind.legal_tools.written", { count: written.length }) : say("ind.legal_tools.unwritten");
    return scored(f, this, share, [...evidence, ...written], say("ind.legal_tools.done", { pct: pct(share), written: basis }), written.length ? undefined : 2);
  },
};

const anticipation: IndicatorDef = {
  id: "anticipation",
  label: say("ind.anticipation.label"),
  measure(f) {
    // Hypotheses can only be logged while the game runs (not a debrief action), so all of them anticipate.
    const ids = f.counted("anticipation").map((a) => a.id);
    return scored(f, this, ids.length, ids, ids.length ? say("ind.anticipation.done", { count: ids.length }) : say("ind.anticipation.missing"));
  },
};

export const ANALYSIS_INDICATORS: readonly IndicatorDef[] = [sitrepDelay, stakeholdersMapped, impactLevels, legalTools, anticipation];
