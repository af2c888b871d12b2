import { createI18n } from "../../shared/i18n/index.js";

/**
 * The report's texts that count something, on the product's one i18n
 * mechanism (shared/i18n, i18next plurals: `_one` / `_other` by `count`, the
 * number written the reader's way). The fixed labels below are plain data.
 */
const counted = createI18n({
  fr: {
    "report.chartHint_one": "Chaque jauge en % de son étendue (bandes : ses seuils) ; {count, number} repère : injects reçus, décisions, déclarations, notifications, SITREP, embranchements, phases. Le détail est en section 2.",
    "report.chartHint_other": "Chaque jauge en % de son étendue (bandes : ses seuils) ; {count, number} repères : injects reçus, décisions, déclarations, notifications, SITREP, embranchements, phases. Le détail est en section 2.",
    "report.moreEvidence_one": "… et {count, number} autre preuve",
    "report.moreEvidence_other": "… et {count, number} autres preuves",
    "report.truncated_one": "… et {count, number} autre événement (voir l'export du journal).",
    "report.truncated_other": "… et {count, number} autres événements (voir l'export du journal).",
    "report.moreSessions_one": "… {count, number} autre session : voir les pages par compétence",
    "report.moreSessions_other": "… {count, number} autres sessions : voir les pages par compétence",
  },
  en: {
    "report.chartHint_one": "Each gauge as a % of its range (bands: its thresholds); {count, number} marker: injects received, decisions, statements, notifications, SITREPs, branch outcomes, phases. Details in section 2.",
    "report.chartHint_other": "Each gauge as a % of its range (bands: its thresholds); {count, number} markers: injects received, decisions, statements, notifications, SITREPs, branch outcomes, phases. Details in section 2.",
    "report.moreEvidence_one": "… and {count, number} more piece of evidence",
    "report.moreEvidence_other": "… and {count, number} more pieces of evidence",
    "report.truncated_one": "… and {count, number} more event (see the journal export).",
    "report.truncated_other": "… and {count, number} more events (see the journal export).",
    "report.moreSessions_one": "… {count, number} more session: see the pages per competency",
    "report.moreSessions_other": "… {count, number} more sessions: see the pages per competency",
  },
});
const t = (lng: "fr" | "en", key: string, count: number) => counted.t(key, { lng, count });

/** Every fixed text of the RETEX report and of the CSV, French first. */
export const LABELS = {
  fr: {
    chartTitle: "La crise au fil du temps", glanceTitle: "Niveaux en un coup d'œil",
    chartHint: (n: number) => t("fr", "report.chartHint", n),
    glanceHint: "● niveau calculé · □ niveau retenu par le jury (s'il diffère) · △ auto-évaluation · — non évalué (aucune preuve) ; niveaux de 0 non acquis à 3 maîtrisé.",
    title: "Retour d'expérience (RETEX)", cell: "Cellule", session: "Session", generated: "Généré le", pseudo: "Noms pseudonymisés",
    context: "1. Contexte et objectifs", facts: "2. Faits — chronologie", analysis: "3. Analyse — attendu et réalisé",
    strengths: "4. Points forts", improvements: "5. Axes d'amélioration", plan: "6. Plan d'action",
    retex: "7. RETEX rédigés par les étudiants", selfAssessment: "8. Auto-évaluations", overrides: "9. Révisions des évaluateurs",
    annexStudents: "Annexe A — Niveaux de chaque étudiant, sur ses propres preuves", annexRoles: "Annexe B — Niveaux par rôle",
    rubric: "Annexe C — Grille d'évaluation en vigueur",
    scenario: "Scénario", duration: "Durée de jeu", roles: "Rôles", competencies: "Compétences visées", objectives: "Objectifs (attentes des évaluateurs)",
    ended: "Fin de session", notEnded: "session non terminée", none: "Rien à signaler.", noTime: "—",
    deadline: "échéance", afterEnd: "après la fin", opened: "ouverte", resolved: "réglée", legal: "fondement", rule: "Règle",
    byPlayers: "étudiant", byEvaluators: "évaluateur", observations: "Observations des évaluateurs",
    computed: "calculé", final: "retenu", justification: "justification",
    disagreement: "désaccord", revised: "révisé",
    levelsGrid: "Niveaux par compétence : la cellule et chaque étudiant (ses propres preuves)", student: "Étudiant",
    cellLevel: "La cellule", studentLevels: "Chaque étudiant", causes: "Causes", note: "Note pédagogique",
    moreEvidence: (n: number) => t("fr", "report.moreEvidence", n),
    truncated: (n: number) => t("fr", "report.truncated", n),
    page: (i: number, n: number) => `page ${i} / ${n}`,
    noRetex: "Aucun RETEX rédigé.", emptySection: "non renseigné", noSelfAssessment: "Aucune auto-évaluation.",
    declared: "déclaré", gap: "écart", noOverride: "Aucune révision : les niveaux retenus sont les niveaux calculés.",
    heldRoles: "Rôles tenus", inRole: "Dans le rôle", players: "Tenu par",
    scopes: { cell: "Cellule", role: "Rôle", student: "Étudiant" },
    status: { running: "démarrée", paused: "en pause", ended: "terminée", lobby: "ouverte" },
    kinds: { delivery: "Inject", decision: "Décision", statement: "Déclaration", notification: "Notification", phase: "Phase", status: "Session", sitrep: "SITREP", branch: "Embranchement", message: "Message", point: "Point de situation", assignment: "Organisation" },
    notAssessed: "non évalué", noEvidence: "non évalué — aucune preuve",
    levelStatus: { computed: "calculé", override: "révisé", agreed: "révisé (accord)", disagreement: "désaccord" },
    sep: " : ", basis: "sur",
    moreSessions: (n: number) => t("fr", "report.moreSessions", n),
    yes: "oui", no: "non", rubricGeneral: "Règles générales", rubricIndicators: "Indicateurs génériques", rubricDisabled: "Indicateurs désactivés", rubricExpectations: "Attentes du scénario",
  },
  en: {
    chartTitle: "The crisis over time", glanceTitle: "Levels at a glance",
    chartHint: (n: number) => t("en", "report.chartHint", n),
    glanceHint: "● computed level · □ level retained by the jury (when different) · △ self-assessment · — not assessed (no evidence); levels from 0 not acquired to 3 mastered.",
    title: "After-action review (RETEX)", cell: "Cell", session: "Session", generated: "Generated on", pseudo: "Pseudonymised names",
    context: "1. Context and objectives", facts: "2. Facts — chronology", analysis: "3. Analysis — expected and actual",
    strengths: "4. Strengths", improvements: "5. Areas for improvement", plan: "6. Action plan",
    retex: "7. RETEX written by the students", selfAssessment: "8. Self-assessments", overrides: "9. Evaluators' overrides",
    annexStudents: "Annex A — Each student's levels, on their own evidence", annexRoles: "Annex B — Levels per role",
    rubric: "Annex C — The rubric in force",
    scenario: "Scenario", duration: "Game duration", roles: "Roles", competencies: "Targeted competencies", objectives: "Objectives (assessors' expectations)",
    ended: "End of session", notEnded: "session not ended", none: "Nothing to report.", noTime: "—",
    deadline: "deadline", afterEnd: "after the end", opened: "opened", resolved: "settled", legal: "legal basis", rule: "Rule",
    byPlayers: "student", byEvaluators: "evaluator", observations: "Evaluators' observations",
    computed: "computed", final: "final", justification: "justification",
    disagreement: "disagreement", revised: "overridden",
    levelsGrid: "Levels per competency: the cell and each student (their own evidence)", student: "Student",
    cellLevel: "The cell", studentLevels: "Each student", causes: "Causes", note: "Teaching note",
    moreEvidence: (n: number) => t("en", "report.moreEvidence", n),
    truncated: (n: number) => t("en", "report.truncated", n),
    page: (i: number, n: number) => `page ${i} / ${n}`,
    noRetex: "No RETEX written.", emptySection: "not filled in", noSelfAssessment: "No self-assessment.",
    declared: "declared", gap: "gap", noOverride: "No override: the final levels are the computed ones.",
    heldRoles: "Roles held", inRole: "In the role", players: "Held by",
    scopes: { cell: "Cell", role: "Role", student: "Student" },
    status: { running: "started", paused: "paused", ended: "ended", lobby: "open" },
    kinds: { delivery: "Inject", decision: "Decision", statement: "Statement", notification: "Notification", phase: "Phase", status: "Session", sitrep: "SITREP", branch: "Branch", message: "Message", point: "Situation briefing", assignment: "Organisation" },
    notAssessed: "not assessed", noEvidence: "not assessed — no evidence",
    levelStatus: { computed: "computed", override: "overridden", agreed: "overridden (agreed)", disagreement: "disagreement" },
    sep: ": ", basis: "on",
    moreSessions: (n: number) => t("en", "report.moreSessions", n),
    yes: "yes", no: "no", rubricGeneral: "General rules", rubricIndicators: "Generic indicators", rubricDisabled: "Disabled indicators", rubricExpectations: "The scenario's expectations",
  },
} as const;

export type ReportLang = keyof typeof LABELS;
export type FactKind = keyof (typeof LABELS)["fr"]["kinds"];
