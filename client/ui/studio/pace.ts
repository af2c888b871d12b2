/**
 * How long the editor waits after a keystroke before asking the server's
 * check: a multiple of the author's own typing pace (the median of the last
 * gaps between keystrokes), within bounds. A fast typist is not sent a check
 * between every two keys; a pause is answered soon. Pure (the caller gives
 * the times), tested.
 */
export interface PaceBounds { min: number; max: number; factor: number }
export interface Pace { key(now: number): void; delay(bounds: PaceBounds): number }

export function typingPace(keep = 8): Pace {
  const gaps: number[] = [];
  let last: number | undefined;
  return {
    key(now) {
      // A gap over two seconds is a pause, not the pace.
      if (last !== undefined && now - last < 2000) { gaps.push(now - last); if (gaps.length > keep) gaps.shift(); }
      last = now;
    },
    delay(opts) {
      if (gaps.length === 0) return opts.min;
      const sorted = [...gaps].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)];
      return Math.round(Math.min(opts.max, Math.max(opts.min, median * opts.factor)));
    },
  };
}
