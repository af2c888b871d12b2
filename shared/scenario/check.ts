import type { Scenario } from "./schema.js";
import { makeCtx, type Finding } from "./check-context.js";
import { checkIds, checkRefs } from "./check-refs.js";
import { checkBranches, checkGauges, checkTimes } from "./check-values.js";
import { checkReach } from "./check-reach.js";
import { checkRubric } from "./check-rubric.js";
import { checkEvents } from "./check-events.js";
import { checkExclusive } from "./check-exclusive.js";
import { checkChannels } from "./check-channels.js";

export type { Finding, Path, Severity } from "./check-context.js";

/**
 * Semantic checks on a scenario whose shape is valid: what zod cannot see
 * because it needs the whole file (unknown or duplicate ids, times outside
 * the scenario, triggers that can never fire, dead phases and injects…).
 * Pure: returns findings with paths; the loader turns paths into line:col.
 * Order matters: references and times first, so that reachability stays
 * quiet about a path that already has a more precise error.
 */
export function checkScenario(scenario: Scenario): Finding[] {
  const ctx = makeCtx(scenario);
  checkIds(ctx);
  checkRefs(ctx);
  checkChannels(ctx);
  checkTimes(ctx);
  checkGauges(ctx);
  checkBranches(ctx);
  checkEvents(ctx);
  if (!ctx.findings.some((f) => f.severity === "error")) checkExclusive(ctx);
  checkRubric(ctx);
  checkReach(ctx);
  return ctx.findings;
}
