import { matchMaker } from "@colyseus/core";
import { CELL_ELSEWHERE, type Cluster } from "./cluster.js";
import type { ServerConfig } from "./config.js";
import type { CellRuntime } from "./game/cell-runtime.js";
import { log } from "./log.js";
import type { ScenarioCatalog } from "./scenarios.js";
import type { Storage, AnnotationRow } from "./storage/types.js";

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
  /** HMAC key of roster students' pseudonymous ids (server/students/identity.ts), kept likewise. */
  pseudoSecret: string;
  /** Live cell runtimes in this process, by cell id (= Colyseus roomId). */
  cells: Map<string, CellRuntime>;
  /** Hooks the room registers so HTTP can reach connected clients (erasure closes them). */
  rooms: Map<string, { closeForGood(reason: string): Promise<void>; evict(): Promise<void>; reload(): Promise<void>; pushAnnotation(row: AnnotationRow): void }>;
  /** Set with REDIS_URL: cell leases, placement, the watchdog (server/cluster.ts). */
  cluster?: Cluster;
}

const contexts = new Map<string, AppContext>();
export const registerContext = (ctx: AppContext) => { contexts.set(ctx.id, ctx); };
export const unregisterContext = (id: string) => { contexts.delete(id); };
/**
 * The context named in a room's create options. With Redis the room may be
 * created on another process than the one that asked (placement): that
 * process has its own, single context, which is the one to use.
 */
export const getContext = (id: unknown): AppContext | undefined => {
  const ctx = typeof id === "string" ? contexts.get(id) : undefined;
  if (ctx || typeof id !== "string") return ctx;
  return contexts.size === 1 ? [...contexts.values()][0] : undefined;
};

const opening = new Map<string, Promise<void>>();
/** Cells whose stored data is being rewritten (a student's erasure): no room opens on them meanwhile, in this process. */
const frozen = new Map<string, number>();

/** Keep these cells' rooms from opening until the returned function is called. */
export function freezeOpening(cellIds: readonly string[]): () => void {
  for (const id of cellIds) frozen.set(id, (frozen.get(id) ?? 0) + 1);
  return () => { for (const id of cellIds) { const n = (frozen.get(id) ?? 1) - 1; if (n <= 0) frozen.delete(id); else frozen.set(id, n); } };
}

/**
 * Make sure the cell's room runs: rooms are created by the server only, with
 * roomId = cell id, so clients rejoin a cell by its id after a restart.
 * Concurrent calls share one creation. Alone, the room runs in this process;
 * with Redis, somewhere in the cluster: nothing is done when a live process
 * holds the cell's lease, else Colyseus places the room on the least-loaded
 * process, whose onCreate takes the lease (a lost race ends in CELL_ELSEWHERE:
 * the room exists, which is what was asked).
 */
export function openCell(ctx: AppContext, cellId: string): Promise<void> {
  if (ctx.cells.has(cellId)) return Promise.resolve();
  if (frozen.has(cellId)) return Promise.reject(new Error("cell being rewritten (erasure): try again in a moment"));
  const inFlight = opening.get(cellId);
  if (inFlight) return inFlight;
  const p = (async () => {
    if (matchMaker.getLocalRoomById(cellId)) return;
    if (ctx.cluster) {
      const owner = await ctx.cluster.owner(cellId);
      if (owner && owner !== ctx.cluster.me) return; // open on another process
    }
    try {
      await matchMaker.createRoom("cell", { cellId, app: ctx.id });
    } catch (err) {
      if (String((err as Error).message).includes(CELL_ELSEWHERE)) return;
      throw err;
    }
  })().catch((err) => {
    log.error("cell room not opened", { cell: cellId, err });
    throw err;
  }).finally(() => opening.delete(cellId));
  opening.set(cellId, p);
  return p;
}
