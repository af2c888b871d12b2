/** Every fixed text of the RETEX report and the CSV headers, French first. */
export const LABELS = {
  fr: {
    title: "Retour d'expérience (RETEX)", cell: "Cellule", session: "Session", generated: "Généré le", pseudo: "Noms pseudonymisés",
    context: "1. Contexte et objectifs", facts: "2. Faits — chronologie", analysis: "3. Analyse — attendu et réalisé",
    strengths: "4. Points forts", improvements: "5. Axes d'amélioration", plan: "6. Plan d'action", annex: "Annexe — niveaux par compétence",
    scenario: "Scénario", duration: "Durée de jeu", roles: "Rôles", competencies: "Compétences visées", objectives: "Objectifs (attentes des évaluateurs)",
    outcome: "Issue", ended: "Fin de session", notEnded: "session non terminée", players: "Joueurs", none: "Rien à signaler.",
    noTime: "—", met: "tenue", late: "en retard", missed: "manquée", partial: "en partie", against: "contrariée", pending: "en cours", notStarted: "à venir",
    deadline: "échéance", start: "début", done: "réalisée", evidence: "preuves", legal: "fondement",
    byPlayers: "joueurs", byEvaluators: "évaluateurs", observations: "Observations des évaluateurs",
    computed: "calculé", final: "retenu", overrides: "Révisions des évaluateurs", justification: "justification",
    disagreement: "désaccord", levelsCell: "Cellule", levelsRoles: "Par rôle", levelsStudents: "Par étudiant",
    truncated: (n: number) => `… et ${n} autres événements (voir l'export du journal).`,
    selfAssessment: "Auto-évaluations", page: (i: number, n: number) => `page ${i} / ${n}`,
    kinds: { delivery: "Inject", decision: "Décision", statement: "Déclaration", notification: "Notification", phase: "Phase", status: "Session", sitrep: "SITREP", branch: "Embranchement", message: "Message", point: "Point de situation", assignment: "Organisation" },
    status: { running: "démarrée", paused: "en pause", ended: "terminée", lobby: "ouverte" },
    levelNames: ["Non acquis", "En cours d'acquisition", "Acquis", "Maîtrisé"], notAssessed: "non évalué",
    endReasons: { phase: "phase finale", duration: "durée de jeu écoulée", instructor: "fin décidée par l'animateur" },
    retexFields: { faits: "Faits", analyse: "Analyse", forts: "Points forts", ameliorations: "Axes d'amélioration", plan: "Plan d'action" },
  },
  en: {
    title: "After-action review (RETEX)", cell: "Cell", session: "Session", generated: "Generated on", pseudo: "Pseudonymised names",
    context: "1. Context and objectives", facts: "2. Facts — chronology", analysis: "3. Analysis — expected and actual",
    strengths: "4. Strengths", improvements: "5. Areas for improvement", plan: "6. Action plan", annex: "Annex — levels per competency",
    scenario: "Scenario", duration: "Game duration", roles: "Roles", competencies: "Targeted competencies", objectives: "Objectives (assessors' expectations)",
    outcome: "Outcome", ended: "End of session", notEnded: "session not ended", players: "Players", none: "Nothing to report.",
    noTime: "—", met: "met", late: "late", missed: "missed", partial: "partly", against: "worked against", pending: "in progress", notStarted: "not yet due",
    deadline: "deadline", start: "start", done: "done", evidence: "evidence", legal: "legal basis",
    byPlayers: "players", byEvaluators: "evaluators", observations: "Evaluators' observations",
    computed: "computed", final: "final", overrides: "Evaluators' overrides", justification: "justification",
    disagreement: "disagreement", levelsCell: "Cell", levelsRoles: "Per role", levelsStudents: "Per student",
    truncated: (n: number) => `… and ${n} more events (see the journal export).`,
    selfAssessment: "Self-assessments", page: (i: number, n: number) => `page ${i} / ${n}`,
    kinds: { delivery: "Inject", decision: "Decision", statement: "Statement", notification: "Notification", phase: "Phase", status: "Session", sitrep: "SITREP", branch: "Branch", message: "Message", point: "Situation briefing", assignment: "Organisation" },
    status: { running: "started", paused: "paused", ended: "ended", lobby: "open" },
    levelNames: ["Not acquired", "Being acquired", "Acquired", "Mastered"], notAssessed: "not assessed",
    endReasons: { phase: "final phase", duration: "game time over", instructor: "ended by the instructor" },
    retexFields: { faits: "Facts", analyse: "Analysis", forts: "Strengths", ameliorations: "Areas for improvement", plan: "Action plan" },
  },
} as const;

export type ReportLang = keyof typeof LABELS;
export type FactKind = keyof (typeof LABELS)["fr"]["kinds"];
