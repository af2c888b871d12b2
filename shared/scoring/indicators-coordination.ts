import { delayStart, expectationOutcome, filled, values } from "./facts.js";
import { delay, notApplicable, pct, pending, scored, type IndicatorDef } from "./kit.js";
import { joinLabels, personaLabel } from "./names.js";

/**
 * C4.3 — organise the cell: deadlines met, decision records, logbook rhythm,
 * activation, counterparts engaged. Deadlines are the scenario's expectations
 * that have one; counterparts are its personas marked `authority`.
 */

const deadlinesMet: IndicatorDef = {
  id: "deadlines_met",
  label: { fr: "Échéances respectées (une échéance tenue en retard compte pour moitié)", en: "Deadlines met (a late one counts half)" },
  measure(f) {
    const { met, late } = f.rules.expectationLevels;
    let total = 0, got = 0, onTime = 0, lateCount = 0;
    const evidence: string[] = [];
    for (const e of f.compiled.expectations) {
      if (e.deadline === undefined) continue;
      const outcome = expectationOutcome(f, e.id);
      if (outcome === null) continue;
      total++;
      if (outcome === "met") { got += 1; onTime++; } else if (outcome === "late") { got += late / met; lateCount++; }
      if ("inject" in e.start) { const d = f.firstDelivery(e.start.inject); if (d) evidence.push(d.id); }
      evidence.push(...f.state.expectations[e.id].evidence);
    }
    if (total === 0) {
      const text = { fr: "Aucune échéance encore échue.", en: "No deadline has fallen due yet." };
      return f.ended || !f.compiled.expectations.some((e) => e.deadline !== undefined) ? notApplicable(f, this, text) : pending(f, this, [], text);
    }
    const share = got / total;
    const p = pct(share);
    return scored(f, this, share, evidence, {
      fr: `${onTime} échéance(s) tenue(s), ${lateCount} en retard, ${total - onTime - lateCount} manquée(s) sur ${total} (${p.fr}).`,
      en: `${onTime} deadline(s) met, ${lateCount} late, ${total - onTime - lateCount} missed out of ${total} (${p.en}).`,
    });
  },
};

const decisionRecords: IndicatorDef = {
  id: "decision_records",
  label: { fr: "Décisions consignées complètes (responsable, justification)", en: "Complete decision records (owner, rationale)" },
  measure(f) {
    // Only decision forms that offer a record's fields count: a one-click decision ("isolate") is not a record.
    let complete = 0;
    const evidence: string[] = [];
    for (const a of f.counted("decision_records")) {
      const offered = f.rules.decisionFields.filter((k) => f.form(a).some((p) => p.id === k));
      if (offered.length === 0) continue;
      evidence.push(a.id);
      if (offered.every((k) => filled(a.params[k]))) complete++;
    }
    if (evidence.length === 0) return notApplicable(f, this, { fr: "Aucune décision consignée avec un formulaire de décision.", en: "No decision recorded with a decision form." });
    const share = complete / evidence.length;
    const p = pct(share);
    return scored(f, this, share, evidence, {
      fr: `${complete} décision(s) complète(s) sur ${evidence.length} (${p.fr}).`,
      en: `${complete} of ${evidence.length} decision record(s) complete (${p.en}).`,
    });
  },
};

const logbookRhythm: IndicatorDef = {
  id: "logbook_rhythm",
  label: { fr: "Rythme de la main courante (entrées par heure de jeu)", en: "Logbook rhythm (entries per game hour)" },
  measure(f) {
    const hours = f.now / 3600;
    if (!f.started || hours <= 0) return pending(f, this, [], { fr: "Le jeu n'a pas encore avancé.", en: "The game has not moved on yet." });
    const ids = f.counted("logbook_rhythm").map((a) => a.id);
    const rate = ids.length / hours;
    const r = Math.round(rate * 10) / 10;
    return scored(f, this, rate, ids, {
      fr: `${ids.length} entrée(s) en ${Math.round(hours * 10) / 10} h de jeu (${String(r).replace(".", ",")} par heure).`,
      en: `${ids.length} entr${ids.length === 1 ? "y" : "ies"} in ${Math.round(hours * 10) / 10} game hours (${r} per hour).`,
    });
  },
};

const cellActivation: IndicatorDef = {
  id: "cell_activation",
  label: { fr: "Activation de la cellule (première répartition, point ou tâche)", en: "Cell activation (first assignment, briefing or task)" },
  measure(f) {
    const kinds = new Set(f.rules.activationKinds);
    const extra = new Set(f.rules.indicators.cell_activation.actions);
    const roles = f.rules.indicators.cell_activation.roles;
    const first = f.done.find((a) => (kinds.has(a.kind) || extra.has(a.action)) && (!roles || roles.includes(a.role)));
    const from = delayStart(f, f.rules.indicators.cell_activation.from, f.crisisStart);
    if (!from) return pending(f, this, [], { fr: "Le délai n'a pas encore commencé.", en: "The clock has not started yet." });
    return delay(f, this, from, first && { id: first.id, at: f.at(first) }, {
      done: (m) => ({ fr: `Cellule organisée ${m} après le début du délai.`, en: `Cell organised ${m} after the clock started.` }),
      missing: { fr: "Ni répartition des rôles, ni point de situation, ni tâche.", en: "No role assignment, briefing or task." },
      waiting: { fr: "Cellule pas encore organisée ; le délai court.", en: "Cell not organised yet; the clock is running." },
    });
  },
};

const counterpartsEngaged: IndicatorDef = {
  id: "counterparts_engaged",
  label: { fr: "Bons interlocuteurs mobilisés (autorités notifiées ou saisies)", en: "Right counterparts engaged (authorities notified or written to)" },
  measure(f) {
    const authorities = new Set([...f.compiled.personas.values()].filter((p) => p.authority).map((p) => p.id));
    if (authorities.size === 0) return notApplicable(f, this, { fr: "Le scénario ne désigne aucune autorité.", en: "The scenario names no authority." });
    const engaged = new Set<string>();
    const evidence: string[] = [];
    // Notifications and messages, and the scenario actions the rubric adds (each addressed to a persona).
    const extra = new Set(f.rules.indicators.counterparts_engaged.actions);
    const roles = f.rules.indicators.counterparts_engaged.roles;
    for (const a of f.done) {
      if (a.kind !== "notification" && a.kind !== "message" && !extra.has(a.action)) continue;
      if (roles && !roles.includes(a.role)) continue;
      const to = values(a.params.to)[0] ?? f.compiled.actions.get(a.action)?.source.to;
      if (to === undefined || !authorities.has(to)) continue;
      engaged.add(to);
      evidence.push(a.id);
    }
    const share = engaged.size / authorities.size;
    const p = pct(share);
    const names = joinLabels([...engaged].sort().map((id) => personaLabel(f.compiled, id)));
    return scored(f, this, share, evidence, {
      fr: `${engaged.size} autorité(s) sur ${authorities.size} saisie(s) (${p.fr})${engaged.size ? ` : ${names.fr}` : ""}.`,
      en: `${engaged.size} of ${authorities.size} authorities engaged (${p.en})${engaged.size ? `: ${names.en}` : ""}.`,
    });
  },
};

export const COORDINATION_INDICATORS: readonly IndicatorDef[] = [deadlinesMet, decisionRecords, logbookRhythm, cellActivation, counterpartsEngaged];
