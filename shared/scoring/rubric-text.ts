import type { CompiledScenario } from "../engine/compiled.js";
import { INDICATOR_IDS, INDICATOR_SPECS, type IndicatorId } from "../scenario/rubric.js";
import type { Competency } from "../scenario/schema.js";
import { tr, type Lang, type Text } from "../scenario/text.js";
import { perLang } from "../i18n/bilingual.js";
import { rubricFr, rubricTexts } from "./rubric-texts.js";
import { scoringText } from "./texts.js";
import { formatDuration, formatGameTime } from "../scenario/time.js";
import { INDICATORS } from "./indicators.js";
import type { Bilingual } from "./kit.js";
import { LEVEL_LABELS } from "./levels.js";
import { both } from "./names.js";
import { rulesFor, type DelayStart, type ScoringRules } from "./rules.js";

/**
 * The rubric in force for a scenario, in words (French and English): what
 * `npm run scenario -- rubric` prints for the author, the "Ce qui est évalué"
 * panel shows the players (generic rules from the start; the scenario's own
 * expectations only once the debrief has begun, so no future inject is
 * revealed) and the debrief and the RETEX report show the jury. Every rule
 * that can move a level is here.
 */

const { say, t } = rubricTexts;
const label = (x: Text | undefined): Bilingual => perLang((l) => tr(x, l));
const quoted = (x: Text | undefined, lang: Lang) => scoringText(lang, "quote", { text: tr(x, lang) });

/** Where each delay starts when the scenario does not re-time it and its label does not say it (the holding statement's: "after the first public exposure"). */
const DEFAULT_START: Partial<Record<IndicatorId, "rubric.start.crisis">> = {
  sitrep_delay: "rubric.start.crisis", cell_activation: "rubric.start.crisis",
};

/** A number as the rubric shows it: to 1/100, written the reader's way by the dictionary. */
const r2 = (v: number) => Math.round(v * 100) / 100;
const minutes = (m: number, lang: Lang) => {
  const s = formatDuration(m * 60);
  const [h, mm] = s.split(":").map(Number);
  return h ? (mm ? t(lang, "rubric.hoursMinutes", { h, mm: String(mm).padStart(2, "0") }) : t(lang, "rubric.hours", { h })) : t(lang, "rubric.minutes", { m: mm });
};

function value(id: IndicatorId, v: number, lang: Lang): string {
  const unit = INDICATOR_SPECS[id].unit;
  if (unit === "min") return minutes(v, lang);
  if (unit === "ratio") return scoringText(lang, "pct", { p: Math.round(v * 100) });
  if (unit === "per_hour") return t(lang, "rubric.perHour", { rate: r2(v) });
  return t(lang, "rubric.number", { n: r2(v) });
}

function startText(compiled: CompiledScenario, from: DelayStart, lang: Lang): string {
  if ("at" in from) return t(lang, "rubric.start.at", { time: formatGameTime(from.at) });
  if ("inject" in from) return t(lang, "rubric.start.inject", { subject: tr(compiled.injects.get(from.inject)?.subject, lang) });
  return t(lang, "rubric.start.action", { action: tr(compiled.actions.get(from.action)?.source.name, lang) });
}

type MeasureKey = Extract<keyof typeof rubricFr, `rubric.measure.${string}`>;
/** What the rubric adds to an indicator's label, when its label does not say it all (rubric-texts.ts). */
const measureKey = (id: IndicatorId): MeasureKey | undefined => {
  const key = `rubric.measure.${id}`;
  return key in rubricFr ? (key as MeasureKey) : undefined;
};

export interface RubricLine { competency?: Competency; critical: boolean; text: Bilingual; id?: string }
/** The rubric in words; `expectations` only when they may be shown (authors, the jury, players from the debrief on). */
export interface RubricText { general: Bilingual[]; indicators: RubricLine[]; disabled: Bilingual[]; expectations?: RubricLine[] }

function indicatorLine(compiled: CompiledScenario, rules: ScoringRules, id: IndicatorId): RubricLine {
  const s = rules.indicators[id], spec = INDICATOR_SPECS[id];
  const def = INDICATORS.find((d) => d.id === id)!;
  const text = (lang: Lang) => {
    const cmp = s.scale.better === "lower" ? "≤" : "≥";
    const levels = s.scale.bounds.map((b, k) => `${k + 1} ${cmp} ${value(id, b, lang)}`).join(" · ");
    const parts = [
      measureKey(id)
        ? t(lang, "rubric.indicator", { label: def.label[lang], star: s.critical ? " ★" : "", measure: t(lang, measureKey(id)!) })
        : t(lang, "rubric.indicatorAlone", { label: def.label[lang], star: s.critical ? " ★" : "" }),
      t(lang, "rubric.levels", { levels }),
    ];
    if (s.from) parts.push(startText(compiled, s.from, lang));
    else if (DEFAULT_START[id]) parts.push(t(lang, DEFAULT_START[id]!));
    if (s.actions.length) parts.push(t(lang, "rubric.alsoCounts", { actions: s.actions.map((a) => quoted(compiled.actions.get(a)?.source.name, lang)).join(", ") }));
    if (s.roles) parts.push(t(lang, "rubric.roles", { roles: s.roles.map((r) => tr(compiled.roles.get(r)?.name, lang)).join(", ") }));
    if (s.weight !== 1) parts.push(t(lang, "rubric.weight", { weight: r2(s.weight) }));
    parts.push(t(lang, spec.own ? "rubric.own" : "rubric.collective"));
    return parts.join(t(lang, "rubric.sep")) + ".";
  };
  return { id, competency: spec.competency, critical: s.critical, text: { fr: text("fr"), en: text("en") } };
}

function general(rules: ScoringRules): Bilingual[] {
  const share = Math.round(rules.expectationShare * 100);
  const [t1, t2, t3] = rules.meanThresholds;
  const L = LEVEL_LABELS;
  return [
    say("rubric.general.levels", { l0: { fr: L.fr[0], en: L.en[0] }, l1: { fr: L.fr[1], en: L.en[1] }, l2: { fr: L.fr[2], en: L.en[2] }, l3: { fr: L.fr[3], en: L.en[3] } }),
    say("rubric.general.expectations", { met: r2(rules.expectationLevels.met), late: r2(rules.expectationLevels.late) }),
    say("rubric.general.mean", { share, rest: 100 - share, t1: r2(t1), t2: r2(t2), t3: r2(t3) }),
    say("rubric.general.critical", { cap: rules.criticalCap }),
    say("rubric.general.own"),
    say("rubric.general.validation", { share: Math.round(rules.validation.weight * 100), max: rules.validation.maxLevel }),
    say("rubric.general.partial"),
  ];
}

/** The scenario's expectations in words: competency, deadline, weight, ★, responsible roles, legal basis. */
function expectationLines(compiled: CompiledScenario): RubricLine[] {
  return compiled.expectations.map((e) => {
    const text = (lang: Lang) => {
      const start = "at" in e.start ? formatGameTime(e.start.at) : "inject" in e.start
        ? t(lang, "rubric.exp.inject", { subject: tr(compiled.injects.get(e.start.inject)?.subject, lang) })
        : t(lang, "rubric.exp.action", { action: tr(compiled.actions.get(e.start.action)?.source.name, lang) });
      const parts = [`${tr(e.source.title, lang)}${e.critical ? (e.visible ? " ★" : "") : ""}`];
      if (e.deadline !== undefined) parts.push(t(lang, "rubric.exp.within", { duration: minutes(e.deadline / 60, lang), start }));
      if (e.lateUntil !== undefined) parts.push(t(lang, "rubric.exp.lateUntil", { duration: minutes(e.lateUntil / 60, lang) }));
      if (e.weight !== 1) parts.push(t(lang, "rubric.weight", { weight: r2(e.weight) }));
      if (e.roles.length) parts.push(t(lang, "rubric.exp.roles", { roles: e.roles.map((r) => tr(compiled.roles.get(r)?.name, lang)).join(", ") }));
      if (e.source.legal) parts.push(t(lang, "rubric.exp.legal", { legal: tr(e.source.legal, lang) }));
      if (e.critical && !e.visible) parts.push(t(lang, "rubric.exp.hidden"));
      return parts.join(t(lang, "rubric.sep")) + ".";
    };
    return { id: e.id, competency: e.competency, critical: e.critical && e.visible, text: { fr: text("fr"), en: text("en") } };
  });
}

/** The whole rubric in force. `withExpectations: false` for players during the game (expectations would reveal what is to come). */
export function rubricText(compiled: CompiledScenario, opts: { rules?: ScoringRules; withExpectations?: boolean } = {}): RubricText {
  const rules = opts.rules ?? rulesFor(compiled);
  const ids = INDICATOR_IDS;
  return {
    general: general(rules),
    indicators: ids.filter((id) => rules.indicators[id].enabled).map((id) => indicatorLine(compiled, rules, id)),
    disabled: ids.filter((id) => !rules.indicators[id].enabled).map((id) => {
      const label = INDICATORS.find((d) => d.id === id)!.label;
      return say("rubric.disabled", { label });
    }),
    ...(opts.withExpectations === false ? {} : { expectations: expectationLines(compiled) }),
  };
}

/** The level descriptors of the rubric in force, in one language: for the self-assessment form. */
export function descriptorTexts(compiled: CompiledScenario, lang: Lang, rules: ScoringRules = rulesFor(compiled)): Record<Competency, string[]> {
  return Object.fromEntries(Object.entries(rules.descriptors).map(([c, ds]) => [c, ds.map((d) => both(d)[lang])])) as Record<Competency, string[]>;
}
