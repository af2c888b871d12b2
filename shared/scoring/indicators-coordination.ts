import { delayStart, expectationOutcome, filled, values } from "./facts.js";
import { delay, notApplicable, pct, pending, scored, type IndicatorDef } from "./kit.js";
import { joinLabels, personaLabel } from "./names.js";
import { say } from "./texts.js";

/**
 * C4.3 — organise the cell: deadlines met, decision records, logbook rhythm,
 * activation, counterparts engaged. Deadlines are the scenario's expectations
 * that have one; counterparts are its personas marked `authority`.
 */

const deadlinesMet: IndicatorDef = {
  id: "deadlines_met",
  label: say("ind.deadlines_met.label"),
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
      const text = say("ind.deadlines_met.none");
      return f.ended || !f.compiled.expectations.some((e) => e.deadline !== undefined) ? notApplicable(f, this, text) : pending(f, this, [], text);
    }
    const share = got / total;
    return scored(f, this, share, evidence, say("ind.deadlines_met.done", {
      met: say("ind.deadlines_met.met", { count: onTime }), late: say("ind.deadlines_met.late", { count: lateCount }),
      missed: say("ind.deadlines_met.missed", { count: total - onTime - lateCount }), total, pct: pct(share),
    }));
  },
};

const decisionRecords: IndicatorDef = {
  id: "decision_records",
  label: say("ind.decision_records.label"),
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
    if (evidence.length === 0) return notApplicable(f, this, say("ind.decision_records.none"));
    const share = complete / evidence.length;
    return scored(f, this, share, evidence, say("ind.decision_records.done", { count: complete, total: evidence.length, pct: pct(share) }));
  },
};

const logbookRhythm: IndicatorDef = {
  id: "logbook_rhythm",
  label: say("ind.logbook_rhythm.label"),
  measure(f) {
    const hours = f.now / 3600;
    if (!f.started || hours <= 0) return pending(f, this, [], say("ind.logbook_rhythm.none"));
    const ids = f.counted("logbook_rhythm").map((a) => a.id);
    const rate = ids.length / hours;
    return scored(f, this, rate, ids, say("ind.logbook_rhythm.done", { count: ids.length, hours: Math.round(hours * 10) / 10, rate: Math.round(rate * 10) / 10 }));
  },
};

const cellActivation: IndicatorDef = {
  id: "cell_activation",
  label: say("ind.cell_activation.label"),
  measure(f) {
    const kinds = new Set(f.rules.activationKinds);
    const extra = new Set(f.rules.indicators.cell_activation.actions);
    const roles = f.rules.indicators.cell_activation.roles;
    const first = f.done.find((a) => (kinds.has(a.kind) || extra.has(a.action)) && (!roles || roles.includes(a.role)));
    const from = delayStart(f, f.rules.indicators.cell_activation.from, f.crisisStart);
    if (!from) return pending(f, this, [], say("ind.notStarted"));
    return delay(f, this, from, first && { id: first.id, at: f.at(first) }, {
      done: (delay) => say("ind.cell_activation.done", { delay }), missing: say("ind.cell_activation.missing"), waiting: say("ind.cell_activation.waiting"),
    });
  },
};

const counterpartsEngaged: IndicatorDef = {
  id: "counterparts_engaged",
  label: say("ind.counterparts_engaged.label"),
  measure(f) {
    const authorities = new Set([...f.compiled.personas.values()].filter((p) => p.authority).map((p) => p.id));
    if (authorities.size === 0) return notApplicable(f, this, say("ind.counterparts_engaged.none"));
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
    const names = engaged.size ? say("ind.counterparts_engaged.names", { names: joinLabels([...engaged].sort().map((id) => personaLabel(f.compiled, id))) }) : "";
    return scored(f, this, share, evidence, say("ind.counterparts_engaged.done", { count: engaged.size, total: authorities.size, pct: pct(share), names }));
  },
};

export const COORDINATION_INDICATORS: readonly IndicatorDef[] = [deadlinesMet, decisionRecords, logbookRhythm, cellActivation, counterpartsEngaged];
