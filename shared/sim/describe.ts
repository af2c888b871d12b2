import type { CCondition, CEffect } from "../engine/compiled.js";
import { formatDuration, formatGameTime } from "../scenario/time.js";

/**
 * Conditions and effects in plain words, French first (`lang: "en"` for
 * English), for the graph, the instructor's console and the evaluator.
 * Unambiguous: every `ET` inside a `OU`, every `OU` inside an `ET`, and
 * anything compound under `NON` or in a list is parenthesised, so
 * `not: {all: [A, any: [B, C]]}` reads « NON (A ET (B OU C)) ».
 */
export type Lang = "fr" | "en";

const W = {
  fr: { and: "ET", or: "OU", not: "NON", then: "PUIS", after: "après", before: "avant", by: "par", since: "depuis", within: "sous",
    received: "reçu", for: "depuis", lines: "lignes", staffed: "tenu", vacant: "vacant", phase: "phase", branch: "embranchement",
    decided: "décidé", volume: "volume de", first: "en premier (avant", elapsed: "écoulé depuis", inLess: "en moins de", expectation: "attente",
    status: { met: "tenue", late: "en retard", missed: "manquée", pending: "en attente" } as Record<string, string> },
  en: { and: "AND", or: "OR", not: "NOT", then: "THEN", after: "after", before: "before", by: "by", since: "since", within: "within",
    received: "received", for: "for", lines: "lines", staffed: "staffed", vacant: "vacant", phase: "phase", branch: "branch point",
    decided: "decided", volume: "volume of", first: "first (before", elapsed: "elapsed since", inLess: "within", expectation: "expectation",
    status: { met: "met", late: "late", missed: "missed", pending: "pending" } as Record<string, string> },
} as const;

type Ctx = "top" | "and" | "or" | "item";

function bounds(c: { below?: number; above?: number; atMost?: number; atLeast?: number }): string {
  return [c.below !== undefined && `< ${c.below}`, c.above !== undefined && `> ${c.above}`,
    c.atMost !== undefined && `≤ ${c.atMost}`, c.atLeast !== undefined && `≥ ${c.atLeast}`].filter(Boolean).join(" ");
}

function show(c: CCondition, lang: Lang, ctx: Ctx): string {
  const w = W[lang];
  const wrap = (s: string, when: boolean) => (when ? `(${s})` : s);
  if (c.name) return `« ${c.name} »`;
  switch (c.k) {
    case "all": return wrap(c.of.map((x) => show(x, lang, "and")).join(` ${w.and} `), ctx === "or" || ctx === "item");
    case "any": return wrap(c.of.map((x) => show(x, lang, "or")).join(` ${w.or} `), ctx === "and" || ctx === "item");
    case "not": return `${w.not} ${show(c.of, lang, "item")}`;
    case "after": return `${w.after} ${formatGameTime(c.t)}`;
    case "before": return `${w.before} ${formatGameTime(c.t)}`;
    case "action": {
      const parts = [c.id ?? `[${c.kind}]`];
      if (c.where) parts.push(Object.entries(c.where).map(([k, v]) => `${k}=${String(v)}`).join(","));
      if (c.lines) parts.push(Object.entries(c.lines).map(([k, n]) => `${k} ≥ ${n} ${w.lines}`).join(","));
      if (c.roles) parts.push(`${w.by} ${c.roles.join("/")}`);
      if (c.before !== undefined) parts.push(`${w.before} ${formatGameTime(c.before)}`);
      if (c.after !== undefined) parts.push(`${w.after} ${formatGameTime(c.after)}`);
      if (c.since) parts.push(`${w.since} ${c.since}`);
      if (c.sinceEvent) parts.push(`${w.since} ${show(c.sinceEvent, lang, "item")}`);
      if (c.within !== undefined) parts.push(`${w.within} ${formatDuration(c.within)}`);
      if (c.count > 1) parts.push(`×${c.count}`);
      const s = parts.join(" ");
      return parts.length > 1 && ctx === "item" ? `(${s})` : s;
    }
    case "gauge": return `${c.id} ${bounds(c)}`;
    case "phase": return `${w.phase} ${c.phases.join("/")}`;
    case "delivered": return c.for > 0 ? `${c.inject} ${w.received} ${w.for} ${formatDuration(c.for)}` : `${c.inject} ${w.received}`;
    case "expectation": return `${w.expectation} ${c.id} ${w.status[c.status] ?? c.status}`;
    case "role": return `${c.id} ${c.staffed ? w.staffed : w.vacant}`;
    case "branch": return `${w.branch} ${c.id} = ${c.outcomes ? c.outcomes.join("/") : w.decided}`;
    case "volume": return `${w.volume} ${c.inject} ${bounds(c)}`;
    case "sequence": {
      const s = c.of.map((x) => show(x, lang, "item")).join(` ${w.then} `);
      return wrap(c.within !== undefined ? `${s} ${w.inLess} ${formatDuration(c.within)}` : s, ctx !== "top");
    }
    case "first": return wrap(`${show(c.of[0], lang, "item")} ${w.first} ${c.of.slice(1).map((x) => show(x, lang, "item")).join(", ")})`, ctx !== "top");
    case "elapsed": return wrap(`${formatDuration(c.for)} ${w.elapsed} ${show(c.since, lang, "item")}`, ctx !== "top");
  }
}

/** A condition in words; named conditions show their name (`expand` shows what they say). */
export function describeCondition(c: CCondition, lang: Lang = "fr", expand = false): string {
  return show(expand && c.name ? { ...c, name: undefined } as CCondition : c, lang, "top");
}

export function describeEffect(e: CEffect, lang: Lang = "fr"): string {
  const fr = lang === "fr";
  switch (e.k) {
    case "inject": return e.delay > 0 ? `inject ${e.inject} ${fr ? "dans" : "in"} ${formatDuration(e.delay)}` : `inject ${e.inject}`;
    case "gauge": return e.set !== undefined ? `${e.id} = ${e.set}` : `${e.id} ${e.add! >= 0 ? "+" : ""}${e.add}`;
    case "phase": return `${fr ? "phase" : "phase"} ${e.phase}`;
    case "cancel": return `${fr ? "annule" : "cancel"} ${e.inject}`;
    case "end": return `${fr ? "fin" : "end"} (${e.reason})`;
    case "speed": return `${fr ? "vitesse" : "speed"} ${e.speed}`;
    case "volume": return `${fr ? "volume de" : "volume of"} ${e.inject} ×${e.scale}`;
  }
}
