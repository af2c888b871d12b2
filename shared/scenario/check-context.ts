import { childConditions, type Condition } from "./condition.js";
import type { Action, Effect, Gauge, Inject, Persona, Phase, Role, Scenario, Trigger, Expectation } from "./schema.js";
import { parseDuration, parseGameTime, SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from "./time.js";
import { BUILTIN_ACTIONS } from "./builtins.js";

/**
 * Shared vocabulary of the semantic checks (check.ts and its check-*.ts
 * modules). A check never knows about files or positions: it reports a
 * path into the scenario, and the loader turns the path into `line:col`.
 */

export type Path = (string | number)[];
export type Severity = "error" | "warning";

/**
 * One semantic problem, positioned by its path in the scenario data.
 * `since`: the engine version whose rules added it — a text stored by a
 * session before those rules (see `loadScenario`'s `stored`) gets it as a warning.
 */
export interface Finding { path: Path; message: string; severity: Severity; since?: number }

/** Where a condition sits: the message about it depends on what it guards. */
export type ConditionSite = "trigger" | "transition" | "expectation" | "end" | "named" | "countdown";

export interface SiteRef { site: ConditionSite; cond: Condition; path: Path; index: number }
export interface EffectRef { effect: Effect; path: Path; owner: "trigger" | "action" | "phase" | "countdown"; index: number }

/** Id → first declaration, plus the scenario's clock, shared by every check module. */
export interface Ctx {
  s: Scenario;
  findings: Finding[];
  roles: Map<string, Role>;
  personas: Map<string, Persona>;
  channels: Set<string>;
  places: Set<string>;
  gauges: Map<string, Gauge>;
  phases: Map<string, Phase>;
  injects: Map<string, Inject>;
  triggers: Map<string, Trigger>;
  expectations: Map<string, Expectation>;
  /** Actions the players can take: built-ins, replaced or extended by the scenario catalogue. */
  actions: Map<string, Action>;
  /** Seconds on the scenario clock at T+0 (meta.clockStart). */
  clockStart: number;
  /** meta.duration in seconds; Infinity when it does not parse (reported once, elsewhere). */
  duration: number;
}

/** Index the scenario once (first declaration wins on duplicate ids, which check-refs reports). */
export function makeCtx(s: Scenario): Ctx {
  const first = <T extends { id: string }>(xs: T[]) => {
    const m = new Map<string, T>();
    for (const x of xs) if (!m.has(x.id)) m.set(x.id, x);
    return m;
  };
  const actions = new Map<string, Action>(BUILTIN_ACTIONS.map((a) => [a.id, a]));
  const seen = new Set<string>();
  for (const a of s.actions) if (!seen.has(a.id)) { seen.add(a.id); actions.set(a.id, a); }
  const [h, m] = s.meta.clockStart.split(":").map(Number);
  const duration = parseDuration(s.meta.duration);
  return {
    s, findings: [],
    roles: first(s.roles), personas: first(s.personas),
    channels: new Set(s.channels.map((c) => c.id)), places: new Set(s.places.map((p) => p.id)),
    gauges: first(s.gauges), phases: first(s.phases), injects: first(s.injects),
    triggers: first(s.triggers), expectations: first(s.expectations), actions,
    clockStart: (h ?? 0) * SECONDS_PER_HOUR + (m ?? 0) * SECONDS_PER_MINUTE,
    duration: duration === null || duration <= 0 ? Infinity : duration,
  };
}

/** Record a problem that makes the scenario unplayable as written (blocks validation). */
export function error(ctx: Ctx, path: Path, message: string, since?: number): void { add(ctx, path, message, "error", since); }
/** Record a problem that does not block: the scenario plays, probably not as intended. */
export function warn(ctx: Ctx, path: Path, message: string): void { add(ctx, path, message, "warning"); }

function add(ctx: Ctx, path: Path, message: string, severity: Severity, since?: number): void {
  const key = pathKey(path);
  if (ctx.findings.some((f) => f.message === message && f.severity === severity && pathKey(f.path) === key)) return;
  ctx.findings.push({ path: [...path], message, severity, ...(since !== undefined ? { since } : {}) });
}

/** A path as a map key (paths are compared often: dedupe, « already reported here »). */
export function pathKey(path: Path): string { return path.join("\u0000"); }

/** True when an error was already reported at exactly this path (later checks then stay quiet). */
export function hasErrorAt(ctx: Ctx, path: Path): boolean {
  const key = pathKey(path);
  return ctx.findings.some((f) => f.severity === "error" && pathKey(f.path) === key);
}

/** Absolute game time in seconds, or null when malformed (or before T+0). */
export function absTime(ctx: Ctx, text: string): number | null { return parseGameTime(text, ctx.clockStart); }
/** A duration in seconds, or null: the silent twin of the reporting parser in check-values. */
export function duration(text: string): number | null { return parseDuration(text); }

/** Every place a condition appears, with what it guards. */
export function conditionSites(s: Scenario): SiteRef[] {
  const out: SiteRef[] = [];
  s.triggers.forEach((t, i) => out.push({ site: "trigger", cond: t.when, path: ["triggers", i, "when"], index: i }));
  s.phases.forEach((p, i) => p.transitions.forEach((t, j) =>
    out.push({ site: "transition", cond: t.when, path: ["phases", i, "transitions", j, "when"], index: i })));
  s.expectations.forEach((e, i) => out.push({ site: "expectation", cond: e.condition, path: ["expectations", i, "condition"], index: i }));
  s.end.forEach((e, i) => out.push({ site: "end", cond: e.when, path: ["end", i, "when"], index: i }));
  Object.entries(s.conditions ?? {}).forEach(([name, cond], i) => out.push({ site: "named", cond, path: ["conditions", name], index: i }));
  s.injects.forEach((inj, i) => {
    if (typeof inj.deadline === "object" && inj.deadline.until) out.push({ site: "countdown", cond: inj.deadline.until, path: ["injects", i, "deadline", "until"], index: i });
  });
  return out;
}

/** Every effect: trigger `then`, action `effects`, phase `onEnter`, an inject's reply deadline `expired`. */
export function effectSites(s: Scenario): EffectRef[] {
  const out: EffectRef[] = [];
  s.triggers.forEach((t, i) => t.then.forEach((effect, j) => out.push({ effect, path: ["triggers", i, "then", j], owner: "trigger", index: i })));
  s.actions.forEach((a, i) => a.effects.forEach((effect, j) => out.push({ effect, path: ["actions", i, "effects", j], owner: "action", index: i })));
  s.phases.forEach((p, i) => p.onEnter.forEach((effect, j) => out.push({ effect, path: ["phases", i, "onEnter", j], owner: "phase", index: i })));
  s.injects.forEach((inj, i) => {
    if (typeof inj.deadline === "object") inj.deadline.expired.forEach((effect, j) => out.push({ effect, path: ["injects", i, "deadline", "expired", j], owner: "countdown", index: i }));
  });
  return out;
}

/** Pre-order walk of a condition with the path of every sub-condition. */
export function walkPath(c: Condition, path: Path, visit: (c: Condition, path: Path, negated: boolean) => void, negated = false): void {
  visit(c, path, negated);
  for (const k of childConditions(c)) walkPath(k.c, [...path, ...k.path], visit, k.negated ? !negated : negated);
}

/** The ids a `role`/`phase`-like field names, whether one id or a list. */
export function asList<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Stable text of a value, keys sorted: two equal conditions give the same text. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v !== null && typeof v === "object") {
    return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length];
}

/**
 * " (vouliez-vous dire « x » ?)" or " (déclarés : a, b, c)": an instructor who
 * mistyped an id needs the right spelling, not just "unknown".
 */
export function hint(word: string, known: Iterable<string>, what: string, max = 12): string {
  const list = [...known];
  if (list.length === 0) return ` (${what} : liste vide)`;
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of list) {
    const d = distance(word.toLowerCase(), k.toLowerCase());
    if (d < bestD) { bestD = d; best = k; }
  }
  if (best !== undefined && bestD <= Math.max(1, Math.floor(word.length / 3))) return ` (vouliez-vous dire « ${best} » ?)`;
  return list.length <= max ? ` (${what} : ${list.join(", ")})` : ` (${list.length} ${what})`;
}

/** "T+01:30"-style text for messages. */
export function fmt(seconds: number): string {
  if (!Number.isFinite(seconds)) return "∞";
  const total = Math.floor(seconds / 60);
  return `T+${String(Math.floor(total / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
}
