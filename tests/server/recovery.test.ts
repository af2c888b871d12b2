import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import type { Ack } from "../../shared/protocol.js";
import { freePort, spawnServer, type ChildServer } from "./child.js";
import { Http, MINI_JSON, okAck, Probe } from "./helpers.js";

/**
 * kill -9 in the middle of a session, then start again: every cell resumes
 * from its log (snapshot + tail), clients reconnect by themselves and see
 * exactly the state they had, and every acknowledged input is there — a
 * message sent while the server was down included.
 */

const dataDir = mkdtempSync(joinPath(tmpdir(), "sangfroid-kill9-"));
let child: ChildServer | undefined;
const probes: Probe[] = [];

afterAll(async () => {
  for (const p of probes) await p.close().catch(() => undefined);
  child?.proc.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

describe("kill -9 recovery", () => {
  it("resumes every cell from its log; clients come back by themselves; nothing acknowledged is lost", async () => {
    const port = await freePort();
    const env = { DATA_DIR: dataDir, CLOCK_MS: "100", SNAPSHOT_EVERY: "7" };
    child = await spawnServer(port, env);
    const url = child.url;
    const anim = new Http(url);
    expect((await anim.post("/api/setup", { token: child.setupToken, username: "anim", password: "un-mot-de-passe" })).status).toBe(201);
    const up = await anim.post("/api/scenarios/library", { filename: "mini.json", text: MINI_JSON });
    const s = (await anim.post("/api/sessions", { scenario: up.body.id, cells: 2, seed: 3 })).body;
    const [c1, c2] = s.cells;
    const seats = await Promise.all([["Ana", c1], ["Ben", c1], ["Cy", c1], ["Dee", c2]].map(async ([name, cell]) =>
      (await new Http(url).post("/api/join", { code: (cell as { code: string }).code, name })).body));
    const staff1 = await Probe.staff(c1.id, anim, url);
    let staff2 = await Probe.staff(c2.id, anim, url);
    const [ana, ben, cy, firstDee] = await Promise.all(seats.map((x, i) => Probe.player(x.cellId, x.token, url).then((p) => { probes[i] = p; return p; })));
    let dee = firstDee;
    probes.push(staff1, staff2);
    okAck(await ana.intent({ type: "take_role", role: "rssi" }));
    okAck(await ben.intent({ type: "take_role", role: "com" }));
    okAck(await cy.intent({ type: "take_role", role: "director" }));
    okAck(await dee.intent({ type: "take_role", role: "director" }));
    okAck(await staff1.command({ type: "start" }));
    okAck(await staff2.command({ type: "start" }));
    okAck(await staff1.command({ type: "speed", speed: 120 }));
    const acked = { c1: [] as Ack[], c2: [] as Ack[] };
    for (let i = 0; i < 5; i++) {
      acked.c1.push(okAck(await ana.intent({ type: "action", role: "rssi", action: "logbook", params: { text: `fait ${i}` } })));
      acked.c1.push(okAck(await ben.intent({ type: "action", role: "com", action: "message", params: { to: "journalist", text: `réponse ${i}` } })));
      acked.c2.push(okAck(await dee.intent({ type: "action", role: "director", action: "chat", params: { text: `cellule 2 — ${i}` } })));
    }
    okAck(await staff2.command({ type: "pause" }));
    await cy.waitFor(() => cy.all("clock").length > 3);
    await dee.waitFor(() => dee.view.view.status === "paused" || dee.all("status").some((u) => u.status === "paused"));
    await new Promise((r) => setTimeout(r, 200));
    // A fresh full view of two seats: a new connection, which replaces the seat's older one (one live connection
    // per seat) and goes on in its place.
    staff2 = probes[5] = await Probe.staff(c2.id, anim, url);
    dee = probes[3] = await Probe.player(c2.id, seats[3].token, url);
    const before2 = staff2.view.view, deeBefore = dee.view.view;
    const t0 = Date.now();

    child.proc.kill("SIGKILL");
    expect(await child.exited).toBe(null);
    // Sent while the server is down: kept by the client, sent again after the rejoin, logged once.
    const offline = ben.intent({ type: "action", role: "com", action: "logbook", params: { text: "écrit pendant la panne" } });

    const db = new Database(joinPath(dataDir, "sangfroid.db"), { readonly: true });
    const logged = (cell: string) => (db.prepare("SELECT COUNT(*) AS n FROM log_entries WHERE cell_id = ?").get(cell) as { n: number }).n;
    const lastSeqBefore = { c1: logged(c1.id), c2: logged(c2.id) };
    expect((db.prepare("SELECT COUNT(*) AS n FROM snapshots").get() as { n: number }).n).toBeGreaterThan(0);
    db.close();

    child = await spawnServer(port, env);
    expect(child.setupToken).toBeUndefined(); // the instructor exists: no new setup link
    for (const p of probes) await p.waitFor(() => p.conn.status === "connected" && p.statuses.lastIndexOf("reconnecting") < p.statuses.lastIndexOf("connected"), 20_000, "reconnection");
    expect(Date.now() - t0).toBeLessThan(60_000);
    const offlineAck = okAck(await offline);
    expect(offlineAck.ok && offlineAck.seq).toBeGreaterThan(lastSeqBefore.c1);

    // The paused cell is exactly as it was, for the instructor and for the player.
    expect(staff2.view.view).toEqual(before2);
    expect(dee.view.view).toEqual(deeBefore);
    // Every acknowledged action is there, with the seq its ack gave.
    const seqs = (p: Probe) => new Set(p.actionsNow().map((x) => x.seq));
    for (const a of acked.c1) expect(a.ok && seqs(staff1).has(a.seq)).toBe(true);
    for (const a of acked.c2) expect(a.ok && seqs(staff2).has(a.seq)).toBe(true);
    await staff1.waitFor(() => staff1.actionsNow().some((x) => x.params.text === "écrit pendant la panne"), 5000, "offline message");
    expect(staff1.actionsNow().filter((x) => x.params.text === "écrit pendant la panne")).toHaveLength(1);
    // Players see the roles and the outputs they had.
    expect(ana.view.you.roles).toEqual(["rssi"]);
    expect(ben.view.view.actions.filter((x) => x.role === "com" && x.action === "message")).toHaveLength(5);
    expect(ana.view.view.actions.some((x) => x.action === "message")).toBe(false); // still private to com
    expect(dee.view.view.actions.filter((x) => x.action === "chat")).toHaveLength(5);
    // And the game goes on: the running cell's clock still advances.
    const t = cy.view.view.time;
    await cy.waitFor(() => cy.all("clock").some((u) => u.time > t), 5000, "clock after restart");
  }, 90_000);
});
