import { COMPETENCIES } from "./schema.js";
import { INDICATOR_SPECS, type IndicatorId } from "./rubric.js";
import { parseDuration, parseGameTime } from "./time.js";
import { error, hint, warn, type Ctx, type Path } from "./check-context.js";

/**
 * Checks of the `rubric` section and of the assessment rules the scenario
 * writes elsewhere: every indicator, action, role and inject the rubric names
 * exists; bounds are in the indicator's unit and in order; `from` and
 * `actions` only where they mean something; a critical expectation that
 * players cannot see never caps (it is said); a branch outcome without a
 * label shows its id to nobody, but the debrief then has only the trigger's
 * description to go on (said too).
 */

const isKnownIndicator = (id: string): id is IndicatorId => Object.hasOwn(INDICATOR_SPECS, id);

/** A bound in the indicator's unit: minutes for delays (a duration text or a number of minutes), a number otherwise. */
function bound(ctx: Ctx, path: Path, v: number | string, unit: string): number | null {
  if (typeof v === "number") {
    if (unit === "ratio" && v > 1) { error(ctx, path, `une part s'écrit entre 0 et 1 (ex. 0.7 pour 70 %), pas ${v}`); return null; }
    return v;
  }
  if (unit !== "min") { error(ctx, path, `« ${v} » : cet indicateur attend un nombre, pas une durée`); return null; }
  const d = parseDuration(v);
  if (d === null) { error(ctx, path, `durée invalide « ${v} » : écrivez « 2h », « 30m » ou « 01:30 »`); return null; }
  return d / 60;
}

export function checkRubric(ctx: Ctx): void {
  const s = ctx.s;
  s.expectations.forEach((e, i) => {
    if (e.critical && !e.visible) {
      warn(ctx, ["expectations", i, "critical"], "attente critique mais invisible des joueurs (`visible: false`) : elle ne plafonnera pas la compétence ; ajoutez `visible: true` pour qu'elle compte comme critique");
    }
  });
  s.triggers.forEach((t, i) => {
    if (t.branch && t.branch.label === undefined) warn(ctx, ["triggers", i, "branch"], `issue « ${t.branch.outcome} » sans \`label\` : le débriefing n'aura que la description du déclencheur pour la nommer`);
  });
  const r = s.rubric;
  if (!r) return;
  const base: Path = ["rubric"];
  if (r.thresholds && !(r.thresholds[0] <= r.thresholds[1] && r.thresholds[1] <= r.thresholds[2])) {
    error(ctx, [...base, "thresholds"], "les seuils vont croissant : en cours d'acquisition ≤ acquis ≤ maîtrisé");
  }
  for (const key of Object.keys(r.descriptors ?? {})) {
    if (!(COMPETENCIES as readonly string[]).includes(key)) error(ctx, [...base, "descriptors", key], `compétence inconnue « ${key} »${hint(key, COMPETENCIES, "compétences")}`);
  }
  for (const [id, rule] of Object.entries(r.indicators ?? {})) {
    const path: Path = [...base, "indicators", id];
    if (!isKnownIndicator(id)) { error(ctx, path, `indicateur inconnu « ${id} »${hint(id, Object.keys(INDICATOR_SPECS), "indicateurs")}`); continue; }
    const spec: import("./rubric.js").IndicatorSpec = INDICATOR_SPECS[id];
    if (rule.bounds) {
      const b = rule.bounds.map((v, k) => bound(ctx, [...path, "bounds", k], v, spec.unit));
      if (b.every((x) => x !== null)) {
        const [x, y, z] = b as number[];
        const ordered = spec.better === "lower" ? x >= y && y >= z : x <= y && y <= z;
        if (!ordered) {
          error(ctx, [...path, "bounds"], spec.better === "lower"
            ? "bornes des niveaux 1, 2, 3 : de la plus large à la plus stricte (ex. [\"2h\", \"1h\", \"30m\"])"
            : "bornes des niveaux 1, 2, 3 : croissantes (ex. [0.4, 0.7, 0.9])");
        }
      }
    }
    if (rule.from !== undefined) {
      if (!spec.delay) error(ctx, [...path, "from"], "`from` ne s'applique qu'aux indicateurs de délai (sitrep_delay, holding_statement_delay, cell_activation)");
      else if (typeof rule.from === "string") {
        if (parseGameTime(rule.from, ctx.clockStart) === null) error(ctx, [...path, "from"], `heure invalide « ${rule.from} » : écrivez « T+01:30 » ou « J+1 08:00 »`);
      } else if ("inject" in rule.from) {
        if (!ctx.injects.has(rule.from.inject)) error(ctx, [...path, "from", "inject"], `inject inconnu « ${rule.from.inject} »${hint(rule.from.inject, ctx.injects.keys(), "injects déclarés")}`);
      } else if (!ctx.actions.has(rule.from.action)) {
        error(ctx, [...path, "from", "action"], `action inconnue « ${rule.from.action} »${hint(rule.from.action, ctx.actions.keys(), "actions")}`);
      }
    }
    (rule.actions ?? []).forEach((a, k) => {
      if (spec.counts === undefined) { error(ctx, [...path, "actions"], "cet indicateur se calcule à partir des attentes du scénario : `actions` ne s'y applique pas"); return; }
      const action = ctx.actions.get(a);
      if (!action) { error(ctx, [...path, "actions", k], `action inconnue « ${a} »${hint(a, ctx.actions.keys(), "actions")}`); return; }
      if (id === "counterparts_engaged" && action.to === undefined && !action.params.some((p) => p.id === "to" && p.type === "persona")) {
        error(ctx, [...path, "actions", k], `« ${a} » n'a pas de destinataire (\`to\` ou un paramètre persona « to ») : on ne peut pas savoir quelle autorité elle saisit`);
      }
    });
    (rule.roles ?? []).forEach((role, k) => {
      if (!ctx.roles.has(role)) error(ctx, [...path, "roles", k], `rôle inconnu « ${role} »${hint(role, ctx.roles.keys(), "rôles déclarés")}`);
    });
  }
}
