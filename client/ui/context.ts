import type { ScenarioBrief } from "../../shared/engine/view.js";
import type { CellView } from "../../shared/engine/view.js";
import type { ParamValue } from "../../shared/engine/types.js";
import type { Ack } from "../../shared/protocol.js";
import type { Changed } from "../net/apply.js";
import type { CellConnection, You } from "../net/cell.js";

export type BriefAction = ScenarioBrief["actions"][number];
export type BriefRole = ScenarioBrief["roles"][number];

/** What every player panel gets: the connection, the current view and brief, and a way to act. */
export interface PlayCtx {
  conn: CellConnection;
  readonly view: CellView;
  readonly brief: ScenarioBrief;
  readonly you: You;
  cellId: string;
  playerId: string;
  /** localStorage key of a composer's draft for this cell and player. */
  draftKey: (composer: string) => string;
  act: (role: string, action: string, params: Record<string, ParamValue>, replyTo?: string) => Promise<Ack>;
  action: (id: string) => BriefAction | undefined;
  /** Roles I hold that may take this action. */
  rolesFor: (action: BriefAction) => string[];
  roleName: (id: string) => string;
  personaName: (id: string) => string;
  playerName: (id: string) => string;
  clock: (seconds: number) => string;
}

/** A sub-screen of the game (lobby, crisis cell, debrief) or a panel inside one. */
export interface Part {
  el: HTMLElement;
  update: (changed: Set<Changed>) => void;
  dispose?: () => void;
}
