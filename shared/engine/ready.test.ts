import { describe, expect, it } from "vitest";
import { mini, miniLobby } from "../../tests/fixtures/engine-mini.js";
import { buildReplay } from "../replay/index.js";
import { scoreCell } from "../scoring/score.js";
import { compileScenario } from "./compile.js";
import { applyEntry, replay } from "./engine.js";
import { LogPayload, type LogPayloadInput } from "./log.js";
import { viewFor } from "./view.js";

/**
 * Readiness in the lobby is an entry of its own (`ready`), not a chat line: each reader sees it in their own
 * language, it is never a message the students wrote, and scoring never counts it. Old logs, where it was a chat
 * line starting with ✔/✖, keep replaying as chat.
 */
const compiled = compileScenario(mini);
const lobby = miniLobby(7);
const entries = (xs: LogPayloadInput[]) => xs.map((e, i) => ({ ...LogPayload.parse(e), seq: i + 1 }));

describe("ready entries", () => {
  it("set the player's flag, shown in every view, and leave the actions (what students wrote) untouched", () => {
    const s = replay(compiled, entries([...lobby, { type: "ready", player: "p1", ready: true }, { type: "ready", player: "p2", ready: true }, { type: "ready", player: "p2", ready: false }]));
    expect(s.players.p1.ready).toBe(true);
    expect(s.players.p2.ready).toBe(false);
    expect(s.actions).toEqual([]);
    const seen = viewFor(compiled, s, ["rssi"]).players;
    expect(seen.find((p) => p.id === "p1")?.ready).toBe(true);
    expect(seen.find((p) => p.id === "p2")?.ready).toBe(false);
  });

  it("are never counted by scoring: the scores with and without them are the same", () => {
    const play: LogPayloadInput[] = [{ type: "start" }, { type: "clock", to: 3600 }, { type: "end" }];
    const without = replay(compiled, entries([...lobby, ...play]));
    const withReady = replay(compiled, entries([...lobby, { type: "ready", player: "p1", ready: true }, { type: "ready", player: "p2", ready: true }, ...play]));
    expect(scoreCell(compiled, withReady)).toEqual(scoreCell(compiled, without));
  });

  it("are refused once the cell has started and for a player not in the cell (nothing changes)", () => {
    const s = replay(compiled, entries([...lobby, { type: "start" }]));
    const after = applyEntry(compiled, s, LogPayload.parse({ type: "ready", player: "p1", ready: true }));
    expect(after[0]).toMatchObject({ type: "rejected", code: "bad_state" });
    expect(s.players.p1.ready).toBeUndefined();
    const s2 = replay(compiled, entries(lobby));
    expect(applyEntry(compiled, s2, LogPayload.parse({ type: "ready", player: "ghost", ready: true }))[0]).toMatchObject({ type: "rejected", code: "unknown_player" });
  });

  it("are refused by the log's schema when malformed", () => {
    expect(LogPayload.safeParse({ type: "ready", player: "p1" }).success).toBe(false);
    expect(LogPayload.safeParse({ type: "ready", player: "p1", ready: "yes" }).success).toBe(false);
    expect(LogPayload.safeParse({ type: "ready", player: "p1", ready: true, text: "✔ Prêt·e" }).success).toBe(false);
  });

  it("read in the event log in each reader's language, never as chat", () => {
    const r = buildReplay(compiled, entries([...lobby, { type: "ready", player: "p1", ready: true }, { type: "ready", player: "p1", ready: false }]));
    const lines = r.lines.filter((l) => l.type === "ready");
    expect(lines.map((l) => l.text.fr)).toEqual(["Alice est prêt·e à démarrer", "Alice n'est plus prêt·e à démarrer"]);
    expect(lines.map((l) => l.text.en)).toEqual(["Alice is ready to start", "Alice is no longer ready to start"]);
  });

  it("leave an old log's ready chat line a chat line, and its state without any flag", () => {
    const s = replay(compiled, entries([...lobby, { type: "action", player: "p1", role: "director", action: "chat", params: { text: "\u2714 Prêt·e à démarrer" } }]));
    expect(s.actions.map((a) => a.action)).toEqual(["chat"]);
    expect("ready" in s.players.p1).toBe(false);
    expect(viewFor(compiled, s, ["director"]).players.every((p) => !("ready" in p))).toBe(true);
  });
});
