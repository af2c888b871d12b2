import { encode } from "@colyseus/schema";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Ack } from "../../shared/protocol.js";
import { Http, instructor, join, MINI_JSON, miniSession, okAck, Probe, startServer, type TestServer } from "./helpers.js";
import { refusalText } from "../../shared/i18n/refusals.js";

/**
 * What a hostile student types or sends, byte by byte: malformed frames are
 * answered (and leave no stack trace in the logs), a `task_update` must name a
 * task of the cell, free texts are stored cleaned (NUL, bidi overrides, lone
 * surrogates), numbers are finite and in range, and every refusal names the
 * field by its label, in French and English.
 */

let server: TestServer;
let anim: Http;
let s: Awaited<ReturnType<typeof miniSession>>;
let rssi: Probe, com: Probe, staff: Probe;

const logOf = () => server.storage.readLog(s.cells[0].id);
/** The parameters of the last logged action `action`. */
async function lastParams(action: string): Promise<Record<string, string>> {
  for (const e of (await logOf()).reverse()) if (e.payload.type === "action" && e.payload.action === action) return e.payload.params as Record<string, string>;
  throw new Error(`no ${action} in the log`);
}
const hasLoneSurrogate = (t: string) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(t);
const DIRTY = "Alerte\u0000 reçue\u0007 \u202Eexe.gnp\u202C \u2066isolé\u2069 e\u0301te\u0301\uD800 fin\r\nligne";
const CLEAN = "Alerte reçue exe.gnp isolé été fin\nligne";

beforeAll(async () => {
  server = await startServer();
  anim = await instructor(server);
  s = await miniSession(anim, 1);
  const cell = s.cells[0];
  rssi = await Probe.player(cell.id, (await join(cell.code, "Alice")).token);
  com = await Probe.player(cell.id, (await join(cell.code, "Bruno")).token);
  okAck(await rssi.intent({ type: "take_role", role: "rssi" }));
  okAck(await com.intent({ type: "take_role", role: "com" }));
  staff = await Probe.staff(cell.id, anim);
  okAck(await staff.command({ type: "start", force: true }));
  await rssi.waitFor(() => rssi.all("delivery").length > 0, 5000, "first inject");
});

afterAll(async () => {
  for (const p of [rssi, com, staff]) await p?.close();
  await server?.close();
});

/** A ROOM_DATA frame as the SDK builds it: [13][type][msgpack payload]. */
function frame(type: string, payload: Uint8Array = new Uint8Array()): Uint8Array {
  const head: number[] = [13];
  encode.string(head as unknown as Uint8Array, type, { offset: 1 });
  return Uint8Array.from([...head, ...payload]);
}

describe("hostile input", () => {
  it("every malformed frame is answered bad_frame; the connection stays; no stack trace reaches the logs", async () => {
    const output: string[] = [];
    const spies = [console.error, console.warn, console.log, console.info].map((fn) => vi.spyOn(console, fn.name as "error").mockImplementation((...a: unknown[]) => { output.push(a.map(String).join(" ")); }));
    const write = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => { output.push(String(chunk)); return true; });
    try {
      const before = await logOf();
      const garbage: (Uint8Array | string)[] = [
        frame("intent", Uint8Array.from([0xd9, 0x10, 0x41])), // a 16-byte string that stops after one
        frame("intent", Uint8Array.from([0x92, 0x01])), // an array of two with one element
        frame("intent", Uint8Array.from([0xdb, 0xff, 0xff, 0xff, 0xff])), // a 4 GB string
        Uint8Array.from([13, 0xd9]), // a truncated type
        Uint8Array.from([13]), // a type announced, none given
        new Uint8Array(), // empty
        Uint8Array.from([99, 1, 2, 3]), // an unknown opcode
        Uint8Array.from([21, 1, 0xa6, ...Buffer.from("intent"), 0x80]), // a request (not in this protocol)
        "bonjour", // a text frame
      ];
      const errorsBefore = rssi.errors.length;
      const ws = rssi.conn.room!.connection as unknown as { send(b: Uint8Array | string): void };
      for (const g of garbage) ws.send(g);
      await rssi.waitFor(() => rssi.errors.length - errorsBefore >= garbage.length, 5000, "an answer to every bad frame");
      const answers = rssi.errors.slice(errorsBefore);
      expect(answers.map((e) => refusalText(e, "en"))).toEqual(garbage.map(() => "Unreadable message (corrupted send)"));
      expect(rssi.conn.status).toBe("connected");
      okAck(await rssi.intent({ type: "action", role: "rssi", action: "chat", params: { text: "toujours là" } }));
      expect((await logOf()).slice(before.length).filter((e) => e.payload.type !== "clock").map((e) => e.payload.type)).toEqual(["action"]);
      // Below our protocol, `ws` itself closes with the WebSocket codes (1007 not UTF-8, 1009 too big); the client rejoins.
      for (const [bytes, binary, code] of [[Buffer.from([0xff, 0xfe, 0x80]), false, 1007], [Buffer.alloc(70_000), true, 1009]] as const) {
        const p = await Probe.player(s.cells[0].id, (await join(s.cells[0].code, `Octets ${code}`)).token);
        let closed = 0;
        p.conn.room!.onLeave((c: number) => { closed = c; });
        (p.conn.room!.connection as unknown as { transport: { ws: { send(b: Buffer, o: { binary: boolean }): void } } }).transport.ws.send(bytes, { binary });
        await p.waitFor(() => closed !== 0, 5000, `close ${code}`);
        expect(closed).toBe(code);
        await p.waitFor(() => p.conn.status === "connected" && p.views.length > 1, 10_000, "back after the close");
        await p.close();
      }
      expect(output.filter((l) => /\n\s+at /.test(l) || /^\s+at /m.test(l))).toEqual([]);
    } finally {
      for (const sp of spies) sp.mockRestore();
      write.mockRestore();
    }
  });

  it("task_update must name a task of this cell: a delivery id is refused and makes no reply stale", async () => {
    const delivery = rssi.all("delivery")[0].delivery.id;
    const seenSeq = rssi.conn.seq;
    const bad = await rssi.intent({ type: "action", role: "rssi", action: "task_update", params: { task: delivery, state: "done" } });
    expect(bad).toMatchObject({ ok: false, code: "unknown_task" });
    const notATask = okAck(await rssi.intent({ type: "action", role: "rssi", action: "logbook", params: { text: "fait" } }));
    const alsoBad = await rssi.intent({ type: "action", role: "rssi", action: "task_update", params: { task: `a${notATask.seq}`, state: "done" } });
    expect(alsoBad).toMatchObject({ ok: false, code: "unknown_task" });
    expect((await logOf()).some((e) => e.payload.type === "action" && e.payload.action === "task_update")).toBe(false);
    // A reply to that delivery, written from the state seen before: not stale (the delivery did not change).
    const reply = await new Promise<Ack>((resolve) => {
      const room = rssi.conn.room!;
      const off = room.onMessage("ack", (a: Ack) => { if (a.id === "reply-1") { off(); resolve(a); } });
      room.send("intent", { id: "reply-1", seq: seenSeq, intent: { type: "action", role: "rssi", action: "logbook", params: { text: "vu" }, replyTo: delivery } });
    });
    expect(reply.ok).toBe(true);
    // A real task can be updated.
    okAck(await rssi.intent({ type: "action", role: "rssi", action: "task", params: { title: "Isoler le SI", owner: "rssi" } }));
    await rssi.waitFor(() => rssi.actionsNow().some((a) => a.action === "task"));
    const task = rssi.actionsNow().find((a) => a.action === "task")!;
    await com.waitFor(() => com.conn.seq >= task.seq, 5000, "the task at Bruno's");
    okAck(await com.intent({ type: "action", role: "com", action: "task_update", params: { task: task.id, state: "doing" } }));
  });

  it("free texts are stored cleaned: chat, RETEX, improvised inject, annotations, display names", async () => {
    okAck(await rssi.intent({ type: "action", role: "rssi", action: "chat", params: { text: DIRTY } }));
    okAck(await rssi.intent({ type: "action", role: "rssi", action: "retex", params: { faits: DIRTY, plan: `\u202D${DIRTY}` } }));
    okAck(await staff.command({ type: "improvise", channel: "mail", from: "soc", to: ["rssi"], subject: `Objet\u0000\u202E`, body: DIRTY }));
    okAck(await staff.conn.send("annotate", { at: 0, text: DIRTY }));
    const http = await anim.post(`/api/cells/${s.cells[0].id}/annotations`, { at: 1, text: DIRTY });
    expect(http.status).toBe(201);
    // Over HTTP, JSON carries a real lone surrogate (msgpack may already have replaced it).
    const eve = await new Http().req("POST", "/api/join", JSON.stringify({ code: s.cells[0].code, name: "\u202EÈve\u0000\uD800" }), { "content-type": "application/json" });
    expect(eve.status).toBe(201);

    const log = await logOf();
    const chat = await lastParams("chat"), retex = await lastParams("retex");
    const improvised = log.findLast((e) => e.payload.type === "improvise")!;
    const texts = [
      chat.text, retex.faits, retex.plan, (improvised.payload as { body: string }).body,
      ...(await server.storage.listAnnotations({ cellId: s.cells[0].id })).map((a) => a.text),
    ];
    for (const t of texts) {
      expect(t.replace("\uFFFD", "")).toBe(CLEAN); // msgpack turns a lone surrogate into U+FFFD, or the sanitiser removes it
      expect(hasLoneSurrogate(t)).toBe(false);
    }
    expect((improvised.payload as { subject: string }).subject).toBe("Objet");
    expect((await server.storage.getPlayer(eve.body.playerId))!.name).toBe("Ève");
    // Legitimate text of any language is kept exactly.
    const legit = "« Réunion » — 中文, العربية\u200F, 👩‍💻 équipe";
    okAck(await rssi.intent({ type: "action", role: "rssi", action: "chat", params: { text: legit } }));
    expect((await lastParams("chat")).text).toBe(legit);
  });

  it("a session's and its cells' names typed by the instructor are stored cleaned too", async () => {
    const up = await anim.post("/api/scenarios/library", { filename: "mini-propre.json", text: MINI_JSON });
    expect(up.status).toBe(201);
    const made = await anim.post("/api/sessions", { scenario: up.body.id, cells: 2, name: `Promo\u0000 \u202E2026`, cellNames: [`Cellule\u0007 \u2066A\u2069`, "B"] });
    expect(made.status).toBe(201);
    expect((await server.storage.getSession(made.body.id))!.name).toBe("Promo 2026");
    expect((await server.storage.listCells(made.body.id)).map((c) => c.name)).toEqual(["Cellule A", "B"]);
  });

  it("self-assessments: 1e308, -5, NaN, Infinity and 2.5 refused, naming the field by its label (fr and en)", async () => {
    const others = { c42: 1, c43: 2, c44: 3 };
    const expected: [number, string][] = [[1e308, "between 0 and 3"], [-5, "between 0 and 3"], [NaN, "number expected"], [Infinity, "number expected"], [2.5, "whole number expected"]];
    for (const [v, why] of expected) {
      const ack = await com.intent({ type: "action", role: "com", action: "self_assessment", params: { c41: v, ...others } });
      expect(ack, String(v)).toMatchObject({ ok: false, code: "bad_params" });
      if (ack.ok) continue;
      expect(refusalText(ack, "en")).toBe(`Field “C4.1 (0–3)”: ${why}`);
      expect(refusalText(ack, "fr")).toContain("« C4.1 (0–3) »");
      expect(JSON.stringify(ack)).not.toMatch(/c41/);
    }
    expect((await logOf()).some((e) => e.payload.type === "action" && e.payload.action === "self_assessment")).toBe(false);
    okAck(await com.intent({ type: "action", role: "com", action: "self_assessment", params: { c41: 2, ...others } }));
  });
});
