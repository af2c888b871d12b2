import type { CCondition, CEffect, CompiledScenario } from "../engine/compiled.js";
import { formatDuration, formatGameTime } from "../scenario/time.js";

/**
 * Conditions and effects in plain words, for the graph, the instructor's
 * console and the evaluator: "isolate_network par rssi avant T+01:00".
 */
export function describeCondition(c: CCondition): string {
  switch (c.k) {
    case "all": return c.of.map(describeCondition).join(" ET ");
    case "any": return `(${c.of.map(describeCondition).join(" OU ")})`;
    case "not": return `NON ${describeCondition(c.of)}`;
    case "after": return `après ${formatGameTime(c.t)}`;
    case "before": return `avant ${formatGameTime(c.t)}`;
    case "action": {
      const parts = [c.id ?? `[${c.kind}]`];
      if (c.where) parts.push(Object.entries(c.where).map(([k, v]) => `${k}=${String(v)}`).join(","));
      if (c.roles) parts.push(`par ${c.roles.join("/")}`);
      if (c.before !== undefined) parts.push(`avant ${formatGameTime(c.before)}`);
      if (c.after !== undefined) parts.push(`après ${formatGameTime(c.after)}`);
      if (c.since) parts.push(`depuis ${c.since}${c.within !== undefined ? ` sous ${formatDuration(c.within)}` : ""}`);
      if (c.count > 1) parts.push(`×${c.count}`);
      return parts.join(" ");
    }
    case "gauge": {
      const b = [c.below !== undefined && `< ${c.below}`, c.above !== undefined && `> ${c.above}`,
        c.atMost !== undefined && `≤ ${c.atMost}`, c.atLeast !== undefined && `≥ ${c.atLeast}`].filter(Boolean);
      return `${c.id} ${b.join(" ")}`;
    }
    case "phase": return `phase ${c.phases.join("/")}`;
    case "delivered": return c.for > 0 ? `${c.inject} reçu depuis ${formatDuration(c.for)}` : `${c.inject} reçu`;
    case "expectation": return `${c.id} ${c.status}`;
    case "role": return `${c.id} ${c.staffed ? "tenu" : "vacant"}`;
  }
}

export function describeEffect(e: CEffect): string {
  switch (e.k) {
    case "inject": return e.delay > 0 ? `inject ${e.inject} dans ${formatDuration(e.delay)}` : `inject ${e.inject}`;
    case "gauge": return e.set !== undefined ? `${e.id} = ${e.set}` : `${e.id} ${e.add! >= 0 ? "+" : ""}${e.add}`;
    case "phase": return `phase ${e.phase}`;
    case "cancel": return `annule ${e.inject}`;
    case "end": return `fin (${e.reason})`;
    case "speed": return `vitesse ${e.speed}`;
  }
}

const q = (s: string) => `"${s.replace(/"/g, "'")}"`;
const node = (s: string) => s.replace(/[^a-zA-Z0-9_]/g, "_");

/** A Mermaid flowchart: phases and their transitions, triggers and what they do. */
export function mermaidGraph(compiled: CompiledScenario): string {
  const lines = ["flowchart TD"];
  lines.push("  subgraph Phases");
  for (const p of compiled.phases.values()) {
    lines.push(`    P_${node(p.id)}${p.final ? `(((${q(p.id)})))` : `([${q(p.id)}])`}`);
  }
  for (const p of compiled.phases.values()) for (const t of p.transitions) {
    lines.push(`    P_${node(p.id)} -->|${q(describeCondition(t.when))}| P_${node(t.to)}`);
  }
  lines.push("  end");
  for (const t of compiled.triggers) {
    const label = t.branch ? `${t.id}\\n[${t.branch.id}: ${t.branch.outcome}]` : t.id;
    lines.push(`  T_${node(t.id)}{{${q(label)}}}`);
    lines.push(`  W_${node(t.id)}[${q(describeCondition(t.when))}] --> T_${node(t.id)}`);
    for (const e of t.then) {
      if (e.k === "phase") lines.push(`  T_${node(t.id)} --> P_${node(e.phase)}`);
      else if (e.k === "inject") lines.push(`  T_${node(t.id)} -->|${q(e.delay ? `+${formatDuration(e.delay)}` : "envoie")}| I_${node(e.inject)}[/${q(e.inject)}/]`);
      else lines.push(`  T_${node(t.id)} -.-> E_${node(t.id)}_${node(describeEffect(e))}[${q(describeEffect(e))}]`);
    }
  }
  return lines.join("\n") + "\n";
}
