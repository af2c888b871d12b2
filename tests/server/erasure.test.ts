import { join as joinPath } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { chat, grepDir, health, scratch, serve, stop } from "./damage-kit.js";
import { Http, join, MINI_JSON, okAck, Probe } from "./helpers.js";

/**
 * Property (GDPR erasure, SQLite): once a session is erased — by an
 * instructor (DELETE /api/sessions/:id) or by the retention purge — no byte
 * of its student's name or of their messages is left in the database file,
 * its WAL, the acked record or the server's output, while the server runs
 * and after it stops; a session that is still live is never purged, and
 * the other sessions keep their data (the grep would find those).
 */

const { children, probes, tmp } = scratch("sangfroid-erase-");
const grep = (dir: string, needles: string[]) => grepDir(dir, needles);

let uploads = 0; // one account's scenarios have names of their own
async function playedBy(url: string, anim: Http, student: string, secret: string, cells = 1) {
  const up = await anim.post("/api/scenarios/library", { filename: `mini-${++uploads}.json`, text: MINI_JSON });
  const s = (await anim.post("/api/sessions", { scenario: up.body.id, cells, seed: 9, name: `Promo de ${student}` })).body;
  const seat = (await new Http(url).post("/api/join", { code: s.cells[0].code, name: student })).body;
  const p = await Probe.player(seat.cellId, seat.token, url);
  probes.push(p);
  okAck(await p.intent({ type: "take_role", role: "director" }));
  const other = await join(s.cells[0].code, "Intrus", new Http(url));
  const intruder = await Probe.player(other.cellId, other.token, url);
  expect(await intruder.intent({ type: "take_role", role: "director" })).toMatchObject({ ok: false, code: "already_taken", params: { detail: "role", name: student } }); // logged with an id
  await intruder.close();
  okAck(await anim.post(`/api/sessions/${s.id}/command`, { command: { type: "start", force: true } }).then((r) => ({ ok: r.status === 200, id: "", seq: 0 }) as never));
  for (let i = 0; i < 40; i++) okAck(await chat(p, `${secret} n°${i} — signé ${student}`));
  okAck(await p.intent({ type: "action", role: "director", action: "chat", params: { text: `${student} : ${secret}, fin` } }));
  return { session: s, probe: p };
}

describe("erasure reaches the bytes on disk (SQLite)", () => {
  it("DELETE /api/sessions/:id and the retention purge leave no copy of the name or the texts in the .db, the WAL or the logs", async () => {
    const dir = tmp();
    const { child, anim } = await serve(dir, { SANGFROID_QUIET: "", SNAPSHOT_EVERY: "10" }, true);
    children.push(child);
    const erased = await playedBy(child.url, anim, "Zébulon Quintavalle", "plan secret de Zébulon");
    const purged = await playedBy(child.url, anim, "Ondine Vasquez-Lefèvre", "mot de passe d'Ondine");
    const kept = await playedBy(child.url, anim, "Gaspard Kept", "texte de Gaspard qui reste");
    const live = await playedBy(child.url, anim, "Léonie Encours", "session ancienne mais en cours");
    const needles = ["Zébulon", "Quintavalle", "plan secret", "Ondine", "Vasquez", "mot de passe d'Ondine"];
    const controls = ["Gaspard", "texte de Gaspard qui reste", "Léonie"];
    expect(Object.keys(grep(dir, needles)).length).toBeGreaterThan(0); // the grep sees them while they exist

    // A RETEX export first: its renderer reads the log from the file on a read-only connection of its own (report/log-reader.ts),
    // still open when the session is erased; the erasure must reach the bytes all the same.
    const pdf = await fetch(`${child.url}/api/cells/${erased.session.cells[0].id}/report.pdf`, { headers: { cookie: anim.cookie } });
    expect(pdf.status).toBe(200);
    await pdf.arrayBuffer();
    await erased.probe.close();
    expect((await anim.del(`/api/sessions/${erased.session.id}`)).status).toBe(204);
    const afterDelete = grep(dir, needles.slice(0, 3));
    expect(afterDelete).toEqual({}); // server still running: .db, -wal, -shm, acked record
    expect(Object.keys(grep(dir, controls)).length).toBeGreaterThan(0);

    // The second session ends; the retention purge (at the next start) erases it; the live one, as old, stays.
    await purged.probe.close();
    okAck(await anim.post(`/api/sessions/${purged.session.id}/command`, { command: { type: "end" } }).then((r) => ({ ok: r.status === 200, id: "", seq: 0 }) as never));
    await kept.probe.close();
    await live.probe.close();
    probes.splice(0);
    expect(await stop(child)).toBe(0);
    expect(grep(dir, needles.slice(0, 3))).toEqual({}); // after a clean stop (the WAL checkpointed into the .db)
    const db = joinPath(dir, "sangfroid.db");
    const d = new Database(db);
    const old = Date.now() - 400 * 86_400_000;
    d.prepare("UPDATE sessions SET created_at = ? WHERE id IN (?, ?)").run(old, purged.session.id, live.session.id);
    d.close();

    const again = await serve(dir, { SANGFROID_QUIET: "", RETENTION_DAYS: "365" });
    children.push(again.child);
    let ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      ids = ((await again.anim.get("/api/sessions")).body as { id: string }[]).map((s) => s.id);
      if (!ids.includes(purged.session.id)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(ids.sort()).toEqual([kept.session.id, live.session.id].sort());
    expect(grep(dir, needles)).toEqual({}); // running
    expect((await health(again.child.url)).body.storage.state).toBe("ok");
    expect(await stop(again.child)).toBe(0);
    expect(grep(dir, needles)).toEqual({}); // stopped
    expect(Object.keys(grep(dir, controls)).length).toBeGreaterThan(0);
    // Nor in what the server printed: logs carry ids, never names.
    const output = [...child.output, ...again.child.output].join("");
    expect(output).toMatch(/session erased/);
    expect(output).toMatch(/refused .*"code":"already_taken","detail":"role"/); // the code and its variant, never the holder's name
    for (const n of [...needles, ...controls, "Encours"]) expect(output).not.toContain(n);
  }, 180_000);
});
