import { BUILTIN_ACTIONS } from "../scenario/builtins.js";
import { delayStart, expectationOutcome, filled, values, type Facts } from "./facts.js";
import { delay, notApplicable, pct, pending, scored, type IndicatorDef } from "./kit.js";
import { joinLabels, optionLabel } from "./names.js";

/**
 * C4.1 — analyse and map the crisis: first qualified assessment, stakeholder
 * map, impact levels, legal tools, anticipation. Read generically from the
 * kinds and parameters of the built-in actions (sitrep, stakeholder,
 * hypothesis), the scenario actions its rubric adds, and its reference data.
 */

const SITREP_FORM = BUILTIN_ACTIONS.find((a) => a.id === "sitrep")!.params;

const sitrepDelay: IndicatorDef = {
  id: "sitrep_delay",
  label: { fr: "Délai de la première évaluation qualifiée (SITREP avec gravité)", en: "Time to the first qualified assessment (SITREP with severity)" },
  measure(f) {
    const from = delayStart(f, f.rules.indicators.sitrep_delay.from, f.crisisStart);
    if (!from) return pending(f, this, [], { fr: "Le délai n'a pas encore commencé.", en: "The clock has not started yet." });
    // A scenario action the rubric adds counts as an assessment; a SITREP needs its severity.
    const first = f.counted("sitrep_delay").find((a) => a.kind !== "sitrep" || filled(a.params.severity));
    return delay(f, this, from, first && { id: first.id, at: f.at(first) }, {
      done: (m) => ({ fr: `Première évaluation qualifiée ${m} après le début du délai.`, en: `First qualified assessment ${m} after the clock started.` }),
      missing: { fr: "Aucune évaluation qualifiée (SITREP avec niveau de gravité).", en: "No qualified assessment (SITREP with a severity level)." },
      waiting: { fr: "Pas encore d'évaluation qualifiée ; le délai court.", en: "No qualified assessment yet; the clock is running." },
    });
  },
};

const stakeholdersMapped: IndicatorDef = {
  id: "stakeholders_mapped",
  label: { fr: "Acteurs cartographiés (part de la liste de référence)", en: "Stakeholders mapped (share of the reference list)" },
  measure(f) {
    const reference = new Set(f.compiled.scenario.stakeholders);
    if (reference.size === 0) return notApplicable(f, this, { fr: "Le scénario ne donne pas de liste d'acteurs de référence.", en: "The scenario gives no reference list of stakeholders." });
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
    const p = pct(share);
    return scored(f, this, share, evidence, {
      fr: `${mapped.size} acteur(s) de référence sur ${reference.size} cartographié(s) (${p.fr})${qualified ? "" : ", influence non qualifiée pour certains"}.`,
      en: `${mapped.size} of ${reference.size} reference stakeholders mapped (${p.en})${qualified ? "" : ", influence not qualified for some"}.`,
    }, qualified ? undefined : 2);
  },
};

const impactLevels: IndicatorDef = {
  id: "impact_levels",
  label: { fr: "Niveaux d'impact qualifiés dans les SITREP", en: "Impact levels tagged in SITREPs" },
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
    return scored(f, this, seen.size, evidence, {
      fr: seen.size ? `Impacts qualifiés : ${list.fr}.` : "Aucun niveau d'impact (interne, régional, international) dans les SITREP.",
      en: seen.size ? `Impacts tagged: ${list.en}.` : "No impact level (internal, regional, international) in SITREPs.",
    });
  },
};

/** Actions that name a legal basis in writing (a SITREP's `legal`, a notification's `form`…). */
export function legalMentions(f: Facts): string[] {
  return f.done.filter((a) => f.rules.legalParams.some((p) => filled(a.params[p]))).map((a) => a.id);
}

const legalTools: IndicatorDef = {
  id: "legal_tools",
  label: { fr: "Outils juridiques identifiés et appliqués", en: "Legal tools identified and applied" },
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
    if (total === 0) return notApplicable(f, this, { fr: "Aucune obligation juridique du scénario n'est encore évaluable.", en: "No legal obligation of the scenario can be assessed yet." });
    const written = legalMentions(f);
    const share = got / total;
    const p = pct(share);
    return scored(f, this, share, [...evidence, ...written], {
      fr: `${p.fr} des obligations à fondement juridique remplies ; ${written.length ? `fondement écrit dans ${written.length} action(s)` : "aucun fondement écrit (SITREP, notification)"}.`,
      en: `${p.en} of the obligations with a legal basis fulfilled; ${written.length ? `basis written in ${written.length} action(s)` : "no basis written down (SITREP, notification)"}.`,
    }, written.length ? undefined : 2);
  },
};

const anticipation: IndicatorDef = {
  id: "anticipation",
  label: { fr: "Anticipation : hypothèses d'évolution consignées", en: "Anticipation: scenario hypotheses logged" },
  measure(f) {
    // Hypotheses can only be logged while the game runs (not a debrief action), so all of them anticipate.
    const ids = f.counted("anticipation").map((a) => a.id);
    return scored(f, this, ids.length, ids, ids.length
      ? { fr: `${ids.length} hypothèse(s) d'évolution consignée(s).`, en: `${ids.length} scenario hypothesis(es) logged.` }
      : { fr: "Aucune hypothèse d'évolution.", en: "No scenario hypothesis." });
  },
};

export const ANALYSIS_INDICATORS: readonly IndicatorDef[] = [sitrepDelay, stakeholdersMapped, impactLevels, legalTools, anticipation];
