import { sequenceOf, type ActionMatch, type Condition, type GaugeMatch } from "./condition.js";
import { ACTION_KINDS } from "./schema.js";
import { matchCandidates } from "./check-refs.js";
import { absTime, asList, canonical, duration, effectSites, fmt, type Ctx, type Path } from "./check-context.js";

/**
 * A static, conservative answer to "can this condition ever be true?".
 * `impossible` only says "never" when no play of the scenario can make the
 * condition hold (an empty time window, a phase nobody reaches, a gauge
 * bound outside the gauge's range…); when in doubt it says "possible".
 * "Play" means the scenario running by itself: what the instructor may force
 * by hand (send an inject now, set a gauge, jump to a phase) is not counted,
 * except for gauges, whose effects-based analysis only warns (see
 * `gaugeEffects`). Unknown ids are not its business: check-refs reports them.
 */

/** What is reachable so far: phases that can be entered, injects that can be delivered. */
export interface Reach { phases: Set<string>; injects: Set<string> }

/** Why a condition can never hold, and where. `contradiction`: the condition contradicts itself. */
export interface Reason { path: Path; why: string; contradiction: boolean }

/** The values a gauge can take, over-approximated from its initial value and every gauge effect. */
export interface GaugeRange { lo: number; hi: number; changes: boolean }

/**
 * Assumes the engine keeps a gauge within [min, max]: a positive `add` can
 * reach max, a negative one min, `set` adds its value, nothing else moves it.
 */
export function gaugeRanges(ctx: Ctx): Map<string, GaugeRange> {
  const out = new Map<string, GaugeRange>();
  for (const g of ctx.gauges.values()) out.set(g.id, { lo: g.initial, hi: g.initial, changes: false });
  for (const { effect } of effectSites(ctx.s)) {
    const e = effect.gauge;
    const g = e && ctx.gauges.get(e.id);
    const r = e && out.get(e.id);
    if (!e || !g || !r) continue;
    r.changes = true;
    if (e.set !== undefined) { r.lo = Math.min(r.lo, e.set); r.hi = Math.max(r.hi, e.set); }
    if (e.add !== undefined && e.add > 0) r.hi = g.max;
    if (e.add !== undefined && e.add < 0) r.lo = g.min;
  }
  for (const [id, r] of out) {
    const g = ctx.gauges.get(id)!;
    r.lo = Math.max(g.min, Math.min(g.max, r.lo));
    r.hi = Math.max(g.min, Math.min(g.max, r.hi));
  }
  return out;
}

/** The three questions of the analysis, against one state of what is reachable. */
export class Logic {
  constructor(readonly ctx: Ctx, readonly reach: Reach, readonly ranges: Map<string, GaugeRange>) {}

  /** Why `c` can never be true, or null when it may be. */
  impossible(c: Condition, path: Path, seen: Set<string> = new Set()): Reason | null {
    const ctx = this.ctx;
    if ("all" in c) {
      for (let i = 0; i < c.all.length; i++) {
        const r = this.impossible(c.all[i], [...path, "all", i], seen);
        if (r) return r;
      }
      return this.contradiction(c.all, path);
    }
    if ("any" in c) {
      const rs = c.any.map((x, i) => this.impossible(x, [...path, "any", i], seen));
      return rs.every((r) => r !== null) ? rs[0] : null;
    }
    if ("not" in c) {
      return this.alwaysTrue(c.not) ? dead([...path, "not"], "la condition niée est toujours vraie", true) : null;
    }
    if ("after" in c) {
      const t = absTime(ctx, c.after);
      return t !== null && t > ctx.duration ? dead([...path, "after"], `${c.after} est après la fin du scénario (${fmt(ctx.duration)})`) : null;
    }
    if ("before" in c) {
      const t = absTime(ctx, c.before);
      return t !== null && t <= 0 ? dead([...path, "before"], "aucun moment du jeu n'est avant T+00:00") : null;
    }
    if ("action" in c) return this.action(c.action, [...path, "action"]);
    if ("gauge" in c) return this.gauges([{ m: c.gauge, path: [...path, "gauge"] }]);
    if ("phase" in c) {
      const ids = asList(c.phase).filter((p) => ctx.phases.has(p));
      if (ids.length === 0 || ids.some((p) => this.reach.phases.has(p))) return null;
      return dead([...path, "phase"], ids.length === 1 ? `la phase « ${ids[0]} » n'est jamais atteinte` : `aucune de ces phases n'est jamais atteinte`);
    }
    if ("delivered" in c) {
      const d = c.delivered;
      const id = typeof d === "string" ? d : d.inject;
      const at: Path = typeof d === "string" ? [...path, "delivered"] : [...path, "delivered", "inject"];
      if (ctx.injects.has(id) && !this.reach.injects.has(id)) return dead(at, `l'inject « ${id} » n'est jamais envoyé`);
      const f = typeof d === "object" && d.for !== undefined ? duration(d.for) : null;
      if (f !== null && f > ctx.duration) return dead([...path, "delivered", "for"], `« for: ${(d as { for: string }).for} » dépasse la durée du scénario (${fmt(ctx.duration)})`);
      return null;
    }
    if ("ref" in c) {
      const def = ctx.s.conditions?.[c.ref];
      if (def === undefined || seen.has(`ref:${c.ref}`)) return null;
      seen.add(`ref:${c.ref}`);
      const r = this.impossible(def, ["conditions", c.ref], seen);
      seen.delete(`ref:${c.ref}`);
      return r && dead([...path, "ref"], `la condition nommée « ${c.ref} » n'est jamais vraie (${r.why})`);
    }
    if ("sequence" in c) {
      const of = sequenceOf(c.sequence);
      for (let i = 0; i < of.length; i++) {
        const r = this.impossible(of[i], [...path, ...(Array.isArray(c.sequence) ? ["sequence", i] : ["sequence", "of", i])], seen);
        if (r) return r;
      }
      return null;
    }
    if ("first" in c) return this.impossible(c.first[0], [...path, "first", 0], seen);
    if ("elapsed" in c) {
      const f = duration(c.elapsed.for);
      if (f !== null && f > ctx.duration) return dead([...path, "elapsed", "for"], `« for: ${c.elapsed.for} » dépasse la durée du scénario (${fmt(ctx.duration)})`);
      return this.impossible(c.elapsed.since, [...path, "elapsed", "since"], seen);
    }
    if ("expectation" in c) {
      const { id, status } = c.expectation;
      const e = ctx.expectations.get(id);
      if (!e || seen.has(id) || (status !== "met" && status !== "late")) return null;
      seen.add(id);
      const r = this.impossible(e.condition, ["expectations", ctx.s.expectations.indexOf(e), "condition"], seen);
      seen.delete(id);
      return r && dead([...path, "expectation", "id"], `l'attente « ${id} » ne peut jamais être remplie (${r.why})`);
    }
    return null;
  }

  /** True when `c` holds at every moment of every play (used for `not`). Never depends on `reach` growing. */
  alwaysTrue(c: Condition): boolean {
    const ctx = this.ctx;
    if ("all" in c) return c.all.every((x) => this.alwaysTrue(x));
    if ("any" in c) return c.any.some((x) => this.alwaysTrue(x));
    if ("not" in c) return this.neverTrue(c.not);
    if ("after" in c) { const t = absTime(ctx, c.after); return t !== null && t <= 0; }
    if ("before" in c) { const t = absTime(ctx, c.before); return t !== null && t > ctx.duration; }
    if ("phase" in c) return [...ctx.phases.keys()].every((p) => asList(c.phase).includes(p));
    if ("gauge" in c) {
      // The declared range, not the effects' one: the instructor may move a gauge by hand.
      const r = ctx.gauges.get(c.gauge.id);
      const g = c.gauge;
      return r !== undefined && r.min < r.max && (g.below === undefined || r.max < g.below) && (g.above === undefined || r.min > g.above)
        && (g.atMost === undefined || r.max <= g.atMost) && (g.atLeast === undefined || r.min >= g.atLeast);
    }
    return false;
  }

  /**
   * "Never true" for `alwaysTrue(not …)`: only the reach-independent part of
   * `impossible`, so that the fixpoint over reachable phases stays monotone.
   */
  private neverTrue(c: Condition): boolean {
    const all: Reach = { phases: new Set(this.ctx.phases.keys()), injects: new Set(this.ctx.injects.keys()) };
    return new Logic(this.ctx, all, this.ranges).impossible(c, []) !== null;
  }

  /** Contradictions between the members of an `all`. */
  contradiction(items: Condition[], path: Path): Reason | null {
    const ctx = this.ctx;
    let after: { t: number; i: number } | null = null;
    let before: { t: number; i: number } | null = null;
    items.forEach((c, i) => {
      const a = "after" in c ? absTime(ctx, c.after) : null;
      const b = "before" in c ? absTime(ctx, c.before) : null;
      if (a !== null && (after === null || a > after.t)) after = { t: a, i };
      if (b !== null && (before === null || b < before.t)) before = { t: b, i };
    });
    if (after !== null && before !== null) {
      const [a, b] = [after as { t: number; i: number }, before as { t: number; i: number }];
      if (a.t >= b.t) {
        return dead([...path, "all", b.i, "before"], `« after: ${(items[a.i] as { after: string }).after} » et « before: ${(items[b.i] as { before: string }).before} » ne peuvent pas être vrais en même temps`, true);
      }
    }
    let phases = null as Set<string> | null;
    for (let i = 0; i < items.length; i++) {
      const c = items[i];
      if (!("phase" in c)) continue;
      const here = new Set(asList(c.phase));
      phases = phases === null ? here : new Set([...phases].filter((p) => here.has(p)));
      if (phases.size === 0) return dead([...path, "all", i, "phase"], "on ne peut pas être dans deux phases à la fois", true);
    }
    const positive = new Map(items.map((c, i) => [canonical(c), i]));
    for (let i = 0; i < items.length; i++) {
      const c = items[i];
      if ("not" in c && positive.has(canonical(c.not))) {
        return dead([...path, "all", i, "not"], `contredit l'élément ${positive.get(canonical(c.not))} de « all » (« X » et « not: X »)`, true);
      }
    }
    const byGauge = new Map<string, { m: GaugeMatch; path: Path }[]>();
    items.forEach((c, i) => {
      if ("gauge" in c) byGauge.set(c.gauge.id, [...(byGauge.get(c.gauge.id) ?? []), { m: c.gauge, path: [...path, "all", i, "gauge"] }]);
    });
    for (const list of byGauge.values()) {
      if (list.length < 2) continue;
      const r = this.gauges(list);
      if (r) return r;
    }
    return null;
  }

  /** An action match: can any available action, by these roles, in this window, satisfy it? */
  action(m: ActionMatch, path: Path): Reason | null {
    const ctx = this.ctx;
    if (m.id !== undefined && !ctx.actions.has(m.id)) return null;
    if (m.kind !== undefined && !(ACTION_KINDS as readonly string[]).includes(m.kind)) return null;
    if (m.id !== undefined && m.kind !== undefined && ctx.actions.get(m.id)!.kind !== m.kind) return null;
    let candidates = matchCandidates(ctx, m);
    const what = m.id !== undefined ? `l'action « ${m.id} »` : `une action de type « ${m.kind} »`;
    if (candidates.length === 0) return dead([...path, "kind"], `aucune action de type « ${m.kind} » n'est disponible (ni au catalogue, ni intégrée)`);
    const roles = asList(m.role).filter((r) => ctx.roles.has(r));
    if (roles.length > 0) {
      candidates = candidates.filter((a) => a.roles === "all" || a.roles.some((r) => roles.includes(r)));
      if (candidates.length === 0) {
        return dead([...path, "role"], `${roles.length === 1 ? `le rôle « ${roles[0]} » ne peut pas prendre` : "aucun de ces rôles ne peut prendre"} ${what}`);
      }
    }
    const after = m.after === undefined ? null : absTime(ctx, m.after);
    const before = m.before === undefined ? null : absTime(ctx, m.before);
    if (after !== null && before !== null && after >= before) {
      return dead([...path, "before"], `fenêtre vide : « after: ${m.after} » n'est pas avant « before: ${m.before} »`, true);
    }
    if (after !== null && after > ctx.duration) return dead([...path, "after"], `${m.after} est après la fin du scénario (${fmt(ctx.duration)})`);
    if (before !== null && before <= 0) return dead([...path, "before"], "aucune action ne peut être prise avant T+00:00");
    if (typeof m.since === "string" && ctx.injects.has(m.since) && !this.reach.injects.has(m.since)) {
      return dead([...path, "since"], `l'inject « ${m.since} » n'est jamais envoyé`);
    }
    if (candidates.every((a) => a.once) && (m.count ?? 1) > candidates.length) {
      return dead([...path, "count"], candidates.length === 1
        ? `${what} ne peut être prise qu'une fois (\`once: true\`), pas ${m.count}`
        : `ces ${candidates.length} actions ne peuvent être prises qu'une fois chacune (\`once: true\`), pas ${m.count} fois en tout`);
    }
    return null;
  }

  /**
   * Gauge bounds (one match, or several on the same gauge inside an `all`)
   * against the gauge's declared range: the engine clamps every value into
   * [min, max], so a bound outside it can never hold, whoever moves the gauge.
   */
  gauges(list: { m: GaugeMatch; path: Path }[]): Reason | null {
    const g = this.ctx.gauges.get(list[0].m.id);
    if (!g || g.min >= g.max || g.initial < g.min || g.initial > g.max) return null;
    const bounds = boundsOf(list);
    for (const { k, v, path } of bounds) {
      const outside = (k === "below" && v <= g.min) || (k === "above" && v >= g.max) || (k === "atMost" && v < g.min) || (k === "atLeast" && v > g.max);
      if (outside) return dead(path, `« ${k}: ${v} » est hors de la plage de la jauge « ${g.id} » [${g.min}, ${g.max}]`);
    }
    if (empty(g.min, g.max, bounds)) return dead(bounds[bounds.length - 1].path, `les bornes de la jauge « ${g.id} » se contredisent`, true);
    return null;
  }

  /**
   * The softer question: can the scenario's own effects bring the gauge
   * there? Not a proof of "never" (the instructor may set a gauge by hand),
   * so the caller reports it as a warning and reachability ignores it.
   */
  gaugeEffects(m: GaugeMatch, path: Path): Reason | null {
    const g = this.ctx.gauges.get(m.id);
    const r = this.ranges.get(m.id);
    if (!g || !r || g.min >= g.max || g.initial < g.min || g.initial > g.max || this.gauges([{ m, path }])) return null;
    for (const b of boundsOf([{ m, path }])) {
      if (!empty(r.lo, r.hi, [b])) continue;
      return dead(b.path, r.changes
        ? `les effets du scénario gardent la jauge « ${g.id} » entre ${r.lo} et ${r.hi}`
        : `aucun effet ne modifie la jauge « ${g.id} » : elle reste à ${g.initial}`);
    }
    return null;
  }
}

type Bound = { k: "below" | "above" | "atMost" | "atLeast"; v: number; path: Path };

function boundsOf(list: { m: GaugeMatch; path: Path }[]): Bound[] {
  return list.flatMap(({ m, path }) => (["below", "above", "atMost", "atLeast"] as const)
    .filter((k) => m[k] !== undefined).map((k) => ({ k, v: m[k] as number, path: [...path, k] })));
}

function dead(path: Path, why: string, contradiction = false): Reason { return { path, why, contradiction }; }

/** Is [lo, hi] ∩ every bound empty? */
function empty(lo: number, hi: number, bounds: Omit<Bound, "path">[]): boolean {
  let loOpen = false;
  let hiOpen = false;
  for (const { k, v } of bounds) {
    if (k === "below" && v <= hi) { hi = v; hiOpen = true; }
    if (k === "atMost" && v < hi) { hi = v; hiOpen = false; }
    if (k === "above" && v >= lo) { lo = v; loOpen = true; }
    if (k === "atLeast" && v > lo) { lo = v; loOpen = false; }
  }
  return lo > hi || (lo === hi && (loOpen || hiOpen));
}
