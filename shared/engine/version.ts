/**
 * The engine version: stamped in the `open` entry of every new log (and so in
 * every state and snapshot), it says which semantics a log is played with.
 *
 * - 1 (logs without a version): a branch point may take several outcomes in
 *   one run, the later replacing the earlier; records carry no order.
 * - 2: one statechart (machine.ts) is the model — its snapshot is in the
 *   state; a branch point takes at most one outcome per run; actions,
 *   deliveries and outcomes carry their order `n`, so conditions on events
 *   ("A before B", "since", "first") read the log's order; volume curves.
 *
 * Where the two differ, version 1 is kept exactly for version-1 logs.
 */
export const ENGINE_VERSION = 2;

/** The version a state is played with. */
export function engineVersion(state: { engine?: number }): number {
  return state.engine ?? 1;
}
