import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import { retryLater } from "../http-error.js";
import { log } from "../log.js";

/**
 * Password guessing, slowed per account AND address, never per address
 * alone (a school's students and instructors share one): rate-limiter-
 * flexible's "login endpoint protection" pattern, with delays that stay
 * short so that a correct password is never kept out for long.
 *
 * - A stranger (no device cookie of this account): after FREE.address wrong
 *   passwords for an account from one address, each further try waits for a
 *   delay that doubles from 1 s up to MAX_DELAY_S; the account as a whole
 *   (any address) gets FREE.account wrong tries before the same delays.
 * - A browser that logged in to this account before (signed `sf_device`
 *   cookie) is counted on its own: strangers' failures never delay it.
 * - A success clears the counters of its keys. A try refused for waiting is
 *   not counted (it cannot lengthen the wait) and is never checked against
 *   the password (no information, no scrypt cost).
 *
 * On Redis when REDIS_URL is set (every process sees the same counters),
 * in memory otherwise; Redis failing falls back to memory.
 */

export const FREE = { address: 5, account: 20, device: 10 } as const;
export const MAX_DELAY_S = 30;
/** Failures are counted over this window from the first one (then start again from zero). */
const WINDOW_S = 3600;

export type ThrottleKey = { key: string; free: number };

/** The keys a login try counts against: its device when the browser has this account's device cookie, else the address and the account. */
export function loginKeys(username: string, ip: string, device: string | undefined): ThrottleKey[] {
  const name = username.trim().toLowerCase();
  if (device) return [{ key: `dev:${name}:${device}`, free: FREE.device }];
  return [{ key: `ip:${name}:${ip}`, free: FREE.address }, { key: `acct:${name}`, free: FREE.account }];
}

/** Seconds to wait after the n-th consecutive failure of a key that allows `free` (0 while within them). */
export const delayAfter = (n: number, free: number): number => (n <= free ? 0 : Math.min(MAX_DELAY_S, 2 ** (n - free - 1)));

export class LoginThrottle {
  private fails: RateLimiterAbstract;
  private gate: RateLimiterAbstract;
  private redis: Redis | undefined;

  constructor(redisUrl?: string, prefix = "sf:login") {
    const memory = (keyPrefix: string, points: number, duration: number) => new RateLimiterMemory({ keyPrefix, points, duration });
    if (redisUrl) {
      this.redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
      this.redis.on("error", (err) => log.warn("login throttle: redis", { err: err.message }));
      const redis = (keyPrefix: string, points: number, duration: number) =>
        new RateLimiterRedis({ storeClient: this.redis, keyPrefix, points, duration, insuranceLimiter: memory(keyPrefix, points, duration) });
      this.fails = redis(`${prefix}:fails`, 1_000_000, WINDOW_S);
      this.gate = redis(`${prefix}:gate`, 1, 1);
    } else {
      this.fails = memory(`${prefix}:fails`, 1_000_000, WINDOW_S);
      this.gate = memory(`${prefix}:gate`, 1, 1);
    }
  }

  /** Milliseconds before these keys may try again (0: now). */
  async wait(keys: ThrottleKey[]): Promise<number> {
    const gates = await Promise.all(keys.map((k) => this.gate.get(k.key)));
    return Math.max(0, ...gates.map((g) => (g && g.consumedPoints > this.gate.points ? g.msBeforeNext : 0)));
  }

  /** A wrong password: count it on every key, and make the key wait when it is past its free tries. */
  async failed(keys: ThrottleKey[]): Promise<void> {
    await Promise.all(keys.map(async (k) => {
      const res = await this.fails.penalty(k.key, 1);
      const delay = delayAfter(res.consumedPoints, k.free);
      if (delay > 0) await this.gate.block(k.key, delay);
    }));
  }

  /** The right password: these keys start again from zero. */
  async succeeded(keys: ThrottleKey[]): Promise<void> {
    await Promise.all(keys.flatMap((k) => [this.fails.delete(k.key), this.gate.delete(k.key)]));
  }

  close(): void { this.redis?.disconnect(); }
}

/**
 * One password try under the throttle, the same for every route that checks
 * a password (the login, one's own password change): while its keys must
 * wait, 429 `too_many_attempts` with Retry-After and the password is not
 * checked (no information, no scrypt cost, not counted); otherwise `check`
 * runs and its answer is counted (a failure on every key; a success clears
 * them). Returns whether the password was right: the route says what a wrong
 * one means.
 */
export async function throttledPasswordCheck(throttle: LoginThrottle, keys: ThrottleKey[], check: () => Promise<boolean>): Promise<boolean> {
  const wait = await throttle.wait(keys);
  if (wait > 0) throw retryLater(429, "too_many_attempts", Math.ceil(wait / 1000));
  const ok = await check();
  await (ok ? throttle.succeeded(keys) : throttle.failed(keys));
  return ok;
}
