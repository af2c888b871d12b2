import type { CompiledScenario } from "../engine/compiled.js";
import { endOutcome } from "../engine/end-outcome.js";
import { perLang, same, type Bilingual } from "../i18n/bilingual.js";
import { tr, type Text } from "../scenario/lang.js";
import { logTexts } from "./log-texts.js";

/**
 * Why a session ended, in words — the one place that says what an end
 * reason means, in both languages, for the event log, the reports, the
 * author tools and the players' debrief. The engine writes a code
 * ("duration", "instructor", "end", "phase:<id>"), an end condition's or an
 * `end:` effect's outcome (its French text, or the end condition's id when
 * it has none), or an instructor's own words (kept as they are).
 *
 * `names` looks up what the codes refer to wherever the reader has the
 * scenario: the compiled scenario (`endNamesOf`) or a player's view.
 */
export interface EndNames {
  /** A phase's name. */
  phase(id: string): Text | undefined;
  /** An outcome's words in each language; `null` when the reason is an end the scenario gives no words for. */
  outcome(reason: string): Text | null | undefined;
}

const { say } = logTexts;
const CODES = new Set(["duration", "instructor", "end"]);

export function endReasonText(reason: string, names: EndNames): Bilingual {
  if (CODES.has(reason)) return say(`log.endReason.${reason as "duration" | "instructor" | "end"}`);
  if (reason.startsWith("phase:")) {
    const name = names.phase(reason.slice(6));
    return say("log.endReason.phase", { phase: name === undefined ? say("log.unknown") : perLang((l) => tr(name, l)) });
  }
  const outcome = names.outcome(reason);
  if (outcome === null) return say("log.endReason.end");
  return outcome === undefined ? same(reason) : perLang((l) => tr(outcome, l));
}

/** What an end reason refers to, from the compiled scenario: its phases, its end conditions, its triggers' `end:` effects. */
export function endNamesOf(compiled: CompiledScenario): EndNames {
  return {
    phase: (id) => compiled.phases.get(id)?.source.name,
    outcome: (reason) => endOutcome(compiled, reason),
  };
}
