/**
 * A token bucket per client: `burst` messages at once, then `perSecond`.
 * Humans typing never reach it; a script flooding the room does, gets clear
 * refusals, and is disconnected after `kickAfter` refusals in a row.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  /** Refusals since the last accepted message. */
  strikes = 0;

  constructor(private burst: number, private perSecond: number, private now: () => number = Date.now) {
    this.tokens = burst;
    this.last = now();
  }

  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < 1) { this.strikes++; return false; }
    this.tokens -= 1;
    return true;
  }
}
