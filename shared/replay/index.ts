import { applyEntry, createState } from "../engine/engine.js";
import type { CompiledScenario } from "../engine/compiled.js";
import type { LogEntry, LogPayload } from "../engine/log.js";
import type { Effect, EngineState } from "../engine/types.js";
import { viewFor, type CellView } from "../engine/view.js";
import { playerDeadlines } from "../scoring/deadlines.js";
import { describeEntry, type LogLine } from "./describe.js";
import { SeriesBuilder, type CrisisSeries } from "./series.js";
import type { ReplayEntry } from "./entry.js";
import { Timeline } from "./timeline.js";

/**
 * The replay index of one cell's log: the log folded once, keyframes of the
 * engine state every `every` entries, and what the replay viewer draws
 * (swim lanes, deadline markers, branches taken, the event-log lines).
 * `stateAt(position)` = the nearest keyframe before it (cloned) + a fold of the
 * rest, so any moment is one clone and at most `every - 1` entries away, and
 * bit for bit equal to a full fold from the start (property-tested).
 *
 * A *position* is the number of entries applied (0 = nothing; the last
 * position = the whole log). For a stored log, position = the seq of the last
 * entry applied. Pure: no clock, no I/O.
 */

export type { ReplayEntry };

/**
 * Keyframe spacing: a seek is one clone plus ≤ 127 entries folded. Measured
 * on a 3-hour ransomware log (11,400 entries, tests/bench/replay.ts, seek +
 * viewAt): every 64 → p99 ≈ 11–13 ms, 31 MB; 128 → p50 ≈ 4 ms, p99 ≈ 22 ms,
 * 17 MB; 256 → p99 ≈ 34 ms, 10 MB; 1024 → 5 MB but p99 between 30 and 130 ms
 * from run to run. 128 keeps seeks far under 100 ms on a slower laptop.
 */
export const DEFAULT_KEYFRAME_EVERY = 128;

export interface ReplayOptions { every?: number }

export class ReplayIndex {
  readonly every: number;
  readonly entries: readonly ReplayEntry[];
  /** Game time after each position (index 0 = before any entry). Non-decreasing. */
  readonly times: Float64Array;
  /** Seq of the entry at each index (1-based as stored; position p ↔ seqs[p-1]). */
  readonly seqs: Int32Array;
  /** One line per entry, with what the engine did (clock ticks that did nothing have `quiet: true`). */
  readonly lines: LogLine[] = [];
  readonly timeline: Timeline;
  readonly final: EngineState;
  /** The crisis over time: gauge curves and markers, for the chart (staff: everything). */
  readonly series: CrisisSeries;
  private keyframes: EngineState[] = [];

  constructor(readonly compiled: CompiledScenario, entries: readonly ReplayEntry[], opts: ReplayOptions = {}) {
    this.every = Math.max(1, Math.floor(opts.every ?? DEFAULT_KEYFRAME_EVERY));
    this.entries = entries;
    this.times = new Float64Array(entries.length + 1);
    this.seqs = new Int32Array(entries.length);
    this.timeline = new Timeline(compiled);
    const state = createState(compiled);
    const series = new SeriesBuilder(compiled);
    this.keyframes.push(structuredClone(state));
    entries.forEach((entry, i) => {
      const effects: Effect[] = applyEntry(compiled, state, entry);
      const seq = "seq" in entry && typeof entry.seq === "number" ? entry.seq : i + 1;
      this.seqs[i] = seq;
      this.times[i + 1] = state.time;
      this.timeline.record(effects, i + 1, seq);
      series.add(effects, i + 1);
      this.lines.push(describeEntry(compiled, entry, effects, i + 1, seq, state));
      if ((i + 1) % this.every === 0) this.keyframes.push(structuredClone(state));
    });
    this.final = state;
    this.timeline.finish(state);
    this.series = series.result();
  }

  get length(): number { return this.entries.length; }
  get duration(): number { return this.times[this.entries.length]; }

  /** Clamp to [0, length]. */
  clamp(position: number): number { return Math.max(0, Math.min(this.entries.length, Math.floor(position))); }

  /** The position just after the entry with this seq (the moment that entry took effect). */
  positionOfSeq(seq: number): number {
    // Stored seqs are contiguous from 1, but do not rely on it: binary search.
    let lo = 0, hi = this.seqs.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.seqs[mid] <= seq) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found + 1;
  }

  /** The last position whose game time is ≤ `time` (a time before the start gives the lobby before the first tick). */
  positionAtTime(time: number): number {
    let lo = 0, hi = this.entries.length, found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid] <= time) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  /** Game time at a position. */
  timeAt(position: number): number { return this.times[this.clamp(position)]; }

  /** A fresh engine state at `position` (the caller owns it). */
  stateAt(position: number): EngineState {
    const p = this.clamp(position);
    const k = Math.floor(p / this.every);
    const state = structuredClone(this.keyframes[k]);
    for (let i = k * this.every; i < p; i++) applyEntry(this.compiled, state, this.entries[i]);
    return state;
  }

  /** Seek by seq (`{ seq }`) or by game seconds (`{ time }`): the position and the state there. */
  seek(to: { seq: number } | { time: number } | { position: number }): { position: number; state: EngineState } {
    const position = "seq" in to ? this.positionOfSeq(to.seq) : "time" in to ? this.positionAtTime(to.time) : this.clamp(to.position);
    return { position, state: this.stateAt(position) };
  }

  /** The roles the holder of `role` had at that moment (all of them: one player may hold several), or just `role` when vacant. */
  static rolesOfHolder(state: EngineState, role: string): string[] {
    const holders = Object.values(state.players).filter((p) => p.roles.includes(role));
    const roles = new Set<string>([role]);
    for (const p of holders) for (const r of p.roles) roles.add(r);
    return [...roles];
  }

  /** Exactly what the holder of `role` saw at `position`: `viewFor` with the roles they held then. */
  viewAt(role: string, position: number, state = this.stateAt(position)): { roles: string[]; view: CellView } {
    const roles = ReplayIndex.rolesOfHolder(state, role);
    const view = viewFor(this.compiled, state, roles);
    view.deadlines = playerDeadlines(this.compiled, state, roles, view.deadlines);
    return { roles, view };
  }

  /** A cursor that moves forward by folding and jumps back through keyframes: for playback, where each step is a few entries. */
  cursor(): ReplayCursor { return new ReplayCursor(this); }
}

/** A mutable position in a replay: forward moves fold only the entries in between; backward moves restart from a keyframe. */
export class ReplayCursor {
  position = 0;
  state: EngineState;
  constructor(private index: ReplayIndex) { this.state = index.stateAt(0); }
  moveTo(position: number): EngineState {
    const p = this.index.clamp(position);
    const nextKeyframe = Math.floor(p / this.index.every) * this.index.every;
    if (p < this.position || nextKeyframe > this.position) {
      this.state = this.index.stateAt(p);
    } else {
      for (let i = this.position; i < p; i++) applyEntry(this.index.compiled, this.state, this.index.entries[i]);
    }
    this.position = p;
    return this.state;
  }
}

/** Build the index of a log (see ReplayIndex). */
export function buildReplay(compiled: CompiledScenario, entries: readonly ReplayEntry[], opts?: ReplayOptions): ReplayIndex {
  return new ReplayIndex(compiled, entries, opts);
}

export { describeEntry, type LogLine } from "./describe.js";
export { Timeline, type LaneItem, type Lane, type DeadlineMarker, type BranchPoint } from "./timeline.js";
