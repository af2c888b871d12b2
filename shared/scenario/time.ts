/**
 * Game time. The engine counts game time in whole seconds since T+0 (the start
 * of the exercise, "DEBEX"). Scenario authors write times the way a French
 * chronogramme does:
 *
 * - absolute times: "T+01:30" (1 h 30 after start), "T+72:00", "J+1 08:00"
 *   (day one after the start day, at 08:00 on the scenario's clock);
 * - durations: "01:30", "90m", "2h", "1h30", "45min", "1j" (one day).
 *
 * Parsing is pure and returns `null` on malformed input so that the loader
 * can report a positioned error instead of throwing.
 */

export const SECONDS_PER_MINUTE = 60;
export const SECONDS_PER_HOUR = 3600;
export const SECONDS_PER_DAY = 86400;

const HHMM = /^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$/;
const T_PLUS = /^T\s*\+\s*(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$/i;
const J_PLUS = /^J\s*\+\s*(\d{1,2})\s+([01]?\d|2[0-3])[:h]([0-5]\d)$/i;
const UNITS = /^(?:(\d+)\s*(?:j|d))?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*(?:m|min)?)?$/i;

/** Parse a duration ("01:30", "90m", "2h", "1h30", "1j") into seconds. */
export function parseDuration(text: string): number | null {
  const s = text.trim();
  if (s === "") return null;
  const hm = HHMM.exec(s);
  if (hm) return Number(hm[1]) * SECONDS_PER_HOUR + Number(hm[2]) * SECONDS_PER_MINUTE + Number(hm[3] ?? 0);
  const u = UNITS.exec(s);
  if (u && (u[1] ?? u[2] ?? u[3]) !== undefined) {
    // "1h30" means 1 h 30 min; a bare number means minutes.
    return Number(u[1] ?? 0) * SECONDS_PER_DAY + Number(u[2] ?? 0) * SECONDS_PER_HOUR + Number(u[3] ?? 0) * SECONDS_PER_MINUTE;
  }
  return null;
}

/**
 * Parse an absolute game time into seconds since T+0.
 * `clockStart` is the time of day at T+0 in seconds (e.g. 08:00 → 28800),
 * needed to place "J+1 08:00" on the T+ axis.
 */
export function parseGameTime(text: string, clockStart = 0): number | null {
  const s = text.trim();
  const t = T_PLUS.exec(s);
  if (t) return Number(t[1]) * SECONDS_PER_HOUR + Number(t[2]) * SECONDS_PER_MINUTE + Number(t[3] ?? 0);
  const j = J_PLUS.exec(s);
  if (j) {
    const at = Number(j[1]) * SECONDS_PER_DAY + Number(j[2]) * SECONDS_PER_HOUR + Number(j[3]) * SECONDS_PER_MINUTE - clockStart;
    return at >= 0 ? at : null;
  }
  return null;
}

/** Format seconds since T+0 as "T+HH:MM" (hours may exceed 24). */
export function formatGameTime(seconds: number): string {
  const neg = seconds < 0;
  const total = Math.floor(Math.abs(seconds) / 60);
  const h = Math.floor(total / 60);
  const m = total % 60;
  return `T${neg ? "-" : "+"}${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/** Format seconds since T+0 on the scenario's clock as "J+N HH:MM". */
export function formatClock(seconds: number, clockStart = 0): string {
  const abs = seconds + clockStart;
  const day = Math.floor(abs / SECONDS_PER_DAY);
  const rest = abs - day * SECONDS_PER_DAY;
  const h = Math.floor(rest / SECONDS_PER_HOUR);
  const m = Math.floor((rest % SECONDS_PER_HOUR) / 60);
  return `J+${day} ${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/** Format a duration in seconds as "HH:MM". */
export function formatDuration(seconds: number): string {
  const total = Math.round(seconds / 60);
  return `${String(Math.floor(total / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
}
