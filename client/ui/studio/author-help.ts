import { DEFAULT_DESCRIPTORS } from "../../../shared/scoring/descriptors.js";
import { COMPETENCIES, type Competency } from "../../../shared/scenario/competency.js";
import { getLang, tx } from "../../i18n/index.js";
import { h } from "../dom.js";
import { st } from "./text.js";

/**
 * The author's help beside the editor: the four competencies of block 4 in
 * the programme's own wording (French, the programme's language; an English
 * rendering for English readers), and the default rubric's four levels for
 * each — what a student's level is judged on unless the file's `rubric:`
 * replaces them. Folded by default, one disclosure per competency.
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

export function authorHelp(): HTMLElement {
  const lang = getLang();
  return h("details", { class: "studio-help", "data-author-help": "" },
    h("summary", null, st("helpTitle")),
    h("p", { class: "hint" }, st("helpIntro")),
    ...COMPETENCIES.map((c) => h("details", { class: "studio-help-competency" },
      h("summary", null, c),
      h("p", { lang: "fr" }, OFFICIAL[c].fr),
      lang === "en" ? h("p", { class: "muted" }, OFFICIAL[c].en) : null,
      h("p", null, h("strong", null, st("helpLevels"))),
      h("ol", { class: "studio-help-levels", start: 0 }, ...DEFAULT_DESCRIPTORS[c].map((d) => h("li", null, tx(d)))))));
}
