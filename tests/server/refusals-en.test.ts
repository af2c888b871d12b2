import { Client } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusalText } from "../../shared/i18n/refusals.js";
import type { Coded } from "../../shared/i18n/coded.js";
import { PROTOCOL_MISMATCH_STATUS, PROTOCOL_VERSION, type Ack } from "../../shared/protocol.js";
import { ENDPOINT, Http, instructor, join, miniSession, okAck, Probe, startServer, type TestServer } from "./helpers.js";

/**
 * An English reader on the receiving end of every refusal the engine and the
 * server send: each arrives as `{ code, params }` without prose, and reads in
 * English with no French word, no « », no accent (the scenario's own labels
 * aside: the mini scenario is written in French only) and no internal id
 * (role ids, player ids, action ids). A client of another protocol version
 * is refused at the seat with 426 and `protocol_mismatch` ("reload the page").
 */

let server: TestServer;
let anim: Http;
let s: Awaited<ReturnType<typeof miniSession>>;
let alice: Probe, staff: Probe;
let aliceId: string;
let oldPageToken: string;

const FRENCH = /[«»éèêàçùôîœ]|\b(le|la|les|des|du|une|est|vous|pas|ce|cette|votre|rôle|réessayez)\b/i;
const IDS = /\b(director|rssi|com|isolate|pay|amount|chat|p_[\w-]+|c_[\w-]+|d\d+|a\d+)\b/;
/** The scenario's French-only labels that may legitimately appear in an English text. */
const AUTHORED = ["Directrice", "Montant", "Communication", "RSSI"];

function expectEnglish(r: Coded, what: string): string {
  expect(JSON.stringify(r), what).not.toMatch(/"message/);
  const en = refusalText(r, "en");
  const fr = refusalText(r, "fr");
  expect(en, what).not.toBe("Refused by the server"); // a code this client knows
  const bare = AUTHORED.reduce((t, l) => t.replaceAll(l, ""), en);
  expect(bare, `${what}: ${en}`).not.toMatch(FRENCH);
  expect(bare, `${what}: ${en}`).not.toMatch(IDS);
  expect(fr, what).not.toBe(en);
  return en;
}

beforeAll(async () => {
  server = await startServer();
  anim = await instructor(server);
  s = await miniSession(anim, 1);
  const seat = await join(s.cells[0].code, "Alice");
  aliceId = seat.playerId;
  alice = await Probe.player(s.cells[0].id, seat.token);
  staff = await Probe.staff(s.cells[0].id, anim);
  oldPageToken = (await join(s.cells[0].code, "Ancienne page")).token;
});
afterAll(async () => {
  for (const p of [alice, staff]) await p?.close();
  await server?.close();
});

describe("every refusal reaches an English reader as a code, in English", () => {
  it("the engine's, the rules' and the room's refusals", async () => {
    const seen = new Map<string, string>();
    const refused = async (what: string, ack: Promise<Ack>): Promise<Coded> => {
      const a = await ack;
      if (a.ok) throw new Error(`${what}: accepted`);
      seen.set(what, expectEnglish(a, what));
      return a;
    };
    // Before the start: roles vacant, the engine's not_running.
    await refused("roles vacant", staff.command({ type: "start" }));
    expect(seen.get("roles vacant")).toBe("Required role vacant: “Directrice”");
    await refused("unknown role", alice.intent({ type: "take_role", role: "nope" }));
    okAck(await alice.intent({ type: "take_role", role: "rssi" }));
    await refused("not running", alice.intent({ type: "action", role: "rssi", action: "isolate", params: {} }));
    okAck(await staff.command({ type: "start", force: true }));
    await refused("role not held", alice.intent({ type: "action", role: "director", action: "pay", params: { amount: 3 } }));
    await refused("role not allowed", alice.intent({ type: "action", role: "rssi", action: "pay", params: { amount: 3 } }));
    await refused("unknown field", alice.intent({ type: "action", role: "rssi", action: "chat", params: { text: "x", extra: "y" } }));
    await refused("required", alice.intent({ type: "action", role: "rssi", action: "chat", params: {} }));
    const long = await refused("too many characters", alice.intent({ type: "action", role: "rssi", action: "chat", params: { text: "x".repeat(2001) } }));
    expect(refusalText(long, "en")).toMatch(/at most 2,000 characters$/);
    await refused("too large", alice.intent({ type: "action", role: "rssi", action: "sitrep", params: { text: "x".repeat(12_000), severity: "high", extra: "y".repeat(6000) } }));
    await refused("unknown task", alice.intent({ type: "action", role: "rssi", action: "task_update", params: { task: "d1" } }));
    await refused("players only", staff.intent({ type: "take_role", role: "com" }));
    await refused("instructor only", alice.command({ type: "pause" }));
    await refused("notes are for staff", alice.conn.send("annotate", { at: 0, text: "note" } as never));
    await refused("engine: unknown inject", staff.command({ type: "inject_now", inject: "nope" }));
    await refused("engine: not pending", staff.command({ type: "cancel", inject: "alert" }));
    await refused("engine: unknown gauge", staff.command({ type: "gauge", gauge: "nope", add: 1 }));
    await refused("engine: add or set", staff.command({ type: "gauge", gauge: "trust" }));
    await refused("engine: unknown phase", staff.command({ type: "phase", phase: "nope" }));
    await refused("engine: bad state", staff.command({ type: "start" }));
    okAck(await alice.intent({ type: "action", role: "rssi", action: "isolate", params: {} }));
    await refused("engine: once", alice.intent({ type: "action", role: "rssi", action: "isolate", params: {} }));
    const second = await Probe.player(s.cells[0].id, (await join(s.cells[0].code, "Bruno")).token);
    try {
      const taken = await refused("role held by another", second.intent({ type: "take_role", role: "rssi" }));
      expect(refusalText(taken, "en")).toBe("Role already held by Alice");
    } finally { await second.close(); }
    // Messages without an id come back as `error`: unknown type, unreadable frame.
    const before = alice.errors.length;
    alice.conn.room!.send("teleport", { x: 1 });
    (alice.conn.room!.connection as unknown as { send(b: Uint8Array): void }).send(Uint8Array.from([13, 0xd9]));
    await alice.waitFor(() => alice.errors.length >= before + 2, 5000, "two errors");
    for (const e of alice.errors.slice(before)) seen.set(`error ${e.code}`, expectEnglish(e, e.code));
    expect(JSON.stringify(alice.errors.slice(before))).not.toContain(aliceId);
    okAck(await staff.command({ type: "end" }));
    await refused("engine: ended", staff.command({ type: "end" }));
    expect(seen.size).toBe(24);
  });

  it("a client of another protocol version is refused at the seat: 426, protocol_mismatch, « rechargez la page »", async () => {
    const token = oldPageToken;
    for (const options of [{ token }, { token, protocol: PROTOCOL_VERSION - 1 }, { token, protocol: PROTOCOL_VERSION + 1 }]) {
      const err = await new Client(ENDPOINT).joinById(s.cells[0].id, options).then(() => undefined, (e: Error & { code?: number }) => e);
      expect(err?.code, JSON.stringify(options)).toBe(PROTOCOL_MISMATCH_STATUS);
      expect(err?.message).toBe("protocol_mismatch");
      expect(refusalText({ code: err!.message }, "en")).toBe("The game was updated: reload the page");
      expect(refusalText({ code: err!.message }, "fr")).toBe("Le jeu a été mis à jour : rechargez la page");
    }
    // The same seat with this version's number gets in.
    const room = await new Client(ENDPOINT).joinById(s.cells[0].id, { token, protocol: PROTOCOL_VERSION });
    await room.leave(true);
  });
});
