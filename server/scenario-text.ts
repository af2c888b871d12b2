import { z } from "zod";
import { loadScenario, type Problem } from "../shared/scenario/load.js";

/**
 * What a scenario file sent by a browser must be before the validator reads
 * it: a name that is a plain file name, and a text that is text. Everything
 * else the validator says, with a line and a column (a YAML bomb, a file
 * nested a thousand deep, a typo: the draft is kept, the session refused).
 */

/** At most this many characters (the HTTP edge refuses bodies over 2 MB before reading them). */
export const MAX_SCENARIO_CHARS = 1_000_000;

/** A file name a person typed or a browser sent: no path, no control character, a scenario extension (refusals are codes: http/problems.ts). */
export const ScenarioFilename = z.string().trim().max(120).regex(/^[\p{L}\p{N}_][\p{L}\p{N}_ .()-]*\.(ya?ml|json)$/iu, "scenario_filename");

export const ScenarioText = z.string().min(1).max(MAX_SCENARIO_CHARS);

/** Position of the first character that says "this is not a text file" (NUL, other control characters, undecodable bytes), or undefined. */
export function binaryAt(text: string): { line: number; col: number } | undefined {
  let bad = 0;
  let first = -1;
  let nul = false;
  for (let i = 0; i < text.length && !nul && bad <= 8; i++) {
    const c = text.charCodeAt(i);
    if (!(c === 0 || (c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd)) continue;
    if (first < 0) first = i;
    // One NUL is enough; a stray replacement character or two may be a mis-saved accent.
    nul = c === 0;
    bad++;
  }
  if (!nul && bad <= 8) return undefined;
  const before = text.slice(0, first);
  return { line: before.split("\n").length, col: first - before.lastIndexOf("\n") };
}

/** A refusal of the file itself, located, in the CLI's format. */
export function binaryProblem(file: string, at: { line: number; col: number }): Problem {
  return { file, ...at, path: "(fichier)", severity: "error", message: "ce fichier n'est pas un texte (octets binaires) : un scénario est un fichier YAML ou JSON enregistré en UTF-8" };
}

export interface Checked { valid: boolean; problems: Problem[] }

/** Every problem of a text, errors and warnings, with positions (the same loader as `npm run scenario -- validate`). */
export function checkText(text: string, file: string): Checked {
  const r = loadScenario(text, file);
  return r.ok ? { valid: true, problems: r.warnings } : { valid: false, problems: r.problems };
}
