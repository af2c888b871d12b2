import type { CCondition, CEffect, CompiledScenario } from "../engine/compiled.js";
import type { TextParams } from "../i18n/bilingual.js";
import { endNamesOf, endReasonText } from "../replay/end-reason.js";
import { tr, type Lang, type Text } from "../scenario/lang.js";
import { formatDuration, formatGameTime } from "../scenario/time.js";
import { simTexts } from "./describe-texts.js";

/**
 * Conditions and effects in plain words, French first (`lang: "en"` for
 * English), for the author's tools (`graph`, the studio's statechart). The
 * words are `describe-texts.ts` (i18next); each item the scenario names is
 * said by its words with the author's id beside it (« Isoler le SI »
 * [isolate]), end reasons in words. Unambiguous: every `ET` inside a `OU`,
 * every `OU` inside an `ET`, and anything compound under `NON` or in a list
 * is parenthesised, so `not: {all: [A, any: [B, C]]}` reads
 * « NON (A ET (B OU C)) ».
 */

type Ctx = "top" | "and" | "or" | "item";

/** One reader's words for one scenario: the dictionary in `lang`, the scenario's items by their titles. */
function speaker(compiled: CompiledScenario, lang: Lang) {
  const t = (key: Parameters<typeof simTexts.t>[1], params?: TextParams) => simTexts.t(lang, key, params);
  const number = new Intl.NumberFormat(lang === "fr" ? "fr-FR" : "en-GB", { maximumFractionDigits: 3 });
  const titled = (title: Text | undefined, id: string) => {
    const words = title === undefined ? "" : tr(title, lang);
    // A title that is itself a quotation (a post's, an article's) is not quoted twice.
    return words && words !== id ? t(/^[«“"]/.test(words) ? "name.titledQuoted" : "name.titled", { title: words, id }) : id;
  };
  const branchLabel = (branch: string, outcome: string) => {
    const label = compiled.scenario.triggers.find((x) => x.branch?.id === branch && x.branch.outcome === outcome)?.branch?.label;
    return titled(label, outcome);
  };
  return {
    t, num: (n: number) => number.format(n),
    inject: (id: string) => titled(compiled.injects.get(id)?.subject, id),
    action: (id: string) => titled(compiled.actions.get(id)?.source.name, id),
    gauge: (id: string) => titled(compiled.gauges.get(id)?.name, id),
    phase: (id: string) => titled(compiled.phases.get(id)?.source.name, id),
    role: (id: string) => titled(compiled.roles.get(id)?.name, id),
    expectation: (id: string) => titled(compiled.expectations.find((e) => e.id === id)?.source.title, id),
    branchLabel,
  };
}
type Speaker = ReturnType<typeof speaker>;

function bounds(c: { below?: number; above?: number; atMost?: number; atLeast?: number }, num: (n: number) => string): string {
  return [c.below !== undefined && `< ${num(c.below)}`, c.above !== undefined && `> ${num(c.above)}`,
    c.atMost !== undefined && `≤ ${num(c.atMost)}`, c.atLeast !== undefined && `≥ ${num(c.atLeast)}`].filter(Boolean).join(" ");
}

function show(c: CCondition, w: Speaker, ctx: Ctx): string {
  const { t } = w;
  const wrap = (s: string, when: boolean) => (when ? `(${s})` : s);
  const item = (x: CCondition) => show(x, w, "item");
  if (c.name) return t("name.named", { name: c.name });
  switch (c.k) {
    case "all": return wrap(c.of.map((x) => show(x, w, "and")).join(` ${t("cond.and")} `), ctx === "or" || ctx === "item");
    case "any": return wrap(c.of.map((x) => show(x, w, "or")).join(` ${t("cond.or")} `), ctx === "and" || ctx === "item");
    case "not": return t("cond.not", { of: item(c.of) });
    case "after": return t("cond.after", { time: formatGameTime(c.t) });
    case "before": return t("cond.before", { time: formatGameTime(c.t) });
    case "action": {
      const parts = [c.id !== undefined ? w.action(c.id) : t("cond.actionKind", { kind: c.kind ?? "" })];
      if (c.where) parts.push(Object.entries(c.where).map(([k, v]) => `${k}=${String(v)}`).join(","));
      if (c.lines) parts.push(Object.entries(c.lines).map(([field, count]) => t("cond.lines", { field, count })).join(","));
      if (c.roles) parts.push(t("cond.by", { roles: c.roles.map(w.role).join("/") }));
      if (c.before !== undefined) parts.push(t("cond.before", { time: formatGameTime(c.before) }));
      if (c.after !== undefined) parts.push(t("cond.after", { time: formatGameTime(c.after) }));
      if (c.since) parts.push(t("cond.since", { what: w.inject(c.since) }));
      if (c.sinceEvent) parts.push(t("cond.since", { what: item(c.sinceEvent) }));
      if (c.within !== undefined) parts.push(t("cond.within", { duration: formatDuration(c.within) }));
      if (c.count > 1) parts.push(t("cond.times", { count: c.count }));
      const s = parts.join(" ");
      return parts.length > 1 && ctx === "item" ? `(${s})` : s;
    }
    case "gauge": return t("cond.gauge", { gauge: w.gauge(c.id), bounds: bounds(c, w.num) });
    case "phase": return t("cond.phase", { phases: c.phases.map(w.phase).join("/"), count: c.phases.length });
    case "delivered": return c.for > 0 ? t("cond.deliveredFor", { inject: w.inject(c.inject), duration: formatDuration(c.for) }) : t("cond.delivered", { inject: w.inject(c.inject) });
    case "expectation": {
      const status = ["met", "late", "missed", "pending"].includes(c.status) ? c.status as "met" : "pending";
      return t(`cond.expectation.${status}`, { title: w.expectation(c.id) });
    }
    case "role": return t(c.staffed ? "cond.role.staffed" : "cond.role.vacant", { role: w.role(c.id) });
    case "branch": return c.outcomes
      ? t("cond.branch", { branch: c.id, outcomes: c.outcomes.map((o) => w.branchLabel(c.id, o)).join("/") })
      : t("cond.branchDecided", { branch: c.id });
    case "volume": return t("cond.volume", { inject: w.inject(c.inject), bounds: bounds(c, w.num) });
    case "sequence": {
      const s = c.of.map(item).join(` ${t("cond.then")} `);
      return wrap(c.within !== undefined ? t("cond.sequenceWithin", { sequence: s, duration: formatDuration(c.within) }) : s, ctx !== "top");
    }
    case "first": return wrap(t("cond.first", { first: item(c.of[0]), others: c.of.slice(1).map(item).join(", ") }), ctx !== "top");
    case "elapsed": return wrap(t("cond.elapsed", { duration: formatDuration(c.for), since: item(c.since) }), ctx !== "top");
  }
}

/** A condition in words; named conditions show their name (`expand` shows what they say). */
export function describeCondition(compiled: CompiledScenario, c: CCondition, lang: Lang = "fr", expand = false): string {
  return show(expand && c.name ? { ...c, name: undefined } as CCondition : c, speaker(compiled, lang), "top");
}

/** An effect in words: what it sends, changes or ends, by the scenario's words. */
export function describeEffect(compiled: CompiledScenario, e: CEffect, lang: Lang = "fr"): string {
  const w = speaker(compiled, lang);
  const { t } = w;
  switch (e.k) {
    case "inject": return e.delay > 0 ? t("effect.injectIn", { inject: w.inject(e.inject), delay: formatDuration(e.delay) }) : t("effect.inject", { inject: w.inject(e.inject) });
    case "gauge": return e.set !== undefined
      ? t("effect.gaugeSet", { gauge: w.gauge(e.id), value: w.num(e.set) })
      : t("effect.gaugeAdd", { gauge: w.gauge(e.id), change: `${e.add! >= 0 ? "+" : "−"}${w.num(Math.abs(e.add!))}` });
    case "phase": return t("effect.phase", { phase: w.phase(e.phase) });
    case "cancel": return t("effect.cancel", { inject: w.inject(e.inject) });
    case "end": return t("effect.end", { reason: endReasonText(e.reason, endNamesOf(compiled))[lang] });
    case "speed": return t("effect.speed", { speed: w.num(e.speed) });
    case "volume": return t("effect.volume", { inject: w.inject(e.inject), scale: w.num(e.scale) });
  }
}

/** Several effects in words, joined the reader's way. */
export function describeEffects(compiled: CompiledScenario, effects: readonly CEffect[], lang: Lang = "fr"): string {
  return effects.map((e) => describeEffect(compiled, e, lang)).join(simTexts.t(lang, "effect.separator"));
}
