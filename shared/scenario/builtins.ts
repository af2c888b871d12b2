import { Action, type Action as ActionT } from "./schema.js";
import type { ScenarioInput } from "./schema.js";
import { ANSWER_CALL } from "./builtin-ids.js";

export { ANSWER_CALL };

type ActionInput = NonNullable<ScenarioInput["actions"]>[number];

/**
 * Player outputs every scenario offers, whatever its catalogue says: the
 * logbook (main courante), the cell chat, messages to personas, statements,
 * notifications, decision records, tasks, the stakeholder map, SITREPs,
 * points de situation, hypotheses, the RETEX and the self-assessment.
 * A scenario action with the same id replaces the built-in one (to restrict
 * roles or add effects). Scoring reads these kinds generically.
 */
const RAW: ActionInput[] = [
  { id: "logbook", kind: "logbook", name: { fr: "Main courante", en: "Logbook entry" },
    params: [{ id: "text", label: { fr: "Fait, décision ou action", en: "Fact, decision or action" }, type: "longtext", required: true, max: 4000 }] },
  { id: "chat", kind: "chat", name: { fr: "Message à la cellule", en: "Cell chat" },
    params: [{ id: "text", label: { fr: "Message", en: "Message" }, type: "text", required: true, max: 2000 }] },
  { id: "message", kind: "message", name: { fr: "Écrire à un interlocuteur", en: "Write to a contact" },
    params: [
      { id: "to", label: { fr: "Destinataire", en: "To" }, type: "persona", required: true },
      { id: "subject", label: { fr: "Objet", en: "Subject" }, type: "text", max: 200 },
      { id: "text", label: { fr: "Message", en: "Message" }, type: "longtext", required: true, max: 8000 },
    ] },
  { id: "statement", kind: "statement", name: { fr: "Publier une déclaration", en: "Publish a statement" },
    params: [
      { id: "audience", label: { fr: "Public", en: "Audience" }, type: "choice", required: true, options: [
        { id: "external", label: { fr: "Externe (presse, public)", en: "External (press, public)" } },
        { id: "internal", label: { fr: "Interne (personnel)", en: "Internal (staff)" } },
        { id: "partners", label: { fr: "Partenaires et clients", en: "Partners and clients" } },
        { id: "families", label: { fr: "Familles", en: "Families" } },
      ] },
      { id: "medium", label: { fr: "Support", en: "Medium" }, type: "choice", required: true, options: [
        { id: "press", label: { fr: "Communiqué de presse", en: "Press release" } },
        { id: "social", label: { fr: "Réseaux sociaux", en: "Social media" } },
        { id: "website", label: { fr: "Site web", en: "Website" } },
        { id: "intranet", label: { fr: "Intranet / courriel interne", en: "Intranet / internal mail" } },
      ] },
      { id: "title", label: { fr: "Titre", en: "Title" }, type: "text", max: 200 },
      { id: "text", label: { fr: "Texte", en: "Text" }, type: "longtext", required: true, max: 8000 },
    ] },
  { id: "notify", kind: "notification", name: { fr: "Notifier une autorité", en: "Notify an authority" },
    params: [
      { id: "to", label: { fr: "Autorité", en: "Authority" }, type: "persona", required: true },
      { id: "form", label: { fr: "Formulaire / fondement", en: "Form / legal basis" }, type: "text", max: 200 },
      { id: "text", label: { fr: "Contenu", en: "Content" }, type: "longtext", required: true, max: 8000 },
    ] },
  { id: "decision", kind: "decision", name: { fr: "Consigner une décision", en: "Record a decision" },
    params: [
      { id: "title", label: { fr: "Décision", en: "Decision" }, type: "text", required: true, max: 300 },
      { id: "owner", label: { fr: "Responsable", en: "Owner" }, type: "role" },
      { id: "deadline", label: { fr: "Échéance", en: "Deadline" }, type: "text", max: 40 },
      { id: "rationale", label: { fr: "Justification", en: "Rationale" }, type: "longtext", max: 4000 },
    ] },
  { id: "task", kind: "task", name: { fr: "Créer une tâche", en: "Create a task" },
    params: [
      { id: "title", label: { fr: "Tâche", en: "Task" }, type: "text", required: true, max: 300 },
      { id: "owner", label: { fr: "Responsable", en: "Owner" }, type: "role", required: true },
      { id: "due", label: { fr: "Échéance", en: "Due" }, type: "text", max: 40 },
    ] },
  { id: "task_update", kind: "task", name: { fr: "Mettre à jour une tâche", en: "Update a task" },
    params: [
      { id: "task", label: { fr: "Tâche", en: "Task" }, type: "text", required: true, max: 64 },
      { id: "state", label: { fr: "État", en: "State" }, type: "choice", required: true, options: [
        { id: "todo", label: { fr: "À faire", en: "To do" } },
        { id: "doing", label: { fr: "En cours", en: "In progress" } },
        { id: "done", label: { fr: "Fait", en: "Done" } },
      ] },
    ] },
  { id: "stakeholder", kind: "stakeholder", name: { fr: "Cartographier un acteur", en: "Map a stakeholder" },
    params: [
      { id: "actor", label: { fr: "Acteur", en: "Actor" }, type: "persona", required: true },
      { id: "influence", label: { fr: "Influence", en: "Influence" }, type: "choice", required: true, options: [
        { id: "low", label: { fr: "Faible", en: "Low" } },
        { id: "medium", label: { fr: "Moyenne", en: "Medium" } },
        { id: "high", label: { fr: "Forte", en: "High" } },
      ] },
      { id: "scope", label: { fr: "Portée", en: "Scope" }, type: "choice", required: true, options: [
        { id: "internal", label: { fr: "Interne", en: "Internal" } },
        { id: "regional", label: { fr: "Régionale", en: "Regional" } },
        { id: "international", label: { fr: "Internationale", en: "International" } },
      ] },
      { id: "note", label: { fr: "Note", en: "Note" }, type: "text", max: 500 },
    ] },
  { id: "sitrep", kind: "sitrep", name: { fr: "Rédiger un SITREP", en: "Write a SITREP" },
    params: [
      { id: "severity", label: { fr: "Gravité", en: "Severity" }, type: "choice", required: true, options: [
        { id: "low", label: { fr: "Faible", en: "Low" } },
        { id: "medium", label: { fr: "Moyenne", en: "Medium" } },
        { id: "high", label: { fr: "Élevée", en: "High" } },
        { id: "critical", label: { fr: "Critique", en: "Critical" } },
      ] },
      { id: "impacts", label: { fr: "Impacts", en: "Impacts" }, type: "multichoice", options: [
        { id: "internal", label: { fr: "Internes", en: "Internal" } },
        { id: "regional", label: { fr: "Régionaux", en: "Regional" } },
        { id: "international", label: { fr: "Internationaux", en: "International" } },
      ] },
      { id: "legal", label: { fr: "Outils juridiques identifiés", en: "Legal tools identified" }, type: "text", max: 500 },
      { id: "text", label: { fr: "Situation, analyse, actions, besoins", en: "Situation, analysis, actions, needs" }, type: "longtext", required: true, max: 12000 },
    ] },
  { id: "point", kind: "point", name: { fr: "Point de situation", en: "Situation briefing" },
    params: [{ id: "text", label: { fr: "Synthèse", en: "Summary" }, type: "longtext", required: true, max: 4000 }] },
  { id: "hypothesis", kind: "hypothesis", name: { fr: "Hypothèse d'évolution", en: "Scenario hypothesis" },
    params: [{ id: "text", label: { fr: "Hypothèse", en: "Hypothesis" }, type: "longtext", required: true, max: 2000 }] },
  { id: "retex", kind: "retex", name: { fr: "RETEX à chaud", en: "Hot debrief" },
    params: ["faits", "analyse", "forts", "ameliorations", "plan"].map((id) => ({
      id, type: "longtext" as const, max: 8000,
      label: ({ faits: { fr: "Faits", en: "Facts" }, analyse: { fr: "Analyse", en: "Analysis" }, forts: { fr: "Points forts", en: "Strengths" },
        ameliorations: { fr: "Axes d'amélioration", en: "Areas for improvement" }, plan: { fr: "Plan d'action", en: "Action plan" } } as const)[id as "faits"],
    })) },
  { id: "self_assessment", kind: "retex", name: { fr: "Auto-évaluation", en: "Self-assessment" },
    params: ["c41", "c42", "c43", "c44"].map((id) => ({
      id, type: "number" as const, required: true, integer: true, min: 0, max: 3, label: `C4.${id.slice(-1)} (0–3)`,
    })) },
  { id: ANSWER_CALL, kind: "other", name: { fr: "Décrocher", en: "Answer" },
    params: [{ id: "phone_call", label: { fr: "Appel", en: "Call" }, type: "text", required: true, max: 64 }] },
];

export const BUILTIN_ACTIONS: readonly ActionT[] = RAW.map((a) => Action.parse(a));
export const BUILTIN_ACTION_IDS = new Set(BUILTIN_ACTIONS.map((a) => a.id));
/** Actions a player may still take once the session has ended (the debrief). */
export const AFTER_END_ACTIONS = new Set(["retex", "self_assessment", "chat"]);
