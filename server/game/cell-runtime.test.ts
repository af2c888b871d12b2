import { describe, expect, it } from "vitest";
import { replay } from "../../shared/engine/index.js";
import { miniInput } from "../../tests/fixtures/engine-mini.js";
import { MemoryStorage } from "../storage/memory.js";
import type { CellRow, SessionRow } from "../storage/types.js";
import { CellRuntime } from "./cell-runtime.js";
import { playerIntent, staffCommand } from "./rules.js";

/**
 * The cell runtime without any network: the log is appended before the
 * state changes, game time follows logged clock entries (exact around
 * pauses and speed changes), recovery from snapshot + tail equals a full
 * replay, and the stale-intent rules.
 */

const text = JSON.stringify(miniInput);
const session: SessionRow = { id: "s1", name: "S", code: "AAAAAA", createdBy: "u", createdAt: 0, scenarioId: "mini", scenarioFile: "mini.json", scenarioText: text, seed: 9, status: "open" };
const cell: CellRow = { id: "c1", sessionId: "s1", index: 1, name: "Cellule 1", code: "BBBBBB", status: "lobby" };
const staff = { kind: "instructor" as const, id: "u1", name: "Anim" };
const sys = { kind: "system" as const, id: "test" };

async function setup(snapshotEvery = 1000) {
  const storage = new MemoryStorage();
  await storage.createSession(session, [cell]);
  let now = 1_000_000;
  const clock = { advance: (ms: number) => { now += ms; } };
  const rt = await CellRuntime.open(storage, cell, session, { snapshotEvery, clockMs: 1e9, now: () => now });
  return { storage, rt, clock, open: () => CellRuntime.open(storage, cell, session, { snapshotEvery, clockMs: 1e9, now: () => now }) };
}

async function seat(rt: CellRuntime, player: string, role: string) {
  await rt.submit({ type: "join", player, name: player }, { kind: "player", id: player });
  await rt.submit({ type: "assign", player, role }, { kind: "player", id: player });
}

describe("cell runtime", () => {
  it("opens a new cell with its seed as the first entry", async () => {
    const { storage, rt } = await setup();
    expect(await storage.readLog("c1")).toMatchObject([{ seq: 1, payload: { type: "open", seed: 9 }, by: { kind: "system" } }]);
    expect(rt.state.seq).toBe(1);
    await rt.close();
  });

  it("never applies what it could not append", async () => {
    const { storage, rt } = await setup();
    storage.appendEntry = async () => { throw new Error("disque plein"); };
    await expect(rt.submit({ type: "join", player: "p1", name: "Ana" }, sys)).rejects.toThrow("disque plein");
    expect(rt.state.players).toEqual({});
    expect(rt.state.seq).toBe(1);
  });

  it("advances game time from the wall clock, exactly around pauses and speed changes", async () => {
    const { storage, rt, clock } = await setup();
    await seat(rt, "p1", "director");
    expect((await staffCommand(rt, staff, { id: "c1", seq: rt.state.seq, command: { type: "start" } })).ok).toBe(true);
    clock.advance(10_000); // 10 real seconds at 10 game minutes per real minute
    expect(rt.gameNow()).toBe(100);
    await staffCommand(rt, staff, { id: "c2", seq: rt.state.seq, command: { type: "pause" } });
    const log = (await storage.readLog("c1")).map((e) => e.payload);
    expect(log.slice(-2)).toEqual([{ type: "clock", to: 100 }, { type: "pause" }]);
    clock.advance(60_000); // paused: nothing moves
    expect(rt.gameNow()).toBe(100);
    await staffCommand(rt, staff, { id: "c3", seq: rt.state.seq, command: { type: "resume" } });
    clock.advance(3_000);
    expect(rt.gameNow()).toBe(130); // measured from the resume
    await staffCommand(rt, staff, { id: "c4", seq: rt.state.seq, command: { type: "speed", speed: 60 } });
    expect(rt.state.time).toBe(130);
    clock.advance(2_000);
    expect(rt.gameNow()).toBe(250);
    await rt.close();
  });

  it("recovers from snapshot + tail to exactly the state a full replay gives", async () => {
    const { storage, rt, clock, open } = await setup(4);
    await seat(rt, "p1", "rssi");
    await seat(rt, "p2", "com");
    await staffCommand(rt, staff, { id: "s", seq: rt.state.seq, command: { type: "start", force: true } });
    for (let i = 0; i < 7; i++) {
      clock.advance(30_000);
      await rt.exclusive(() => rt.catchUpClock());
      await playerIntent(rt, { kind: "player", id: "p1", name: "p1" }, { id: `m${i}`, seq: rt.state.seq, intent: { type: "action", role: "rssi", action: "logbook", params: { text: `t${i}` } } });
    }
    await rt.submit({ type: "gauge", gauge: "trust", add: 1 }, sys); // so that a tail follows the last snapshot
    const snap = await storage.latestSnapshot("c1");
    expect(snap && snap.seq).toBeGreaterThan(0);
    expect(snap!.seq).toBeLessThan(rt.state.seq);
    const live = structuredClone(rt.state);
    // A crash, not a close (close would snapshot): a second runtime reads the same storage.
    const again = await open();
    expect(again.state).toEqual(live);
    const full = replay(again.compiled, (await storage.readLog("c1")).map((e) => e.payload));
    expect(full).toEqual(live);
    // A resend of a message logged before the restart is still recognised.
    const dup = await playerIntent(again, { kind: "player", id: "p1", name: "p1" }, { id: "m6", seq: 0, intent: { type: "action", role: "rssi", action: "logbook", params: { text: "t6" } } });
    expect(dup).toMatchObject({ ok: true, duplicate: true });
    await again.close();
  });

  it("refuses stale intents: from the future, from before a pause, on a task changed since", async () => {
    const { rt } = await setup();
    await seat(rt, "p1", "director");
    await seat(rt, "p2", "com");
    await staffCommand(rt, staff, { id: "s", seq: rt.state.seq, command: { type: "start" } });
    const p1 = { kind: "player" as const, id: "p1", name: "p1" }, p2 = { kind: "player" as const, id: "p2", name: "p2" };
    const future = await playerIntent(rt, p1, { id: "f", seq: rt.state.seq + 5, intent: { type: "action", role: "director", action: "chat", params: { text: "x" } } });
    expect(future).toMatchObject({ ok: false, code: "stale" });
    const task = await playerIntent(rt, p1, { id: "t", seq: rt.state.seq, intent: { type: "action", role: "director", action: "task", params: { title: "Appeler la CNIL", owner: "com" } } });
    expect(task.ok).toBe(true);
    const taskId = rt.state.actions.at(-1)!.id;
    const seen = rt.state.seq;
    const u1 = await playerIntent(rt, p2, { id: "u1", seq: seen, intent: { type: "action", role: "com", action: "task_update", params: { task: taskId, state: "doing" } } });
    expect(u1.ok).toBe(true);
    const u2 = await playerIntent(rt, p1, { id: "u2", seq: seen, intent: { type: "action", role: "director", action: "task_update", params: { task: taskId, state: "done" } } });
    expect(u2).toMatchObject({ ok: false, code: "stale" });
    const beforePause = rt.state.seq;
    await staffCommand(rt, staff, { id: "p", seq: rt.state.seq, command: { type: "pause" } });
    await staffCommand(rt, staff, { id: "r", seq: rt.state.seq, command: { type: "resume" } });
    const old = await playerIntent(rt, p1, { id: "o", seq: beforePause, intent: { type: "action", role: "director", action: "logbook", params: { text: "x" } } });
    expect(old).toMatchObject({ ok: false, code: "stale" });
    const fresh = await playerIntent(rt, p1, { id: "n", seq: rt.state.seq, intent: { type: "action", role: "director", action: "logbook", params: { text: "x" } } });
    expect(fresh.ok).toBe(true);
    await rt.close();
  });
});
