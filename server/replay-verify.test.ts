import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { LogPayload } from "../shared/engine/index.js";
import { simulate } from "../shared/sim/simulate.js";
import { CellRuntime } from "./game/cell-runtime.js";
import { canonicalJson, stateHash } from "./game/checkpoint.js";
import { verifySession } from "./replay-verify.js";
import { compileText } from "./scenarios.js";
import { MemoryStorage } from "./storage/memory.js";
import type { CellRow, SessionRow } from "./storage/types.js";

/**
 * Checkpoints are written with every snapshot and `verifySession` finds them
 * all equal to a fresh fold — also across restarts, when the runtime goes on
 * from a state rebuilt out of a JSON snapshot.
 */

const file = "tutorial.yaml";
const text = readFileSync(join(import.meta.dirname, "../scenarios", file), "utf8");
const session: SessionRow = { id: "s1", name: "S", code: "AAAAAA", createdBy: "u", createdAt: 0, scenarioId: "tutorial", scenarioFile: file, scenarioText: text, seed: 5, status: "open" };
const cell: CellRow = { id: "c1", sessionId: "s1", index: 1, name: "Cellule 1", code: "BBBBBB", status: "lobby" };

describe("checkpoints and verify", () => {
  it("canonical JSON sorts keys and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: [1, { d: undefined, c: "é" }], e: undefined })).toBe('{"a":[1,{"c":"é"}],"b":1}');
    expect(stateHash({ b: 1, a: 2 } as never)).toBe(stateHash({ a: 2, b: 1 } as never));
  });

  it("a session played with restarts in the middle verifies at every checkpoint", async () => {
    const storage = new MemoryStorage();
    await storage.createSession(session, [cell]);
    const compiled = compileText(text, file);
    const log = simulate(compiled, { seed: 5, policy: "random" }).log.slice(1);
    let wall = 0;
    const open = () => CellRuntime.open(storage, cell, session, { snapshotEvery: 7, clockMs: 1e9, now: () => (wall += 10) });
    let rt = await open();
    for (const [i, p] of log.entries()) {
      const by = "player" in p ? { kind: "player" as const, id: (p as { player: string }).player } : { kind: "instructor" as const, id: "u" };
      expect((await rt.submit(p as LogPayload, by)).ok).toBe(true);
      if (i % 23 === 22) { await rt.close(); rt = await open(); } // restart: snapshot, then recovery from it
    }
    await rt.close();
    const checkpoints = await storage.listCheckpoints("c1");
    expect(checkpoints.length).toBeGreaterThan(log.length / 8);
    const out = await verifySession(storage, "s1");
    expect(out?.cells).toMatchObject([{ ok: true, entries: log.length + 1 }]);
    expect(out!.cells[0].checkpoints).toBe(checkpoints.length);
    expect(await verifySession(storage, "nope")).toBeUndefined();
  });
});
