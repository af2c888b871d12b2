import "./worker-jitless.js";
import { loadScenario, loadWithPositions, problemView } from "../../../shared/scenario/load.js";
import type { Scenario } from "../../../shared/scenario/schema.js";

/**
 * The studio's validator in the page, off the main thread: the same loader
 * the server's `/api/scenarios/check` runs (shared/scenario/load.ts, with the
 * same file name), so the problems it returns are the server's words and
 * positions, shown while the server's check — still the authority — is on
 * its way. One text at a time: the page sends the next only once this one
 * answered (local-check.ts), so a burst of keystrokes never queues up here.
 */

/** `warm`: the text as opened, read once through the positioned path (the one a typo takes) so the first typo is not also the first time the engine compiles that code; no answer. */
export interface CheckRequest { rev: number; filename: string; text: string; warm?: boolean }
/** `scenario`: the valid text as read (the views draw it without reading the text again on the page's main thread). */
export interface CheckReply { rev: number; valid: boolean; problems: ReturnType<typeof problemView>[]; scenario?: Scenario }

const scope = globalThis as unknown as { onmessage: ((e: MessageEvent<CheckRequest>) => void) | null; postMessage: (r: CheckReply) => void };

scope.onmessage = (e) => {
  const { rev, filename, text, warm } = e.data;
  if (warm) { loadWithPositions(text, filename); return; }
  const r = loadScenario(text, filename);
  scope.postMessage({ rev, valid: r.ok, problems: (r.ok ? r.warnings : r.problems).map(problemView), ...(r.ok ? { scenario: r.scenario } : {}) });
};
