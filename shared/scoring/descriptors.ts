import type { Competency } from "../scenario/schema.js";
import type { Text } from "../scenario/text.js";

/**
 * What each level of each competency of block 4 looks like in a crisis cell,
 * in the words a student rates themselves with (the self-assessment) and a
 * jury reads. Levels 0 non acquis · 1 en cours d'acquisition · 2 acquis ·
 * 3 maîtrisé. A scenario may replace them (`rubric.descriptors`).
 */
export const DEFAULT_DESCRIPTORS: Readonly<Record<Competency, readonly [Text, Text, Text, Text]>> = {
  "C4.1": [
    { fr: "Je n'ai pas qualifié la situation ni identifié les acteurs en jeu.", en: "I did not qualify the situation or identify the actors involved." },
    { fr: "J'ai relevé des faits et quelques acteurs, sans en qualifier la gravité, les impacts ni le cadre juridique.", en: "I noted facts and some actors, without qualifying severity, impacts or the legal frame." },
    { fr: "J'ai qualifié la situation (gravité, impacts internes, régionaux, internationaux), cartographié les principaux acteurs et nommé les outils juridiques applicables.", en: "I qualified the situation (severity, internal, regional and international impacts), mapped the main actors and named the applicable legal tools." },
    { fr: "J'ai en plus anticipé les évolutions (hypothèses), qualifié l'influence des acteurs et appliqué les bons outils juridiques dans les délais.", en: "I also anticipated developments (hypotheses), qualified the actors' influence and applied the right legal tools on time." },
  ],
  "C4.2": [
    { fr: "Je n'ai pas communiqué, ou j'ai communiqué de façon risquée (attribution hâtive, reprise d'une rumeur).", en: "I did not communicate, or communicated in a risky way (hasty attribution, repeating a rumour)." },
    { fr: "J'ai communiqué tard ou vers une partie seulement des publics, sans circuit de validation.", en: "I communicated late or to only some audiences, without an approval workflow." },
    { fr: "J'ai publié à temps une déclaration d'attente factuelle et informé les publics clés, par une parole unique validée.", en: "I published a factual holding statement on time and informed the key audiences, with a single validated voice." },
    { fr: "J'ai en plus tenu une ligne cohérente dans la durée, contré la désinformation sans l'amplifier et adapté les messages à chaque public.", en: "I also kept a consistent line over time, countered disinformation without amplifying it and adapted messages to each audience." },
  ],
  "C4.3": [
    { fr: "Je n'ai pas contribué à organiser la cellule ni respecté les procédures.", en: "I did not help organise the cell or follow procedures." },
    { fr: "J'ai tenu mon rôle de façon irrégulière ; des échéances obligatoires ou des décisions n'ont pas été tenues ou consignées.", en: "I held my role irregularly; mandatory deadlines or decisions were missed or not recorded." },
    { fr: "J'ai tenu mon rôle, respecté les échéances obligatoires et consigné mes décisions (responsable, justification).", en: "I held my role, met the mandatory deadlines and recorded my decisions (owner, rationale)." },
    { fr: "J'ai en plus mobilisé les bons interlocuteurs (autorités, partenaires) au bon moment et fait vivre le rythme de la cellule.", en: "I also engaged the right counterparts (authorities, partners) at the right time and kept the cell's rhythm." },
  ],
  "C4.4": [
    { fr: "Je n'ai pas évalué la réponse apportée.", en: "I did not evaluate the response." },
    { fr: "J'ai donné des impressions sur la réponse, sans analyse ni propositions.", en: "I gave impressions of the response, without analysis or proposals." },
    { fr: "J'ai rédigé un RETEX complet (faits, analyse, points forts, axes d'amélioration, plan d'action).", en: "I wrote a complete RETEX (facts, analysis, strengths, areas for improvement, action plan)." },
    { fr: "J'ai en plus relié mon analyse aux faits du journal et proposé des actions d'amélioration et de continuité précises (responsable, échéance).", en: "I also tied my analysis to the facts of the log and proposed precise improvement and continuity actions (owner, due date)." },
  ],
};
