import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instructor, join, miniSession, okAck, Probe, startServer, type Http, type TestServer } from "./helpers.js";

/**
 * A crisis cell played end to end through the real SDK: several players per
 * cell, roles, start, outputs, instructor controls, the instructor's persona inbox and
 * reply-as-persona, evaluator annotations, pause/resume/speed, the end and
 * the debrief view.
 */

let server: TestServer;
let anim: Http;
let session: Awaited<ReturnType<typeof miniSession>>;
let staff: Probe, rssi: Probe, com: Probe, dir: Probe;

beforeAll(async () => {
  server = await startServer();
  anim = await instructor(server);
  session = await miniSession(anim, 2);
  const cell = session.cells[0];
  const [a, b, c] = [await join(cell.code, "Alice"), await join(cell.code, "Bruno"), await join(cell.code, "Chloé")];
  staff = await Probe.staff(cell.id, anim);
  rssi = await Probe.player(cell.id, a.token);
  com = await Probe.player(cell.id, b.token);
  dir = await Probe.player(cell.id, c.token);
});

afterAll(async () => {
  for (const p of [staff, rssi, com, dir]) await p?.close();
  await server?.close();
});

describe("a cell, end to end", () => {
  it("players see each other join and take roles (one holder per role)", async () => {
    okAck(await rssi.intent({ type: "take_role", role: "rssi" }));
    okAck(await com.intent({ type: "take_role", role: "com" }));
    const taken = await dir.intent({ type: "take_role", role: "rssi" });
    expect(taken).toMatchObject({ ok: false, code: "already_taken" });
    okAck(await dir.intent({ type: "take_role", role: "director" }));
    await dir.waitFor(() => dir.view.you.roles.includes("director"));
    expect(dir.view.view.players.map((p) => p.name).sort()).toEqual(["Alice", "Bruno", "Chloé"]);
    expect(staff.all("roster").length).toBeGreaterThan(0);
  });

  it("the instructor starts the cell; the first inject reaches only its role", async () => {
    okAck(await staff.command({ type: "start" }));
    await rssi.waitFor(() => rssi.all("delivery").length > 0, 5000, "alert to rssi");
    expect(rssi.all("delivery")[0].delivery.subject).toBe("Alerte");
    await com.waitFor(() => com.all("status").some((u) => u.status === "running"));
    expect(com.all("delivery")).toHaveLength(0);
    expect(staff.all("delivery").map((u) => u.delivery.subject)).toContain("Alerte");
  });

  it("game time advances by logged clock entries and stops exactly on pause", async () => {
    await com.waitFor(() => com.all("clock").length >= 2, 5000, "clock updates");
    okAck(await staff.command({ type: "pause" }));
    await com.waitFor(() => com.all("status").some((u) => u.status === "paused"));
    const log = await server.storage.readLog(session.cells[0].id);
    const pauseAt = log.findIndex((e) => e.payload.type === "pause");
    expect(log[pauseAt - 1].payload.type).toBe("clock"); // time up to the pause is exact
    const t = server.app.ctx.cells.get(session.cells[0].id)!.state.time;
    await new Promise((r) => setTimeout(r, 400));
    expect(server.app.ctx.cells.get(session.cells[0].id)!.state.time).toBe(t);
    okAck(await staff.command({ type: "resume" }));
  });

  it("a message to a persona lands in the instructor's inbox at once; the reply-as-persona reaches the author", async () => {
    const ack = okAck(await com.intent({ type: "action", role: "com", action: "message", params: { to: "journalist", text: "Pas de commentaire pour l'instant." } }));
    await staff.waitFor(() => staff.all("action").some((u) => u.action.action === "message"));
    const msg = staff.all("action").find((u) => u.action.action === "message")!.action;
    expect(msg.seq).toBe(ack.ok && ack.seq);
    okAck(await staff.command({ type: "improvise", channel: "mail", from: "journalist", to: ["com"], subject: "Re: commentaire", body: "Nous publierons demain.", replyTo: msg.id }));
    await com.waitFor(() => com.all("delivery").some((u) => u.delivery.replyTo === msg.id));
    expect(rssi.all("delivery").some((u) => u.delivery.replyTo === msg.id)).toBe(false);
  });

  it("shared outputs reach the whole cell; private ones stay with their role", async () => {
    okAck(await rssi.intent({ type: "action", role: "rssi", action: "logbook", params: { text: "Isolement en cours" } }));
    okAck(await rssi.intent({ type: "action", role: "rssi", action: "notify", params: { to: "cnil", text: "Notification initiale" } }));
    await dir.waitFor(() => dir.all("action").some((u) => u.action.action === "logbook"));
    await staff.waitFor(() => staff.all("action").some((u) => u.action.action === "notify"));
    expect(dir.all("action").some((u) => u.action.action === "notify")).toBe(false);
    expect(com.all("action").some((u) => u.action.action === "notify")).toBe(false);
  });

  it("a statement that needs the director's approval waits for it; a stale approval is refused", async () => {
    const proposed = okAck(await com.intent({ type: "action", role: "com", action: "announce", params: { text: "Communiqué" } }));
    await dir.waitFor(() => dir.all("action").some((u) => u.action.action === "announce"));
    const rec = dir.all("action").find((u) => u.action.action === "announce")!.action;
    expect(rec.status).toBe("proposed");
    const old = proposed.ok ? proposed.seq - 1 : 0;
    const staleAck = await dir.conn.send("intent", { intent: { type: "approve", role: "director", actionId: rec.id, approve: true } } as never);
    okAck(staleAck); // sent with the seq the director saw: accepted
    await com.waitFor(() => com.all("action").some((u) => u.action.id === rec.id && u.action.status === "done"));
    // An approval based on a state from before the proposal changed: refused as stale.
    const rt = server.app.ctx.cells.get(session.cells[0].id)!;
    const { playerIntent } = await import("../../server/game/rules.js");
    const player = Object.values(rt.state.players).find((p) => p.roles.includes("director"))!;
    const out = await playerIntent(rt, { kind: "player", id: player.id, name: player.name }, { id: "x1", seq: old, intent: { type: "approve", role: "director", actionId: rec.id, approve: false } });
    expect(out).toMatchObject({ ok: false, code: "stale" });
    expect(com.all("action").some((u) => u.action.action === "announce" && u.action.status === "proposed")).toBe(true);
  });

  it("the instructor changes the speed and sends an inject now; it reaches its role at once", async () => {
    okAck(await staff.command({ type: "speed", speed: 30 }));
    await com.waitFor(() => com.all("clock").some((u) => u.speed === 30));
    okAck(await staff.command({ type: "inject_now", inject: "post" }));
    await com.waitFor(() => com.all("delivery").some((u) => u.delivery.subject === "Post"));
    expect(staff.all("pending").at(-1)!.pending.some((p) => p.inject === "post")).toBe(false);
    expect(rssi.all("delivery").some((u) => u.delivery.subject === "Post")).toBe(false);
  });

  it("the instructor adjusts a gauge; hidden gauges never reach players", async () => {
    okAck(await staff.command({ type: "gauge", gauge: "trust", add: -3 }));
    okAck(await staff.command({ type: "gauge", gauge: "secret", add: 5 }));
    await staff.waitFor(() => staff.all("gauge").some((u) => u.gauge === "secret"));
    await com.waitFor(() => com.all("gauge").some((u) => u.gauge === "trust"));
    expect(com.all("gauge").some((u) => u.gauge === "secret")).toBe(false);
    expect(com.view.view.gauges.some((g) => g.id === "secret")).toBe(false);
  });

  it("evaluators read everything, annotate, and cannot change the game", async () => {
    const ev = new (await import("./helpers.js")).Http();
    ev.cookie = anim.cookie;
    const made = await anim.post("/api/users", { username: "jury", password: "encore-un-mot-de-passe", role: "evaluator" });
    expect(made.status).toBe(201);
    expect((await anim.post(`/api/sessions/${session.id}/shares`, { username: "jury", access: "assess" })).status).toBe(200); // a session is seen by those it is shared with
    const evHttp = new (await import("./helpers.js")).Http();
    expect((await evHttp.post("/api/login", { username: "jury", password: "encore-un-mot-de-passe" })).status).toBe(200);
    const evaluator = await Probe.staff(session.cells[0].id, evHttp);
    expect(evaluator.view.view.pending).toBeDefined();
    expect(evaluator.view.you.staff).toBe("evaluator");
    const before = server.app.ctx.cells.get(session.cells[0].id)!.state.seq;
    expect(await evaluator.command({ type: "pause" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await evaluator.intent({ type: "action", role: "com", action: "chat", params: { text: "x" } })).toMatchObject({ ok: false, code: "forbidden" });
    okAck(await evaluator.conn.send("annotate", { at: 120, competency: "C4.2", text: "Bonne réactivité de la com" }));
    await staff.waitFor(() => staff.all("annotation").length > 0);
    // An annotation made over HTTP (from the replay) reaches the staff in the live room too, never the players.
    expect((await evHttp.post(`/api/cells/${session.cells[0].id}/annotations`, { at: 180, text: "Note depuis la relecture" })).status).toBe(201);
    await staff.waitFor(() => staff.all("annotation").some((u) => JSON.stringify(u).includes("Note depuis la relecture")));
    expect(com.all("annotation")).toHaveLength(0);
    const log = await server.storage.readLog(session.cells[0].id);
    expect(log.filter((e) => e.seq > before && e.by.kind === "evaluator")).toHaveLength(0);
    await evaluator.close();
  });

  it("the overview shows every cell of the session", async () => {
    const r = await anim.get(`/api/sessions/${session.id}/overview`);
    expect(r.status).toBe(200);
    expect(r.body.cells).toHaveLength(2);
    expect(r.body.cells[0]).toMatchObject({ status: "running", available: true });
    expect(r.body.cells[1]).toMatchObject({ status: "lobby" });
  });

  it("ending shows the debrief: players get expectations only now", async () => {
    expect(com.view.view.expectations).toBeUndefined();
    okAck(await staff.command({ type: "end", reason: "fin de l'exercice" }));
    await com.waitFor(() => com.view.view.status === "ended" && com.view.view.expectations !== undefined);
    expect(com.view.view.expectations!.length).toBeGreaterThan(0);
    // The debrief's levels come from the full scorer: the cell's and the player's own, never another student's.
    const levels = com.view.levels!;
    expect(levels.cell.map((l) => l.competency)).toEqual(["C4.1", "C4.2", "C4.3", "C4.4"]);
    expect(levels.you?.length).toBe(4);
    expect(levels.cell.flatMap((l) => l.indicators ?? []).length).toBeGreaterThan(0); // the "how" of each level
    expect(levels.you!.every((l) => l.indicators === undefined)).toBe(true);
    expect(JSON.stringify(com.views.map((v) => v.levels))).not.toContain(dir.view.you.player);
    expect(levels.cell.find((l) => l.competency === "C4.4")?.level).toBe(0);
    // A late RETEX meets its expectation: a fresh view with the new levels reaches the cell.
    const before = dir.views.length;
    okAck(await com.intent({ type: "action", role: "com", action: "retex", params: { faits: "Nous avons tardé." } }));
    await dir.waitFor(() => dir.views.length > before && dir.view.levels!.cell.find((l) => l.competency === "C4.4")!.level! > 0);
    expect(dir.view.view.expectations!.find((e) => e.id === "retex")?.status).toBe("met");
  });
});
