import { matchMaker } from "@colyseus/core";
import type { ServerConfig } from "./config.js";
import type { CellRuntime } from "./game/cell-runtime.js";
import { log } from "./log.js";
import type { ScenarioCatalog } from "./scenarios.js";
import type { Storage } from "./storage/types.js";

/**
 * What rooms and HTTP handlers share in one process: configuration,
 * storage, the scenario catalogue and the cells running here. Rooms find it
 * by the `app` id passed in their create options (clients cannot create
 * rooms, so those options only ever come from this server).
 */
export interface AppContext {
  id: string;
  config: ServerConfig;
  storage: Storage;
  catalog: ScenarioCatalog;
  /** HMAC key for staff room tokens (kept in storage so every process and restart shares it). */
  staffSecret: string;
  /** Live cell runtimes in this process, by cell id (= Colyseus roomId). */
  cells: Map<string, CellRuntime>;
  /** Hooks the room registers so HTTP can reach connected clients (erasure closes them). */
  rooms: Map<string, { closeForGood(reason: string): Promise<void> }>;
}

const contexts = new Map<string, AppContext>();
export const registerContext = (ctx: AppContext) => { contexts.set(ctx.id, ctx); };
export const unregisterContext = (id: string) => { contexts.delete(id); };
export const getContext = (id: unknown): AppContext | undefined => (typeof id === "string" ? contexts.get(id) : undefined);

const opening = new Map<string, Promise<void>>();

/**
 * Make sure the cell's room runs in this process: rooms are created by the
 * server only, with roomId = cell id, so clients rejoin a cell by its id
 * after a restart. Concurrent calls share one creation.
 */
export function openCell(ctx: AppContext, cellId: string): Promise<void> {
  if (ctx.cells.has(cellId)) return Promise.resolve();
  const inFlight = opening.get(cellId);
  if (inFlight) return inFlight;
  const p = (async () => {
    if (matchMaker.getLocalRoomById(cellId)) return;
    await matchMaker.createRoom("cell", { cellId, app: ctx.id });
  })().catch((err) => {
    log.error("cell room not opened", { cell: cellId, err });
    throw err;
  }).finally(() => opening.delete(cellId));
  opening.set(cellId, p);
  return p;
}
