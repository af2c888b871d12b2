import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Http, instructor, join, miniSession, okAck, Probe, startServer, type TestServer } from "./helpers.js";

/**
 * The authorization matrix and the secrecy boundary, checked on the wire:
 * a student cannot command, act for a role they do not hold, enter another
 * cell or read what their roles may not see — and the raw bytes they
 * receive (state patches included) contain no trace of another role's
 * inject, another cell, a future inject or a score before the debrief.
 */

let server: TestServer;
let anim: Http, jury: Http;
let s: Awaited<ReturnType<typeof miniSession>>;
let staff1: Probe, a: Probe, b: Probe, c: Probe, d: Probe;
let tokens: { a: string; d: string };

const logLength = (cell: string) => server.storage.lastSeq(cell);
const has = (p: Probe, text: string) => p.raw().includes(Buffer.from(text, "utf8"));

beforeAll(async () => {
  server = await startServer();
  anim = await instructor(server);
  expect((await anim.post("/api/users", { username: "jury", password: "mot-de-passe-jury", role: "evaluator" })).status).toBe(201);
  jury = new Http();
  expect((await jury.post("/api/login", { username: "jury", password: "mot-de-passe-jury" })).status).toBe(200);
  s = await miniSession(anim, 2);
  const [c1, c2] = s.cells;
  const ja = await join(c1.code, "Alice"), jb = await join(c1.code, "Bruno"), jc = await join(c1.code, "Chloé"), jd = await join(c2.code, "Driss");
  tokens = { a: ja.token, d: jd.token };
  staff1 = await Probe.staff(c1.id, anim);
  [a, b, c, d] = [await Probe.player(c1.id, ja.token), await Probe.player(c1.id, jb.token), await Probe.player(c1.id, jc.token), await Probe.player(c2.id, jd.token)];
  okAck(await a.intent({ type: "take_role", role: "rssi" }));
  okAck(await b.intent({ type: "take_role", role: "com" }));
  okAck(await c.intent({ type: "take_role", role: "director" }));
  okAck(await d.intent({ type: "take_role", role: "director" }));
});

afterAll(async () => {
  for (const p of [staff1, a, b, c, d]) await p?.close();
  await server?.close();
});

describe("authorization matrix (rooms)", () => {
  it("a student cannot send any instructor command, and nothing is logged", async () => {
    const cell = s.cells[0].id;
    const before = await logLength(cell);
    const commands = [
      { type: "start" }, { type: "start", force: true }, { type: "pause" }, { type: "resume" }, { type: "speed", speed: 60 }, { type: "inject_now", inject: "alert" },
      { type: "improvise", channel: "mail", from: "soc", to: ["com"], subject: "x", body: "y" }, { type: "cancel", inject: "post" },
      { type: "gauge", gauge: "trust", set: 0 }, { type: "phase", phase: "exit" }, { type: "end" }, { type: "assign", player: "p_x", role: "com" },
    ];
    for (const command of commands) expect(await a.command(command)).toMatchObject({ ok: false, code: "forbidden" });
    expect(await logLength(cell)).toBe(before);
  });

  it("a student cannot act, approve or release for a role they do not hold", async () => {
    const cell = s.cells[0].id;
    const before = await logLength(cell);
    expect(await a.intent({ type: "action", role: "com", action: "chat", params: { text: "je suis la com" } })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await a.intent({ type: "approve", role: "director", actionId: "a1", approve: true })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await a.intent({ type: "release_role", role: "director" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await a.conn.send("annotate", { at: 0, text: "note" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await logLength(cell)).toBe(before);
  });

  it("a required role must be held to start (the instructor may force it)", async () => {
    const staff2 = await Probe.staff(s.cells[1].id, anim);
    okAck(await d.intent({ type: "release_role", role: "director" }));
    expect(await staff2.command({ type: "start" })).toMatchObject({ ok: false, code: "roles_vacant" });
    okAck(await d.intent({ type: "take_role", role: "director" }));
    okAck(await staff2.command({ type: "start" }));
    await staff2.close();
  });

  it("a player token opens only its own cell; forged tokens are refused", async () => {
    await expect(Probe.player(s.cells[1].id, tokens.a)).rejects.toThrow();
    await expect(Probe.player(s.cells[0].id, tokens.a.replace(/.$/, (ch) => (ch === "A" ? "B" : "A")))).rejects.toThrow();
    await expect(Probe.player(s.cells[0].id, "p_nobody.secret")).rejects.toThrow();
    const forged = new Probe(s.cells[0].id, () => ({ staffToken: "eyJ1c2VySWQiOiJ4In0.forged" }));
    await expect(forged.conn.connect()).rejects.toThrow();
  });
});

describe("authorization matrix (HTTP)", () => {
  it("no cookie: 401 everywhere staff-only", async () => {
    const anon = new Http();
    for (const [m, p] of [["GET", "/api/sessions"], ["POST", "/api/sessions"], ["GET", `/api/sessions/${s.id}`], ["DELETE", `/api/sessions/${s.id}`],
      ["GET", `/api/sessions/${s.id}/export`], ["GET", `/api/sessions/${s.id}/overview`], ["POST", `/api/sessions/${s.id}/command`],
      ["GET", "/api/staff-token"], ["GET", "/api/scenarios"], ["POST", "/api/scenarios/library"], ["GET", "/api/scenarios/library"], ["POST", "/api/scenarios/library/x/shares"], ["POST", "/api/users"], ["GET", "/api/me"]] as const) {
      const r = await anon.req(m, p, m === "GET" || m === "DELETE" ? undefined : {});
      expect([m, p, r.status]).toEqual([m, p, 401]);
    }
  });

  it("evaluators see only what is shared with them, and change nothing of it: 404 before, 403 after", async () => {
    expect((await jury.get(`/api/sessions/${s.id}`)).status).toBe(404);
    expect((await jury.get("/api/sessions")).body).toEqual([]);
    expect((await anim.post(`/api/sessions/${s.id}/shares`, { username: "jury", access: "assess" })).status).toBe(200);
    expect((await jury.get(`/api/sessions/${s.id}`)).status).toBe(200);
    expect((await jury.get(`/api/sessions/${s.id}/export`)).status).toBe(200);
    for (const [m, p, body] of [["POST", "/api/sessions", { scenario: "tutorial", cells: 1 }], ["DELETE", `/api/sessions/${s.id}`, undefined],
      ["POST", `/api/sessions/${s.id}/command`, { command: { type: "pause" } }], ["POST", "/api/users", { username: "x1", password: "0123456789", role: "evaluator" }],
      ["POST", "/api/scenarios/library", { filename: "a.yaml", text: "id: a" }]] as const) {
      expect([p, (await jury.req(m, p, body)).status]).toEqual([p, 403]);
    }
  });

  it("state-changing requests from another origin are refused", async () => {
    const r = await anim.req("POST", `/api/sessions/${s.id}/command`, { command: { type: "pause" } }, { origin: "https://evil.example" });
    expect(r.status).toBe(403);
  });
});

describe("secrecy on the wire (raw frames, patches included)", () => {
  it("a role receives no byte of another role's inject, of another cell, of a future inject or of a score", async () => {
    okAck(await staff1.command({ type: "start" }));
    await a.waitFor(() => a.all("delivery").some((u) => u.delivery.subject === "Alerte"), 5000, "alert");
    await d.waitFor(() => d.all("delivery").some((u) => u.delivery.subject === "Alerte"), 5000, "alert in cell 2 (vacant rssi falls back to director)");
    okAck(await a.intent({ type: "action", role: "rssi", action: "notify", params: { to: "cnil", text: "NOTIF-RSSI-CONFIDENTIELLE" } }));
    okAck(await b.intent({ type: "action", role: "com", action: "chat", params: { text: "CHAT-CELLULE-1" } }));
    await staff1.waitFor(() => staff1.all("action").length >= 2);
    await c.waitFor(() => c.all("action").some((u) => u.action.params.text === "CHAT-CELLULE-1"));
    await new Promise((r) => setTimeout(r, 300)); // a few clock ticks and patches more

    // Role com (b) and director (c) never get rssi's inject nor rssi's notification.
    for (const p of [b, c]) {
      expect(has(p, "Chiffrement massif")).toBe(false);
      expect(has(p, "NOTIF-RSSI-CONFIDENTIELLE")).toBe(false);
    }
    expect(has(a, "Chiffrement massif")).toBe(true);
    expect(has(b, "CHAT-CELLULE-1") && has(c, "CHAT-CELLULE-1")).toBe(true);
    // Another cell: nothing of cell 1.
    expect(has(d, "CHAT-CELLULE-1")).toBe(false);
    expect(has(d, "NOTIF-RSSI-CONFIDENTIELLE")).toBe(false);
    // Future injects (timeline and trigger-only), hidden gauges, scores and the scenario's hidden expectations: for no player.
    // (The rubric's generic rules are public: players see them from the start; expectations only from the debrief on.)
    for (const p of [a, b, c, d]) {
      for (const secret of ["Tout est perdu", "Sauvegardes chiffrées", "Les sauvegardes sont saines", "Notification CNIL", "Isolement", "pending", "backups-lost"]) {
        expect([secret, has(p, secret)]).toEqual([secret, false]);
      }
      expect(p.view.view.gauges.map((g) => g.id)).not.toContain("secret");
      expect(p.view.view.expectations).toBeUndefined();
      expect(p.view.levels).toBeUndefined();
      expect(p.view.rubric?.indicators.length).toBeGreaterThan(0);
      expect(p.view.rubric?.expectations).toBeUndefined();
      expect(p.all("expectation")).toEqual([]);
    }
    // Staff see pending injects and expectations live.
    expect(has(staff1, "Sauvegardes chiffrées")).toBe(true);
    expect(staff1.view.view.expectations?.length).toBeGreaterThan(0);
  });
});
