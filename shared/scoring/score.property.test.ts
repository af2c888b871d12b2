import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mini } from "../../tests/fixtures/engine-mini.js";
import { compileScenario } from "../engine/compile.js";
import { replay } from "../engine/engine.js";
import { LogPayload, type LogEntry } from "../engine/log.js";
import { POLICIES } from "../sim/bots.js";
import { simulate } from "../sim/simulate.js";
import { levelTable, scoreCell, type CellScore } from "./score.js";

/**
 * Scores depend on what the cell did in game time, nothing else: not the
 * wall-clock stamps of the log, not chat lines, not who else joined or in
 * which order, not what the logbook says (only how often it is kept).
 */

const compiled = compileScenario(mini);
const crafted = (JSON.parse(readFileSync(join(import.meta.dirname, "../../tests/fixtures/golden/mini-crafted.json"), "utf8")).log as unknown[])
  .map((e) => LogPayload.parse(e));

/** A base log: the crafted golden one, or a simulated session. */
const baseLog = fc.oneof(
  fc.constant(crafted),
  fc.record({ seed: fc.integer({ min: 0, max: 10_000 }), policy: fc.constantFrom(...POLICIES) })
    .map(({ seed, policy }) => simulate(compiled, { seed, policy }).log),
);

const score = (log: readonly LogPayload[]) => scoreCell(compiled, replay(compiled, log));

/** Everything about levels that does not name an action id (inserting actions renumbers the ids after them). */
function shape(s: CellScore, players?: readonly string[]) {
  const table = levelTable(s);
  if (players) table.students = Object.fromEntries(Object.entries(table.students).filter(([p]) => players.includes(p)));
  return {
    table,
    indicators: s.indicators.map((i) => [i.id, i.value, i.level, i.pending]),
    means: [s.cell, ...s.roles, ...s.students.filter((x) => !players || players.includes(x.player))]
      .map((x) => x.competencies.map((c) => [c.mean, c.cappedBy, c.expectations.map((e) => e.outcome), c.indicators.map((i) => i.id)])),
  };
}

const playersOf = (log: readonly LogPayload[]) => [...new Set(log.flatMap((e) => (e.type === "join" ? [e.player] : [])))];
const seats = (log: readonly LogPayload[]) => log.flatMap((e) => (e.type === "assign" ? [{ player: e.player, role: e.role }] : []));

/** Insert entries at the given positions (each position taken modulo the growing log's length). */
function insertAt<T>(log: readonly T[], inserts: { at: number; entry: T }[]): T[] {
  const out = [...log];
  for (const { at, entry } of inserts) out.splice(at % (out.length + 1), 0, entry);
  return out;
}

describe("scoring properties", () => {
  afterEach(() => vi.restoreAllMocks());

  it("never reads wall time: stamping the log with any wall, seq and author changes nothing", () => {
    fc.assert(fc.property(baseLog, fc.array(fc.integer({ min: 0, max: 2 ** 47 }), { minLength: 1 }), (log, walls) => {
      const stamped: LogEntry[] = log.map((e, i) => ({ ...e, seq: i + 1, wall: walls[i % walls.length], by: { kind: "system", id: "x" } }));
      expect(JSON.stringify(scoreCell(compiled, replay(compiled, stamped)))).toBe(JSON.stringify(score(log)));
    }), { numRuns: 40 });
  });

  it("chat lines and joins of unrelated players, anywhere in the log, never change a level", () => {
    const extra = fc.array(fc.record({ at: fc.nat(), kind: fc.constantFrom("chat", "join"), n: fc.nat(9), text: fc.string({ minLength: 1, maxLength: 40 }) }), { maxLength: 12 });
    fc.assert(fc.property(baseLog, extra, (log, extras) => {
      const sits = seats(log);
      const inserts = extras.map(({ at, kind, n, text }) => {
        const seat = sits[n % sits.length];
        const entry: LogPayload = kind === "chat"
          ? { type: "action", player: seat.player, role: seat.role, action: "chat", params: { text } }
          : { type: "join", player: `visitor-${n}`, name: `Visiteur ${n}` };
        return { at: at + 1, entry }; // after "open"
      });
      const players = playersOf(log);
      expect(shape(score(insertAt(log, inserts)), players)).toEqual(shape(score(log), players));
    }), { numRuns: 60 });
  });

  it("the order in which players joined changes nothing at all", () => {
    fc.assert(fc.property(baseLog, fc.infiniteStream(fc.nat()), (log, draws) => {
      const start = log.findIndex((e) => e.type === "start");
      const lobby = log.slice(1, start);
      const joins = lobby.filter((e) => e.type === "join");
      const it = draws[Symbol.iterator]();
      const shuffled = [...joins];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = it.next().value % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
      }
      const reordered = [log[0], ...shuffled, ...lobby.filter((e) => e.type !== "join"), ...log.slice(start)];
      expect(JSON.stringify(score(reordered))).toBe(JSON.stringify(score(log)));
    }), { numRuns: 40 });
  });

  it("what the logbook says changes nothing, only how often it is kept", () => {
    fc.assert(fc.property(baseLog, fc.array(fc.string({ minLength: 1, maxLength: 200 }), { minLength: 1 }), (log, texts) => {
      let i = 0;
      const rewritten = log.map((e) => (e.type === "action" && e.action === "logbook" ? { ...e, params: { text: texts[i++ % texts.length] } } : e));
      expect(JSON.stringify(score(rewritten))).toBe(JSON.stringify(score(log)));
    }), { numRuns: 40 });
  });

  it("the same state scores the same twice, without being changed, read from JSON or not, and without a clock", () => {
    const clock = () => { throw new Error("scoring read the clock"); };
    fc.assert(fc.property(baseLog, (log) => {
      const state = replay(compiled, log);
      const before = JSON.stringify(state);
      vi.spyOn(Date, "now").mockImplementation(clock);
      vi.spyOn(performance, "now").mockImplementation(clock);
      const a = JSON.stringify(scoreCell(compiled, state));
      const b = JSON.stringify(scoreCell(compiled, state));
      const c = JSON.stringify(scoreCell(compiled, JSON.parse(before)));
      vi.restoreAllMocks();
      expect(b).toBe(a);
      expect(c).toBe(a);
      expect(JSON.stringify(state)).toBe(before);
    }), { numRuns: 30 });
  });
});
