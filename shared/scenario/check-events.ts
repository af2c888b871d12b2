import { sequenceOf, type Condition } from "./condition.js";
import { TEXT_PARAMS } from "./schema.js";
import { matchCandidates } from "./check-refs.js";
import { conditionSites, duration, effectSites, error, hint, walkPath, warn, type Ctx, type Path } from "./check-context.js";

/**
 * Checks of the constructs that speak of events (engine version 2): named
 * conditions (declared, used, not recursive), branch outcomes named in
 * conditions, states where an event is needed (`sequence`, `first`,
 * `elapsed`, `since`), RETEX `lines` on text fields, and volume curves
 * (shapes that only grow, effects and conditions on injects without a curve).
 */

const STATES = ["gauge", "phase", "role", "expectation", "before", "volume", "not"] as const;

/** Is `c` an event (true once, true for ever)? States and negations are not. */
function stateKey(c: Condition, named: Record<string, Condition>, seen = new Set<string>()): string | null {
  for (const k of STATES) if (k in c) return k;
  if ("ref" in c) {
    const d = named[c.ref];
    if (!d || seen.has(c.ref)) return null;
    seen.add(c.ref);
    return stateKey(d, named, seen);
  }
  if ("all" in c || "any" in c) {
    for (const x of "all" in c ? c.all : (c as { any: Condition[] }).any) { const k = stateKey(x, named, seen); if (k) return k; }
  }
  return null;
}

const WHERE: Record<string, string> = {
  sequence: "un élément de `sequence`", first: "un élément de `first`", elapsed: "`elapsed.since`", since: "`since`",
};

export function checkEvents(ctx: Ctx): void {
  const s = ctx.s;
  const named = s.conditions ?? {};
  const used = new Set<string>();
  const outcomes = new Map<string, Set<string>>();
  for (const t of s.triggers) if (t.branch) outcomes.set(t.branch.id, (outcomes.get(t.branch.id) ?? new Set()).add(t.branch.outcome));

  // Named conditions: each reference names one, none refers to itself through others.
  const refsOf = (c: Condition) => { const out: string[] = []; walkPath(c, [], (x) => { if ("ref" in x) out.push(x.ref); }); return out; };
  for (const name of Object.keys(named)) {
    const stack = [...refsOf(named[name]).map((r) => [name, r])];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const chain = stack.pop()!;
      const last = chain[chain.length - 1];
      if (last === name) { error(ctx, ["conditions", name], `condition nommée récursive : ${chain.join(" → ")}`); break; }
      if (seen.has(last) || !named[last]) continue;
      seen.add(last);
      for (const r of refsOf(named[last])) stack.push([...chain, r]);
    }
  }
  for (const site of conditionSites(s)) {
    walkPath(site.cond, site.path, (c, path) => {
      if ("ref" in c) {
        if (site.site !== "named" || site.path[1] !== c.ref) used.add(c.ref);
        if (named[c.ref] === undefined) error(ctx, [...path, "ref"], `condition nommée inconnue « ${c.ref} »${hint(c.ref, Object.keys(named), "conditions nommées")}`);
      }
      if ("branch" in c) {
        const known = outcomes.get(c.branch.id);
        if (!known) error(ctx, [...path, "branch", "id"], `embranchement inconnu « ${c.branch.id} »${hint(c.branch.id, outcomes.keys(), "embranchements")}`);
        else for (const [k, o] of (Array.isArray(c.branch.outcome) ? c.branch.outcome : c.branch.outcome === undefined ? [] : [c.branch.outcome]).entries()) {
          if (!known.has(o)) error(ctx, Array.isArray(c.branch.outcome) ? [...path, "branch", "outcome", k] : [...path, "branch", "outcome"], `l'embranchement « ${c.branch.id} » n'a pas d'issue « ${o} »${hint(o, known, "issues")}`);
        }
      }
      const events: [Condition, Path, string][] = [];
      if ("sequence" in c) sequenceOf(c.sequence).forEach((x, i) => events.push([x, [...path, ...(Array.isArray(c.sequence) ? ["sequence", i] : ["sequence", "of", i])], "sequence"]));
      if ("first" in c) c.first.forEach((x, i) => events.push([x, [...path, "first", i], "first"]));
      if ("elapsed" in c) events.push([c.elapsed.since, [...path, "elapsed", "since"], "elapsed"]);
      if ("action" in c && typeof c.action.since === "object") events.push([c.action.since, [...path, "action", "since"], "since"]);
      for (const [x, at, where] of events) {
        const k = stateKey(x, named);
        if (k) error(ctx, at, `« ${k} » décrit un état, pas un événement : il ne peut pas servir d'${WHERE[where]} (un événement a un moment : action, delivered, after, branch, sequence, first, elapsed)`);
      }
      if ("sequence" in c && !Array.isArray(c.sequence) && c.sequence.within !== undefined && duration(c.sequence.within) === null) {
        error(ctx, [...path, "sequence", "within"], `durée invalide « ${c.sequence.within} » : écrivez « 01:30 », « 90m » ou « 2h »`);
      }
      if ("elapsed" in c && duration(c.elapsed.for) === null) error(ctx, [...path, "elapsed", "for"], `durée invalide « ${c.elapsed.for} » : écrivez « 01:30 », « 90m » ou « 2h »`);
      if ("action" in c && c.action.lines) {
        const candidates = matchCandidates(ctx, c.action);
        for (const key of Object.keys(c.action.lines)) {
          const params = candidates.flatMap((a) => a.params.filter((p) => p.id === key));
          if (candidates.length > 0 && params.length === 0) error(ctx, [...path, "action", "lines", key], `aucune de ces actions n'a de champ « ${key} »${hint(key, new Set(candidates.flatMap((a) => a.params.map((p) => p.id))), "champs")}`);
          else if (params.length > 0 && !params.some((p) => TEXT_PARAMS.has(p.type))) error(ctx, [...path, "action", "lines", key], `« ${key} » n'est pas un champ de texte : on n'y compte pas de lignes`);
        }
      }
      if ("volume" in c && ctx.injects.has(c.volume.inject) && !ctx.injects.get(c.volume.inject)!.volume) {
        error(ctx, [...path, "volume", "inject"], `l'inject « ${c.volume.inject} » n'a pas de courbe \`volume:\` : ce volume vaut toujours zéro`);
      }
    });
  }
  for (const name of Object.keys(named)) if (!used.has(name)) warn(ctx, ["conditions", name], `la condition nommée « ${name} » n'est citée nulle part (\`ref: ${name}\`)`);
  checkVolumes(ctx);
}

function checkVolumes(ctx: Ctx): void {
  ctx.s.injects.forEach((inj, i) => {
    const v = inj.volume;
    if (!v) return;
    const base: Path = ["injects", i, "volume"];
    if (inj.shares !== undefined) error(ctx, ["injects", i, "shares"], "`shares` (un nombre fixe) et `volume` (une courbe) se contredisent : gardez l'un des deux");
    if ((v.shape === "exponential" || v.shape === "logistic") && v.to < v.from) {
      error(ctx, [...base, "to"], `une courbe \`${v.shape}\` ne fait que croître : \`to\` (${v.to}) est inférieur à \`from\` (${v.from}) ; prenez \`linear\` ou \`step\` pour une baisse`);
    }
    if (v.shape === "exponential" && v.from === 0) error(ctx, [...base, "from"], "une courbe `exponential` part d'un volume positif (`from` > 0)");
    const over = duration(v.over);
    if (over === null) error(ctx, [...base, "over"], `durée invalide « ${v.over} » : écrivez « 01:30 », « 90m » ou « 2h »`);
    else if (over === 0) error(ctx, [...base, "over"], "une montée dure plus que zéro");
  });
  for (const { effect, path } of effectSites(ctx.s)) {
    const id = effect.volume?.inject;
    if (id === undefined) continue;
    const inj = ctx.injects.get(id);
    if (!inj) error(ctx, [...path, "volume", "inject"], `inject inconnu « ${id} »${hint(id, ctx.injects.keys(), "injects déclarés")}`);
    else if (!inj.volume) error(ctx, [...path, "volume", "inject"], `l'inject « ${id} » n'a pas de courbe \`volume:\` à changer`);
  }
}
