import type { Redis } from "ioredis";
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { ServerConfig } from "../config.js";
import { log } from "../log.js";

/**
 * Budgets per seat — a player, or a staff account — whatever the connection
 * and whatever the process: reconnecting, opening a second tab or landing on
 * another process does not refill them. With Redis (several processes) the
 * counters live there (rate-limiter-flexible's RateLimiterRedis), with an
 * in-memory limiter of the same shape as insurance while Redis does not
 * answer; a single process keeps them in memory.
 *
 * - messages: `RATE_PER_SECOND` per second, plus a reserve of `RATE_BURST`
 *   per `RATE_BURST_WINDOW_SECONDS` for bursts (a resend after a reconnection,
 *   a quick exchange) — BurstyRateLimiter;
 * - joins: `JOINS_PER_SEAT_PER_MINUTE` connections per seat and cell (each
 *   one replaces the previous: see CellRoom), so a script cannot churn;
 * - reservations: `RESERVATIONS_PER_SEAT` seat reservations per seat and cell
 *   per 15 s (a reserved seat counts against the room until it is used or
 *   expires, so a student repeating reservations with their own valid token
 *   could otherwise fill the room; a real client reserves once per
 *   connection). Refused at reservation, before any seat is counted.
 */
export const RESERVATIONS_PER_SEAT = 10;
export const RESERVATION_WINDOW_SECONDS = 15;

export type Verdict = { ok: true } | { ok: false; retryAfterMs: number };

/** The seat a budget belongs to: a player id (players belong to one cell) or a staff account (across cells). */
export const seatKey = (actor: { kind: string; id: string }): string => (actor.kind === "player" ? `p:${actor.id}` : `s:${actor.id}`);

export class SeatLimits {
  private messages: BurstyRateLimiter;
  private joins: RateLimiterAbstract;
  private reservations: RateLimiterAbstract;

  constructor(config: Pick<ServerConfig, "rateBurst" | "ratePerSecond" | "rateBurstWindowSeconds" | "joinsPerSeatPerMinute">, redis?: Redis) {
    const make = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract => {
      const memory = new RateLimiterMemory({ keyPrefix, points, duration });
      if (!redis) return memory;
      // A flood is refused from memory once over budget (no Redis round trip per refused frame).
      return new RateLimiterRedis({
        storeClient: redis, keyPrefix: `sf:rl:${keyPrefix}`, points, duration, rejectIfRedisNotReady: true,
        inMemoryBlockOnConsumed: points, insuranceLimiter: memory,
      });
    };
    this.messages = new BurstyRateLimiter(
      make("msg", Math.max(1, config.ratePerSecond), 1),
      make("msg-burst", Math.max(1, config.rateBurst), Math.max(1, config.rateBurstWindowSeconds)),
    );
    this.joins = make("join", Math.max(1, config.joinsPerSeatPerMinute), 60);
    this.reservations = make("reserve", RESERVATIONS_PER_SEAT, RESERVATION_WINDOW_SECONDS);
  }

  /** One seat reservation of `seat` in `cellId`. */
  reserve(cellId: string, seat: string): Promise<Verdict> { return verdict(this.reservations.consume(`${cellId}:${seat}`)); }

  /** One message of `seat`: may it be handled now, or in how many ms? */
  message(seat: string): Promise<Verdict> { return verdict(this.messages.consume(seat)); }

  /** One connection of `seat` to `cellId`. */
  join(cellId: string, seat: string): Promise<Verdict> { return verdict(this.joins.consume(`${cellId}:${seat}`)); }
}

async function verdict(p: Promise<RateLimiterRes>): Promise<Verdict> {
  try {
    await p;
    return { ok: true };
  } catch (rej) {
    if (rej instanceof RateLimiterRes) return { ok: false, retryAfterMs: Math.max(1, Math.ceil(rej.msBeforeNext)) };
    // Neither Redis nor the insurance answered (cannot happen with the memory insurance): let the message through, loudly.
    log.warn("rate limiter failed", { err: rej as Error });
    return { ok: true };
  }
}

const perProcess = new WeakMap<object, { key: string; limits: SeatLimits }>();

/**
 * The limits of one server (one per app context, shared by all its rooms), on
 * its cluster's Redis when there is one. Built again if the configuration's
 * figures changed (tests tighten them on a running server).
 */
export function seatLimits(ctx: { config: ServerConfig; cluster?: { redis: Redis } }): SeatLimits {
  const c = ctx.config;
  const key = `${c.rateBurst}/${c.ratePerSecond}/${c.rateBurstWindowSeconds}/${c.joinsPerSeatPerMinute}`;
  let l = perProcess.get(ctx);
  if (l?.key !== key) { l = { key, limits: new SeatLimits(c, ctx.cluster?.redis) }; perProcess.set(ctx, l); }
  return l.limits;
}
