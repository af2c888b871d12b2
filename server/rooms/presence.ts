/**
 * When a player's leaving is written to the log. The log is the truth, but
 * presence is not worth an entry per connection: a reload, a tab closed and
 * reopened, a script joining and leaving in a loop must not write an entry
 * each time. So a player whose last connection is gone for good is logged as
 * left only after `graceMs`, and only if still away; a return before that
 * writes nothing (no `leave`, then no `join`: the player never stopped being
 * present). Two `leave` entries of one player are at least `minIntervalMs`
 * apart, so churn writes at most one `join` and one `leave` per interval.
 *
 * One per room; timers only (the room decides who is here and writes the entry).
 */
export class PresenceLog {
  private pending = new Map<string, NodeJS.Timeout>();
  private lastLeave = new Map<string, number>();

  constructor(
    private opts: { graceMs: number; minIntervalMs: number },
    /** Whether the player is connected right now, or already logged as away (then nothing to write). */
    private needsLeave: (player: string) => boolean,
    private writeLeave: (player: string) => Promise<void>,
    private now: () => number = Date.now,
  ) {}

  /** The player is connected (again): a pending leave is forgotten. */
  back(player: string): void {
    const t = this.pending.get(player);
    if (t) { clearTimeout(t); this.pending.delete(player); }
  }

  /** The player's last connection is gone for good: write the leave later, unless they are back by then. */
  gone(player: string): void {
    this.back(player);
    const last = this.lastLeave.get(player);
    const wait = Math.max(this.opts.graceMs, last === undefined ? 0 : last + this.opts.minIntervalMs - this.now());
    const t = setTimeout(() => { this.pending.delete(player); void this.leave(player); }, wait);
    t.unref?.();
    this.pending.set(player, t);
  }

  /** The room closes: every pending leave is written now. */
  async flush(): Promise<void> {
    const players = [...this.pending.keys()];
    this.cancel();
    for (const p of players) await this.leave(p);
  }

  /** Forget every pending leave (the room is closed for good or moves to another process). */
  cancel(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }

  private async leave(player: string): Promise<void> {
    if (!this.needsLeave(player)) return;
    this.lastLeave.set(player, this.now());
    await this.writeLeave(player);
  }
}
