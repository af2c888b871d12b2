import type { ActionMatch } from "./condition.js";
import { ACTION_KINDS, type Action, type Param } from "./schema.js";
import {
  asList, conditionSites, effectSites, error, hint, walkPath, warn,
  type Ctx, type Path,
} from "./check-context.js";

/**
 * Identity and reference checks: every id is unique in its collection and
 * every id a scenario mentions names something declared. These are the
 * mistakes an instructor makes most (a typo, a copy-pasted block), so each
 * message suggests the closest declared id.
 */

const COLLECTIONS = [
  ["roles", "un autre rôle"], ["personas", "une autre persona"], ["channels", "un autre canal"],
  ["places", "un autre lieu"], ["gauges", "une autre jauge"], ["phases", "une autre phase"],
  ["injects", "un autre inject"], ["triggers", "un autre déclencheur"], ["actions", "une autre action du catalogue"],
  ["expectations", "une autre attente"], ["end", "une autre condition de fin"], ["debrief", "une autre question"],
] as const;

/** Report the second and later occurrences of an id within one list. */
function unique(ctx: Ctx, items: { id: string }[], path: Path, other: string): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const j = seen.get(item.id);
    if (j === undefined) seen.set(item.id, i);
    else error(ctx, [...path, i, "id"], `identifiant « ${item.id} » en double : déjà utilisé par ${other} (${formatIndex(path, j)})`);
  });
}

function formatIndex(path: Path, i: number): string {
  return `${path.map((p, k) => (typeof p === "number" ? `[${p}]` : k === 0 ? p : `.${p}`)).join("")}[${i}]`;
}

/** Duplicate ids in every collection, and inside gauges, actions and parameters: a duplicate silently shadows. */
export function checkIds(ctx: Ctx): void {
  const s = ctx.s;
  for (const [key, other] of COLLECTIONS) unique(ctx, s[key], [key], other);
  s.gauges.forEach((g, i) => unique(ctx, g.thresholds, ["gauges", i, "thresholds"], "un autre seuil de cette jauge"));
  s.actions.forEach((a, i) => {
    unique(ctx, a.params, ["actions", i, "params"], "un autre paramètre de cette action");
    a.params.forEach((p, j) => unique(ctx, p.options ?? [], ["actions", i, "params", j, "options"], "une autre option de ce paramètre"));
  });
}

type Known = { has(id: string): boolean; keys(): Iterable<string> };

/** Report `id` at `path` unless `known` declares it; returns whether it resolved. */
function ref(ctx: Ctx, path: Path, id: string | undefined, known: Known, what: string, plural: string): boolean {
  if (id === undefined || known.has(id)) return true;
  error(ctx, path, `${what} « ${id} »${hint(id, known.keys(), plural)}`);
  return false;
}

const setOf = (xs: Iterable<string>): Known => new Set(xs);

/** Every id a scenario mentions (roles, personas, places, channels, injects, phases, gauges, actions, expectations) names a declared one. */
export function checkRefs(ctx: Ctx): void {
  const s = ctx.s;
  const roles = (path: Path, id: string | undefined) => ref(ctx, path, id, ctx.roles, "rôle inconnu", "rôles déclarés");
  const personas = (path: Path, id: string | undefined) => ref(ctx, path, id, ctx.personas, "persona inconnue", "personas déclarées");
  const places = (path: Path, id: string | undefined) => ref(ctx, path, id, ctx.places, "lieu inconnu", "lieux déclarés");
  const channels = (path: Path, id: string | undefined) => ref(ctx, path, id, ctx.channels, "canal inconnu", "canaux déclarés");
  const injects = (path: Path, id: string | undefined) => ref(ctx, path, id, ctx.injects, "inject inconnu", "injects déclarés");

  s.roles.forEach((r, i) => {
    if (r.fallback === r.id) error(ctx, ["roles", i, "fallback"], "un rôle ne peut pas être son propre `fallback`");
    else roles(["roles", i, "fallback"], r.fallback);
  });
  checkFallbackCycles(ctx);
  s.personas.forEach((p, i) => places(["personas", i, "place"], p.place));
  s.injects.forEach((inj, i) => {
    channels(["injects", i, "channel"], inj.channel);
    personas(["injects", i, "from"], inj.from);
    if (inj.to !== "all") inj.to.forEach((r, j) => roles(["injects", i, "to", j], r));
    places(["injects", i, "place"], inj.place);
  });
  for (const { effect: e, path } of effectSites(s)) {
    injects([...path, "inject"], e.inject);
    if (e.gauge) ref(ctx, [...path, "gauge", "id"], e.gauge.id, ctx.gauges, "jauge inconnue", "jauges déclarées");
    ref(ctx, [...path, "phase"], e.phase, ctx.phases, "phase inconnue", "phases déclarées");
    if (e.cancel !== undefined && !ctx.injects.has(e.cancel)) {
      error(ctx, [...path, "cancel"], `\`cancel\` annule un inject en attente : « ${e.cancel} » n'est pas un inject${hint(e.cancel, ctx.injects.keys(), "injects déclarés")}`);
    }
  }
  s.phases.forEach((p, i) => p.transitions.forEach((t, j) =>
    ref(ctx, ["phases", i, "transitions", j, "to"], t.to, ctx.phases, "phase inconnue", "phases déclarées")));
  s.actions.forEach((a, i) => {
    if (a.roles !== "all") a.roles.forEach((r, j) => roles(["actions", i, "roles", j], r));
    channels(["actions", i, "channel"], a.channel);
    personas(["actions", i, "to"], a.to);
    roles(["actions", i, "approval"], a.approval);
  });
  s.expectations.forEach((e, i) => {
    e.roles.forEach((r, j) => roles(["expectations", i, "roles", j], r));
    if (typeof e.start === "object" && "inject" in e.start) injects(["expectations", i, "start", "inject"], e.start.inject);
    if (typeof e.start === "object" && "action" in e.start) {
      ref(ctx, ["expectations", i, "start", "action"], e.start.action, ctx.actions, "action inconnue", "actions du catalogue et intégrées");
    }
  });
  const placesOrPersonas = setOf([...ctx.places, ...ctx.personas.keys()]);
  s.links.forEach((l, i) => {
    ref(ctx, ["links", i, "from"], l.from, placesOrPersonas, "lieu ou persona inconnu", "lieux et personas");
    ref(ctx, ["links", i, "to"], l.to, placesOrPersonas, "lieu ou persona inconnu", "lieux et personas");
  });
  s.stakeholders.forEach((p, i) => personas(["stakeholders", i], p));
  for (const site of conditionSites(s)) {
    walkPath(site.cond, site.path, (c, path) => {
      if ("action" in c) checkActionMatch(ctx, c.action, [...path, "action"]);
      else if ("gauge" in c) ref(ctx, [...path, "gauge", "id"], c.gauge.id, ctx.gauges, "jauge inconnue", "jauges déclarées");
      else if ("phase" in c) {
        if (Array.isArray(c.phase)) c.phase.forEach((p, k) => ref(ctx, [...path, "phase", k], p, ctx.phases, "phase inconnue", "phases déclarées"));
        else ref(ctx, [...path, "phase"], c.phase, ctx.phases, "phase inconnue", "phases déclarées");
      } else if ("delivered" in c) {
        if (typeof c.delivered === "string") injects([...path, "delivered"], c.delivered);
        else injects([...path, "delivered", "inject"], c.delivered.inject);
      } else if ("expectation" in c) {
        const ok = ref(ctx, [...path, "expectation", "id"], c.expectation.id, ctx.expectations, "attente inconnue", "attentes déclarées");
        if (ok && site.site === "expectation" && s.expectations[site.index].id === c.expectation.id) {
          error(ctx, [...path, "expectation", "id"], "une attente ne peut pas dépendre de son propre statut");
        }
      } else if ("role" in c) roles([...path, "role", "id"], c.role.id);
    });
  }
}

/** A fallback chain must end: a → b → a would bounce a vacant role's traffic forever. */
function checkFallbackCycles(ctx: Ctx): void {
  const reported = new Set<string>();
  ctx.s.roles.forEach((r, i) => {
    const chain = [r.id];
    let cur = ctx.roles.get(r.id)?.fallback;
    while (cur !== undefined && cur !== r.id && !chain.includes(cur) && ctx.roles.has(cur)) {
      chain.push(cur);
      cur = ctx.roles.get(cur)?.fallback;
    }
    if (cur === r.id && chain.length > 1 && !chain.some((id) => reported.has(id))) {
      chain.forEach((id) => reported.add(id));
      error(ctx, ["roles", i, "fallback"], `boucle de \`fallback\` : ${[...chain, r.id].join(" → ")}`);
    }
  });
}

/** The actions a match can designate: one by id, or every action of a kind. */
export function matchCandidates(ctx: Ctx, m: ActionMatch): Action[] {
  if (m.id !== undefined) {
    const a = ctx.actions.get(m.id);
    return a === undefined ? [] : [a];
  }
  return [...ctx.actions.values()].filter((a) => a.kind === m.kind);
}

function checkActionMatch(ctx: Ctx, m: ActionMatch, path: Path): void {
  const idOk = ref(ctx, [...path, "id"], m.id, ctx.actions, "action inconnue", "actions du catalogue et intégrées");
  const kinds: readonly string[] = ACTION_KINDS;
  const kindOk = ref(ctx, [...path, "kind"], m.kind, setOf(kinds), "type d'action inconnu", "types possibles");
  if (m.id !== undefined && m.kind !== undefined && idOk && kindOk) {
    const a = ctx.actions.get(m.id);
    if (a && a.kind !== m.kind) error(ctx, [...path, "kind"], `l'action « ${m.id} » est de type « ${a.kind} », pas « ${m.kind} »`);
  }
  asList(m.role).forEach((r, k) => ref(ctx, Array.isArray(m.role) ? [...path, "role", k] : [...path, "role"], r, ctx.roles, "rôle inconnu", "rôles déclarés"));
  if (typeof m.since === "string") ref(ctx, [...path, "since"], m.since, ctx.injects, "inject inconnu", "injects déclarés");
  if (m.where === undefined || !idOk || !kindOk) return;
  const candidates = matchCandidates(ctx, m);
  if (candidates.length === 0) return;
  const what = m.id !== undefined ? `l'action « ${m.id} »` : `les actions de type « ${m.kind} »`;
  for (const [key, value] of Object.entries(m.where)) {
    const params = candidates.flatMap((a) => a.params.filter((p) => p.id === key).map((p) => ({ a, p })));
    const keyPath = [...path, "where", key];
    if (params.length === 0) {
      const all = new Set(candidates.flatMap((a) => a.params.map((p) => p.id)));
      error(ctx, keyPath, `${what} n'a pas de paramètre « ${key} »${hint(key, all, "paramètres")}`);
      continue;
    }
    const values = Array.isArray(value) ? value : [value];
    values.forEach((v, k) => {
      const problems = params.map(({ a, p }) => valueProblem(ctx, a, p, v));
      const problem = problems.every((x) => x !== null) ? problems[0] : null;
      if (problem === null) return;
      const at = Array.isArray(value) ? [...keyPath, k] : keyPath;
      if (problem.startsWith("!")) warn(ctx, at, problem.slice(1));
      else error(ctx, at, problem);
    });
  }
}

/** Why `v` can never be the value of parameter `p` (null if it can); "!…" marks a warning. */
function valueProblem(ctx: Ctx, a: Action, p: Param, v: unknown): string | null {
  switch (p.type) {
    case "choice": case "multichoice": {
      const ids = (p.options ?? []).map((o) => o.id);
      if (typeof v === "string" && ids.includes(v)) return null;
      return `« ${String(v)} » n'est pas une option du paramètre « ${p.id} »${hint(String(v), ids, "options")}`;
    }
    case "persona": {
      if (typeof v !== "string" || !ctx.personas.has(v)) return `persona inconnue « ${String(v)} »${hint(String(v), ctx.personas.keys(), "personas déclarées")}`;
      if (a.kind === "notification" && !ctx.personas.get(v)?.authority) {
        return `!« ${v} » n'est pas une autorité (\`authority: true\`) : les joueurs ne peuvent pas la notifier`;
      }
      return null;
    }
    case "role":
      return typeof v === "string" && ctx.roles.has(v) ? null : `rôle inconnu « ${String(v)} »${hint(String(v), ctx.roles.keys(), "rôles déclarés")}`;
    case "number":
      return typeof v === "number" ? null : `le paramètre « ${p.id} » est un nombre : « ${String(v)} » ne peut jamais correspondre`;
    case "boolean":
      return typeof v === "boolean" ? null : `le paramètre « ${p.id} » vaut true ou false : « ${String(v)} » ne peut jamais correspondre`;
    default:
      return typeof v === "string" ? null : `le paramètre « ${p.id} » est un texte : ${String(v)} ne peut jamais correspondre`;
  }
}
