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
 * Keys:
 * - all / any: lists of conditions; not: one condition;
 * - after / before: absolute game time ("T+01:00", "J+1 08:00");
 * - action: a player action has been taken (by id or kind, optionally by a
 *   role, with parameter values, within a window, at least `count` times);
 * - gauge: a gauge's current value compared with a bound;
 * - phase: the current phase is this one (or one of these);
 * - delivered: an inject has been delivered (optionally at least `for` ago);
 * - expectation: an expectation has this status;
 * - role: a role is staffed (held by at least one player), or vacant.
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
  since: Id.optional().describe("Seulement après la remise de cet inject"),
  within: z.string().optional().describe("Avec `since` : au plus tard cette durée après la remise (HH:MM)"),
  count: z.number().int().min(1).optional().describe("Nombre minimal d'occurrences (1 par défaut)"),
}).refine((a) => a.id !== undefined || a.kind !== undefined, { message: "une condition d'action nomme `id` ou `kind`" });
export type ActionMatch = z.infer<typeof ActionMatch>;

export const GaugeMatch = z.strictObject({
  id: Id,
  below: z.number().optional(),
  above: z.number().optional(),
  atMost: z.number().optional(),
  atLeast: z.number().optional(),
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
  | { role: z.infer<typeof RoleMatch> };

export const CONDITION_KEYS = ["all", "any", "not", "after", "before", "action", "gauge", "phase", "delivered", "expectation", "role"] as const;

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
  }).refine((c) => Object.keys(c).length === 1, {
    message: `une condition a exactement une clé parmi : ${CONDITION_KEYS.join(", ")}`,
  }) as unknown as z.ZodType<Condition>,
).meta({ id: "Condition", description: "Condition : un objet à une seule clé (all, any, not, after, before, action, gauge, phase, delivered, expectation, role)." });

/** Walk every sub-condition (pre-order). */
export function walkCondition(c: Condition, visit: (c: Condition, negated: boolean) => void, negated = false): void {
  visit(c, negated);
  if ("all" in c) c.all.forEach((x) => walkCondition(x, visit, negated));
  else if ("any" in c) c.any.forEach((x) => walkCondition(x, visit, negated));
  else if ("not" in c) walkCondition(c.not, visit, !negated);
}
