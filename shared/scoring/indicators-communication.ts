import type { ActionRecord } from "../engine/types.js";
import { delayStart, values, type Facts } from "./facts.js";
import { delay, notApplicable, pct, pending, scored, type IndicatorDef } from "./kit.js";
import { joinLabels, optionLabel, roleLabel } from "./names.js";
import { say } from "./texts.js";

/**
 * C4.2 — communicate: holding statement after the first public exposure,
 * audiences reached, single voice. A statement's audience is its `audience`
 * parameter; a statement action without one (a scenario's own "public
 * statement") speaks to the public; the rubric may add scenario actions
 * (`actions`) that count as statements. Consistency across messages and the
 * response to disinformation are not measurable without reading the texts:
 * scenarios assess them with their own expectations.
 */

const audienceOf = (f: Facts, a: ActionRecord): string | undefined => values(a.params[f.rules.audience.param])[0];
/** Speaks to the press and the public. */
export const isPublicStatement = (f: Facts, a: ActionRecord): boolean => {
  const audience = audienceOf(f, a);
  return audience === undefined || audience === f.rules.audience.public;
};
/** Speaks outside the organisation (public, partners, families…). */
export const isExternalStatement = (f: Facts, a: ActionRecord): boolean => audienceOf(f, a) !== f.rules.audience.internal;

const holdingDelay: IndicatorDef = {
  id: "holding_statement_delay",
  label: say("ind.holding_statement_delay.label"),
  measure(f) {
    const exposure = f.state.deliveries.find((d) => d.public);
    const retimed = f.rules.indicators.holding_statement_delay.from;
    const from = retimed ? delayStart(f, retimed, f.crisisStart) : exposure && { at: exposure.at, delivery: exposure.id };
    if (!from) {
      const text = say("ind.holding_statement_delay.none");
      return f.ended ? notApplicable(f, this, text) : pending(f, this, [], text);
    }
    // A statement published before the exposure counts as immediate (a pre-emptive statement).
    const first = f.counted("holding_statement_delay").find((a) => isPublicStatement(f, a));
    return delay(f, this, from, first && { id: first.id, at: f.at(first) }, {
      done: (delay) => say("ind.holding_statement_delay.done", { delay }), missing: say("ind.holding_statement_delay.missing"), waiting: say("ind.holding_statement_delay.waiting"),
    });
  },
};

const audiencesReached: IndicatorDef = {
  id: "audiences_reached",
  label: say("ind.audiences_reached.label"),
  measure(f) {
    // The audiences to reach are the options the scenario's statement forms offer.
    const required = new Map<string, ReturnType<typeof optionLabel>>();
    for (const { source } of f.compiled.actions.values()) {
      if (source.kind !== "statement") continue;
      for (const o of source.params.find((p) => p.id === f.rules.audience.param)?.options ?? []) if (!required.has(o.id)) required.set(o.id, optionLabel(source.params, f.rules.audience.param, o.id));
    }
    if (required.size === 0) return notApplicable(f, this, say("ind.audiences_reached.none"));
    const reached = new Set<string>();
    const evidence: string[] = [];
    for (const a of f.counted("audiences_reached")) {
      const audience = audienceOf(f, a);
      if (audience === undefined || !required.has(audience)) continue;
      evidence.push(a.id);
      reached.add(audience);
    }
    const share = reached.size / required.size;
    const list = reached.size ? joinLabels([...reached].sort().map((a) => required.get(a)!)) : say("none");
    return scored(f, this, share, evidence, say("ind.audiences_reached.done", { count: reached.size, total: required.size, pct: pct(share), list }));
  },
};

const singleVoice: IndicatorDef = {
  id: "single_voice",
  label: say("ind.single_voice.label"),
  measure(f) {
    const external = f.counted("single_voice").filter((a) => isExternalStatement(f, a));
    const text = say("ind.single_voice.none");
    if (external.length === 0) return f.ended ? notApplicable(f, this, text) : pending(f, this, [], text);
    const roles = [...new Set(external.map((a) => a.role))].sort();
    const names = joinLabels(roles.map((r) => roleLabel(f.compiled, r)));
    // Validated workflow: the statement action requires an approval, and each one was approved (or published by the approver).
    const validated = external.every((a) => {
      const approver = f.compiled.actions.get(a.action)?.source.approval;
      return approver !== undefined && (a.approvedBy !== undefined || a.role === approver);
    });
    const workflow = roles.length === 1 ? say(validated ? "ind.single_voice.validated" : "ind.single_voice.unvalidated") : "";
    return scored(f, this, roles.length, external.map((a) => a.id), say("ind.single_voice.done", { count: roles.length, names, workflow }), validated ? undefined : 2);
  },
};

export const COMMUNICATION_INDICATORS: readonly IndicatorDef[] = [holdingDelay, audiencesReached, singleVoice];
