/**
 * The client's side of the server's per-seat message budget: a token bucket
 * (`burst` at once, then `perSecond`) that says how long to wait before the
 * next message may go. A client that paces itself under the budget is never
 * refused; one refused anyway (the budget is shared with the seat's other
 * connections, or the server's windows fell differently) waits as told and
 * `drain`s its bucket, so it starts again slowly.
 */
export class Pacer {
  private tokens: number;
  private last: number;

  constructor(private burst: number, private perSecond: number, private now: () => number = Date.now) {
    this.tokens = burst;
    this.last = now();
  }

  /** The server told its budget (in each view). */
  configure(burst: number, perSecond: number): void {
    this.refill();
    this.burst = Math.max(1, burst);
    this.perSecond = Math.max(0.1, perSecond);
    this.tokens = Math.min(this.tokens, this.burst);
  }

  /** Milliseconds before one message may go (0: now). */
  wait(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }

  /** One message goes. */
  take(): void {
    this.refill();
    this.tokens -= 1;
  }

  /** Refused for rate: start again from an empty bucket. */
  drain(): void {
    this.refill();
    this.tokens = Math.min(this.tokens, 0);
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
  }
}
