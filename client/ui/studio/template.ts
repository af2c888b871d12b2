/**
 * The guided template of a new scenario: what the smallest playable file
 * holds — metadata, two roles, a persona and a channel, one phase, a first
 * inject and one expectation tied to a competency —, each part explained in a
 * comment that says what to change. It is valid as it is (template.test.ts
 * loads it with the engine's own loader), so the editor shows no problem from
 * the first keystroke; the author edits from there.
 */
export const TEMPLATE_FILENAME = "nouveau-scenario.yaml";

export const SCENARIO_TEMPLATE = `# Nouveau scénario — modèle guidé. Chaque bloc dit ce qu'il décrit ; changez les textes,
# gardez la structure. Le panneau « Aide à l'auteur » rappelle les compétences C4.1–C4.4.
id: nouveau-scenario
version: 1
meta:
  # Le titre, la durée de jeu (heures:minutes) et l'heure de départ de l'horloge du scénario.
  title: Nouveau scénario
  summary: Une cellule de crise reçoit un premier signalement et doit informer le public.
  duration: "02:00"
  clockStart: "08:00"
  # Les compétences du bloc 4 que ce scénario évalue.
  competencies: [C4.2, C4.3]
# Les rôles tenus par les étudiants ; un rôle requis doit être pris pour démarrer.
roles:
  - id: direction
    name: Direction de crise
    required: true
  - id: communication
    name: Communication
    fallback: direction
# Les interlocuteurs extérieurs qui écrivent à la cellule.
personas:
  - id: prefecture
    name: Préfecture
    kind: authority
    authority: true
# Les canaux par lesquels arrivent les injects.
channels:
  - id: mail
    kind: mail
    name: Messagerie
# Les phases du scénario ; la dernière est finale.
phases:
  - id: alerte
    name: Alerte
    final: true
# Les injects : ce que reçoit la cellule, quand (T+heures:minutes), de qui, pour quels rôles.
injects:
  - id: premier-signalement
    at: "T+00:05"
    channel: mail
    from: prefecture
    to: [direction, communication]
    subject: Incident signalé
    body: Un incident vient d'être signalé sur le site. Tenez-nous informés.
# Les attentes : ce que la cellule doit faire, dans quel délai, pour quelle compétence.
expectations:
  - id: declaration
    competency: C4.2
    title: Publier une déclaration d'attente
    condition:
      action: { kind: statement }
    start: { inject: premier-signalement }
    deadline: "00:45"
    roles: [communication]
`;
