import type { Condition } from "./condition.js";
import type { Effect } from "./schema.js";
import { gaugeRanges, Logic, type Reach, type Reason } from "./check-logic.js";
import {
  conditionSites, effectSites, error, hasErrorAt, walkPath, warn,
  type ConditionSite, type Ctx, type Path,
} from "./check-context.js";

/**
 * Reachability: which phases can be entered, which injects can be delivered,
 * which triggers, transitions, expectations and end conditions can ever hold.
 * A phase or inject nobody can reach is dead scenario text; a trigger that
 * cannot fire is a branch the instructor believes exists but never plays.
 */

const SITE: Record<ConditionSite, string> = {
  trigger: "ce déclencheur ne peut jamais se déclencher",
  transition: "cette transition ne peut jamais avoir lieu",
  expectation: "cette attente ne peut jamais être remplie",
  end: "cette condition de fin ne peut jamais être remplie",
  named: "cette condition nommée ne peut jamais être vraie",
  countdown: "ce compte à rebours ne s'arrête jamais ainsi",
};

/**
 * Least fixpoint from the first phase and the timed injects: a phase's
 * transitions and `onEnter`, every trigger and every catalogue action add
 * what their effects name, as long as their condition is not impossible
 * given what is reachable so far. Triggers and actions may fire in any phase.
 */
export function reachability(ctx: Ctx, logic: (reach: Reach) => Logic): Reach {
  const s = ctx.s;
  const reach: Reach = {
    phases: new Set([s.phases[0].id]),
    // A timed inject is reachable; one whose `at` is wrong counts too: the
    // time has its own error, and what depends on the inject should not cascade.
    injects: new Set(s.injects.filter((i) => i.at !== undefined).map((i) => i.id)),
  };
  const l = logic(reach);
  let changed = true;
  const apply = (e: Effect) => {
    if (e.inject !== undefined && ctx.injects.has(e.inject) && !reach.injects.has(e.inject)) { reach.injects.add(e.inject); changed = true; }
    if (e.phase !== undefined && ctx.phases.has(e.phase) && !reach.phases.has(e.phase)) { reach.phases.add(e.phase); changed = true; }
  };
  while (changed) {
    changed = false;
    for (const p of ctx.phases.values()) {
      if (!reach.phases.has(p.id)) continue;
      p.onEnter.forEach(apply);
      if (p.final) continue;
      p.transitions.forEach((t, j) => {
        if (!l.impossible(t.when, ["phases", s.phases.indexOf(p), "transitions", j, "when"])) apply({ phase: t.to });
      });
    }
    s.triggers.forEach((t, i) => { if (!l.impossible(t.when, ["triggers", i, "when"])) t.then.forEach(apply); });
    s.actions.forEach((a) => a.effects.forEach(apply));
    // A reply deadline expires once its inject is delivered (nobody answered).
    s.injects.forEach((inj) => { if (reach.injects.has(inj.id) && typeof inj.deadline === "object") inj.deadline.expired.forEach(apply); });
  }
  return reach;
}

/** Dead phases and injects, conditions that can never hold, expectations that observe nothing, then the softer warnings. */
export function checkReach(ctx: Ctx): void {
  const s = ctx.s;
  const ranges = gaugeRanges(ctx);
  const reach = reachability(ctx, (r) => new Logic(ctx, r, ranges));
  const logic = new Logic(ctx, reach, ranges);
  const effects = effectSites(s);

  s.phases.forEach((p, i) => {
    if (reach.phases.has(p.id) || ctx.phases.get(p.id) !== p) return;
    const named = effects.some(({ effect }) => effect.phase === p.id) || s.phases.some((q) => q.transitions.some((t) => t.to === p.id));
    error(ctx, ["phases", i, "id"], named
      ? `phase jamais atteinte : les transitions et effets qui y mènent ne peuvent jamais se produire depuis la phase initiale « ${s.phases[0].id} »`
      : `phase jamais atteinte : aucune transition ni aucun effet \`phase: ${p.id}\` n'y mène`);
  });
  s.injects.forEach((inj, i) => {
    if (reach.injects.has(inj.id) || inj.at !== undefined || ctx.injects.get(inj.id) !== inj) return;
    const named = effects.some(({ effect }) => effect.inject === inj.id);
    error(ctx, ["injects", i, "id"], named
      ? "inject jamais envoyé : les déclencheurs, actions ou phases qui l'envoient ne peuvent jamais se produire"
      : `inject jamais envoyé : il n'a pas d'heure (\`at\`) et aucun effet \`inject: ${inj.id}\` ne l'envoie`);
  });

  s.expectations.forEach((e, i) => {
    const base: Path = ["expectations", i];
    let observes = false;
    walkPath(e.condition, [...base, "condition"], (c, path) => {
      if (!("all" in c || "any" in c || "not" in c || "after" in c || "before" in c)) observes = true;
      const dead = "delivered" in c ? (typeof c.delivered === "string" ? c.delivered : c.delivered.inject) : "action" in c && typeof c.action.since === "string" ? c.action.since : undefined;
      if (dead !== undefined && ctx.injects.has(dead) && !reach.injects.has(dead)) {
        const at = "delivered" in c ? (typeof c.delivered === "string" ? [...path, "delivered"] : [...path, "delivered", "inject"]) : [...path, "action", "since"];
        if (!hasErrorAt(ctx, at)) error(ctx, at, `l'inject « ${dead} » n'est jamais envoyé : cette attente ne peut pas s'appuyer dessus`);
      }
    });
    if (!observes) {
      error(ctx, [...base, "condition"], "cette attente n'observe rien : sa condition ne porte que sur l'heure (ajoutez `action`, `delivered`, `gauge`, `phase`…)");
    }
    if (typeof e.start === "object" && "inject" in e.start && ctx.injects.has(e.start.inject) && !reach.injects.has(e.start.inject)) {
      error(ctx, [...base, "start", "inject"], `l'inject « ${e.start.inject} » n'est jamais envoyé : le délai de cette attente ne démarre jamais`);
    }
  });

  for (const site of conditionSites(s)) {
    if (site.site === "transition" && (!reach.phases.has(s.phases[site.index].id) || s.phases[site.index].final)) continue;
    const root = logic.impossible(site.cond, site.path);
    if (root && !hasErrorAt(ctx, root.path)) error(ctx, root.path, `${SITE[site.site]} : ${root.why}`);
    walkPath(site.cond, site.path, (c, path) => {
      const r = nested(logic, c, path);
      if (!r || hasErrorAt(ctx, r.path) || (root && root.path.join() === r.path.join())) return;
      if (r.contradiction) error(ctx, r.path, `condition contradictoire : ${r.why}`);
      else warn(ctx, r.path, `cette partie de la condition n'est jamais vraie : ${r.why}`);
    });
    walkPath(site.cond, site.path, (c, path) => {
      const r = "gauge" in c ? logic.gaugeEffects(c.gauge, [...path, "gauge"]) : null;
      if (r && !hasErrorAt(ctx, r.path)) warn(ctx, r.path, `condition vraie seulement si l'animateur modifie la jauge : ${r.why}`);
    });
  }
  warnings(ctx, ranges);
}

/** A sub-condition's own dead end: its impossibility, or its contradictions when it is an `all`. */
function nested(logic: Logic, c: Condition, path: Path): Reason | null {
  if ("action" in c) return logic.action(c.action, [...path, "action"]);
  if ("all" in c) return logic.contradiction(c.all, path);
  return logic.impossible(c, path);
}

/** Softer problems: the scenario plays, but probably not as its author thinks. */
function warnings(ctx: Ctx, ranges: Map<string, { changes: boolean }>): void {
  const s = ctx.s;
  s.roles.forEach((r, i) => {
    if (r.required || r.fallback !== undefined) return;
    const addressed = s.injects.filter((inj) => inj.to !== "all" && inj.to.includes(r.id)).map((inj) => inj.id);
    if (addressed.length === 0) return;
    const list = addressed.slice(0, 3).join(", ") + (addressed.length > 3 ? "…" : "");
    warn(ctx, ["roles", i, "id"], `le rôle « ${r.id} » n'est pas \`required\` et n'a pas de \`fallback\` : s'il n'est pas tenu, ${addressed.length === 1 ? "l'inject" : `les ${addressed.length} injects`} qui lui ${addressed.length === 1 ? "est adressé" : "sont adressés"} (${list}) ne ${addressed.length === 1 ? "sera lu" : "seront lus"} par personne`);
  });
  s.gauges.forEach((g, i) => {
    if (ranges.get(g.id)?.changes === false && ctx.gauges.get(g.id) === g) {
      warn(ctx, ["gauges", i, "id"], `la jauge « ${g.id} » ne change jamais : aucun effet \`gauge: { id: ${g.id} }\` ne la modifie`);
    }
  });
  s.phases.forEach((p, i) => {
    if (p.final && p.transitions.length > 0) {
      warn(ctx, ["phases", i, "transitions"], "une phase finale termine la session : ses transitions ne servent jamais");
    }
  });
}
