import { tr, type Text } from "../scenario/lang.js";
import type { CompiledScenario } from "./compiled.js";

/**
 * The words, in each language the author gave, of the outcome a session ended
 * on: the engine logs an end condition's or an `end:` effect's outcome by its
 * French text (or the condition's id when it has none). `null` for an end
 * condition without words, `undefined` when the reason is no outcome of this
 * scenario (a code, an instructor's own words). Read by the players' view (so
 * an English debrief says the outcome in English) and by the end-reason text
 * (replay/end-reason.ts).
 */
export function endOutcome(compiled: CompiledScenario, reason: string): Text | null | undefined {
  const end = compiled.scenario.end.find((e) => e.id === reason || (e.outcome !== undefined && tr(e.outcome) === reason));
  if (end) return end.outcome ?? null;
  for (const t of compiled.scenario.triggers) for (const e of t.then) if (e.end !== undefined && e.end !== true && tr(e.end) === reason) return e.end;
  return undefined;
}
