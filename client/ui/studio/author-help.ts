import type { CompiledScenario } from "../../../shared/engine/compiled.js";
import { DEFAULT_DESCRIPTORS } from "../../../shared/scoring/descriptors.js";
import { descriptorTexts, rubricText } from "../../../shared/scoring/rubric-text.js";
import { COMPETENCIES, type Competency } from "../../../shared/scenario/competency.js";
import { getLang, t, tx } from "../../i18n/index.js";
import { h } from "../dom.js";
import { rubricCompetencyLines, rubricGeneralLines } from "../explained.js";
import { st } from "./text.js";

/**
 * The author's help beside the editor: the four competencies of block 4 in
 * the programme's own wording (French, the programme's language; an English
 * rendering for English readers), the rubric's four levels for each, and,
 * for the scenario being edited, every rule that moves its score — the
 * generic indicators as the file re-weights or re-times them and its own
 * expectations, with weights, deadlines and thresholds, by the names the
 * file gives. Those words are the rubric's own (shared/scoring/rubric-text.ts,
 * drawn as the debrief draws them: explained.ts), so the author reads what
 * the jury and the players will. Redrawn from each valid text, only while
 * the help is open. Folded by default, one disclosure per competency.
 */
const OFFICIAL: Record<Competency, { fr: string; en: string }> = {
  "C4.1": {
    fr: "Analyser et cartographier les crises (dont cyber) en identifiant leurs conséquences internes, régionales et internationales ainsi que les acteurs, facteurs de déstabilisation et sources de communication pour anticiper et proposer une politique de prévention avec ses outils juridiques.",
    en: "Analyse and map crises (including cyber), identifying their internal, regional and international consequences as well as the actors, destabilising factors and communication sources, in order to anticipate and propose a prevention policy with its legal tools.",
  },
  "C4.2": {
    fr: "Construire un plan de communication institutionnelle et de gestion de crise adapté au contexte médiatique et aux risques, en identifiant les outils appropriés pour diffuser les informations vers les acteurs cibles et limiter toute déstabilisation via les réseaux sociaux.",
    en: "Build an institutional communication and crisis management plan suited to the media context and the risks, identifying the right tools to get information to the target actors and limit any destabilisation through social networks.",
  },
  "C4.3": {
    fr: "Formaliser des procédures de gestion de crise conformes aux plans publics nationaux/internationaux, organiser et coordonner une cellule de crise en mobilisant les bonnes personnes, définissant leurs responsabilités et assurant la formation aux procédures à tous les niveaux de l'organisation.",
    en: "Formalise crisis management procedures in line with national/international public plans, organise and coordinate a crisis cell by engaging the right people, defining their responsibilities and training every level of the organisation in the procedures.",
  },
  "C4.4": {
    fr: "Évaluer les réponses apportées (outils, communication, coordination) pour proposer des processus d'amélioration, actualiser les scénarii et garantir la résilience et la continuité des activités de l'organisation.",
    en: "Evaluate the responses given (tools, communication, coordination) to propose improvement processes, update the scenarios and ensure the organisation's resilience and business continuity.",
  },
};

export interface AuthorHelp {
  el: HTMLElement;
  /** The scenario as last compiled from a valid text: its rules replace the previous ones (drawn when the help is open). */
  update(compiled: CompiledScenario): void;
}

export function authorHelp(): AuthorHelp {
  const lang = getLang();
  const levels = new Map<Competency, HTMLElement>();
  const moves = new Map<Competency, HTMLElement>();
  const general = h("div", { "data-help-general": "" }, h("p", { class: "muted" }, st("helpWaiting")));
  const el = h("details", { class: "studio-help", "data-author-help": "" },
    h("summary", null, st("helpTitle")),
    h("p", { class: "hint" }, st("helpIntro")),
    ...COMPETENCIES.map((c) => {
      levels.set(c, h("ol", { class: "studio-help-levels", start: 0 }, ...DEFAULT_DESCRIPTORS[c].map((d) => h("li", null, tx(d)))));
      moves.set(c, h("div", { class: "studio-help-moves", "data-help-moves": c }, h("p", { class: "muted" }, st("helpWaiting"))));
      return h("details", { class: "studio-help-competency", "data-help-competency": c },
        h("summary", null, `${c} — ${t(`comp.${c}` as never)}`),
        h("p", { lang: "fr" }, OFFICIAL[c].fr),
        lang === "en" ? h("p", { class: "muted" }, OFFICIAL[c].en) : null,
        h("p", null, h("strong", null, st("helpLevels"))),
        levels.get(c)!,
        h("p", null, h("strong", null, st("helpMoves"))),
        moves.get(c)!);
    }),
    h("details", { class: "studio-help-competency" }, h("summary", null, st("helpGeneral")), general));
  let pending: CompiledScenario | undefined;
  const draw = () => {
    if (!pending || !el.open) return;
    const compiled = pending;
    pending = undefined;
    const r = rubricText(compiled);
    const inForce = descriptorTexts(compiled, lang);
    for (const c of COMPETENCIES) {
      levels.get(c)!.replaceChildren(...inForce[c].map((d) => h("li", null, d)));
      const lines = rubricCompetencyLines(r, c, "h3");
      moves.get(c)!.replaceChildren(...(lines.length ? lines : [h("p", { class: "muted" }, st("helpNothing"))]));
    }
    const { general: rules, disabled } = rubricGeneralLines(r);
    general.replaceChildren(rules, ...(disabled ? [h("h3", null, t("rubric.disabled")), disabled] : []));
  };
  el.addEventListener("toggle", draw);
  return { el, update(compiled) { pending = compiled; draw(); } };
}
