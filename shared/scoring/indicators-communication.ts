import type { ActionRecord } from "../engine/types.js";
import { delayStart, values, type Facts } from "./facts.js";
import { delay, notApplicable, pct, pending, scored, type IndicatorDef } from "./kit.js";
import { joinLabels, optionLabel, roleLabel } from "./names.js";

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
  label: { fr: "Délai de la déclaration d'attente après la première exposition publique", en: "Holding statement delay after the first public exposure" },
  measure(f) {
    const exposure = f.state.deliveries.find((d) => d.public);
    const retimed = f.rules.indicators.holding_statement_delay.from;
    const from = retimed ? delayStart(f, retimed, f.crisisStart) : exposure && { at: exposure.at, delivery: exposure.id };
    if (!from) {
      const text = { fr: "Aucune exposition publique de la crise.", en: "The crisis was never publicly exposed." };
      return f.ended ? notApplicable(f, this, text) : pending(f, this, [], text);
    }
    // A statement published before the exposure counts as immediate (a pre-emptive statement).
    const first = f.counted("holding_statement_delay").find((a) => isPublicStatement(f, a));
    return delay(f, this, from, first && { id: first.id, at: f.at(first) }, {
      done: (m) => ({ fr: `Première déclaration publique ${m} après l'exposition publique.`, en: `First public statement ${m} after the public exposure.` }),
      missing: { fr: "Aucune déclaration publique après l'exposition de la crise.", en: "No public statement after the crisis was exposed." },
      waiting: { fr: "Crise exposée, pas encore de déclaration ; le délai court.", en: "Crisis exposed, no statement yet; the clock is running." },
    });
  },
};

const audiencesReached: IndicatorDef = {
  id: "audiences_reached",
  label: { fr: "Publics atteints par les déclarations", en: "Audiences reached by statements" },
  measure(f) {
    // The audiences to reach are the options the scenario's statement forms offer.
    const required = new Map<string, ReturnType<typeof optionLabel>>();
    for (const { source } of f.compiled.actions.values()) {
      if (source.kind !== "statement") continue;
      for (const o of source.params.find((p) => p.id === f.rules.audience.param)?.options ?? []) if (!required.has(o.id)) required.set(o.id, optionLabel(source.params, f.rules.audience.param, o.id));
    }
    if (required.size === 0) return notApplicable(f, this, { fr: "Les déclarations du scénario n'ont pas de public à choisir.", en: "The scenario's statements have no audience to choose." });
    const reached = new Set<string>();
    const evidence: string[] = [];
    for (const a of f.counted("audiences_reached")) {
      const audience = audienceOf(f, a);
      if (audience === undefined || !required.has(audience)) continue;
      evidence.push(a.id);
      reached.add(audience);
    }
    const share = reached.size / required.size;
    const p = pct(share);
    const list = joinLabels([...reached].sort().map((a) => required.get(a)!));
    return scored(f, this, share, evidence, {
      fr: `${reached.size} public(s) sur ${required.size} (${p.fr}) : ${list.fr || "—"}.`,
      en: `${reached.size} of ${required.size} audiences (${p.en}): ${list.en || "—"}.`,
    });
  },
};

const singleVoice: IndicatorDef = {
  id: "single_voice",
  label: { fr: "Parole unique : rôles qui publient à l'extérieur", en: "Single voice: roles publishing externally" },
  measure(f) {
    const external = f.counted("single_voice").filter((a) => isExternalStatement(f, a));
    const text = { fr: "Aucune déclaration externe.", en: "No external statement." };
    if (external.length === 0) return f.ended ? notApplicable(f, this, text) : pending(f, this, [], text);
    const roles = [...new Set(external.map((a) => a.role))].sort();
    const names = joinLabels(roles.map((r) => roleLabel(f.compiled, r)));
    // Validated workflow: the statement action requires an approval, and each one was approved (or published by the approver).
    const validated = external.every((a) => {
      const approver = f.compiled.actions.get(a.action)?.source.approval;
      return approver !== undefined && (a.approvedBy !== undefined || a.role === approver);
    });
    return scored(f, this, roles.length, external.map((a) => a.id), {
      fr: `${roles.length} rôle(s) publient à l'extérieur (${names.fr})${roles.length === 1 ? (validated ? ", après validation" : ", sans circuit de validation") : ""}.`,
      en: `${roles.length} role(s) publish externally (${names.en})${roles.length === 1 ? (validated ? ", after approval" : ", without an approval workflow") : ""}.`,
    }, validated ? undefined : 2);
  },
};

export const COMMUNICATION_INDICATORS: readonly IndicatorDef[] = [holdingDelay, audiencesReached, singleVoice];
