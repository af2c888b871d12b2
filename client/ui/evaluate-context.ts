import type { CompiledScenario } from "../../shared/engine/compiled.js";
import type { EngineState } from "../../shared/engine/types.js";
import type { ReplayIndex } from "../../shared/replay/index.js";
import { formatClock, formatGameTime } from "../../shared/scenario/time.js";
import type { Text } from "../../shared/scenario/text.js";
import { tx } from "../i18n/index.js";
import type { ReplayPayload } from "../net/evaluate-api.js";

/** What every part of the evaluator workspace shares: the replay index, the current moment, and name lookups. */
export interface Ws {
  payload: ReplayPayload;
  sessionId: string;
  cellId: string;
  compiled: CompiledScenario;
  index: ReplayIndex;
  /** The current position (entries applied) and the engine state there (owned by the workspace's cursor: read, never keep). */
  position: () => number;
  state: () => EngineState;
  /** Move the replay; `announce` says the new moment in the live region; `from` names the control that asked (it keeps focus). */
  seek: (position: number, opts?: { announce?: boolean }) => void;
  onSeek: (fn: () => void) => void;
  /** "T+01:30 (J+0 09:30)". */
  when: (seconds: number) => string;
  roleName: (id: string) => string;
  playerName: (id: string) => string;
  channelName: (id: string) => string;
  text: (t: Text | undefined) => string;
}

export function wsNames(payload: ReplayPayload, compiled: CompiledScenario, index: ReplayIndex): Pick<Ws, "when" | "roleName" | "playerName" | "channelName" | "text"> {
  const players = new Map(payload.players.map((p) => [p.id, p.name]));
  return {
    when: (s) => `${formatGameTime(s)} (${formatClock(s, compiled.clockStart)})`,
    roleName: (id) => tx(compiled.roles.get(id)?.name) || id,
    playerName: (id) => players.get(id) ?? index.final.players[id]?.name ?? id,
    channelName: (id) => (id === "internal" ? "" : tx(compiled.channels.get(id)?.name) || id),
    text: (t) => tx(t),
  };
}
