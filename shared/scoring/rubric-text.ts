import type { CompiledScenario } from "../engine/compiled.js";
import { INDICATOR_IDS, INDICATOR_SPECS, type IndicatorId } from "../scenario/rubric.js";
import type { Competency } from "../scenario/schema.js";
import { tr, type Lang } from "../scenario/text.js";
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

/** What each indicator measures, and what its top level asks beyond the scale. */
const MEASURES: Record<IndicatorId, Bilingual> = {
  sitrep_delay: { fr: "délai jusqu'à la première évaluation qualifiée (SITREP avec niveau de gravité)", en: "time to the first qualified assessment (SITREP with a severity level)" },
  stakeholders_mapped: { fr: "part des acteurs de la liste de référence du scénario portés sur la carte des acteurs ; le niveau 3 exige leur influence qualifiée", en: "share of the scenario's reference stakeholders put on the stakeholder map; level 3 needs their influence qualified" },
  impact_levels: { fr: "niveaux d'impact distincts (interne, régional, international) qualifiés dans les SITREP", en: "distinct impact levels (internal, regional, international) tagged in SITREPs" },
  legal_tools: { fr: "part des obligations à fondement juridique du scénario remplies (en retard : moitié) ; le niveau 3 exige un fondement écrit (SITREP, notification)", en: "share of the scenario's obligations with a legal basis fulfilled (late: half); level 3 needs a basis written down (SITREP, notification)" },
  anticipation: { fr: "hypothèses d'évolution consignées", en: "scenario hypotheses logged" },
  holding_statement_delay: { fr: "délai jusqu'à la première déclaration publique (une déclaration antérieure compte comme immédiate)", en: "time to the first public statement (an earlier statement counts as immediate)" },
  audiences_reached: { fr: "part des publics proposés par les formulaires de déclaration effectivement atteints", en: "share of the audiences offered by the statement forms actually reached" },
  single_voice: { fr: "nombre de rôles qui publient à l'extérieur ; le niveau 3 exige un circuit de validation", en: "number of roles publishing externally; level 3 needs an approval workflow" },
  deadlines_met: { fr: "part des attentes à échéance tenues (en retard : moitié)", en: "share of the expectations with a deadline met (late: half)" },
  decision_records: { fr: "part des décisions consignées complètes (responsable, justification, quand le formulaire les propose)", en: "share of decision records complete (owner, rationale, where the form offers them)" },
  logbook_rhythm: { fr: "entrées de main courante par heure de jeu", en: "logbook entries per game hour" },
  cell_activation: { fr: "délai jusqu'à la première répartition des rôles, point de situation ou tâche", en: "time to the first role assignment, situation briefing or task" },
  counterparts_engaged: { fr: "part des autorités du scénario notifiées ou saisies", en: "share of the scenario's authorities notified or written to" },
  retex_completeness: { fr: "part des sections du RETEX renseignées ; le niveau 3 exige de citer des heures du journal", en: "share of RETEX sections filled; level 3 needs times from the log cited" },
  improvement_actions: { fr: "actions d'amélioration distinctes au plan d'action du RETEX (une ligne chacune)", en: "distinct improvement actions in the RETEX action plan (one line each)" },
  self_assessment_gap: { fr: "écart moyen entre l'auto-évaluation et les niveaux calculés", en: "mean gap between self-assessment and computed levels" },
};

/** Where each delay starts when the scenario does not re-time it. */
const DEFAULT_START: Partial<Record<IndicatorId, Bilingual>> = {
  sitrep_delay: { fr: "à partir du début de la crise (la première remise)", en: "from the start of the crisis (the first delivery)" },
  holding_statement_delay: { fr: "à partir de la première exposition publique de la crise", en: "from the first public exposure of the crisis" },
  cell_activation: { fr: "à partir du début de la crise (la première remise)", en: "from the start of the crisis (the first delivery)" },
};

const num = (v: number, lang: Lang) => (lang === "fr" ? String(Math.round(v * 100) / 100).replace(".", ",") : String(Math.round(v * 100) / 100));
const minutes = (m: number, lang: Lang) => {
  const s = formatDuration(m * 60);
  const [h, mm] = s.split(":").map(Number);
  return h ? (mm ? `${h} h ${String(mm).padStart(2, "0")}` : `${h} h`) : `${mm} min`;
};

function value(id: IndicatorId, v: number, lang: Lang): string {
  const unit = INDICATOR_SPECS[id].unit;
  if (unit === "min") return minutes(v, lang);
  if (unit === "ratio") return lang === "fr" ? `${Math.round(v * 100)} %` : `${Math.round(v * 100)}%`;
  if (unit === "per_hour") return lang === "fr" ? `${num(v, lang)} par heure` : `${num(v, lang)} per hour`;
  return num(v, lang);
}

function startText(compiled: CompiledScenario, from: DelayStart, lang: Lang): string {
  if ("at" in from) return lang === "fr" ? `à partir de ${formatGameTime(from.at)}` : `from ${formatGameTime(from.at)}`;
  if ("inject" in from) {
    const subject = tr(compiled.injects.get(from.inject)?.subject, lang);
    return lang === "fr" ? `à partir de la remise de « ${subject} »` : `from the delivery of "${subject}"`;
  }
  const name = tr(compiled.actions.get(from.action)?.source.name, lang);
  return lang === "fr" ? `à partir de la première action « ${name} »` : `from the first "${name}" action`;
}

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
      `${def.label[lang]}${s.critical ? " ★" : ""} : ${MEASURES[id][lang]}`,
      lang === "fr" ? `niveaux ${levels}, sinon 0` : `levels ${levels}, else 0`,
    ];
    if (s.from) parts.push(startText(compiled, s.from, lang));
    else if (DEFAULT_START[id]) parts.push(DEFAULT_START[id]![lang]);
    if (s.actions.length) {
      const names = s.actions.map((a) => `« ${tr(compiled.actions.get(a)?.source.name, lang)} »`).join(", ");
      parts.push(lang === "fr" ? `compte aussi ${names}` : `also counts ${names}`);
    }
    if (s.roles) parts.push((lang === "fr" ? "actions prises dans les rôles " : "actions taken in the roles ") + s.roles.map((r) => tr(compiled.roles.get(r)?.name, lang)).join(", "));
    if (s.weight !== 1) parts.push(lang === "fr" ? `poids ${num(s.weight, lang)}` : `weight ${num(s.weight, lang)}`);
    parts.push(spec.own
      ? (lang === "fr" ? "mesuré pour la cellule et pour chaque étudiant sur ses propres actions" : "measured for the cell and for each student on their own actions")
      : (lang === "fr" ? "mesure collective : niveau de la cellule seulement" : "a collective measure: the cell's level only"));
    return parts.join(" ; ") + ".";
  };
  return { id, competency: spec.competency, critical: s.critical, text: { fr: text("fr"), en: text("en") } };
}

function general(rules: ScoringRules): Bilingual[] {
  const pct = Math.round(rules.expectationShare * 100);
  const [t1, t2, t3] = rules.meanThresholds;
  const L = LEVEL_LABELS;
  return [
    { fr: `Niveaux : 0 ${L.fr[0]} · 1 ${L.fr[1]} · 2 ${L.fr[2]} · 3 ${L.fr[3]}.`, en: `Levels: 0 ${L.en[0]} · 1 ${L.en[1]} · 2 ${L.en[2]} · 3 ${L.en[3]}.` },
    { fr: `Une attente tenue vaut ${num(rules.expectationLevels.met, "fr")}, tenue en retard ${num(rules.expectationLevels.late, "fr")}, manquée 0 ; une attente dont le délai n'a pas commencé n'est pas évaluée.`,
      en: `An expectation met is worth ${rules.expectationLevels.met}, met late ${rules.expectationLevels.late}, missed 0; one whose clock never started is not assessed.` },
    { fr: `Moyenne d'une compétence : ${pct} % pour les attentes du scénario, ${100 - pct} % pour les indicateurs génériques (l'une seule quand l'autre manque). Niveau : ≥ ${num(t1, "fr")} en cours d'acquisition, ≥ ${num(t2, "fr")} acquis, ≥ ${num(t3, "fr")} maîtrisé.`,
      en: `A competency's mean: ${pct}% for the scenario's expectations, ${100 - pct}% for the generic indicators (either alone when the other is missing). Level: ≥ ${t1} being acquired, ≥ ${t2} acquired, ≥ ${t3} mastered.` },
    { fr: `★ Un élément critique à 0 plafonne la compétence à ${rules.criticalCap} — seulement s'il était visible des joueurs pendant le jeu (dans leurs échéances ou cette grille).`,
      en: `★ A critical item at 0 caps the competency at ${rules.criticalCap} — only if players could see it during the game (in their deadlines or this rubric).` },
    { fr: "Le niveau de la cellule vient de ce que la cellule a obtenu ensemble. Le niveau de chaque étudiant vient seulement de ses propres actions, dans les rôles qu'il tenait : une attente est jugée sur ses actions à lui ; une compétence sans aucune de ses actions est « non évaluée — aucune preuve ». Ce qu'un coéquipier a fait ne lui rapporte ni ne lui coûte rien.",
      en: "The cell's level comes from what the cell achieved together. Each student's level comes only from their own actions, in the roles they held: an expectation is judged on their actions alone; a competency with none of their actions is \"not assessed — no evidence\". What a teammate did neither earns nor costs them anything." },
    { fr: `Approuver la déclaration d'un coéquipier est une validation : elle compte ${Math.round(rules.validation.weight * 100)} % du poids de la rédaction, et au plus le niveau ${rules.validation.maxLevel}.`,
      en: `Approving a teammate's statement is a validation: it weighs ${Math.round(rules.validation.weight * 100)}% of writing it, and brings at most level ${rules.validation.maxLevel}.` },
    { fr: "Une attente remplie en partie par vos actions (par ex. 2 des 3 régimes juridiques) vaut la part remplie ; une action que l'attente proscrit (par ex. une attribution publique hâtive) la met à 0.",
      en: "An expectation partly fulfilled by your actions (e.g. 2 of the 3 legal regimes) is worth the share fulfilled; an action the expectation forbids (e.g. a hasty public attribution) puts it at 0." },
  ];
}

/** The scenario's expectations in words: competency, deadline, weight, ★, responsible roles, legal basis. */
function expectationLines(compiled: CompiledScenario): RubricLine[] {
  return compiled.expectations.map((e) => {
    const text = (lang: Lang) => {
      const start = "at" in e.start ? formatGameTime(e.start.at) : "inject" in e.start
        ? (lang === "fr" ? `la remise de « ${tr(compiled.injects.get(e.start.inject)?.subject, lang)} »` : `the delivery of "${tr(compiled.injects.get(e.start.inject)?.subject, lang)}"`)
        : (lang === "fr" ? `la première action « ${tr(compiled.actions.get(e.start.action)?.source.name, lang)} »` : `the first "${tr(compiled.actions.get(e.start.action)?.source.name, lang)}" action`);
      const parts = [`${tr(e.source.title, lang)}${e.critical ? (e.visible ? " ★" : "") : ""}`];
      if (e.deadline !== undefined) parts.push(lang === "fr" ? `dans les ${minutes(e.deadline / 60, lang)} après ${start}` : `within ${minutes(e.deadline / 60, lang)} of ${start}`);
      if (e.lateUntil !== undefined) parts.push(lang === "fr" ? `en retard jusqu'à ${minutes(e.lateUntil / 60, lang)}` : `late up to ${minutes(e.lateUntil / 60, lang)}`);
      if (e.weight !== 1) parts.push(lang === "fr" ? `poids ${num(e.weight, lang)}` : `weight ${num(e.weight, lang)}`);
      if (e.roles.length) parts.push((lang === "fr" ? "rôles concernés : " : "roles concerned: ") + e.roles.map((r) => tr(compiled.roles.get(r)?.name, lang)).join(", "));
      if (e.source.legal) parts.push((lang === "fr" ? "fondement : " : "basis: ") + tr(e.source.legal, lang));
      if (e.critical && !e.visible) parts.push(lang === "fr" ? "critique mais invisible des joueurs : ne plafonne pas" : "critical but not shown to players: does not cap");
      return parts.join(" ; ") + ".";
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
      return { fr: `${label.fr} : désactivé par ce scénario.`, en: `${label.en}: disabled by this scenario.` };
    }),
    ...(opts.withExpectations === false ? {} : { expectations: expectationLines(compiled) }),
  };
}

/** The level descriptors of the rubric in force, in one language: for the self-assessment form. */
export function descriptorTexts(compiled: CompiledScenario, lang: Lang, rules: ScoringRules = rulesFor(compiled)): Record<Competency, string[]> {
  return Object.fromEntries(Object.entries(rules.descriptors).map(([c, ds]) => [c, ds.map((d) => both(d)[lang])])) as Record<Competency, string[]>;
}
