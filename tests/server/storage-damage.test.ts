import { closeSync, copyFileSync, openSync, readdirSync, readFileSync, statSync, truncateSync, writeSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { freePort, spawnServer } from "./child.js";
import { chat, health, playSession, scratch, serve, stop, verify } from "./damage-kit.js";
import { Http, Probe } from "./helpers.js";

/**
 * The unlucky operator, from outside: real server processes on a real SQLite
 * file that gets damaged between two runs — a snapshot that no longer parses,
 * a log that lost its tail, a scenario that no longer compiles, a WAL cut
 * after a kill -9, a file truncated or overwritten, an index page scribbled
 * on. Properties: the damage is reported (/healthz, logs, the overview,
 * `replay verify` with exit 3 for unreadable and 1 for lost entries), with
 * its real cause; the healthy cells keep working; nothing is blamed on the
 * wrong thing.
 */

const { children, probes, tmp } = scratch("sangfroid-damage-");
const sql = (file: string, fn: (d: Database.Database) => void) => { const d = new Database(file); try { fn(d); } finally { d.close(); } };

describe("damaged storage", () => {
  it("one cell unreadable, one with lost entries, one whose scenario fails: each reported with its cause, the healthy cell plays on", async () => {
    const dir = tmp(), db = join(dir, "sangfroid.db");
    const played = await playSession(dir, 3, 4);
    children.push(played.child);
    const [bad, lost, good] = played.session.cells.map((c) => c.id);
    const other = (await played.anim.post("/api/sessions", { scenario: "tutorial", cells: 1 })).body;
    expect(await stop(played.child)).toBe(0);
    sql(db, (d) => {
      d.prepare("UPDATE snapshots SET json = '{\"state\":{\"seq\":' WHERE cell_id = ?").run(bad);
      const last = (d.prepare("SELECT MAX(seq) AS n FROM log_entries WHERE cell_id = ?").get(lost) as { n: number }).n;
      d.prepare("DELETE FROM log_entries WHERE cell_id = ? AND seq > ?").run(lost, last - 2);
      d.prepare("UPDATE sessions SET scenario_text = 'id: [' WHERE id = ?").run(other.id);
    });

    const { child, anim } = await serve(dir);
    children.push(child);
    const h = await health(child.url);
    expect(h.status).toBe(200);
    expect(h.body.storage.state).toBe("degraded");
    const damaged = Object.fromEntries((h.body.storage.damagedCells as { cell: string; cause: string; message: string }[]).map((c) => [c.cell, c]));
    expect(damaged[bad]).toMatchObject({ cause: "storage", message: expect.stringMatching(/instantané illisible/) });
    expect(damaged[lost]).toMatchObject({ cause: "log", message: expect.stringMatching(/perdues/) });
    expect(damaged[other.cells[0].id]).toMatchObject({ cause: "scenario", message: expect.stringMatching(/scénario/) });
    expect(damaged[good]).toBeUndefined();
    // A scenario that fails is listed but is not a storage problem.
    expect((h.body.storage.reasons as { cell?: string }[]).map((r) => r.cell).sort()).toEqual([bad, lost].sort());

    const ov = await anim.get(`/api/sessions/${played.session.id}/overview`);
    expect(ov.status).toBe(200);
    const line = Object.fromEntries((ov.body.cells as { id: string }[]).map((c) => [c.id, c as Record<string, any>]));
    expect(line[bad]).toMatchObject({ available: false, damaged: { cause: "storage" } });
    expect(line[lost]).toMatchObject({ available: true, damaged: { cause: "log" } });
    expect(line[good].available).toBe(true);
    expect(line[good].damaged).toBeUndefined();
    expect((await anim.get(`/api/sessions/${other.id}/overview`)).body.cells[0]).toMatchObject({ available: false, damaged: { cause: "scenario" } });
    expect((await anim.get("/api/sessions")).status).toBe(200);

    // The healthy cell plays on; the one that lost entries refuses input and says why; the unreadable one cannot be entered, and the answer says why.
    const [seatBad, seatLost, seatGood] = played.seats;
    const g = await Probe.player(seatGood.cellId, seatGood.token, child.url);
    probes.push(g);
    expect(await chat(g, "après la panne")).toMatchObject({ ok: true });
    const l = await Probe.player(seatLost.cellId, seatLost.token, child.url);
    probes.push(l);
    expect(await chat(l, "refusé")).toMatchObject({ ok: false, code: "cell_damaged" });
    const wake = await new Http(child.url).post(`/api/cells/${seatBad.cellId}/wake`, { token: seatBad.token });
    expect(wake.status).toBe(503);
    // The cause by its kind; its details (a file, a cell id) are for the operator's /health and log, not the answer.
    expect(wake.body).toMatchObject({ error: "cell_damaged", params: { detail: "storage" }, message: expect.stringMatching(/^Cellule indisponible : son stockage est en panne/) });
    expect(wake.body.message).not.toContain(seatBad.cellId);
    const late = await new Http(child.url).post("/api/join", { code: other.cells[0].code, name: "Retard" });
    expect([late.status, late.body.params]).toEqual([503, { detail: "scenario" }]);
    for (const p of probes.splice(0)) await p.close();
    expect(await stop(child)).toBe(0);
    expect(child.output.join("")).toMatch(/cell damaged.*"cause":"storage"/);

    const v = verify(played.session.id, db);
    expect(v.code).toBe(3); // unreadable wins over "different": the verification is incomplete
    expect(v.out).toMatch(new RegExp(`\\(${bad}\\) — ILLISIBLE : instantané \\d+ illisible`));
    expect(v.out).toMatch(new RegExp(`\\(${lost}\\) : \\d+ entrées.* — DIFFÉRENCE à l'entrée \\d+ : .*perdues`));
    expect(v.out).toMatch(new RegExp(`\\(${good}\\) : .* — OK`));
  }, 120_000);

  it("a WAL cut after kill -9 loses acknowledged entries: verify exits 1 naming them, the restarted server reports the cell", async () => {
    const dir = tmp(), db = join(dir, "sangfroid.db"), wal = `${db}-wal`;
    const played = await playSession(dir, 2, 2);
    children.push(played.child);
    const [hit, spared] = played.session.cells.map((c) => c.id);
    // Everything so far into the main file, the WAL emptied: what follows lives in the WAL only.
    sql(db, (d) => { expect(d.pragma("wal_checkpoint(TRUNCATE)")).toEqual([{ busy: 0, log: 0, checkpointed: 0 }]); });
    const p = await Probe.player(played.seats[0].cellId, played.seats[0].token, played.child.url);
    probes.push(p);
    const acked = [];
    for (let i = 0; i < 12; i++) acked.push(await chat(p, `acquitté ${i}`));
    expect(acked.every((a) => a.ok)).toBe(true);
    await new Promise((r) => setTimeout(r, 800)); // the acked record is written within 250 ms
    await p.close();
    probes.splice(0);
    played.child.proc.kill("SIGKILL");
    await played.child.exited;
    const size = statSync(wal).size;
    expect(size).toBeGreaterThan(8 * 4096);
    // A frame in the middle scribbled on: SQLite keeps the frames before it and silently drops the rest.
    const fd = openSync(wal, "r+");
    writeSync(fd, Buffer.alloc(64, 0x5a), 0, 64, 32 + Math.floor(size / 2));
    closeSync(fd);
    const lastAcked = Math.max(...acked.map((a) => (a.ok ? a.seq : 0)));
    const copy = join(dir, "copy.db"); // verify on a copy, the record files along (they name the file they watch)
    copyFileSync(db, copy);
    copyFileSync(wal, `${copy}-wal`);
    for (const f of readdirAcked(dir)) copyFileSync(join(dir, f), join(dir, f.replace("sangfroid.db", "copy.db")));
    const v = verify(played.session.id, copy);
    expect(v.code).toBe(1);
    const m = new RegExp(`\\(${hit}\\) : \\d+ entrées.* — DIFFÉRENCE à l'entrée (\\d+) : entrées (\\d+) à (\\d+) acquittées aux joueurs mais absentes du journal`).exec(v.out);
    expect(m, v.out).not.toBeNull();
    expect(Number(m![3])).toBe(lastAcked);
    expect(v.out).toMatch(new RegExp(`\\(${spared}\\) : .* — OK`));

    const { child } = await serve(dir);
    children.push(child);
    const h = await health(child.url);
    expect(h.body.storage.state).toBe("degraded");
    expect(h.body.storage.damagedCells).toEqual([expect.objectContaining({ cell: hit, cause: "log", message: expect.stringMatching(new RegExp(`à ${lastAcked} acquittées mais absentes du journal`)) })]);
    const q = await Probe.player(played.seats[1].cellId, played.seats[1].token, child.url);
    probes.push(q);
    expect(await chat(q, "la cellule épargnée joue")).toMatchObject({ ok: true });
    await q.close();
    probes.splice(0);
    expect(await stop(child)).toBe(0);
  }, 120_000);

  it("a truncated or overwritten file: verify exits 3 and says the database is damaged; the server refuses to start and says storage", async () => {
    const dir = tmp(), db = join(dir, "sangfroid.db");
    const played = await playSession(dir, 2, 30);
    children.push(played.child);
    expect(await stop(played.child)).toBe(0);
    const truncated = join(dir, "truncated.db");
    copyFileSync(db, truncated);
    truncateSync(truncated, Math.floor(statSync(truncated).size * 0.4));
    const t = verify(played.session.id, truncated);
    expect(t.code).toBe(3);
    expect(t.out).toMatch(/illisible|endommagée/);
    expect(t.out).not.toMatch(/DIFFÉRENCE/);
    const garbage = join(dir, "garbage.db");
    copyFileSync(db, garbage);
    const fd = openSync(garbage, "r+");
    writeSync(fd, Buffer.from("ceci n'est pas une base SQLite, plus du tout"), 0, 44, 0);
    closeSync(fd);
    const g = verify(played.session.id, garbage);
    expect([g.code, g.out]).toEqual([3, expect.stringMatching(/^base illisible : .*garbage\.db : base de données endommagée \(file is not a database\)/)]);
    const dir2 = tmp();
    copyFileSync(garbage, join(dir2, "sangfroid.db"));
    const refused = await spawnServer(await freePort(), { DATA_DIR: dir2 }).then(() => "started", (err: Error) => err.message);
    expect(refused).toMatch(/server exited \(1\)[\s\S]*Sangfroid ne démarre pas : stockage \(.*sangfroid\.db\) : base de données endommagée \(file is not a database\)/);
  }, 120_000);

  it("an index page scribbled on: the start-up check fails /healthz (503, integrity), the cells are still served", async () => {
    const dir = tmp(), db = join(dir, "sangfroid.db");
    const played = await playSession(dir, 1, 3);
    children.push(played.child);
    expect(await stop(played.child)).toBe(0);
    let page = 0, pageSize = 0;
    sql(db, (d) => {
      page = (d.prepare("SELECT pageno FROM dbstat WHERE name = 'assessments_cell'").get() as { pageno: number }).pageno;
      pageSize = d.pragma("page_size", { simple: true }) as number;
    });
    const fd = openSync(db, "r+");
    writeSync(fd, Buffer.alloc(200, 0xee), 0, 200, (page - 1) * pageSize); // the page header: not a b-tree page any more
    closeSync(fd);
    const { child, anim } = await serve(dir);
    children.push(child);
    let h = await health(child.url);
    for (let i = 0; i < 50 && h.body.storage.integrity === undefined; i++) { await new Promise((r) => setTimeout(r, 100)); h = await health(child.url); }
    expect(h.status).toBe(503);
    expect(h.body).toMatchObject({ ok: false, storage: { state: "failed", integrity: { ok: false } } });
    expect(h.body.storage.reasons[0]).toMatchObject({ code: "integrity", message: expect.stringMatching(/^vérification d'intégrité en échec : /) });
    const p = await Probe.player(played.seats[0].cellId, played.seats[0].token, child.url);
    probes.push(p);
    expect(await chat(p, "toujours servie")).toMatchObject({ ok: true });
    expect((await anim.get(`/api/sessions/${played.session.id}/overview`)).status).toBe(200);
    await p.close();
    probes.splice(0);
    expect(await stop(child)).toBe(0);
    expect(verify(played.session.id, db).code).toBe(3);
    expect(readFileSync(db).length).toBeGreaterThan(0);
  }, 120_000);
});

function readdirAcked(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.startsWith("sangfroid.db.acked-") && !f.endsWith(".tmp"));
}
