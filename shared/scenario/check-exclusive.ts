import { sequenceOf, type ActionMatch, type Condition } from "./condition.js";
import { absTime, canonical, duration, error, type Ctx } from "./check-context.js";

/**
 * Branch points are exclusive by construction (engine version 2: the first
 * outcome whose condition holds is the one taken), so two outcome triggers
 * whose conditions can both hold in one run mean an outcome silently
 * suppressed — usually an author's slip (a state where an event was meant).
 * This module proves, conservatively, that two outcomes can never both hold
 * in one run, and reports the pairs it cannot prove, with how to fix them.
 *
 * The proof reads conditions as logic on events, which never stop being true:
 * after A holds, B never can when B needs an event A rules out for ever (A
 * implies X; B says `not: X`), when B needs an event that contradicts one of
 * A's (two `first:` over the same events with different heads; two outcomes
 * of one branch point), or when B needs an event that is false when A holds
 * and can no longer happen then (an action `before: T` once A says `after: T`;
 * an action `since: I` `within: D` once A says `delivered: { inject: I, for: D }`).
 */

type Named = Record<string, Condition>;

/** The events `c` implies, as conditions, with `ref`s resolved. */
function positives(c: Condition, named: Named, out: Condition[] = [], depth = 0): Condition[] {
  if (depth > 32) return out;
  if ("ref" in c) { const d = named[c.ref]; if (d) positives(d, named, out, depth + 1); return out; }
  if ("all" in c) { if (c.all.every((x) => positives(x, named).length > 0)) out.push(c); c.all.forEach((x) => positives(x, named, out, depth + 1)); return out; }
  if ("sequence" in c) { out.push(c); sequenceOf(c.sequence).forEach((x) => positives(x, named, out, depth + 1)); return out; }
  if ("first" in c) { out.push(c); positives(c.first[0], named, out, depth + 1); return out; }
  if ("not" in c || "gauge" in c || "phase" in c || "role" in c || "expectation" in c || "before" in c || "volume" in c) return out;
  out.push(c);
  return out;
}

/** The events `c` says have not happened (its `not:`s of events). */
function negatives(c: Condition, named: Named, out: Condition[] = [], depth = 0): Condition[] {
  if (depth > 32) return out;
  if ("ref" in c) { const d = named[c.ref]; if (d) negatives(d, named, out, depth + 1); return out; }
  if ("all" in c) { c.all.forEach((x) => negatives(x, named, out, depth + 1)); return out; }
  if ("not" in c) out.push(resolve(c.not, named));
  return out;
}

const resolve = (c: Condition, named: Named): Condition => ("ref" in c && named[c.ref] ? resolve(named[c.ref], named) : c);
const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Does action match `x` always satisfy match `y` (y's filters a subset of x's)? */
function actionImplies(ctx: Ctx, x: ActionMatch, y: ActionMatch): boolean {
  if (x.id !== y.id || x.kind !== y.kind) return false;
  if (y.role !== undefined && !asList(x.role).every((r) => asList(y.role).includes(r))) return false;
  if (y.role !== undefined && x.role === undefined) return false;
  for (const [k, v] of Object.entries(y.where ?? {})) if (canonical(x.where?.[k]) !== canonical(v)) return false;
  const t = (s: string | undefined) => (s === undefined ? undefined : absTime(ctx, s));
  const [xb, yb, xa, ya] = [t(x.before), t(y.before), t(x.after), t(y.after)];
  if (yb !== undefined && (xb === undefined || xb === null || yb === null || xb > yb)) return false;
  if (ya !== undefined && (xa === undefined || xa === null || ya === null || xa < ya)) return false;
  if (y.since !== undefined && canonical(x.since) !== canonical(y.since)) return false;
  if (y.within !== undefined) {
    const [xw, yw] = [x.within === undefined ? null : duration(x.within), duration(y.within)];
    if (xw === null || yw === null || xw > yw) return false;
  }
  if ((y.count ?? 1) > (x.count ?? 1)) return false;
  for (const [k, n] of Object.entries(y.lines ?? {})) if ((x.lines?.[k] ?? 0) < n) return false;
  return true;
}

/** Does event `x` holding make `y` hold? */
function implies(ctx: Ctx, named: Named, x: Condition, y: Condition): boolean {
  x = resolve(x, named); y = resolve(y, named);
  if (canonical(x) === canonical(y)) return true;
  if ("any" in x) return x.any.every((m) => implies(ctx, named, m, y));
  if ("all" in y) return y.all.every((m) => implies(ctx, named, x, m));
  if ("any" in y) return y.any.some((m) => implies(ctx, named, x, m));
  if ("all" in x) return x.all.some((m) => implies(ctx, named, m, y));
  if ("first" in x) return implies(ctx, named, x.first[0], y);
  if ("action" in x && "action" in y) return actionImplies(ctx, x.action, y.action);
  return false;
}

/** Two events that can never both happen in one run. */
function contradicts(x: Condition, y: Condition): boolean {
  if ("first" in x && "first" in y) {
    const a = x.first.map(canonical), b = y.first.map(canonical);
    return a[0] !== b[0] && a.includes(b[0]) && b.includes(a[0]);
  }
  if ("branch" in x && "branch" in y && x.branch.id === y.branch.id && x.branch.outcome !== undefined && y.branch.outcome !== undefined) {
    const b = asList(y.branch.outcome);
    return asList(x.branch.outcome).every((o) => !b.includes(o));
  }
  return false;
}

/** Can event `x` no longer start to hold once `a` holds (its window has closed)? */
function frozenBy(ctx: Ctx, named: Named, x: Condition, a: Condition): boolean {
  x = resolve(x, named);
  if ("any" in x) return x.any.every((m) => frozenBy(ctx, named, m, a));
  if ("all" in x) return x.all.every((m) => frozenBy(ctx, named, m, a));
  if ("after" in x) {
    const t = absTime(ctx, x.after);
    return t !== null && positives(a, named).some((p) => "after" in p && (absTime(ctx, p.after) ?? -Infinity) >= t);
  }
  if ("first" in x) return frozenBy(ctx, named, x.first[0], a);
  if (!("action" in x)) return false;
  const pos = positives(a, named);
  const before = x.action.before !== undefined ? absTime(ctx, x.action.before) : null;
  if (before !== null && pos.some((p) => "after" in p && (absTime(ctx, p.after) ?? -Infinity) >= before)) return true;
  if (typeof x.action.since === "string" && x.action.within !== undefined) {
    const w = duration(x.action.within);
    return w !== null && pos.some((p) => "delivered" in p && typeof p.delivered === "object" && p.delivered.inject === x.action.since
      && p.delivered.for !== undefined && (duration(p.delivered.for) ?? -1) >= w);
  }
  return false;
}

/** After `a` holds, `b` never can. */
function rulesOut(ctx: Ctx, named: Named, a: Condition, b: Condition): boolean {
  const pa = positives(a, named), pb = positives(b, named), na = negatives(a, named), nb = negatives(b, named);
  if (nb.some((m) => pa.some((x) => implies(ctx, named, x, m)))) return true;
  if (pb.some((l) => pa.some((x) => contradicts(l, x)))) return true;
  return pb.some((l) => na.some((n) => implies(ctx, named, l, n)) && frozenBy(ctx, named, l, a));
}

/** The top-level conjuncts of `c` (refs resolved). */
function conjuncts(c: Condition, named: Named): Condition[] {
  c = resolve(c, named);
  return "all" in c ? c.all.flatMap((x) => conjuncts(x, named)) : [c];
}

/**
 * A decision at a fixed time: both wait for the same `after: T`, and one
 * says `not: X` of what the other requires — at T at most one holds, and the
 * first to hold is the outcome (later changes of X, a gauge say, are meant
 * not to count).
 */
function decidedAt(ctx: Ctx, named: Named, a: Condition, b: Condition): boolean {
  const [ca, cb] = [conjuncts(a, named), conjuncts(b, named)];
  const times = (cs: Condition[]) => new Set(cs.flatMap((x) => ("after" in x ? [absTime(ctx, x.after)] : [])));
  const tb = times(cb);
  if (![...times(ca)].some((t) => t !== null && tb.has(t))) return false;
  const complement = (p: Condition[], q: Condition[]) => q.some((x) => {
    if (!("not" in x)) return false;
    const need = conjuncts(x.not, named).map(canonical);
    const have = new Set(p.map(canonical));
    return need.every((n) => have.has(n));
  });
  return complement(ca, cb) || complement(cb, ca);
}

/** Every branch point: each pair of outcome triggers must be provably exclusive. */
export function checkExclusive(ctx: Ctx): void {
  const named = ctx.s.conditions ?? {};
  const byPoint = new Map<string, number[]>();
  ctx.s.triggers.forEach((t, i) => { if (t.branch) byPoint.set(t.branch.id, [...(byPoint.get(t.branch.id) ?? []), i]); });
  for (const [id, list] of byPoint) {
    for (let j = 1; j < list.length; j++) {
      for (let i = 0; i < j; i++) {
        const [a, b] = [ctx.s.triggers[list[i]], ctx.s.triggers[list[j]]];
        if (a.branch!.outcome === b.branch!.outcome) continue;
        if (rulesOut(ctx, named, a.when, b.when) && rulesOut(ctx, named, b.when, a.when)) continue;
        if (decidedAt(ctx, named, a.when, b.when)) continue;
        error(ctx, ["triggers", list[j], "when"], `l'embranchement « ${id} » pourrait prendre deux issues dans une même partie : « ${b.branch!.outcome} » (${b.id}) et « ${a.branch!.outcome} » (${a.id}) peuvent être vraies l'une après l'autre ; le moteur ne garde que la première, l'autre serait perdue. Rendez-les exclusives : \`first: [A, B, …]\` (la première qui arrive), ou \`not:\` de l'autre issue avec une fenêtre fermée (\`before:\` / \`after:\`, \`within:\` / \`delivered.for\`)`, 2);
      }
    }
  }
}
