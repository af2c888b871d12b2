import { z } from "zod";

/**
 * The condition language: small, declarative, validated, never code.
 * A condition is an object with exactly one key, written in YAML like
 *
 *   when:
 *     all:
 *       - after: "T+01:00"
 *       - not: { action: { id: isolate_network } }
 *       - gauge: { id: trust, below: 30 }
 *
 * States (true or false now, whatever happened before):
 * - all / any: lists of conditions; not: one condition;
 * - before: absolute game time ("T+01:00", "J+1 08:00");
 * - gauge: a gauge's current value compared with a bound;
 * - phase: the current phase is this one (or one of these);
 * - expectation: an expectation has this status;
 * - role: a role is staffed (held by at least one player), or vacant;
 * - volume: an inject's volume curve (shares) compared with a bound, now;
 * - call: a phone call (an inject with `call:`) was answered (optionally by
 *   a role) within its ringing time, or missed (event: at the end of it).
 *
 * Events (once true, true for ever; each has a moment in the log's order):
 * - after: absolute game time reached;
 * - action: a player action has been taken (by id or kind, optionally by a
 *   role, with parameter values, with at least N lines in a text field, in a
 *   time window, `since` an inject or an event, at least `count` times);
 * - delivered: an inject has been delivered (optionally at least `for` ago);
 * - branch: a branch point took this outcome (or any outcome);
 * - sequence: events in this order (each counted only after the previous one),
 *   optionally all `within` a duration;
 * - first: the first listed event happened before every other one listed;
 * - elapsed: at least `for` has passed since an event;
 * - ref: a named condition of the scenario's `conditions:` map.
 */

const Id = z.string().regex(/^[a-z][a-z0-9_-]*$/, "identifiant attendu : minuscules, chiffres, - ou _ (ex. « isolate_network »)");

export const ActionMatch = z.strictObject({
  id: Id.optional().describe("Identifiant d'une action du catalogue"),
  kind: z.string().optional().describe("Type d'action (decision, statement, notification, message, logbook, sitrep, task, stakeholder, retex, chat…)"),
  role: z.union([Id, z.array(Id).min(1)]).optional().describe("Rôle(s) qui doivent l'avoir prise"),
  where: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])).optional()
    .describe("Valeurs de paramètres exigées ; une liste accepte l'une des valeurs"),
  before: z.string().optional().describe("Avant cette heure de jeu (T+HH:MM)"),
  after: z.string().optional().describe("Après cette heure de jeu (T+HH:MM)"),
  since: z.union([Id, z.lazy(() => Condition)]).optional()
    .describe("Seulement après la remise de cet inject, ou après cet événement (une condition : action, branch, sequence…)"),
  within: z.string().optional().describe("Avec `since` : au plus tard cette durée après la remise ou l'événement (HH:MM)"),
  count: z.number().int().min(1).optional().describe("Nombre minimal d'occurrences (1 par défaut ; avec `since`, comptées depuis l'événement)"),
  lines: z.record(Id, z.number().int().min(1)).optional()
    .describe("Au moins ce nombre de lignes non vides dans ces champs de texte (ex. RETEX : `lines: { plan: 3 }`)"),
}).refine((a) => a.id !== undefined || a.kind !== undefined, { message: "une condition d'action nomme `id` ou `kind`" });
export interface ActionMatch {
  id?: string; kind?: string; role?: string | string[];
  where?: Record<string, string | number | boolean | string[]>;
  before?: string; after?: string; since?: string | Condition; within?: string; count?: number; lines?: Record<string, number>;
}

/** The bounds a gauge or a volume is compared with. */
const BOUNDS = { below: z.number().optional(), above: z.number().optional(), atMost: z.number().optional(), atLeast: z.number().optional() };

export const GaugeMatch = z.strictObject({
  id: Id,
  ...BOUNDS,
}).refine((g) => [g.below, g.above, g.atMost, g.atLeast].some((v) => v !== undefined),
  { message: "une condition de jauge donne below, above, atMost ou atLeast" });
export type GaugeMatch = z.infer<typeof GaugeMatch>;

export const DeliveredMatch = z.union([
  Id,
  z.strictObject({ inject: Id, for: z.string().optional().describe("Depuis au moins cette durée (HH:MM)") }),
]);

export const ExpectationMatch = z.strictObject({
  id: Id,
  status: z.enum(["met", "late", "missed", "pending"]),
});

export const RoleMatch = z.strictObject({ id: Id, staffed: z.boolean().default(true) });

export const BranchMatch = z.strictObject({
  id: Id.describe("Point d'embranchement (`branch.id` des déclencheurs)"),
  outcome: z.union([Id, z.array(Id).min(1)]).optional().describe("L'issue prise (ou l'une de ces issues) ; sans `outcome` : une issue quelconque a été prise"),
});

export const VolumeMatch = z.strictObject({
  inject: Id.describe("Inject dont la courbe de volume (`volume:`) est lue"),
  ...BOUNDS,
}).refine((g) => [g.below, g.above, g.atMost, g.atLeast].some((v) => v !== undefined),
  { message: "une condition de volume donne below, above, atMost ou atLeast" });

export const CallMatch = z.strictObject({
  inject: Id.describe("Inject de téléphone qui a un bloc `call:`"),
  status: z.enum(["answered", "missed"]).describe("answered : décroché pendant la sonnerie ; missed : personne n'a décroché (messagerie)"),
  role: z.union([Id, z.array(Id).min(1)]).optional().describe("Avec `answered` : décroché par ce(s) rôle(s)"),
});
export type CallMatch = z.infer<typeof CallMatch>;

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { after: string }
  | { before: string }
  | { action: ActionMatch }
  | { gauge: GaugeMatch }
  | { phase: string | string[] }
  | { delivered: z.infer<typeof DeliveredMatch> }
  | { expectation: z.infer<typeof ExpectationMatch> }
  | { role: z.infer<typeof RoleMatch> }
  | { branch: z.infer<typeof BranchMatch> }
  | { volume: z.infer<typeof VolumeMatch> }
  | { call: CallMatch }
  | { sequence: Condition[] | { of: Condition[]; within?: string } }
  | { first: Condition[] }
  | { elapsed: { since: Condition; for: string } }
  | { ref: string };

export const CONDITION_KEYS = [
  "all", "any", "not", "after", "before", "action", "gauge", "phase", "delivered", "expectation", "role",
  "branch", "volume", "call", "sequence", "first", "elapsed", "ref",
] as const;

/**
 * One object whose keys are all optional, refined to "exactly one key": the
 * errors then read "Unrecognized key: foo" or "exactly one of …", which an
 * author understands, instead of a union's wall of alternatives.
 */
export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.strictObject({
    all: z.array(Condition).min(1).optional(),
    any: z.array(Condition).min(1).optional(),
    not: Condition.optional(),
    after: z.string().optional(),
    before: z.string().optional(),
    action: ActionMatch.optional(),
    gauge: GaugeMatch.optional(),
    phase: z.union([Id, z.array(Id).min(1)]).optional(),
    delivered: DeliveredMatch.optional(),
    expectation: ExpectationMatch.optional(),
    role: RoleMatch.optional(),
    branch: BranchMatch.optional(),
    volume: VolumeMatch.optional(),
    call: CallMatch.optional(),
    sequence: z.union([
      z.array(Condition).min(2),
      z.strictObject({
        of: z.array(Condition).min(2),
        within: z.string().optional().describe("Toute la suite tient dans cette durée, depuis le premier événement (HH:MM)"),
      }),
    ]).optional().describe("Des événements dans cet ordre : chacun n'est compté qu'après le précédent"),
    first: z.array(Condition).min(2).optional().describe("Le premier événement de la liste a eu lieu avant tous les autres (qui peuvent ne jamais avoir lieu)"),
    elapsed: z.strictObject({
      since: Condition,
      for: z.string().describe("Durée écoulée depuis (HH:MM)"),
    }).optional().describe("Au moins cette durée s'est écoulée depuis un événement"),
    ref: Id.optional().describe("Une condition nommée de la section `conditions:`"),
  }).refine((c) => Object.keys(c).length === 1, {
    message: `une condition a exactement une clé parmi : ${CONDITION_KEYS.join(", ")}`,
  }) as unknown as z.ZodType<Condition>,
).meta({ id: "Condition", description: `Condition : un objet à une seule clé (${CONDITION_KEYS.join(", ")}).` });

/** The members of a `sequence`, whichever form it takes. */
export function sequenceOf(s: Extract<Condition, { sequence: unknown }>["sequence"]): Condition[] {
  return Array.isArray(s) ? s : s.of;
}

/**
 * The direct sub-conditions of `c`, each with its key path below `c` and its
 * polarity: `not` flips it; in `first`, the members after the first are
 * events that must NOT come before it (negative).
 */
export function childConditions(c: Condition): { c: Condition; path: (string | number)[]; negated: boolean }[] {
  if ("all" in c) return c.all.map((x, i) => ({ c: x, path: ["all", i], negated: false }));
  if ("any" in c) return c.any.map((x, i) => ({ c: x, path: ["any", i], negated: false }));
  if ("not" in c) return [{ c: c.not, path: ["not"], negated: true }];
  if ("sequence" in c) {
    const of = sequenceOf(c.sequence);
    return of.map((x, i) => ({ c: x, path: Array.isArray(c.sequence) ? ["sequence", i] : ["sequence", "of", i], negated: false }));
  }
  if ("first" in c) return c.first.map((x, i) => ({ c: x, path: ["first", i], negated: i > 0 }));
  if ("elapsed" in c) return [{ c: c.elapsed.since, path: ["elapsed", "since"], negated: false }];
  if ("action" in c && c.action.since !== undefined && typeof c.action.since === "object") {
    return [{ c: c.action.since, path: ["action", "since"], negated: false }];
  }
  return [];
}

/** Walk every sub-condition (pre-order), with its polarity. */
export function walkCondition(c: Condition, visit: (c: Condition, negated: boolean) => void, negated = false): void {
  visit(c, negated);
  for (const k of childConditions(c)) walkCondition(k.c, visit, k.negated ? !negated : negated);
}
