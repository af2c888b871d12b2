import { z } from "zod";
import { Condition } from "./condition.js";
import { Rubric } from "./rubric.js";
import { Text } from "./text.js";

/**
 * The scenario language: the single source of truth. A scenario is data that
 * an instructor writes in YAML (or JSON); `npm run scenario -- schema` turns
 * this file into scenarios/scenario.schema.json for editors.
 * Times are strings ("T+01:30", "J+1 08:00"; durations "01:30", "90m"); the
 * loader converts them to seconds and reports malformed ones with positions.
 */

export const Id = z.string().regex(/^[a-z][a-z0-9_-]*$/, "identifiant attendu : minuscules, chiffres, - ou _ (ex. « isolate_network »)");
/** A social network account: « @nom ». */
export const Handle = z.string().regex(/^@[A-Za-z0-9_]{1,30}$/, "un compte s'écrit « @nom » (lettres, chiffres, _ ; 30 au plus)");
export const GameTime = z.string().describe("Heure de jeu : « T+01:30 » ou « J+1 08:00 »");
export const Duration = z.string().describe("Durée : « 01:30 », « 90m », « 2h », « 1h30 »");

import { COMPETENCIES, Competency } from "./competency.js";

export { COMPETENCIES, Competency };

export const CHANNEL_KINDS = ["mail", "phone", "sms", "news", "tv", "social", "official", "sitrep", "document", "alert", "leak"] as const;
export const PERSONA_KINDS = ["media", "authority", "state", "attacker", "public", "internal", "partner", "family", "company", "ngo", "other"] as const;
/** Kinds of player output. Every action in the catalogue has one; scoring reads them generically. */
export const ACTION_KINDS = [
  "decision", "statement", "notification", "message", "logbook", "sitrep", "task",
  "stakeholder", "point", "assignment", "hypothesis", "retex", "chat", "other",
] as const;
export const ActionKind = z.enum(ACTION_KINDS);
export type ActionKind = z.infer<typeof ActionKind>;

export const Meta = z.strictObject({
  title: Text,
  summary: Text.optional(),
  languages: z.array(z.enum(["fr", "en"])).min(1).default(["fr"]),
  duration: Duration.describe("Durée de jeu totale (ex. « 72:00 »)"),
  clockStart: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).default("08:00").describe("Heure affichée à T+0 (HH:MM)"),
  speed: z.number().positive().max(1440).default(10).describe("Minutes de jeu par minute réelle, par défaut"),
  realMinutes: z.number().positive().optional().describe("Durée réelle visée en classe (minutes)"),
  competencies: z.array(Competency).min(1),
  audience: Text.optional(),
  authors: z.array(z.string()).optional(),
  tutorial: z.boolean().default(false),
});

export const Role = z.strictObject({
  id: Id,
  name: Text,
  description: Text.optional(),
  responsibilities: z.array(Text).default([]),
  competencies: z.array(Competency).default([]),
  required: z.boolean().default(false).describe("Le rôle doit être tenu pour démarrer"),
  fallback: Id.optional().describe("Rôle qui reçoit le trafic quand celui-ci est vacant"),
});
export type Role = z.infer<typeof Role>;

export const Place = z.strictObject({
  id: Id,
  name: Text,
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});

export const Persona = z.strictObject({
  id: Id,
  name: Text,
  kind: z.enum(PERSONA_KINDS),
  description: Text.optional(),
  place: Id.optional().describe("Lieu sur la carte"),
  authority: z.boolean().default(false).describe("Autorité que l'on peut notifier"),
  handle: Handle.optional()
    .describe("Compte sur les réseaux sociaux (ex. « @CyberVeilleFR ») ; par défaut « @ » suivi de l'identifiant"),
});
export type Persona = z.infer<typeof Persona>;

export const Channel = z.strictObject({
  id: Id,
  kind: z.enum(CHANNEL_KINDS),
  name: Text,
});
export type Channel = z.infer<typeof Channel>;

export const Threshold = z.strictObject({
  id: Id,
  below: z.number().optional(),
  above: z.number().optional(),
  label: Text,
  severity: z.enum(["info", "warning", "critical"]).default("warning"),
}).refine((t) => (t.below === undefined) !== (t.above === undefined), { message: "un seuil a soit `below`, soit `above`" });

export const Gauge = z.strictObject({
  id: Id,
  name: Text,
  min: z.number().default(0),
  max: z.number().default(100),
  initial: z.number(),
  visible: z.boolean().default(true).describe("Montrée aux joueurs"),
  thresholds: z.array(Threshold).default([]),
  worse: z.enum(["low", "high"]).optional()
    .describe("Le sens où la situation s'aggrave : « low » (confiance, continuité) ou « high » (exposition juridique, tension) ; par défaut déduit des seuils (tous en `above` → « high »)"),
});
export type Gauge = z.infer<typeof Gauge>;

export const Attachment = z.strictObject({ name: Text, body: Text });

export const VOLUME_SHAPES = ["linear", "exponential", "logistic", "step"] as const;
/**
 * How an inject's audience (shares, views) grows after its delivery: from
 * `from` to `to` over `over`, along `shape`, then stays at `to`. `linear` and
 * `step` may fall (`to` below `from`); `exponential` and `logistic` only grow.
 * A `volume` effect scales what is still to come (0.5 halves it).
 */
export const Volume = z.strictObject({
  from: z.number().min(0).describe("Volume à la remise"),
  to: z.number().min(0).describe("Volume atteint au bout de `over`"),
  over: Duration.describe("Durée de la montée (HH:MM)"),
  shape: z.enum(VOLUME_SHAPES).default("linear")
    .describe("linear : régulière ; exponential : lente puis explosive ; logistic : en S (démarre, s'emballe, plafonne) ; step : d'un coup à la fin"),
});
export type Volume = z.infer<typeof Volume>;

/**
 * A phone call: it rings for `ring` (game time) at the roles it is addressed
 * to (or `answer`), one of them picks up (a logged `answer_call` action) and
 * the conversation unfolds line by line; unanswered, it becomes a voicemail.
 * Conditions read it with `call: { inject, status: answered | missed }`.
 */
export const Call = z.strictObject({
  ring: Duration.describe("Durée de sonnerie (temps de jeu) avant que l'appel soit manqué"),
  answer: z.array(Id).min(1).optional().describe("Rôles qui peuvent décrocher ; par défaut les destinataires"),
  lines: z.array(z.strictObject({
    by: z.enum(["caller", "cell"]).default("caller").describe("caller : l'appelant ; cell : ce que la cellule répond"),
    text: Text,
  })).min(1).describe("La conversation, réplique par réplique"),
  voicemail: Text.optional().describe("Message laissé sur la messagerie quand l'appel est manqué ; par défaut la première réplique"),
});
export type Call = z.infer<typeof Call>;


const EFFECT_KEYS = ["inject", "gauge", "phase", "cancel", "end", "speed", "volume"] as const;
/** What a trigger, an action or entering a phase does. Exactly one key. */
export const Effect = z.strictObject({
  inject: Id.optional(),
  delay: Duration.optional().describe("Avec `inject` : délai avant la remise"),
  gauge: z.strictObject({ id: Id, add: z.number().optional(), set: z.number().optional() })
    .refine((g) => (g.add === undefined) !== (g.set === undefined), { message: "une jauge reçoit soit `add`, soit `set`" }).optional(),
  phase: Id.optional(),
  cancel: Id.optional().describe("Annule un inject en attente"),
  end: z.union([z.literal(true), Text]).optional().describe("Termine la session (avec un texte : l'issue)"),
  speed: z.number().positive().max(1440).optional().describe("Nouvelle vitesse (minutes de jeu par minute réelle)"),
  volume: z.strictObject({
    inject: Id.describe("Inject dont la courbe de volume change"),
    scale: z.number().min(0).max(100).describe("Multiplie la croissance encore à venir (0.5 la divise par deux, 0 l'arrête)"),
  }).optional().describe("Change la suite d'une courbe de volume (ex. signalement à la plateforme : ×0,5)"),
}).refine((e) => EFFECT_KEYS.filter((k) => k in e).length === 1,
  { message: `un effet a exactement une clé parmi : ${EFFECT_KEYS.join(", ")}` })
  .refine((e) => e.delay === undefined || e.inject !== undefined, { message: "`delay` ne va qu'avec `inject`" });
export type Effect = z.infer<typeof Effect>;

/**
 * A reply deadline carried by an inject (« réponse sous 24 h »): from the
 * delivery, a countdown shown to the roles that received it (only them) and
 * to the instructor. It stops when a recipient replies to the message (or,
 * with `until`, when that condition holds); otherwise, at expiry, the
 * countdown says so, `consequence` tells the players what follows and the
 * `expired` effects play. A bare duration is `{ within: … }`.
 */
export const ReplyDeadline = z.strictObject({
  within: Duration.describe("Délai à partir de la remise (ex. « 24:00 », « 2h »)"),
  label: Text.optional().describe("Ce qui est attendu, en mots (par défaut : l'objet du message)"),
  until: Condition.optional().describe("Ce qui arrête le compte à rebours ; par défaut, une réponse au message par un rôle destinataire"),
  expired: z.array(Effect).default([]).describe("Effets à l'échéance, sans réponse"),
  consequence: Text.optional().describe("Ce qui se passe à l'échéance, dit aux rôles concernés (ex. « La CNIL ouvre une procédure »)"),
});
export type ReplyDeadline = z.infer<typeof ReplyDeadline>;

export const Inject = z.strictObject({
  id: Id,
  at: GameTime.optional().describe("Heure prévue ; sans `at`, l'inject n'arrive que par un déclencheur"),
  channel: Id,
  from: Id.describe("Persona émetteur"),
  to: z.union([z.literal("all"), z.array(Id).min(1)]),
  subject: Text,
  body: Text,
  attachments: z.array(Attachment).default([]),
  reply: z.boolean().default(false).describe("Une réponse est attendue"),
  severity: z.enum(["info", "warning", "critical"]).default("info"),
  place: Id.optional(),
  shares: z.number().int().min(0).optional().describe("Compteur de partages (réseaux sociaux), fixe ; pour un volume qui évolue, `volume`"),
  volume: Volume.optional().describe("Courbe du volume (partages) au fil du temps de jeu depuis la remise"),
  public: z.boolean().default(false).describe("Exposition publique de la crise (presse, réseaux)"),
  deadline: z.union([Duration, ReplyDeadline]).optional()
    .describe("Délai de réponse annoncé (« réponse sous 24 h ») : un compte à rebours montré aux rôles destinataires et à l'animateur"),
  call: Call.optional().describe("Canal téléphone : un appel qui sonne, décroché ou manqué (messagerie)"),
  likes: z.number().min(0).max(100).optional().describe("Réseaux sociaux : mentions « j'aime » par partage (suivent la courbe `volume`) ; 3 par défaut"),
  repost: Id.optional().describe("Réseaux sociaux : ce message relaie (amplifie) cet autre inject"),
});
export type Inject = z.infer<typeof Inject>;

export const Trigger = z.strictObject({
  id: Id,
  when: Condition,
  then: z.array(Effect).default([]).describe("Effets ; un déclencheur d'issue (`branch`) peut n'en avoir aucun"),
  once: z.boolean().default(true).describe("Ne se déclenche qu'une fois ; sinon à chaque fois que la condition redevient vraie"),
  chance: z.number().gt(0).max(1).default(1).describe("Probabilité de déclenchement quand la condition devient vraie (tirage sur la graine de la session)"),
  branch: z.strictObject({
    id: Id, outcome: Id,
    label: Text.optional().describe("L'issue en mots, pour le débriefing (ex. « Attribution publique à l'État X »)"),
    note: Text.optional().describe("Note pédagogique montrée au débriefing quand cette issue a eu lieu"),
    human: z.boolean().default(false).describe("Issue que seul un joueur humain prend : la couverture la signale sans échouer si aucun bot ne l'atteint"),
  }).optional().describe("Point d'embranchement et issue qu'il représente ; un point ne prend qu'une issue par partie (la première dont la condition est vraie)"),
  description: Text.optional(),
}).refine((t) => t.then.length > 0 || t.branch !== undefined, { message: "un déclencheur a au moins un effet dans `then` (seule une issue d'embranchement peut n'en avoir aucun)", path: ["then"] });
export type Trigger = z.infer<typeof Trigger>;

export const PhaseTransition = z.strictObject({ to: Id, when: Condition });
export const Phase = z.strictObject({
  id: Id,
  name: Text,
  description: Text.optional(),
  transitions: z.array(PhaseTransition).default([]),
  onEnter: z.array(Effect).default([]),
  final: z.boolean().default(false),
});
export type Phase = z.infer<typeof Phase>;

/** Parameter types whose `min` / `max` bound the length; for `number`, they bound the value. */
export const TEXT_PARAMS: ReadonlySet<string> = new Set(["text", "longtext", "datetime"]);

/**
 * One field of an action's form. `min` / `max` bound the value of a `number`
 * (with `integer` for whole numbers) and the length, in characters, of a
 * `text`, `longtext` or `datetime`.
 */
export const Param = z.strictObject({
  id: Id,
  label: Text,
  type: z.enum(["text", "longtext", "choice", "multichoice", "number", "persona", "role", "boolean", "datetime"]),
  options: z.array(z.strictObject({ id: Id, label: Text })).optional(),
  required: z.boolean().default(false),
  min: z.number().optional().describe("`number` : valeur minimale ; `text`, `longtext`, `datetime` : longueur minimale (caractères)"),
  max: z.number().optional().describe("`number` : valeur maximale ; `text`, `longtext`, `datetime` : longueur maximale (caractères)"),
  integer: z.boolean().optional().describe("`number` : un entier est attendu"),
}).refine((p) => !["choice", "multichoice"].includes(p.type) || (p.options?.length ?? 0) > 0,
  { message: "un paramètre `choice` ou `multichoice` a des `options`" })
  .refine((p) => (p.min === undefined && p.max === undefined) || p.type === "number" || TEXT_PARAMS.has(p.type),
    { message: "`min` et `max` ne s'appliquent qu'aux paramètres `number` (valeur) et `text`, `longtext`, `datetime` (longueur)" })
  .refine((p) => !TEXT_PARAMS.has(p.type) || ((p.min === undefined || (Number.isInteger(p.min) && p.min >= 0)) && (p.max === undefined || (Number.isInteger(p.max) && p.max > 0))),
    { message: "pour un texte, `min` et `max` sont des longueurs : des entiers (≥ 0 pour `min`, > 0 pour `max`)" })
  .refine((p) => p.min === undefined || p.max === undefined || p.min <= p.max, { message: "`min` doit être inférieur ou égal à `max`" })
  .refine((p) => p.integer === undefined || p.type === "number", { message: "`integer` ne s'applique qu'aux paramètres `number`" });
export type Param = z.infer<typeof Param>;

export const Action = z.strictObject({
  id: Id,
  kind: ActionKind,
  name: Text,
  description: Text.optional(),
  roles: z.union([z.literal("all"), z.array(Id).min(1)]).default("all"),
  channel: Id.optional(),
  to: Id.optional().describe("Persona destinataire (notification, message)"),
  approval: Id.optional().describe("Rôle qui doit approuver"),
  params: z.array(Param).default([]),
  effects: z.array(Effect).default([]),
  once: z.boolean().default(false).describe("Ne peut être prise qu'une fois"),
  note: Text.optional().describe("Note pédagogique montrée au débriefing quand l'action est citée (ex. pourquoi elle nuit)"),
  group: Text.optional().describe("Regroupe les points de décision à l'écran (ex. « Rançon », « Confinement »)"),
});
export type Action = z.infer<typeof Action>;

export const Level = z.strictObject({ level: z.number().int().min(0).max(3), label: Text.optional() });
export const Expectation = z.strictObject({
  id: Id,
  competency: Competency,
  title: Text,
  description: Text.optional(),
  condition: Condition.describe("Ce qui doit être observé"),
  start: z.union([GameTime, z.strictObject({ inject: Id }), z.strictObject({ action: Id })]).default("T+00:00")
    .describe("Début du délai : une heure, la remise d'un inject ou une action"),
  deadline: Duration.optional().describe("Délai à partir du début"),
  lateUntil: Duration.optional().describe("Au-delà du délai mais avant ce délai : « en retard »"),
  weight: z.number().positive().default(1),
  critical: z.boolean().default(false),
  roles: z.array(Id).default([]).describe("Rôles responsables"),
  legal: Text.optional().describe("Fondement juridique (ex. RGPD art. 33)"),
  visible: z.boolean().default(false).describe("Délai affiché aux joueurs (une attente critique ne plafonne que si elle est visible)"),
  note: Text.optional().describe("Note pédagogique montrée au débriefing quand l'attente n'est pas tenue"),
});
export type Expectation = z.infer<typeof Expectation>;

/**
 * The cell's official account on the social channel and the public's replies
 * to what it posts there: each post draws `count` replies from `replies` with
 * the session's seeded random source, more supportive when `gauge` is on its
 * good side, more hostile when on its bad side (the gauge's `worse`).
 */
export const Social = z.strictObject({
  account: z.strictObject({ name: Text, handle: Handle })
    .describe("Le compte officiel de l'organisation que la cellule représente"),
  gauge: Id.optional().describe("Jauge dont le ton des réponses suit la valeur (ex. confiance)"),
  count: z.number().int().min(1).max(12).default(3).describe("Réponses tirées par publication"),
  spacing: Duration.default("00:05").describe("Temps de jeu entre deux réponses"),
  replies: z.array(z.strictObject({
    tone: z.enum(["supportive", "neutral", "hostile"]),
    handle: Handle,
    text: Text,
  })).min(1).describe("Réponses possibles du public, par ton"),
});
export type Social = z.infer<typeof Social>;

export const EndCondition = z.strictObject({ id: Id, when: Condition, outcome: Text.optional() });
export const DebriefQuestion = z.strictObject({ id: Id, question: Text, competency: Competency.optional() });
export const MapLink = z.strictObject({ from: Id, to: Id, label: Text.optional() });

export const Scenario = z.strictObject({
  $schema: z.string().optional(),
  id: Id,
  version: z.number().int().min(1).default(1),
  meta: Meta,
  roles: z.array(Role).min(1),
  personas: z.array(Persona).default([]),
  channels: z.array(Channel).min(1),
  places: z.array(Place).default([]),
  links: z.array(MapLink).default([]),
  gauges: z.array(Gauge).default([]),
  conditions: z.record(Id, Condition).default({})
    .describe("Conditions nommées, écrites une fois et citées ailleurs par `ref: nom`"),
  phases: z.array(Phase).min(1).describe("La première phase est la phase initiale"),
  injects: z.array(Inject).default([]),
  triggers: z.array(Trigger).default([]),
  actions: z.array(Action).default([]),
  expectations: z.array(Expectation).default([]),
  end: z.array(EndCondition).default([]),
  debrief: z.array(DebriefQuestion).default([]),
  social: Social.optional().describe("Réseaux sociaux : compte officiel de la cellule et réponses du public à ses publications"),
  stakeholders: z.array(Id).default([]).describe("Personas de référence pour la cartographie des acteurs"),
  rubric: Rubric.optional().describe("Règles d'évaluation : réglages de la grille par défaut (indicateurs, poids, plafonds, descripteurs)"),
}).meta({ title: "Scénario Sangfroid", description: "Un scénario de cellule de crise Sangfroid" });
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;
