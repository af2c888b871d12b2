import type { CompiledScenario } from "../../shared/engine/index.js";

/**
 * The "no id reaches a person" sweep for documents: the shapes of the log's
 * and the server's ids (a42, d7, p_…, c_…), authoring tags, and every id of
 * the scenario (injects, actions, personas, roles, channels, gauges, phases,
 * triggers, branches and their outcomes, expectations, form options) and of
 * the session as a whole word, where a label should stand.
 */

export const ID_SHAPES: readonly RegExp[] = [/\b[ad]\d+\b/, /\bp_[A-Za-z0-9]/, /\bc_[A-Za-z0-9]/, /\[design\]/];

/**
 * Scenario ids of the ransomware scenario that are also ordinary French words, and so
 * appear in French labels and texts without being ids. Each is checked to still be an
 * id (so this list cannot silently go stale); the English documents are swept for
 * id shapes only, since most ids there are English words.
 */
export const FRENCH_WORDS: Readonly<Record<string, string>> = {
  point: "the built-in action id of « Point de situation »; « point » is a French word (« point ou tâche » in an indicator's explanation)",
  communication: "a role id; « communication » is the French word in the role's own name and in C4.2's title",
  viral: "a branch outcome of the forged memo; « viral » is a French adjective in the scenario's summary (« faux mémo viral »)",
  international: "an option of the SITREP's impacts and of a stakeholder's scope; « international » is a French adjective (« Impacts interne, régional et international »)",
  attribution: "an option of the legal qualification's regimes; « attribution » is the French noun in titles and teaching notes (« Ligne prudente sur l'attribution »)",
};

/** Every id a document must not print, with what it is. */
export function scenarioIds(c: CompiledScenario, extra: Record<string, string> = {}): Map<string, string> {
  const ids = new Map<string, string>();
  const add = (kind: string, xs: Iterable<string>) => { for (const x of xs) if (!ids.has(x)) ids.set(x, kind); };
  add("inject", c.injects.keys()); add("action", c.actions.keys()); add("persona", c.personas.keys()); add("role", c.roles.keys());
  add("channel", c.channels.keys()); add("gauge", c.gauges.keys()); add("phase", c.phases.keys()); add("trigger", c.triggers.map((t) => t.id));
  add("branch", c.triggers.flatMap((t) => (t.branch ? [t.branch.id, t.branch.outcome] : [])));
  add("expectation", c.expectations.map((e) => e.id));
  add("option", [...c.actions.values()].flatMap((a) => a.source.params.flatMap((p) => p.options?.map((o) => o.id) ?? [])));
  for (const [id, kind] of Object.entries(extra)) ids.set(id, kind);
  return ids;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The ids found in a text as whole words (letters, digits, "_" and "-" are word characters here), with some context. */
export function idsIn(text: string, ids: Map<string, string>, allowed: Readonly<Record<string, string>> = {}): string[] {
  const found: string[] = [];
  for (const re of ID_SHAPES) { const m = re.exec(text); if (m) found.push(`${m[0]} in « ${text.slice(Math.max(0, m.index - 50), m.index + 50)} »`); }
  for (const [id, kind] of ids) {
    if (id in allowed) continue;
    const m = new RegExp(`(?<![\\p{L}\\p{N}_-])${escape(id)}(?![\\p{L}\\p{N}_-])`, "u").exec(text);
    if (m) found.push(`${kind} ${id} in « ${text.slice(Math.max(0, m.index - 50), m.index + 50)} »`);
  }
  return found;
}

/** What an xAPI statement shows a person: names, French displays and descriptions, extension values (not IRIs, not the account name). */
export function xapiReadable(st: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key = ""): void => {
    if (typeof v === "string") { if (!/^https?:\/\//.test(v) && key !== "en-US") out.push(v); return; }
    if (Array.isArray(v)) { v.forEach((x) => walk(x, key)); return; }
    if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  const s = st as { actor: { name: string }; verb: { display: unknown }; object: { definition: unknown }; result?: { extensions?: unknown }; context: { extensions: unknown } };
  out.push(s.actor.name);
  walk(s.verb.display); walk(s.object.definition); walk(s.result?.extensions); walk(s.context.extensions);
  return out;
}
