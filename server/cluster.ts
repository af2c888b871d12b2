import { matchMaker } from "@colyseus/core";
import { RedisDriver } from "@colyseus/redis-driver";
import { RedisPresence } from "@colyseus/redis-presence";
import { Redis } from "ioredis";
import { localListing } from "./colyseus-private.js";
import { log } from "./log.js";

/**
 * Several server processes on one Redis (REDIS_URL). Colyseus' Redis presence
 * and driver share the room listings and carry calls between processes; this
 * adds what a crisis cell needs on top: exactly ONE room per cell in the whole
 * cluster, and a dead process's cells reopened by another.
 *
 * - **Cell lease**: `sf:cell:<cellId>` = the processId hosting the cell, set
 *   with NX and a TTL (`CELL_LEASE_MS`) in the room's onCreate; the host
 *   renews all its leases every third of the TTL. A second process trying to
 *   open the same cell finds the lease and gives up (`CELL_ELSEWHERE`). Even if
 *   two ever ran at once, the log's unique (cell, seq) would refuse the second
 *   writer (SeqConflictError): the lease keeps things tidy, the DB keeps them safe.
 * - **Process heartbeat**: `sf:proc:<processId>`, same TTL: rooms are placed
 *   only on live processes (the least loaded), never on a dead one.
 * - **Watchdog**: every process, every half lease (with jitter), lists the live
 *   cells in the database; a cell without a lease has lost its process, and is
 *   reopened (placed on the least-loaded live process) from snapshot + log tail.
 *   Processes whose heartbeat expired are health-checked by Colyseus, which
 *   removes their stale room listings.
 */

export const CELL_ELSEWHERE = "cell_elsewhere";

/** Renew this process's leases; a lease that vanished (Redis restarted, or it expired unclaimed) is taken back; one held by another process is lost. */
const RENEW = `local lost = {}
for i, key in ipairs(KEYS) do
  local v = redis.call("GET", key)
  if v == ARGV[1] then redis.call("PEXPIRE", key, ARGV[2])
  elseif not v then redis.call("SET", key, ARGV[1], "PX", ARGV[2])
  else table.insert(lost, key) end
end
return lost`;
const RELEASE = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;

const cellKey = (cellId: string) => `sf:cell:${cellId}`;
const procKey = (pid: string) => `sf:proc:${pid}`;

export interface ClusterHooks {
  /** Cells this process hosts right now. */
  localCells(): string[];
  /** Live cells in the database (not ended, session not ended). */
  liveCells(): Promise<string[]>;
  /** Open a cell's room somewhere in the cluster. */
  open(cellId: string): Promise<void>;
  /** This process lost a cell's lease (it was too slow to renew): close the room here, clients rejoin elsewhere. */
  lost(cellId: string): void;
}

export class Cluster {
  readonly presence: RedisPresence;
  readonly driver: RedisDriver;
  /** Also the store of the per-seat rate limits (server/rooms/limits.ts), shared by every process. */
  readonly redis: Redis;
  private timers: NodeJS.Timeout[] = [];
  private recent = new Map<string, number[]>();
  private hooks: ClusterHooks | undefined;
  private stopped = false;

  constructor(readonly url: string, readonly leaseMs: number) {
    this.presence = new RedisPresence(url);
    this.driver = new RedisDriver(url);
    this.redis = new Redis(url, { maxRetriesPerRequest: 3 });
    this.redis.on("error", (err) => log.warn("redis", { err: err.message }));
  }

  /** Fail fast with a clear message when Redis does not answer (before anything else connects and retries forever). */
  static async ping(url: string): Promise<void> {
    const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3000 });
    let cause: Error | undefined;
    r.on("error", (err) => { cause = err; });
    try {
      await r.connect();
      await r.ping();
    } catch (err) {
      throw new Error(`Redis injoignable (REDIS_URL=${url.replace(/\/\/[^@]*@/, "//***@")}) : ${(cause ?? err as Error).message}`);
    } finally {
      r.disconnect();
    }
  }

  /** This process's id in Colyseus (known once the Server is constructed). */
  get me(): string { return matchMaker.processId; }

  /** Take the cell for this process; false if another process holds it. */
  async acquire(cellId: string): Promise<boolean> {
    const ok = await this.redis.set(cellKey(cellId), this.me, "PX", this.leaseMs, "NX");
    if (ok === "OK") return true;
    return (await this.redis.get(cellKey(cellId))) === this.me;
  }

  async release(cellId: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, cellKey(cellId), this.me).catch(() => undefined);
  }

  /** Run `fn` while holding a cluster-wide lock (one-time initialisation shared by processes starting together). */
  async withLock<T>(name: string, fn: () => Promise<T>, ttlMs = 10_000): Promise<T> {
    const key = `sf:lock:${name}`, token = `${process.pid}:${Math.random()}`;
    const deadline = Date.now() + ttlMs * 2;
    while ((await this.redis.set(key, token, "PX", ttlMs, "NX")) !== "OK") {
      if (Date.now() > deadline) throw new Error(`lock ${name} not acquired`);
      await new Promise((r) => setTimeout(r, 50));
    }
    try { return await fn(); } finally { await this.redis.eval(RELEASE, 1, key, token).catch(() => undefined); }
  }

  /** The process holding the cell, if any. */
  owner(cellId: string): Promise<string | null> { return this.redis.get(cellKey(cellId)); }

  /**
   * Colyseus' `selectProcessIdToCreateRoom`: the live process (heartbeat
   * present) with the fewest rooms, counting the placements this process made
   * in the last seconds (stats are persisted at most once a second, so a burst
   * of creations — the cells of a new session — would otherwise all land on one).
   */
  select = async (): Promise<string> => {
    const stats = await matchMaker.stats.fetchAll();
    const alive = stats.length ? await this.redis.mget(...stats.map((s) => procKey(s.processId))) : [];
    const now = Date.now();
    let best: { pid: string; load: number } | undefined;
    stats.forEach((s, i) => {
      if (!alive[i] && s.processId !== this.me) return;
      const recent = (this.recent.get(s.processId) ?? []).filter((t) => now - t < 3000);
      this.recent.set(s.processId, recent);
      const load = s.roomCount + recent.length;
      if (!best || load < best.load || (load === best.load && s.processId === this.me)) best = { pid: s.processId, load };
    });
    const pid = best?.pid ?? this.me;
    this.recent.set(pid, [...(this.recent.get(pid) ?? []), now]);
    return pid;
  };

  /** Heartbeat, lease renewal and the watchdog; call after the server listens. */
  start(hooks: ClusterHooks): void {
    this.hooks = hooks;
    const every = (ms: number, fn: () => Promise<void>) => {
      let busy = false;
      const t = setInterval(() => {
        if (busy || this.stopped) return;
        busy = true;
        fn().catch((err) => log.warn("cluster task failed", { err: (err as Error).message })).finally(() => { busy = false; });
      }, ms);
      t.unref();
      this.timers.push(t);
    };
    void this.beat();
    every(Math.max(200, Math.floor(this.leaseMs / 3)), () => this.beat());
    const watch = Math.max(500, Math.floor(this.leaseMs / 2));
    every(watch + Math.floor(Math.random() * (watch / 4)), () => this.watch());
  }

  private async beat(): Promise<void> {
    await this.redis.set(procKey(this.me), "1", "PX", this.leaseMs);
    const cells = this.hooks!.localCells();
    if (cells.length === 0) return;
    const lost = (await this.redis.eval(RENEW, cells.length, ...cells.map(cellKey), this.me, String(this.leaseMs))) as string[];
    for (const key of lost) {
      const cellId = key.slice("sf:cell:".length);
      log.error("cell lease lost: closing it here", { cell: cellId });
      this.hooks!.lost(cellId);
    }
    // A listing removed by a race (an evicted room's dispose, a sweep) would hide a live room from joiners: put it back.
    const kept = cells.filter((c) => !lost.includes(cellKey(c)));
    const listed = await matchMaker.driver.findByIds(kept);
    for (const c of kept) {
      const listing = listed.has(c) ? undefined : localListing(c);
      if (listing) await matchMaker.driver.persist(listing, true);
    }
  }

  /** Reopen live cells that no process holds (their process died), and let Colyseus sweep dead processes. */
  private async watch(): Promise<void> {
    const cells = await this.hooks!.liveCells();
    if (cells.length > 0) {
      const owners = await this.redis.mget(...cells.map(cellKey));
      const local = new Set(this.hooks!.localCells());
      const orphans = cells.filter((c, i) => !owners[i] && !local.has(c));
      if (orphans.length > 0) {
        log.warn("reopening cells without a process", { cells: orphans.length });
        for (const c of orphans) await this.hooks!.open(c).catch((err) => log.error("cell not reopened", { cell: c, err }));
      }
    }
    const stats = await matchMaker.stats.fetchAll();
    const others = stats.filter((s) => s.processId !== this.me);
    if (others.length === 0) return;
    const alive = await this.redis.mget(...others.map((s) => procKey(s.processId)));
    await Promise.all(others.filter((_, i) => !alive[i]).map((s) => matchMaker.healthCheckProcessId(s.processId)));
  }

  /** Stop the timers and give the cells back at once (a graceful stop: another process reopens them without waiting for the TTL). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    const cells = this.hooks?.localCells() ?? [];
    await Promise.all(cells.map((c) => this.release(c)));
    await this.redis.del(procKey(this.me)).catch(() => undefined);
    this.redis.disconnect();
  }
}
