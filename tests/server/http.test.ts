import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareSetup } from "../../server/http/staff.js";
import { commandCell } from "../../server/remote.js";
import { purgeExpired } from "../../server/retention.js";
import { CloseReason } from "../../shared/protocol.js";
import { ENDPOINT, Http, join, MINI_JSON, okAck, Probe, startServer, type TestServer } from "./helpers.js";

/**
 * The HTTP API as the browser uses it: first-run setup, accounts, scenarios
 * (bundled and uploaded, with the CLI's error format), sessions and join
 * codes, session-wide commands, export with pseudonyms, erasure and the
 * retention purge, the health check and the static client.
 */

let server: TestServer;
let anim: Http;
const clientDir = mkdtempSync(joinPath(tmpdir(), "sangfroid-client-"));

beforeAll(async () => {
  writeFileSync(joinPath(clientDir, "index.html"), "<!doctype html><title>Sangfroid</title>");
  writeFileSync(joinPath(clientDir, "app.js"), "console.log(1)");
  server = await startServer({ clientDir });
});
afterAll(async () => { await server?.close(); rmSync(clientDir, { recursive: true, force: true }); });

describe("first start and accounts", () => {
  it("needs setup until the first account, an administrator, is created with the one-time token", async () => {
    anim = new Http();
    expect((await anim.get("/api/setup")).body).toEqual({ needsSetup: true });
    const token = await prepareSetup(server.app.ctx);
    expect((await anim.post("/api/setup", { token: "faux", username: "anim", password: "un-long-mot-de-passe" })).status).toBe(403);
    expect((await anim.post("/api/setup", { token, username: "anim", password: "court" })).status).toBe(400);
    const ok = await anim.post("/api/setup", { token, username: "anim", password: "un-long-mot-de-passe" });
    expect(ok.status).toBe(201);
    expect(ok.headers.get("set-cookie")).toMatch(/sf_staff=.+HttpOnly; SameSite=Strict/);
    expect((await anim.get("/api/me")).body).toMatchObject({ username: "anim", role: "admin" });
    expect((await new Http().post("/api/setup", { token, username: "x2", password: "un-long-mot-de-passe" })).status).toBe(409);
    expect((await anim.get("/api/setup")).body).toEqual({ needsSetup: false });
    expect(await prepareSetup(server.app.ctx)).toBeUndefined();
  });

  it("stores passwords hashed with scrypt; login, logout", async () => {
    const u = await server.storage.getUserByName("anim");
    expect(u?.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(u?.passwordHash).not.toContain("un-long-mot-de-passe");
    const h = new Http();
    expect((await h.post("/api/login", { username: "anim", password: "mauvais" })).status).toBe(401);
    expect((await h.post("/api/login", { username: "personne", password: "mauvais" })).status).toBe(401);
    expect((await h.post("/api/login", { username: "anim", password: "un-long-mot-de-passe" })).status).toBe(200);
    expect((await h.get("/api/me")).status).toBe(200);
    expect((await h.post("/api/logout")).status).toBe(204);
    expect((await h.get("/api/me")).status).toBe(401);
  });
});

describe("scenarios and sessions", () => {
  it("lists the bundled scenarios, validated", async () => {
    const r = await anim.get("/api/scenarios");
    expect(r.status).toBe(200);
    const ids = r.body.map((x: { id: string }) => x.id);
    expect(ids).toEqual(expect.arrayContaining(["tutorial", "ransomware-logirhone", "detained-national-valdoria"]));
    for (const x of r.body) expect(x).toMatchObject({ valid: true, source: "bundled" });
  });

  it("keeps an invalid upload as a draft no session starts from, with the CLI's file:line:col messages", async () => {
    const up = await anim.post("/api/scenarios/library", { filename: "casse.yaml", text: "id: casse\nmeta:\n  title: Casse\n  duration: 90\n" });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ valid: false, latest: { version: 1, valid: false } });
    const r = await anim.post("/api/sessions", { scenario: up.body.id, cells: 1 });
    expect(r.status).toBe(400);
    expect(r.body.error).toBe("invalid_scenario");
    expect(r.body.problems.length).toBeGreaterThan(0);
    for (const p of r.body.problems) expect(p).toMatch(/^casse\.yaml:\d+:\d+ \S+: /);
    const bad = await anim.post("/api/scenarios/library", { filename: "x.exe", text: "a" });
    expect(bad.status).toBe(400);
  });

  it("no longer takes the old upload that kept no versions: POST /api/scenarios is an unknown route", async () => {
    const r = await anim.post("/api/scenarios", { filename: "mini.json", text: MINI_JSON });
    expect(r.status).toBe(404);
    expect(r.body.error).toBe("not_found");
  });

  it("creates a session from a bundled scenario with one room per cell and join codes", async () => {
    const r = await anim.post("/api/sessions", { scenario: "tutorial", cells: 3, name: "Promo 2026" });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ name: "Promo 2026", status: "open" });
    expect(r.body.cells).toHaveLength(3);
    const codes = new Set([r.body.code, ...r.body.cells.map((c: { code: string }) => c.code)]);
    expect(codes.size).toBe(4);
    for (const c of r.body.cells) expect(server.app.ctx.cells.has(c.id)).toBe(true);
    // The session code spreads students over the cells; a cell code picks the cell.
    const seats = [];
    for (const name of ["A", "B", "C", "D"]) seats.push(await join(r.body.code.toLowerCase(), name));
    const perCell = new Map<string, number>();
    for (const s of seats) perCell.set(s.cellId, (perCell.get(s.cellId) ?? 0) + 1);
    expect([...perCell.values()].sort()).toEqual([1, 1, 2]);
    expect((await join(r.body.cells[2].code, "E")).cellId).toBe(r.body.cells[2].id);
    const none = await new Http().post("/api/join", { code: "ZZZZZZ", name: "X" });
    expect(none.status).toBe(404);
    expect((await new Http().post("/api/join", { code: r.body.code, name: "" })).status).toBe(400);
    expect((await anim.get("/api/sessions")).body.some((x: { id: string }) => x.id === r.body.id)).toBe(true);
  });

  it("a session-wide command reaches every cell", async () => {
    const up = await anim.post("/api/scenarios/library", { filename: "mini-commande.json", text: MINI_JSON });
    const s = (await anim.post("/api/sessions", { scenario: up.body.id, cells: 2 })).body;
    const r = await anim.post(`/api/sessions/${s.id}/command`, { command: { type: "start", force: true } });
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: { ok: boolean }) => x.ok)).toEqual([true, true]);
    expect(s.cells.map((c: { id: string }) => server.app.ctx.cells.get(c.id)!.state.status)).toEqual(["running", "running"]);
    expect((await anim.post(`/api/sessions/${s.id}/command`, { command: { type: "warp" } })).status).toBe(400);
  });
});

describe("personal data", () => {
  it("exports the journal, with stable pseudonyms on request", async () => {
    const up = await anim.post("/api/scenarios/library", { filename: "mini-journal.json", text: MINI_JSON });
    const s = (await anim.post("/api/sessions", { scenario: up.body.id, cells: 1 })).body;
    const a = await join(s.code, "Alice Martin"), b = await join(s.code, "Bruno Petit");
    const pa = await Probe.player(a.cellId, a.token), pb = await Probe.player(b.cellId, b.token);
    okAck(await pa.intent({ type: "take_role", role: "director" }));
    await pa.close(); await pb.close();
    const plain = await anim.get(`/api/sessions/${s.id}/export`);
    expect(plain.status).toBe(200);
    expect(JSON.stringify(plain.body)).toContain("Alice Martin");
    const pseudo = await anim.get(`/api/sessions/${s.id}/export?pseudonymize=1`);
    const text = JSON.stringify(pseudo.body);
    expect(text).not.toContain("Alice Martin");
    expect(text).not.toContain("Bruno Petit");
    expect(pseudo.body.cells[0].players.map((p: { name: string }) => p.name)).toEqual(["Joueur 1", "Joueur 2"]);
    const again = await anim.get(`/api/sessions/${s.id}/export?pseudonymize=1`);
    expect(again.body.cells[0].players).toEqual(pseudo.body.cells[0].players);
    expect(pseudo.body.cells[0].log[0].payload.type).toBe("open");
    expect(pseudo.body.session.scenario.text).toBe(MINI_JSON);
  });

  it("an instructor erases a session: connected clients are told to go, nothing remains", async () => {
    const up = await anim.post("/api/scenarios/library", { filename: "mini-effacement.json", text: MINI_JSON });
    const s = (await anim.post("/api/sessions", { scenario: up.body.id, cells: 1 })).body;
    const a = await join(s.code, "Effacée");
    const p = await Probe.player(a.cellId, a.token);
    let closed = 0;
    p.conn.room!.onLeave((code: number) => { closed = code; });
    expect((await anim.del(`/api/sessions/${s.id}`)).status).toBe(204);
    await p.waitFor(() => closed !== 0);
    expect(closed).toBe(CloseReason.Gone);
    expect(p.conn.status).toBe("closed");
    expect(await server.storage.getSession(s.id)).toBeUndefined();
    expect(await server.storage.readLog(s.cells[0].id)).toEqual([]);
    expect(await server.storage.getPlayer(a.playerId)).toBeUndefined();
    expect((await new Http().post("/api/join", { code: s.code, name: "X" })).status).toBe(404);
    expect((await anim.get(`/api/sessions/${s.id}`)).status).toBe(404);
  });

  it("purges ended sessions older than the retention period, never a live one", async () => {
    const sessions = await server.storage.listSessions();
    expect(sessions.length).toBeGreaterThan(1);
    const [keep, ...end] = sessions; // one left waiting in its lobby; the others end
    for (const s of end) {
      for (const c of await server.storage.listCells(s.id)) await commandCell(server.app.ctx, c.id, { kind: "instructor", id: "u", name: "anim" }, { type: "end" });
      await server.storage.setSessionStatus(s.id, "ended", Date.now()); // cells never opened here have no runtime to end them
      for (const c of await server.storage.listCells(s.id)) await server.storage.setCellStatus(c.id, "ended");
    }
    server.config.retentionDays = 365;
    expect(await purgeExpired(server.app.ctx)).toBe(0);
    expect(await purgeExpired(server.app.ctx, Date.now() + 366 * 86_400_000)).toBe(end.length);
    expect((await server.storage.listSessions()).map((s) => s.id)).toEqual([keep.id]);
  });
});

describe("serving", () => {
  it("health check, static client with SPA fallback, unknown API routes", async () => {
    const h = await fetch(`${ENDPOINT}/healthz`);
    expect(h.status).toBe(200);
    expect(await h.json()).toMatchObject({ ok: true, storage: { kind: "memory", state: "ok", reasons: [] } });
    expect(await (await fetch(`${ENDPOINT}/app.js`)).text()).toBe("console.log(1)");
    const spa = await fetch(`${ENDPOINT}/setup?token=abc`);
    expect(spa.status).toBe(200);
    expect(await spa.text()).toContain("<title>Sangfroid</title>");
    expect((await fetch(`${ENDPOINT}/api/nope`)).status).toBe(404);
  });
});
