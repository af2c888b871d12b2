import type { Command } from "./command.js";
import { validate } from "./validate.js";
import { schema } from "./schema.js";
import { coverageCmd, graphCmd, simulateCmd } from "./play.js";
import { rubric } from "./rubric.js";

/**
 * The subcommands of `npm run scenario`. Adding one is an import and a line
 * here; `main.ts` builds the usage from this table.
 */
export const COMMANDS: Record<string, Command> = {
  validate,
  schema,
  simulate: simulateCmd,
  coverage: coverageCmd,
  graph: graphCmd,
  rubric,
};

/** Commands the README documents, listed in the usage even before they are registered above. */
export const DOCUMENTED = ["validate", "schema", "simulate", "coverage", "graph", "rubric"] as const;
